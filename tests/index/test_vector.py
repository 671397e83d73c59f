import numpy as np
import pytest

from resultsqa.index.vector import all_vectors, build_vector_index, search_vectors


def _unit(rows: int, dimension: int = 16, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(rows, dimension)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _brute_force(vectors: np.ndarray, query: np.ndarray, k: int, allowed=None) -> list[int]:
    scores = vectors @ query
    rows = np.arange(len(vectors)) if allowed is None else np.asarray(allowed)
    return [int(r) for r in rows[np.argsort(-scores[rows], kind="stable")][:k]]


@pytest.mark.parametrize("rows", [1, 7, 33])
@pytest.mark.parametrize("k", [1, 5, 50])
def test_flat_search_matches_numpy(rows, k):
    vectors = _unit(rows)
    index = build_vector_index(vectors)
    for query in _unit(4, seed=1):
        hits = search_vectors(index, query, k)
        assert [row for row, _ in hits] == _brute_force(vectors, query, k)
        assert len(hits) == min(k, rows)
        np.testing.assert_allclose([s for _, s in hits], np.sort(vectors @ query)[::-1][: min(k, rows)], rtol=1e-5)


def test_allowed_rows_restrict_the_search():
    vectors = _unit(33)
    allowed = [2, 5, 30]
    query = _unit(1, seed=3)[0]
    hits = search_vectors(build_vector_index(vectors), query, 10, allowed)
    assert [row for row, _ in hits] == _brute_force(vectors, query, 10, allowed)


def test_hnsw_above_threshold_finds_the_same_neighbours_on_small_data():
    vectors = _unit(200, seed=4)
    index = build_vector_index(vectors, ann_threshold=50)
    assert type(index).__name__ == "IndexHNSWFlat"
    query = vectors[17]
    assert [row for row, _ in search_vectors(index, query, 5)] == _brute_force(vectors, query, 5)
    assert len(search_vectors(index, query, 300)) == 200  # k beyond n: every vector once


def test_vectors_come_back_out_for_reuse():
    vectors = _unit(7)
    np.testing.assert_allclose(all_vectors(build_vector_index(vectors)), vectors)
    np.testing.assert_allclose(all_vectors(build_vector_index(vectors, ann_threshold=3)), vectors)
