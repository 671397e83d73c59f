"""Split a Document into Sections at slide headings ("II-5. Revenues") and Markdown headings.

Decks repeat a label across slides ("II-4 ... (1) Revenues", "II-4 ... (1) Cost of Revenues"), so
sections keep their label as `id` and get their identity from `ordinal`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from resultsqa.ingest.records import Document, Section, Span

# "II-5. Systems Integration (1) Revenues": Roman numeral, optional "-n", ". ", capitalised title.
# Requiring the capital and the exact ". " keeps sentences like "I. e. ..." or "Mix. of" from matching.
_DECK_HEADING = re.compile(r"^(?P<label>[IVXL]+(?:-\d+)?)\. (?P<title>[A-Z].*?)\s*$")
# "2.3 Revenue", "2. Revenue" — but not "2023 Results", where the number is part of the title.
_NUMERIC_HEADING = re.compile(r"^(?P<label>\d+(?:\.\d+)+|\d+(?=\.))\.? +(?P<title>\S.*?)\s*$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.*?)[ \t#]*$")
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


@dataclass(frozen=True)
class Heading:
    """A heading line: where it sits in the text, the label a reader cites, and its title."""

    line: Span
    label: str | None
    title: str


def split_sections(document: Document) -> tuple[Section, ...]:
    """Cut a document into sections, each running from its heading line to the next heading.

    Args:
        document: the loaded document.

    Returns:
        Sections in document order. Text before the first heading becomes a section "p{page}" titled
        with the document title; a document without headings gets one section per PDF page ("p{n}",
        "Page n: first line") or one section for the whole text. Markdown headings without a label get
        ids "S1", "S2", ...

    Example:
        >>> [s.id for s in split_sections(load_document("deck.txt"))][:3]
        ['p1', 'I', 'II']
    """
    headings = list(_find_headings(document.text))
    if not headings:
        return _sections_without_headings(document)
    sections: list[Section] = []

    def add(section_id: str, title: str, span: Span) -> None:
        sections.append(
            Section(
                document_id=document.id,
                ordinal=len(sections),
                id=section_id,
                title=title,
                page=document.page_at(span.start),
                span=span,
            )
        )

    first = headings[0].line.start
    if document.text[:first].strip():
        add(f"p{document.page_at(0)}", document.title, Span(0, first))
    unlabelled = 0
    for heading, following in zip(headings, [*headings[1:], None]):
        end = following.line.start if following else len(document.text)
        if heading.label is None:
            unlabelled += 1
        add(heading.label or f"S{unlabelled}", heading.title, Span(heading.line.start, end))
    return tuple(sections)


def parse_heading(line: str) -> tuple[str | None, str] | None:
    """(label, title) if `line` is a heading, else None. A Markdown heading has label None unless its
    text carries a deck-style or numeric label ("## 2.3 Revenue" → ("2.3", "Revenue"))."""
    markdown = _MARKDOWN_HEADING.match(line)
    if markdown:
        text = markdown["text"].strip()
        if not text:
            return None
        labelled = _labelled(text, allow_numeric=True)
        return labelled or (None, text)
    return _labelled(line.rstrip(), allow_numeric=False)


def body_span(document: Document, section: Section) -> Span:
    """The section's span without its heading line: what chunks are cut from."""
    text = document.text
    newline = text.find("\n", section.span.start, section.span.end)
    first_line_end = newline if newline != -1 else section.span.end
    if parse_heading(text[section.span.start : first_line_end]) is None:
        return section.span  # a page or preamble section has no heading line
    return Span(min(first_line_end + 1, section.span.end), section.span.end)


def _labelled(text: str, *, allow_numeric: bool) -> tuple[str, str] | None:
    deck = _DECK_HEADING.match(text)
    if deck and _ROMAN.match(deck["label"].split("-")[0]):
        return deck["label"], deck["title"]
    numeric = _NUMERIC_HEADING.match(text) if allow_numeric else None
    return (numeric["label"], numeric["title"]) if numeric else None


def _find_headings(text: str) -> Iterator[Heading]:
    offset = 0
    for line in text.split("\n"):
        parsed = parse_heading(line)
        if parsed:
            yield Heading(Span(offset, offset + len(line)), *parsed)
        offset += len(line) + 1


def _sections_without_headings(document: Document) -> tuple[Section, ...]:
    text = document.text
    if len(document.pages) == 1:
        return (Section(document.id, 0, "p1", document.title, 1, Span(0, len(text))),)
    sections: list[Section] = []
    for number, page in enumerate(document.pages, start=1):
        first_line = next((line.strip() for line in text[page.start : page.end].splitlines() if line.strip()), "")
        if not first_line:
            continue  # a blank page has nothing to cite
        sections.append(
            Section(document.id, len(sections), f"p{number}", f"Page {number}: {first_line}", number, page)
        )
    return tuple(sections)
