"""evaluate() on a fake index and a fake answer function: every metric worked out by hand below."""

import sys
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from resultsqa.eval import runner
from resultsqa.eval.gold import GoldQuestion
from resultsqa.eval.metrics import AbstentionScores
from resultsqa.eval.report import AnswerScores, Failure, FaithfulnessScores, LatencyScores, RetrievalScores

FILLER = ["Agenda", "Contact Information", "Forward-looking Statements"]


def gold(id, question, evidence=(), must=(), answerable=True, split="dev"):
    kind = "figure" if answerable else "unanswerable"
    return GoldQuestion(id, question, kind, tuple(evidence), tuple(tuple(m) for m in must), answerable, split)


GOLD = [
    gold("a1", "Recurring revenue?", ["13,887 million"], [["13,887"]]),
    gold("a2", "Why did SI fall?", ["weak from 2H08"], [["weak", "deteriorated"]], split="test"),
    gold("a3", "SI drop?", ["40.6% YoY"], [["40.6%"]]),
    gold("a4", "Equity ratio?", ["49.9%"], [["49.9%"]]),
    gold("u1", "CEO?", answerable=False, split="test"),
    gold("u2", "Share price?", answerable=False),
]

# What the fake index returns, best first.
RANKED = {
    "Recurring revenue?": ["Recurring revenues: JPY13887  million", *FILLER],  # rank 1
    "Why did SI fall?": [*FILLER, "Construction demands continue to be weak from 2H08"],  # rank 4
    "SI drop?": FILLER * 4,  # evidence nowhere in the top 10
    "Equity ratio?": ["Agenda", "equity ratio: 49.9%"],  # rank 2
}


@dataclass
class FakeIndex:
    documents: tuple = (SimpleNamespace(source="data/deck.txt"),)
    calls: list = field(default_factory=list)

    def search(self, question, k=5, mode="hybrid"):
        self.calls.append((question, k, mode))
        return [SimpleNamespace(text=text) for text in RANKED[question][:k]]


@dataclass(frozen=True)
class FakeAnswer:
    text: str
    abstained: bool
    cited: str = ""

    def cited_text(self):
        return self.cited


ANSWERS = {
    "Recurring revenue?": FakeAnswer(
        "Recurring revenues were JPY13887 million [II-2].", False, "JPY13,887 million"
    ),
    "Why did SI fall?": FakeAnswer("The economy deteriorated [II-5].", False, "economy had not yet deteriorated"),
    "SI drop?": FakeAnswer("SI revenues fell 12.3% [II-5].", False, "Revenues: down 40.6% YoY"),
    "Equity ratio?": FakeAnswer("No answer in the documents.", True),
    "CEO?": FakeAnswer("No answer in the documents.", True),
    "Share price?": FakeAnswer(
        "The share price was 1,000 yen [III-1].", False, "Cash Dividend per Share JPY 1,000"
    ),
}
# Milliseconds each answer takes on the fake clock; the warm-up call takes 1000 and must not count.
DURATIONS_MS = {"Recurring revenue?": 10, "Why did SI fall?": 20, "SI drop?": 30, "Equity ratio?": 40, "CEO?": 50,
                "Share price?": 60}


class FakeEngine:
    """The answer function plus the monotonic clock it advances, so latency is exact and instant."""

    def __init__(self):
        self.now = 0.0
        self.calls = []

    def perf_counter(self):
        return self.now

    def answer(self, question, index, *, k=5, mode="hybrid"):
        self.calls.append((question, k, mode))
        self.now += (1000 if len(self.calls) == 1 else DURATIONS_MS[question]) / 1000
        return ANSWERS[question]


@pytest.fixture
def engine(monkeypatch):
    engine = FakeEngine()
    monkeypatch.setattr(runner, "time", SimpleNamespace(perf_counter=engine.perf_counter))
    return engine


