"""Each metric on tiny hand-worked inputs, expected values from the spec's matching rules."""

import pytest

from resultsqa.eval.metrics import (
    AbstentionScores,
    abstention_scores,
    answer_correct,
    contains,
    first_hit_rank,
    missing_items,
    normalize,
    numbers_in,
    percentile,
    reciprocal_rank,
    retrieval_hit,
    unsupported_numbers,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JPY13,887 Million", "jpy13887 million"),
        ("a\t\tb\n\nc  d", "a b c d"),
        ("1,234,567", "1234567"),
        ("up, 6.4%", "up, 6.4%"),  # comma not between two digits stays
        ("13, 887", "13, 887"),
        ("  padded  ", "padded"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_contains_treats_digit_commas_and_spacing_alike():
    assert contains("Recurring revenues: JPY13887  million", "13,887 million")
    assert contains("Total Revenues\t15.8\t16.3", "total revenues 15.8 16.3")
    assert not contains("JPY13,887", "13,888")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Revenue was JPY13,887 million (up 6.4%) [II-2].", ["13,887", "6.4%"]),
        ("Total revenues were 15.8.", ["15.8"]),  # sentence period is not part of the number
        ("Down 40.6% YoY [II-5][I-1]", ["40.6%"]),  # markers are labels, not claims
        ("in 1Q09", ["1", "09"]),
        ("no numbers here [3]", []),
        ("1,940 and 2,164.", ["1,940", "2,164"]),
    ],
)
def test_numbers_in(text, expected):
    assert numbers_in(text) == expected


PASSAGES = ["Agenda", "Recurring revenues: JPY13,887 million", "Systems construction: down 40.6% YoY"]


def test_first_hit_rank_and_retrieval_hit():
    assert first_hit_rank(["down  40.6%"], PASSAGES) == 3
    assert first_hit_rank(["nowhere", "JPY13887"], PASSAGES) == 2  # any evidence string counts
    assert first_hit_rank(["nowhere"], PASSAGES) is None
    assert retrieval_hit(["40.6%"], PASSAGES, k=3)
    assert not retrieval_hit(["40.6%"], PASSAGES, k=2)
    assert not retrieval_hit([], PASSAGES, k=3)  # no evidence never hits


def test_reciprocal_rank():
    assert reciprocal_rank(["Agenda"], PASSAGES) == 1.0
    assert reciprocal_rank(["40.6%"], PASSAGES) == pytest.approx(1 / 3)
    assert reciprocal_rank(["40.6%"], PASSAGES, k=2) == 0.0  # beyond the cutoff
    assert reciprocal_rank(["absent"], PASSAGES) == 0.0


def test_answer_correct_with_alternatives_and_normalization():
    must = (("13,887",), ("weak", "deteriorated"))
    text = "Recurring revenues were JPY13887 million; demand was WEAK [II-5]."
    assert answer_correct(text, must, answerable=True, abstained=False)
    assert answer_correct("13,887; economy deteriorated", must, answerable=True, abstained=False)
    assert not answer_correct("13,887 only", must, answerable=True, abstained=False)
    assert not answer_correct(text, must, answerable=True, abstained=True)
    assert not answer_correct(text, must, answerable=False, abstained=False)
    assert answer_correct("anything", (), answerable=True, abstained=False)


def test_missing_items_lists_each_unsatisfied_item_once():
    must = (("40.6%",), ("weak", "deteriorated"), ("SI",))
    assert missing_items("SI revenue fell", must) == [("40.6%",), ("weak", "deteriorated")]


def test_abstention_scores():
    # (answerable, abstained): 2 unanswerable, one caught; 2 abstentions, one of them wrong.
    outcomes = [(False, True), (False, False), (True, True), (True, False)]
    assert abstention_scores(outcomes) == AbstentionScores(precision=0.5, recall=0.5)
    assert abstention_scores([(False, True), (False, True), (True, False)]) == AbstentionScores(1.0, 1.0)


def test_abstention_edge_cases():
    # Nothing abstained: precision 1.0 (no wrong abstention), recall 0.0 (the unanswerable one was missed).
    assert abstention_scores([(False, False), (True, False)]) == AbstentionScores(precision=1.0, recall=0.0)
    # No unanswerable question: recall 1.0 (nothing to miss), precision 0.0 (the only abstention was wrong).
    assert abstention_scores([(True, True)]) == AbstentionScores(precision=0.0, recall=1.0)
    assert abstention_scores([]) == AbstentionScores(precision=1.0, recall=1.0)


def test_unsupported_numbers_strips_markers_and_digit_commas():
    checked, unsupported = unsupported_numbers(
        "Recurring revenues were JPY13,887 million, up 6.4% [II-2]; one-time fell 12.3%.",
        "Recurring revenues: JPY13887 million (up 6.4% YoY)",
    )
    assert checked == ["13,887", "6.4%", "12.3%"]  # "2" of [II-2] is not checked
    assert unsupported == ["12.3%"]


def test_unsupported_numbers_percent_must_be_cited_as_percent():
    assert unsupported_numbers("down 40.6%", "down 40.6 points")[1] == ["40.6%"]


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([10, 20, 30, 40], 50, 25.0),
        ([10, 20, 30, 40], 95, 38.5),  # position 2.85 → 30 + 0.85 * 10
        ([40, 10, 30, 20], 0, 10.0),  # order does not matter
        ([40, 10, 30, 20], 100, 40.0),
        ([7.5], 95, 7.5),
        ([], 50, 0.0),
    ],
)
def test_percentile(values, q, expected):
    assert percentile(values, q) == pytest.approx(expected)


def test_percentile_rejects_out_of_range_q():
    with pytest.raises(ValueError, match="101"):
        percentile([1.0], 101)
