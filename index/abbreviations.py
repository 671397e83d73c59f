"""Make questions and passages meet across abbreviations.

A reader asks "Why did SI revenue fall?" while the slide is titled "Systems Integration (1) Revenues";
neither dense nor BM25 retrieval links "SI" to "Systems Integration" on their own. So before embedding
and BM25 indexing, and before searching, every text gets the counterparts of the terms it contains
appended: "SI" brings "Systems Integration", "year over year" brings "YoY", and so on.

The pairs come from two places: `learn_abbreviations` reads them off the document itself (a run of
capitalised words whose initials are used elsewhere as an all-caps token), and GLOSSARY holds a few
finance-generic ones that no document defines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

# Finance terms every results deck uses without defining. Each entry maps a term to its counterpart;
# `expand` works in both directions, so synonyms of one abbreviation all point at it ("a year earlier"
# → "YoY") and the abbreviation points at its plain expansion.
GLOSSARY: Mapping[str, str] = {
    "YoY": "year over year",
    "year-on-year": "YoY",
    "year on year": "YoY",
    "a year earlier": "YoY",
    "compared to the same quarter last year": "YoY",
    "last year": "YoY",
    "QoQ": "quarter over quarter",
    "quarter-on-quarter": "QoQ",
    "previous quarter": "QoQ",
    "last quarter": "QoQ",
    "sequential": "QoQ",
    "SG&A": "selling, general and administrative",
    "G&A": "general and administrative",
    "R&D": "research and development",
    "CAPEX": "capital expenditure",
    "EPS": "earnings per share",
    "PP&E": "property and equipment",
    "FY": "fiscal year",
    "1H": "first half",
    "2H": "second half",
    "headcount": "number of employees",
    "personnel": "headcount",
    "staff": "headcount",
}

# Lower-case words allowed inside a capitalised run without contributing an initial
# ("Research and Development" ↔ "R&D", "Securities and Exchange Commission" ↔ "SEC").
_CONNECTORS = frozenset({"and", "of", "for", "the", "&"})
_ACRONYM = re.compile(r"(?<![\w&])([A-Z][A-Z&]{1,7})(?![\w&])")
_LINE_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]*|&")
_ROMAN = re.compile(r"[IVXLC]+")
_DEFINITION_WEIGHT = 1000


def learn_abbreviations(text: str) -> dict[str, str]:
    """Learn abbreviation → expansion pairs that a document defines or implies.

    An expansion is a run of capitalised words (connectors like "and"/"of" allowed in between) whose
    initials spell an all-caps token of the document: either defined in place ("Mobile Virtual
    Network Operator (MVNO)") or used on its own at least twice elsewhere ("Systems Integration" in
    a slide title, "SI" in the bullets). A definition beats mere initials; otherwise the most frequent
    run wins (the first seen on a tie). Roman numerals ("II", "III") are section numbers, not
    abbreviations.

    Args:
        text: the whole document text.

    Returns:
        A dict from abbreviation (as written, e.g. "SI") to expansion (as first written).

    Example:
        >>> learn_abbreviations("II-5. Systems Integration\\nCost of SI: down\\nSI projects")
        {'SI': 'Systems Integration'}
    """
    uses = Counter(m.group(1) for m in _ACRONYM.finditer(text) if not _ROMAN.fullmatch(m.group(1)))
    acronym_of = {acronym.replace("&", ""): acronym for acronym in uses if len(acronym.replace("&", "")) >= 2}
    # Score per (abbreviation, expansion): 1 per sighting, a definition in parentheses far more.
    scores: dict[str, Counter[str]] = {}
    for line in text.splitlines():
        for run in _capitalised_runs(list(_LINE_WORDS.finditer(line))):
            for expansion, initials, end in _windows(run):
                acronym = acronym_of.get(initials)
                if acronym is None:
                    continue
                defined = re.match(rf"\s*\(\W?{re.escape(acronym)}\W?\)", line[end:]) is not None
                if defined or uses[acronym] >= 2:
                    scores.setdefault(acronym, Counter())[expansion] += _DEFINITION_WEIGHT if defined else 1
    # Counter keeps insertion order, and max() returns the first of equals: ties go to the first seen.
    return {acronym: max(counts, key=counts.__getitem__) for acronym, counts in sorted(scores.items())}


def _capitalised_runs(words: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """Split a line's words into runs of Capitalised words, keeping connectors between them."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for word in words:
        if _is_capitalised(word.group()) or (current and word.group().lower() in _CONNECTORS):
            current.append(word)
            continue
        runs.append(current)
        current = []
    runs.append(current)
    return [run for run in runs if run]


def _windows(run: list[re.Match[str]]) -> list[tuple[str, str, int]]:
    """Every sub-run that starts and ends with a capitalised word: (words, initials, end offset)."""
    found = []
    for start, first in enumerate(run):
        if not _is_capitalised(first.group()):
            continue
        for end in range(start + 1, len(run)):
            if _is_capitalised(run[end].group()):
                words = [w.group() for w in run[start : end + 1]]
                initials = "".join(w[0].upper() for w in words if _is_capitalised(w))
                found.append((" ".join(words), initials, run[end].end()))
    return found


def _is_capitalised(word: str) -> bool:
    # "Systems" yes; "IIJ", "SI" (all caps, abbreviations themselves) and "and" no.
    return len(word) >= 2 and word[0].isupper() and not word.isupper()


def expand(text: str, abbreviations: Mapping[str, str]) -> str:
    """Append the counterpart of every term the text contains, in both directions.

    Abbreviations match as whole words with their case (two-letter ones exactly, so "it" or "us"
    never count as "IT"/"US"; longer ones in any case, so "capex" counts); expansions match as whole
    words in any case. Each counterpart is appended once, after a newline, so the original text
    stays first and a truncating encoder drops counterparts before original words.

    Args:
        text: a chunk's text or a question.
        abbreviations: term → counterpart pairs, e.g. learned pairs merged with GLOSSARY.

    Returns:
        `text` unchanged when nothing matches, otherwise `text` + "\\n" + the counterparts.

    Example:
        >>> expand("Why did SI revenue fall?", {"SI": "Systems Integration"})
        'Why did SI revenue fall?\\nSystems Integration'
    """
    additions: list[str] = []
    for term, counterpart in abbreviations.items():
        for found, other in ((term, counterpart), (counterpart, term)):
            if other not in additions and _pattern(found).search(text):
                additions.append(other)
    return f"{text}\n{' '.join(additions)}" if additions else text


@lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern[str]:
    # Only abbreviations are this short; matching them in any case would turn "it" into "IT".
    flags = 0 if len(term) <= 2 else re.IGNORECASE
    return re.compile(rf"(?<![\w&-]){re.escape(term)}(?![\w&-])", flags)
