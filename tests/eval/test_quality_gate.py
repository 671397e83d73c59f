"""The quality gate of `make test`: the bundled deck evaluated with the gold set, as `resultsqa eval` does.

It runs the dev split: the test split stays out of every loop that decides what the engine does, and a
gate that failed on it would be mended by tuning on it. The bars are the evaluation issue's, unchanged.
"""

import pytest

from resultsqa.app.answer import retrieve
from resultsqa.eval.gold import DEFAULT_GOLD_PATH, load_gold
from resultsqa.eval.runner import evaluate

pytestmark = pytest.mark.slow

MIN_HIT_AT_5 = 0.90
MIN_ACCURACY = 0.85


@pytest.fixture(scope="module")
def dev_report(deck_index):
    return evaluate(
        load_gold(DEFAULT_GOLD_PATH), deck_index, gold_path=str(DEFAULT_GOLD_PATH), split="dev", retrieve_fn=retrieve
    )


def _failures(report, kind):
    return [f"{f.id}: {f.detail}" for f in report.failures if f.kind == kind]


def test_evidence_is_in_the_top_five_passages(dev_report):
    assert dev_report.retrieval.hit_at_5 >= MIN_HIT_AT_5, _failures(dev_report, "retrieval")


def test_answers_contain_what_the_gold_set_requires(dev_report):
    assert dev_report.answer.accuracy >= MIN_ACCURACY, _failures(dev_report, "answer")


def test_every_number_stated_is_in_the_cited_passages(dev_report):
    assert dev_report.faithfulness.numbers_checked > 0
    assert dev_report.faithfulness.rate == 1.0, _failures(dev_report, "faithfulness")


def test_no_unanswerable_question_is_answered(dev_report):
    answered = [f for f in _failures(dev_report, "abstention") if "answered an unanswerable" in f]
    assert answered == []
