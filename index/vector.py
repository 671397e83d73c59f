"""Dense retrieval over unit vectors with FAISS.

Vectors are L2-normalised, so inner product is cosine similarity. Small collections use an exact
IndexFlatIP; above `ann_threshold` vectors an HNSW graph keeps search sub-linear.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

# HNSW settings: 32 links per node and a build beam of 200 are FAISS's usual quality settings. The
# search beam was measured on 100k clustered 384-d unit vectors against exact search: efSearch 128
# gave recall@10 0.84, 256 gave 0.94, 512 gave 0.98 at about 2.4 ms per query on 2 cores.
HNSW_LINKS = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 512


def build_vector_index(vectors: np.ndarray, *, ann_threshold: int = 20_000) -> faiss.Index:
    """Put unit vectors into an exact index, or an HNSW one when there are more than `ann_threshold`.

    Args:
        vectors: float32 array (n, dimension), rows L2-normalised; n may be 0.
        ann_threshold: the largest collection searched exactly.

    Returns:
        A FAISS index whose ids are the row numbers of `vectors`.
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dimension = vectors.shape[1]
    if len(vectors) > ann_threshold:
        index = faiss.IndexHNSWFlat(dimension, HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dimension)
    if len(vectors):
        index.add(vectors)
    return index


def search_vectors(
    index: faiss.Index, query: np.ndarray, k: int, allowed: Sequence[int] | None = None
) -> list[tuple[int, float]]:
    """The `k` rows most similar to `query`, best first.

    Args:
        index: from build_vector_index or read_vector_index.
        query: one unit vector (dimension,).
        k: how many; more than the index holds returns them all.
        allowed: restrict to these row numbers (None: all rows).

    Returns:
        (row, inner product) pairs, best first.
    """
    candidates = index.ntotal if allowed is None else len(allowed)
    k = min(k, candidates)
    if k <= 0:
        return []
    params = None
    if allowed is not None:
        selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        if isinstance(index, faiss.IndexHNSWFlat):
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(index.hnsw.efSearch, k))
        else:
            params = faiss.SearchParameters(sel=selector)
    elif isinstance(index, faiss.IndexHNSWFlat):
        # The beam must be at least k wide, or HNSW returns fewer than k hits.
        params = faiss.SearchParametersHNSW(efSearch=max(index.hnsw.efSearch, k))
    scores, rows = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k, params=params)
    return [(int(row), float(score)) for row, score in zip(rows[0], scores[0], strict=True) if row >= 0]


def all_vectors(index: faiss.Index) -> np.ndarray:
    """Every stored vector, in row order (both index kinds keep the raw vectors)."""
    if index.ntotal == 0:
        return np.zeros((0, index.d), dtype=np.float32)
    return index.reconstruct_n(0, index.ntotal)


def write_vector_index(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def read_vector_index(path: Path) -> faiss.Index:
    """Read a FAISS file; FAISS signals a corrupt file with RuntimeError, which callers translate."""
    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexHNSWFlat):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index
