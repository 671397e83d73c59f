"""The "/respond" endpoint through gradio_client, over the real deck index."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")]

# Questions whose right answers the deck states, with a figure each answer must quote.
KNOWN_ANSWERS = {
    "Why did SI revenue fall?": "40.6%",  # II-5: Revenues down 40.6% YoY
    "What were recurring revenues in 1Q09?": "13,887",  # II-2: JPY13,887 million
    "What were one time revenues?": "1,940",  # II-2: JPY1,940 million
    "How many MVNO lines?": "28,000",  # II-4: reached 28,000 lines
    "What was the backbone cost?": "919",  # II-4: JPY919 million
    "What was the dividend of Sony?": "does not say",  # Sony appears nowhere: abstain
}


def test_respond_endpoint_is_listed(deck_app, client_for):
    endpoints = client_for(deck_app).view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert "/respond" in endpoints
    assert [p["parameter_name"] for p in endpoints["/respond"]["parameters"]] == ["question", "documents"]


def test_si_question_gets_the_fall_and_its_citation(deck_app, client_for):
    reply, sources, figures, _chart = client_for(deck_app).predict("Why did SI revenue fall?", api_name="/respond")
    assert "40.6%" in reply
    assert "[II-5]" in reply
    assert "II-5 Systems Integration" in sources
    assert any("40.6%" in cell for row in figures["data"] for cell in row)


def test_figures_come_back_as_plain_json(deck_app, client_for):
    _reply, _sources, figures, chart = client_for(deck_app).predict(
        "What were recurring revenues in 1Q09?", api_name="/respond"
    )
    assert figures["headers"] == ["metric", "period", "value", "unit", "change", "source"]
    assert ["Recurring revenues", "1Q09", "13,887", "JPY million"] == figures["data"][0][:4]
    assert chart["visible"] is False  # one period: no chart


def test_empty_question_gets_one_short_message(deck_app, client_for):
    reply, *_ = client_for(deck_app).predict("   ", api_name="/respond")
    assert "rqa-error" in reply
    assert "empty" in reply
    assert "Traceback" not in reply


def test_fifty_concurrent_questions_each_get_their_own_right_answer(deck_app, client_for):
    client = client_for(deck_app)
    questions = [question for _ in range(9) for question in KNOWN_ANSWERS][:50]

    def ask(question: str) -> tuple[str, str]:
        reply, *_ = client.predict(question, api_name="/respond")
        return question, reply

    with ThreadPoolExecutor(max_workers=50) as pool:
        replies = list(pool.map(ask, questions))

    assert len(replies) == 50
    wrong = [(q, reply) for q, reply in replies if KNOWN_ANSWERS[q] not in reply]
    assert wrong == []
