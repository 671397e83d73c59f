"""Reciprocal rank fusion: merge rankings by rank alone, so BM25 and cosine scores need no calibration."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

RRF_K = 60  # Cormack et al. (2009); damps the gap between rank 1 and rank 2.

Item = TypeVar("Item", bound=Hashable)


@dataclass(frozen=True)
class Fused(Generic[Item]):
    """One item of a fused ranking: its fused score and the rankers that returned it."""

    item: Item
    score: float
    retrievers: tuple[str, ...]


def reciprocal_rank_fusion(rankings: Mapping[str, Sequence[Item]], *, k: int = RRF_K) -> list[Fused[Item]]:
    """Fuse rankings: an item scores the sum of 1 / (k + rank) over the rankings holding it (rank from 1).

    Args:
        rankings: ranker name → items, best first (each item once per ranking).
        k: the damping constant.

    Returns:
        Every item of any ranking, best fused score first; ties go to the item seen first, taking
        the rankings in the mapping's order.

    Example:
        >>> [(f.item, round(f.score, 5), f.retrievers) for f in reciprocal_rank_fusion({"dense": ["a", "b"], "bm25": ["b"]})]
        [('b', 0.03252, ('dense', 'bm25')), ('a', 0.01639, ('dense',))]
    """
    scores: dict[Item, float] = {}
    found_by: dict[Item, list[str]] = {}
    for ranker, items in rankings.items():
        for rank, item in enumerate(items, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
            found_by.setdefault(item, []).append(ranker)
    # sorted() is stable and dicts keep first-seen order, which is the documented tie-break.
    ordered = sorted(scores, key=lambda item: -scores[item])
    return [Fused(item, scores[item], tuple(found_by[item])) for item in ordered]
