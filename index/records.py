"""Records at the index seam."""

from __future__ import annotations

from dataclasses import dataclass

from resultsqa.ingest.records import Chunk, Figure


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
