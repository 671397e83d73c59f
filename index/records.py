"""Records at the index seam."""

from __future__ import annotations

from dataclasses import dataclass

from resultsqa.ingest.records import Chunk, Figure, Span


@dataclass(frozen=True)
class Passage:
    """One retrieved chunk with its score and the figures that lie inside it.

    `document` is the source the chunk came from (a file name), so several documents can share an index.
    `retrievers` names the rankers that found it ("dense", "bm25"); `score` is the fused score in
    hybrid mode, the ranker's own score otherwise.
    """

    chunk: Chunk
    document: str
    score: float
    rank: int
    retrievers: tuple[str, ...]
    figures: tuple[Figure, ...]

    @property
    def text(self) -> str:
        return self.chunk.text

    @property
    def section_id(self) -> str:
        return self.chunk.section_id

    @property
    def section_title(self) -> str:
        return self.chunk.section_title

    @property
    def page(self) -> int:
        return self.chunk.page


@dataclass(frozen=True)
class Line:
    """One non-blank line of a chunk: the unit the answer engine quotes, embedded on its own.

    `span` is in document offsets; `text` is the line with its white space runs collapsed.
    """

    chunk_id: str
    span: Span
    text: str


MIN_LINE_CHARS = 4  # shorter lines ("etc.", a lone bullet glyph) carry no statement


def chunk_lines(chunk: Chunk) -> tuple[Line, ...]:
    """The lines of a chunk worth quoting, in order (the same for the index and the engine)."""
    lines = []
    offset = 0
    for raw in chunk.text.split("\n"):
        start = offset
        offset += len(raw) + 1
        text = " ".join(raw.split())
        if len(text) >= MIN_LINE_CHARS:
            lines.append(Line(chunk.id, Span(chunk.span.start + start, chunk.span.start + start + len(raw)), text))
    return tuple(lines)
