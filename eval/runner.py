"""Run a gold set through the same public functions a user calls (index.search, app.answer.answer).

Scoring lives in metrics.py and the report's shape in report.py; this module only asks the questions,
times the answers and tallies.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Protocol

from resultsqa.eval.gold import GoldQuestion, select_split
from resultsqa.eval.metrics import (
    abstention_scores,
    answer_correct,
    missing_items,
    percentile,
    ratio,
    reciprocal_rank,
    retrieval_hit,
    unsupported_numbers,
)
from resultsqa.eval.report import (
    AnswerScores,
    Failure,
    FaithfulnessScores,
    LatencyScores,
    Report,
    RetrievalScores,
)

# Retrieval is always scored over the top 10 so hit@1..hit@10 and MRR@10 come from one search.
RETRIEVAL_DEPTH = 10
HIT_CUTOFFS = (1, 3, 5, 10)


class _Passage(Protocol):
    @property
    def text(self) -> str: ...


class _Document(Protocol):
    @property
    def source(self) -> str: ...


class SearchableIndex(Protocol):
    """What the evaluator needs of resultsqa.index.store.Index."""

    @property
    def documents(self) -> Sequence[_Document]: ...

    def search(self, question: str, k: int = 5, mode: str = "hybrid") -> Sequence[_Passage]: ...


class AnswerLike(Protocol):
    """What the evaluator needs of resultsqa.app.records.Answer."""

    text: str
    abstained: bool

    def cited_text(self) -> str: ...


AnswerFn = Callable[..., AnswerLike]


def evaluate(
    gold: Sequence[GoldQuestion],
    index: SearchableIndex,
    *,
    gold_path: str,
    k: int = 5,
    mode: str = "hybrid",
    split: str | None = None,
    answer_fn: AnswerFn | None = None,
    retrieve_fn: Callable[..., Sequence[_Passage]] | None = None,
) -> Report:
    """Score retrieval, answers, abstention, number faithfulness and latency on a gold set.

    Args:
        gold: questions from load_gold.
        index: a loaded index (anything with `search(question, k=, mode=)` and `documents`).
        gold_path: the gold file's path as the user gave it, echoed in the report.
        k: passages the answer function may use; a retrieval failure means "evidence not in top k".
        mode: retrieval mode passed to both search and the answer function ("hybrid", "dense", "bm25").
        split: "dev", "test", or None for every question.
        answer_fn: called as `answer_fn(question, index, k=k, mode=mode)`; defaults to
            resultsqa.app.answer.answer, the function the UI and CLI use.
        retrieve_fn: called as `retrieve_fn(question, index, k=10, mode=mode)` for the retrieval scores;
            defaults to `index.search`. The CLI passes resultsqa.app.answer.retrieve, the retrieval the
            answer engine itself does.

    Returns:
        The Report. Latency is per question, after one uncounted warm-up call, with time.perf_counter.

    Raises:
        ResultsQAError: unknown split. Errors from the index or answer function propagate unchanged.

    Example:
        >>> gold = load_gold("eval/gold.jsonl")
        >>> report = evaluate(gold, Index.load(".resultsqa/index"), gold_path="eval/gold.jsonl")
        >>> print(report.format_table())
    """
    questions = select_split(gold, split)
    if retrieve_fn is None:
        retrieve_fn = _plain_search
    if answer_fn is None:
        # Imported here: the app layer pulls in the model stack, and tests pass a fake instead.
        from resultsqa.app.answer import answer as answer_fn

    failures: list[Failure] = []
    hits = {cutoff: 0 for cutoff in HIT_CUTOFFS}
    reciprocal_ranks: list[float] = []
    retrieved_deep = max(RETRIEVAL_DEPTH, k)
    for question in questions:
        if not (question.answerable and question.evidence):
            continue
        texts = [p.text for p in retrieve_fn(question.question, index, k=retrieved_deep, mode=mode)]
        for cutoff in HIT_CUTOFFS:
            hits[cutoff] += retrieval_hit(question.evidence, texts, cutoff)
        reciprocal_ranks.append(reciprocal_rank(question.evidence, texts, RETRIEVAL_DEPTH))
        if not retrieval_hit(question.evidence, texts, k):
            failures.append(Failure(question.id, "retrieval", f"evidence not in top {k}"))
    scored = len(reciprocal_ranks)

    if questions:
        answer_fn(questions[0].question, index, k=k, mode=mode)  # warm-up: loads lazy models, not counted

    latencies: list[float] = []
    correct = abstained = numbers_checked = unsupported_total = 0
    outcomes: list[tuple[bool, bool]] = []
    for question in questions:
        started = time.perf_counter()
        answer = answer_fn(question.question, index, k=k, mode=mode)
        latencies.append((time.perf_counter() - started) * 1000)

        outcomes.append((question.answerable, answer.abstained))
        abstained += answer.abstained
        correct += answer_correct(
            answer.text, question.must_include, answerable=question.answerable, abstained=answer.abstained
        )
        failures += _answer_failures(question, answer)
        if not answer.abstained:
            checked, unsupported = unsupported_numbers(answer.text, answer.cited_text())
            numbers_checked += len(checked)
            unsupported_total += len(unsupported)
            if unsupported:
                detail = f"unsupported numbers: {', '.join(unsupported)}"
                failures.append(Failure(question.id, "faithfulness", detail))

    # One question's failures together, in gold order: retrieval before answer before faithfulness.
    position = {q.id: n for n, q in enumerate(questions)}
    failures.sort(key=lambda failure: position[failure.id])
    answerable = sum(1 for q in questions if q.answerable)
    return Report(
        gold=gold_path,
        documents=tuple(d.source for d in index.documents),
        mode=mode,
        questions=len(questions),
        # Rates over an empty set are 0.0: nothing was found or answered.
        retrieval=RetrievalScores(
            hit_at_1=ratio(hits[1], scored, when_empty=0.0),
            hit_at_3=ratio(hits[3], scored, when_empty=0.0),
            hit_at_5=ratio(hits[5], scored, when_empty=0.0),
            hit_at_10=ratio(hits[10], scored, when_empty=0.0),
            mrr_at_10=ratio(sum(reciprocal_ranks), scored, when_empty=0.0),
        ),
        answer=AnswerScores(
            accuracy=ratio(correct, answerable, when_empty=0.0),
            correct=correct,
            answerable=answerable,
            abstained=abstained,
        ),
        abstention=abstention_scores(outcomes),
        # No numbers stated means none unsupported: rate 1.0.
        faithfulness=FaithfulnessScores(
            numbers_checked=numbers_checked,
            unsupported=unsupported_total,
            rate=ratio(numbers_checked - unsupported_total, numbers_checked, when_empty=1.0),
        ),
        latency_ms=LatencyScores(p50=percentile(latencies, 50), p95=percentile(latencies, 95)),
        failures=tuple(failures),
        split=split,
        k=k,
    )


def _plain_search(question: str, index: _Index, *, k: int, mode: str) -> Sequence[_Passage]:
    return index.search(question, k=k, mode=mode)


def _answer_failures(question: GoldQuestion, answer: AnswerLike) -> list[Failure]:
    """The answer or abstention failure of one question, if any (at most one)."""
    if not question.answerable:
        if answer.abstained:
            return []
        return [Failure(question.id, "abstention", "answered an unanswerable question")]
    if answer.abstained:
        return [Failure(question.id, "abstention", "abstained on an answerable question")]
    missing = missing_items(answer.text, question.must_include)
    if not missing:
        return []
    described = ", ".join(" or ".join(item) for item in missing)
    return [Failure(question.id, "answer", f"missing: {described}")]
