"""BM25 keyword retrieval with bm25s: English stopwords and the Snowball stemmer (PyStemmer).

Stemming lets "revenue" meet "revenues" and "generate" meet "generated", which earnings decks need:
questions and slides rarely agree on word forms.
"""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np
import Stemmer

_STEMMER = Stemmer.Stemmer("english")


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    """Lower-cased, stopword-free, stemmed terms of each text (the BM25 vocabulary)."""
    return bm25s.tokenize(
        list(texts), stopwords="en", stemmer=_STEMMER.stemWords, return_ids=False, show_progress=False
    )


class LexicalIndex:
    """BM25 over a fixed list of texts; rows are the positions in that list.

    Read-only after construction, so concurrent searches need no lock.

    Example:
        >>> index = LexicalIndex(["Revenues: down 40.6% YoY", "Cash and cash equivalents"])
        >>> index.search("revenue", k=5)[0][0]
        0
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        self._bm25 = bm25s.BM25()
        if texts:
            self._bm25.index(tokenize(texts), show_progress=False)

    def search(self, query: str, k: int, allowed: Sequence[int] | None = None) -> list[tuple[int, float]]:
        """The `k` best-scoring rows that share at least one term with `query`, best first.

        Args:
            query: free text; tokenised like the corpus.
            k: how many at most.
            allowed: restrict to these row numbers (None: all rows).

        Returns:
            (row, BM25 score) pairs with score > 0, best first; ties keep row order.
        """
        tokens = tokenize([query])[0] if self.size else []
        if not tokens:
            return []
        # Scoring every row is what bm25s.retrieve does internally too; doing it here lets the
        # document filter apply before the top-k cut rather than after.
        scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
        if allowed is not None:
            mask = np.zeros(self.size, dtype=bool)
            mask[np.asarray(allowed, dtype=np.int64)] = True
            scores = np.where(mask, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(int(row), float(scores[row])) for row in order if scores[row] > 0]
