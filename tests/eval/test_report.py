"""Report.to_json is exactly the spec's object (plus split and k); format_table shows every failure."""

import json

import pytest

from resultsqa.eval.metrics import AbstentionScores
from resultsqa.eval.report import AnswerScores, Failure, FaithfulnessScores, LatencyScores, Report, RetrievalScores

REPORT = Report(
    gold="eval/gold.jsonl",
    documents=("data/iij_1q_fy2009_results.txt",),
    mode="hybrid",
    questions=50,
    retrieval=RetrievalScores(hit_at_1=0.5, hit_at_3=0.75, hit_at_5=0.8, hit_at_10=0.9, mrr_at_10=0.625),
    answer=AnswerScores(accuracy=0.7, correct=28, answerable=40, abstained=11),
    abstention=AbstentionScores(precision=0.9, recall=1.0),
    faithfulness=FaithfulnessScores(numbers_checked=60, unsupported=1, rate=59 / 60),
    latency_ms=LatencyScores(p50=12.5, p95=40.0),
    failures=(
        Failure("q17", "retrieval", "evidence not in top 5"),
        Failure("q03", "faithfulness", "unsupported numbers: 12.3%"),
    ),
)


def test_to_json_has_exactly_the_spec_keys():
    data = json.loads(REPORT.to_json())
    spec_keys = {"gold", "documents", "mode", "questions", "retrieval", "answer", "abstention", "faithfulness",
                 "latency_ms", "failures"}
    assert set(data) == spec_keys | {"split", "k"}
    assert list(data["retrieval"]) == ["hit@1", "hit@3", "hit@5", "hit@10", "mrr@10"]
    assert list(data["answer"]) == ["accuracy", "correct", "answerable", "abstained"]
    assert list(data["abstention"]) == ["precision", "recall"]
    assert list(data["faithfulness"]) == ["numbers_checked", "unsupported", "rate"]
    assert list(data["latency_ms"]) == ["p50", "p95"]
    assert data["failures"] == [
        {"id": "q17", "kind": "retrieval", "detail": "evidence not in top 5"},
        {"id": "q03", "kind": "faithfulness", "detail": "unsupported numbers: 12.3%"},
    ]


def test_to_json_values():
    data = json.loads(REPORT.to_json(indent=None))
    assert data["documents"] == ["data/iij_1q_fy2009_results.txt"]
    assert data["retrieval"]["mrr@10"] == 0.625
    assert data["answer"]["correct"] == 28
    assert data["split"] is None and data["k"] == 5


def test_format_table_lists_scores_and_each_failure():
    table = REPORT.format_table()
    assert "hit@5 0.800" in table
    assert "accuracy 0.700 (28/40 answerable correct), 11 abstained" in table
    assert "failures (2):" in table
    assert "q17  retrieval     evidence not in top 5" in table
    assert "q03  faithfulness  unsupported numbers: 12.3%" in table


def test_format_table_without_failures():
    assert "failures: none" in Report(**{**REPORT.__dict__, "failures": ()}).format_table()


def test_failure_kind_is_checked():
    with pytest.raises(ValueError, match="unknown failure kind"):
        Failure("q01", "latency", "slow")
