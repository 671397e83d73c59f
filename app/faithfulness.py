"""Number faithfulness: every number an answer states must occur in the passages it cites.

The matching rules are those of ../shared/specs/gold-format.md, so the guard the engine applies before
returning and the evaluator's check agree by construction.
"""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"\s+")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_MARKER = re.compile(r"\[[^\[\]]*\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")


def normalize(text: str) -> str:
    """Lower-case, collapse white space, drop commas between digits (13,887 = 13887)."""
    return _DIGIT_COMMA.sub("", _WHITESPACE.sub(" ", text.lower()))


def numbers_in(text: str) -> list[str]:
    """The numbers of an answer text, normalized, citation markers such as [II-5] removed first.

    >>> numbers_in("Revenues were JPY13,887 million, up 6.4% YoY [II-2].")
    ['13887', '6.4%']
    """
    return _NUMBER.findall(normalize(_MARKER.sub(" ", text)))


def unsupported_numbers(text: str, source: str) -> list[str]:
    """Numbers of `text` that do not occur in `source` (normalized substring match)."""
    haystack = normalize(source)
    return [number for number in numbers_in(text) if number not in haystack]
