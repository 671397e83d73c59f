import pytest

from resultsqa.app.faithfulness import normalize, numbers_in, unsupported_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Recurring revenues were JPY13,887 million [II-2].", ["13887"]),
        ("down 3.0% YoY and down 1.0% QoQ", ["3.0%", "1.0%"]),
        ("Citation markers [II-5] and [III-1] carry no numbers.", []),
        ("Ends a sentence with 26.", ["26"]),
        ("Range 1,236 and 9,897", ["1236", "9897"]),
    ],
)
def test_numbers_in(text, expected):
    assert numbers_in(text) == expected


def test_normalize_collapses_space_and_digit_commas():
    assert normalize("Total\tRevenues  13,887\nA, B") == "total revenues 13887 a, b"


def test_unsupported_numbers_finds_only_invented_ones():
    source = "Recurring revenues: JPY13,887 million (up 6.4% YoY, down 1.0% QoQ)"
    assert unsupported_numbers("Revenues were JPY13,887 million, up 6.4% YoY [II-2].", source) == []
    assert unsupported_numbers("Revenues were JPY13,900 million, up 6.5% [II-2].", source) == ["13900", "6.5%"]
