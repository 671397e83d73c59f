"""The evaluation report: a typed record whose JSON form is exactly the object in the gold-format spec.

Field names are Python-friendly (hit_at_5); `to_dict` maps them to the spec's keys ("hit@5"), which may
gain siblings but never be renamed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from resultsqa.eval.metrics import AbstentionScores

FAILURE_KINDS = ("retrieval", "answer", "abstention", "faithfulness")


@dataclass(frozen=True)
class RetrievalScores:
    """Share of answerable questions (with evidence) whose evidence is in the top k, and MRR over the top 10."""

    hit_at_1: float
    hit_at_3: float
    hit_at_5: float
    hit_at_10: float
    mrr_at_10: float


@dataclass(frozen=True)
class AnswerScores:
    """accuracy = correct / answerable; `abstained` counts abstentions over every evaluated question."""

    accuracy: float
    correct: int
    answerable: int
    abstained: int


@dataclass(frozen=True)
class FaithfulnessScores:
    """Numbers stated in non-abstaining answers, checked against the passages each answer cites."""

    numbers_checked: int
    unsupported: int
    rate: float


@dataclass(frozen=True)
class LatencyScores:
    """Milliseconds per question, warm, over every question the answer function was called on."""

    p50: float
    p95: float


@dataclass(frozen=True)
class Failure:
    """One thing that went wrong on one question; `kind` is one of FAILURE_KINDS."""

    id: str
    kind: str
    detail: str

    def __post_init__(self) -> None:
        if self.kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {self.kind!r}")


@dataclass(frozen=True)
class Report:
    """Everything `resultsqa eval` reports. `split` and `k` are additions to the spec's keys."""

    gold: str
    documents: tuple[str, ...]
    mode: str
    questions: int
    retrieval: RetrievalScores
    answer: AnswerScores
    abstention: AbstentionScores
    faithfulness: FaithfulnessScores
    latency_ms: LatencyScores
    failures: tuple[Failure, ...]
    split: str | None = None
    k: int = 5

    def to_dict(self) -> dict[str, Any]:
        """The spec's report object (plus `split` and `k`), ready for json.dumps."""
        return {
            "gold": self.gold,
            "documents": list(self.documents),
            "mode": self.mode,
            "questions": self.questions,
            "retrieval": {
                "hit@1": self.retrieval.hit_at_1,
                "hit@3": self.retrieval.hit_at_3,
                "hit@5": self.retrieval.hit_at_5,
                "hit@10": self.retrieval.hit_at_10,
                "mrr@10": self.retrieval.mrr_at_10,
            },
            "answer": {
                "accuracy": self.answer.accuracy,
                "correct": self.answer.correct,
                "answerable": self.answer.answerable,
                "abstained": self.answer.abstained,
            },
            "abstention": {"precision": self.abstention.precision, "recall": self.abstention.recall},
            "faithfulness": {
                "numbers_checked": self.faithfulness.numbers_checked,
                "unsupported": self.faithfulness.unsupported,
                "rate": self.faithfulness.rate,
            },
            "latency_ms": {"p50": self.latency_ms.p50, "p95": self.latency_ms.p95},
            "failures": [{"id": f.id, "kind": f.kind, "detail": f.detail} for f in self.failures],
            "split": self.split,
            "k": self.k,
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as one JSON object (what `resultsqa eval --json` prints)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def format_table(self) -> str:
        """A plain-text summary for people: scores first, then one line per failure (id, kind, detail)."""
        r, a, ab, f, lat = self.retrieval, self.answer, self.abstention, self.faithfulness, self.latency_ms
        rows = [
            ("gold", f"{self.gold} (split: {self.split or 'all'}, {self.questions} questions)"),
            ("documents", ", ".join(self.documents) or "-"),
            ("mode", f"{self.mode}, k={self.k}"),
            (
                "retrieval",
                f"hit@1 {r.hit_at_1:.3f}  hit@3 {r.hit_at_3:.3f}  hit@5 {r.hit_at_5:.3f}  "
                f"hit@10 {r.hit_at_10:.3f}  mrr@10 {r.mrr_at_10:.3f}",
            ),
            (
                "answer",
                f"accuracy {a.accuracy:.3f} ({a.correct}/{a.answerable} answerable correct), "
                f"{a.abstained} abstained",
            ),
            ("abstention", f"precision {ab.precision:.3f}  recall {ab.recall:.3f}"),
            ("faithfulness", f"rate {f.rate:.3f} ({f.unsupported} unsupported of {f.numbers_checked} numbers)"),
            ("latency", f"p50 {lat.p50:.1f} ms  p95 {lat.p95:.1f} ms"),
        ]
        width = max(len(label) for label, _ in rows)
        lines = [f"{label:<{width}}  {value}" for label, value in rows]
        lines.append("")
        if not self.failures:
            lines.append("failures: none")
        else:
            lines.append(f"failures ({len(self.failures)}):")
            id_width = max(len(failure.id) for failure in self.failures)
            kind_width = max(len(failure.kind) for failure in self.failures)
            for failure in self.failures:
                lines.append(f"  {failure.id:<{id_width}}  {failure.kind:<{kind_width}}  {failure.detail}")
        return "\n".join(lines)
