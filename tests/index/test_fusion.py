import pytest

from resultsqa.index.fusion import reciprocal_rank_fusion


def test_scores_are_sums_of_reciprocal_ranks():
    fused = reciprocal_rank_fusion({"dense": ["a", "b", "c"], "bm25": ["c", "a"]})
    # a: 1/61 + 1/62; c: 1/63 + 1/61; b: 1/62 only.
    assert [f.item for f in fused] == ["a", "c", "b"]
    assert fused[0].score == pytest.approx(1 / 61 + 1 / 62)
    assert fused[1].score == pytest.approx(1 / 63 + 1 / 61)
    assert fused[2].score == pytest.approx(1 / 62)
    assert [f.retrievers for f in fused] == [("dense", "bm25"), ("dense", "bm25"), ("dense",)]


def test_item_in_both_lists_beats_a_single_first_place():
    fused = reciprocal_rank_fusion({"dense": ["x", "y"], "bm25": ["z", "y"]})
    # y: 2/62 = 0.03226 > x: 1/61 = 0.01639 == z.
    assert fused[0].item == "y"
    assert fused[0].score == pytest.approx(2 / 62)


def test_ties_keep_first_seen_order_and_k_changes_scores():
    fused = reciprocal_rank_fusion({"dense": ["x"], "bm25": ["z"]}, k=1)
    assert [(f.item, f.score) for f in fused] == [("x", 0.5), ("z", 0.5)]


def test_empty_rankings_fuse_to_nothing():
    assert reciprocal_rank_fusion({"dense": [], "bm25": []}) == []
