"""The bundled gold set is well-formed and every evidence string is really in the bundled deck."""

from collections import Counter
from pathlib import Path

import pytest

from resultsqa.eval.gold import DEFAULT_GOLD_PATH, QUESTION_TYPES, load_gold
from resultsqa.eval.metrics import normalize

DECK = Path(__file__).resolve().parents[2] / "data" / "iij_1q_fy2009_results.txt"
GOLD = load_gold(DEFAULT_GOLD_PATH)
DECK_LINES = [normalize(line) for line in DECK.read_text(encoding="utf-8").splitlines()]


def test_file_is_large_enough_and_ids_are_unique():
    assert len(GOLD) >= 50
    assert len({q.id for q in GOLD}) == len(GOLD)


def test_types_are_valid_and_every_type_is_used():
    assert {q.type for q in GOLD} == set(QUESTION_TYPES)


def test_unanswerable_questions_are_marked_consistently():
    unanswerable = [q for q in GOLD if not q.answerable]
    assert len(unanswerable) >= 8
    assert all(q.type == "unanswerable" and not q.evidence and not q.must_include for q in unanswerable)
    assert all(q.type != "unanswerable" for q in GOLD if q.answerable)


def test_answerable_questions_have_evidence_and_must_include():
    assert all(q.evidence and q.must_include for q in GOLD if q.answerable)


@pytest.mark.parametrize("question", [q for q in GOLD if q.answerable], ids=lambda q: q.id)
def test_evidence_lies_within_one_line_of_the_deck(question):
    # Chunks break only at line ends, so evidence spanning two lines could never be retrieved whole.
    for evidence in question.evidence:
        assert any(normalize(evidence) in line for line in DECK_LINES), evidence


@pytest.mark.parametrize("question", [q for q in GOLD if q.answerable], ids=lambda q: q.id)
def test_must_include_is_stated_by_the_evidence_lines(question):
    # A fair must_include item is something a correct extractive answer can quote from the evidence.
    evidence_lines = " ".join(line for line in DECK_LINES if any(normalize(e) in line for e in question.evidence))
    for item in question.must_include:
        assert any(normalize(alternative) in evidence_lines for alternative in item), item


def test_test_split_is_at_least_a_fifth_and_spans_every_type():
    test = [q for q in GOLD if q.split == "test"]
    assert len(test) >= 0.2 * len(GOLD)
    assert {q.type for q in test} == set(QUESTION_TYPES)
    assert Counter(q.type for q in test)["unanswerable"] >= 2
