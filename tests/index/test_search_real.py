"""The bundled deck indexed with the real model: offline, and finding the answers users ask for."""

from __future__ import annotations

import socket

import pytest

from resultsqa.errors import ResultsQAError
from resultsqa.index.embeddings import SentenceTransformerEncoder

# (question as a user types it, text a passage holding the answer contains). Shared with the
# retrieval report, which scores them in every mode with and without abbreviation expansion.
QUESTIONS = [
    ("Why did SI revenue fall?", "Construction demands continue to be weak from 2H08"),
    ("how much cash did operations generate?", "Net cash provided by operating activities: JPY2,164 million"),
    ("what was the equity ratio at the end of June?", "IIJ Shareholders' equity ratio: 49.9%"),
    ("What were total revenues this quarter?", "Total Revenues\t15.8"),
    ("How many MVNO lines are there now?", "reached 28,000 lines"),
    ("How many ATMs does the company operate?", "Operates 26 ATMs as of June 30, 2009"),
    ("How much did operating income drop compared to a year earlier?", "14.7%"),
    ("What is the full-year revenue forecast?", "73.0"),
    ("How many new graduates were hired?", "Hired 77 newly graduates"),
    ("What was the backbone cost?", "Backbone cost was JPY919 million"),
    ("how much cash did they have at the end of June?", "Cash and Cash Equivalents\t9,897"),
    ("How many contracts are over 1Gbps?", "Contracts of over 1Gbps: 102 contracts"),
    ("What dividend per share is planned for the year?", "Cash Dividend per Share"),
    ("Why did outsourcing revenue decline from the previous quarter?", "one time revenues in 4Q08"),
    ("How much was spent buying property and equipment?", "Purchase of property and equipment: JPY1,094 million"),
    ("What is the systems integration order backlog?", "Order Backlog: YoY: down 24.3%"),
    ("What target was set for the LaIT brand?", "Target 20,000 contracts"),
    ("How many people work at Trust Networks?", "9 employees"),
]

# Asked the same way but answered at rank 4 or below today (measured in the retrieval report, not
# asserted): the SG&A and R&D lines share a slide with near-identical bullets, and the SI gross
# margin ratio sits in a chunk that no longer carries its "Cost of SI" heading.
HARD_QUESTIONS = [
    ("How did SG&A expenses change year over year?", "SG&A expenses: up 0.6% YoY"),
    ("How much did research and development spending grow?", "R&D expenses: up 31.0% YoY"),
    ("did the gross margin ratio of systems integration improve?", "Gross margin ratio: up 4.1points YoY"),
]


@pytest.mark.slow
def test_index_builds_and_searches_with_the_network_blocked(deck_index, no_network):
    # deck_index was built under the same block; searching must not reach out either.
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("example.com", 80))
    passages = deck_index.search("Why did SI revenue fall?", k=5)
    assert passages[0].document == "iij_1q_fy2009_results.txt"
    assert len(deck_index.chunks) > 20
    assert deck_index.abbreviations["SI"] == "Systems Integration"


@pytest.mark.slow
@pytest.mark.parametrize(("question", "answer"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_answer_is_in_the_top_three_hybrid_passages(deck_index, question, answer):
    texts = [passage.text for passage in deck_index.search(question, k=3)]
    assert any(answer in text for text in texts), texts


@pytest.mark.slow
def test_si_question_reaches_the_systems_integration_slide_first(deck_index):
    top = deck_index.search("Why did SI revenue fall?", k=1)[0]
    assert top.section_id == "II-5"
    assert set(top.retrievers) == {"dense", "bm25"}


@pytest.mark.slow
def test_find_figures_uses_the_slide_title_for_context(deck_index):
    best = deck_index.find_figures("SI revenues", period="1Q09")[0]
    assert best.section_id == "II-5"
    assert any(change.text == "down 40.6%" for change in best.changes)


@pytest.mark.slow
def test_real_encoder_vectors_and_window(deck_index):
    encoder = deck_index.encoder
    vectors = encoder.encode(["revenue", "cash flow"])
    assert vectors.shape == (2, 384) and vectors.dtype.name == "float32"
    assert abs(float((vectors**2).sum(axis=1)[0]) - 1.0) < 1e-5
    assert encoder.fits("Revenues: down 40.6% YoY")
    assert not encoder.fits("revenue " * 300)


@pytest.mark.slow
def test_unloadable_model_is_a_clear_error(tmp_path, no_network):
    empty = tmp_path / "not-a-model"
    empty.mkdir()
    with pytest.raises(ResultsQAError, match="not-a-model.*cannot be loaded"):
        SentenceTransformerEncoder(str(empty)).encode(["revenue"])