def test_every_metric_on_the_fake_run(engine):
    report = runner.evaluate(GOLD, FakeIndex(), gold_path="gold.jsonl", k=5, mode="bm25", answer_fn=engine.answer)

    assert (report.gold, report.documents, report.mode, report.questions, report.split, report.k) == (
        "gold.jsonl", ("data/deck.txt",), "bm25", 6, None, 5)
    # Ranks of the four answerable questions: 1, 4, none, 2.
    assert report.retrieval == RetrievalScores(
        hit_at_1=1 / 4, hit_at_3=2 / 4, hit_at_5=3 / 4, hit_at_10=3 / 4, mrr_at_10=(1 + 1 / 4 + 0 + 1 / 2) / 4
    )
    # a1 and a2 correct ("deteriorated" is an alternative); a3 misses 40.6%; a4 abstained.
    assert report.answer == AnswerScores(accuracy=0.5, correct=2, answerable=4, abstained=2)
    # Abstained on u1 (right) and a4 (wrong); answered u2 (missed).
    assert report.abstention == AbstentionScores(precision=0.5, recall=0.5)
    # Checked 13,887 (cited as 13,887), 12.3% (unsupported) and 1,000 (cited); [II-2] is not a number.
    assert report.faithfulness == FaithfulnessScores(numbers_checked=3, unsupported=1, rate=2 / 3)
    # 10..60 ms: p50 between 30 and 40; p95 at position 4.75 → 50 + 0.75 * 10.
    assert report.latency_ms == LatencyScores(p50=pytest.approx(35.0), p95=pytest.approx(57.5))
    assert report.failures == (
        Failure("a3", "retrieval", "evidence not in top 5"),
        Failure("a3", "answer", "missing: 40.6%"),
        Failure("a3", "faithfulness", "unsupported numbers: 12.3%"),
        Failure("a4", "abstention", "abstained on an answerable question"),
        Failure("u2", "abstention", "answered an unanswerable question"),
    )


def test_searches_top_ten_for_answerable_questions_and_warms_up_once(engine):
    index = FakeIndex()
    runner.evaluate(GOLD, index, gold_path="g", k=3, mode="dense", answer_fn=engine.answer)

    assert index.calls == [(q.question, 10, "dense") for q in GOLD if q.answerable]
    assert engine.calls == [(GOLD[0].question, 3, "dense")] + [(q.question, 3, "dense") for q in GOLD]


def test_retrieval_failure_uses_the_answer_cutoff_k(engine):
    report = runner.evaluate(GOLD, FakeIndex(), gold_path="g", k=3, answer_fn=engine.answer)
    retrieval = [f for f in report.failures if f.kind == "retrieval"]
    # a2's evidence is at rank 4: a hit at k=5 but not at k=3.
    assert retrieval == [
        Failure("a2", "retrieval", "evidence not in top 3"),
        Failure("a3", "retrieval", "evidence not in top 3"),
    ]


def test_split_filters_questions(engine):
    report = runner.evaluate(GOLD, FakeIndex(), gold_path="g", split="test", answer_fn=engine.answer)

    assert (report.questions, report.split) == (2, "test")
    assert report.retrieval.hit_at_5 == 1.0 and report.retrieval.mrr_at_10 == 0.25
    assert report.answer == AnswerScores(accuracy=1.0, correct=1, answerable=1, abstained=1)
    assert report.abstention == AbstentionScores(precision=1.0, recall=1.0)
    assert report.failures == ()


def test_empty_selection_reports_zero_rates_without_calling_anything(engine):
    report = runner.evaluate(GOLD[:1], FakeIndex(), gold_path="g", split="test", answer_fn=engine.answer)

    assert report.questions == 0 and engine.calls == []
    assert report.retrieval.hit_at_1 == 0.0 and report.answer.accuracy == 0.0
    assert report.faithfulness.rate == 1.0  # no numbers stated, none unsupported
    assert report.latency_ms == LatencyScores(p50=0.0, p95=0.0)


def test_default_answer_function_is_the_apps(monkeypatch, engine):
    # The real resultsqa.app.answer is imported lazily; stand a fake module in its place.
    monkeypatch.setitem(sys.modules, "resultsqa.app.answer", SimpleNamespace(answer=engine.answer))
    report = runner.evaluate(GOLD, FakeIndex(), gold_path="g")
    assert report.answer.correct == 2
    assert len(engine.calls) == len(GOLD) + 1
