"""Pure scoring functions behind the evaluation report, following /work/shared/specs/gold-format.md.

Nothing here touches an index or a model: each function maps plain strings and counts to a score, so the
expected value of every metric can be worked out by hand in a test.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WHITESPACE = re.compile(r"\s+")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_CITATION_MARKER = re.compile(r"\[[^\[\]]*\]")
# Digits, optionally grouped or split by "," and ".", and an optional trailing "%". A sentence-ending
# period is not part of the number ("15.8." gives "15.8"), because a separator must be followed by a digit.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")


def normalize(text: str) -> str:
    """The spec's normalization: lower-case, white space runs to one space, digit-group commas removed.

    Leading and trailing white space is dropped as well, so an evidence string copied with a stray
    space at either end still matches the passage it came from.

    Args:
        text: any text.

    Returns:
        The normalized text, e.g. ``normalize("JPY13,887\\tMillion ")`` is ``"jpy13887 million"``.
    """
    return _WHITESPACE.sub(" ", _DIGIT_COMMA.sub("", text.lower())).strip()


def contains(haystack: str, needle: str) -> bool:
    """Whether `needle` occurs in `haystack`, both normalized (the spec's only kind of match)."""
    return normalize(needle) in normalize(haystack)


def numbers_in(text: str) -> list[str]:
    """The numbers an answer states, as written, in order.

    Citation markers in square brackets ("[II-5]", "[1]") are removed first: they are labels, not claims.
    A number is a run of digits optionally joined by "," or "." and optionally followed by "%"; digits
    inside period labels such as "1Q09" count too, since the check below is a plain substring test
    and those labels appear in the cited passages as well.

    Args:
        text: answer text.

    Returns:
        The numbers, e.g. ``numbers_in("Revenue was JPY13,887 million (up 6.4%) [II-2].")`` is
        ``["13,887", "6.4%"]``.
    """
    return _NUMBER.findall(_CITATION_MARKER.sub(" ", text))


def first_hit_rank(evidence: Sequence[str], passage_texts: Sequence[str]) -> int | None:
    """1-based rank of the first passage containing any evidence string (normalized), or None."""
    needles = [normalize(e) for e in evidence if normalize(e)]
    for rank, text in enumerate(passage_texts, start=1):
        haystack = normalize(text)
        if any(needle in haystack for needle in needles):
            return rank
    return None


def retrieval_hit(evidence: Sequence[str], passage_texts: Sequence[str], k: int) -> bool:
    """Whether one of the top-k passages contains one of the evidence strings.

    Args:
        evidence: verbatim substrings of the document that support the answer.
        passage_texts: retrieved passage texts, best first.
        k: how many of the top passages count.

    Returns:
        True on a hit. No evidence never hits.
    """
    rank = first_hit_rank(evidence, passage_texts)
    return rank is not None and rank <= k


def reciprocal_rank(evidence: Sequence[str], passage_texts: Sequence[str], k: int = 10) -> float:
    """1 / rank of the first passage holding evidence within the top k; 0.0 when none does."""
    rank = first_hit_rank(evidence, passage_texts)
    return 1.0 / rank if rank is not None and rank <= k else 0.0


def missing_items(answer_text: str, must_include: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """The must_include items the answer lacks; an item is satisfied by any one of its alternatives."""
    haystack = normalize(answer_text)
    return [tuple(item) for item in must_include if not any(normalize(alt) in haystack for alt in item)]


def answer_correct(
    answer_text: str, must_include: Sequence[Sequence[str]], *, answerable: bool, abstained: bool
) -> bool:
    """The spec's correctness: answerable, not abstained, and every must_include item present.

    Args:
        answer_text: the answer as shown to the user.
        must_include: items, each a tuple of alternative strings.
        answerable: whether the gold question has an answer in the documents.
        abstained: whether the engine abstained.

    Returns:
        True when correct. An answerable question with no must_include items is correct whenever the
        engine answers at all. An unanswerable question is never "correct": abstaining on it is
        scored by abstention precision and recall instead.
    """
    return answerable and not abstained and not missing_items(answer_text, must_include)


def ratio(numerator: int | float, denominator: int | float, *, when_empty: float) -> float:
    """numerator / denominator, or `when_empty` when the denominator is 0 (each caller says why)."""
    return numerator / denominator if denominator else when_empty


@dataclass(frozen=True)
class AbstentionScores:
    precision: float
    recall: float


def abstention_scores(outcomes: Iterable[tuple[bool, bool]]) -> AbstentionScores:
    """Abstention precision and recall from (answerable, abstained) pairs, one per question.

    precision = abstained unanswerable / all abstained; recall = abstained unanswerable / all unanswerable.

    Edge cases: when nothing abstained, precision is 1.0 (no abstention was wrong); when no question is
    unanswerable, recall is 1.0 (no unanswerable question was missed). A system that never abstains is
    still exposed, by recall 0.0, as soon as the gold set has one unanswerable question.

    Args:
        outcomes: (answerable, abstained) for every evaluated question.

    Returns:
        AbstentionScores(precision, recall).
    """
    pairs = list(outcomes)
    abstained = sum(1 for _, did_abstain in pairs if did_abstain)
    unanswerable = sum(1 for answerable, _ in pairs if not answerable)
    caught = sum(1 for answerable, did_abstain in pairs if did_abstain and not answerable)
    return AbstentionScores(
        precision=ratio(caught, abstained, when_empty=1.0),
        recall=ratio(caught, unanswerable, when_empty=1.0),
    )


def unsupported_numbers(answer_text: str, cited_text: str) -> tuple[list[str], list[str]]:
    """Check every number of an answer against the text of the passages it cites.

    Args:
        answer_text: the answer, citation markers included (they are stripped here).
        cited_text: the text of the passages the answer cites.

    Returns:
        (checked, unsupported): every number found in the answer, and those whose normalized form is
        not a substring of the normalized cited text. ``"13,887"`` is supported by ``"JPY13887"``.
    """
    checked = numbers_in(answer_text)
    haystack = normalize(cited_text)
    return checked, [number for number in checked if normalize(number) not in haystack]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation between closest ranks (numpy's default).

    Args:
        values: samples, any order.
        q: percentile in [0, 100].

    Returns:
        The percentile; 0.0 for no samples (the report has to hold a number).

    Raises:
        ValueError: q outside [0, 100].

    Example: ``percentile([10, 20, 30, 40], 50)`` is 25.0; ``percentile([10, 20, 30, 40], 95)`` is 38.5.
    """
    if not 0 <= q <= 100:
        raise ValueError(f"percentile q={q} is outside 0..100")
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))
