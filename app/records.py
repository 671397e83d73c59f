"""Records at the answer seam: what the UI, the CLI, the evaluator and the Python API receive."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from resultsqa.index.records import Passage
from resultsqa.ingest.records import Figure, Span


@dataclass(frozen=True)
class Citation:
    """Where a sentence of an answer comes from. `marker` is what the text shows, e.g. "[II-5]"."""

    marker: str
    document_id: str
    document: str
    section_id: str
    section_title: str
    page: int
    span: Span
    chunk_id: str


@dataclass(frozen=True)
class Sentence:
    """One sentence of an answer and the passages it came from."""

    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Timings:
    """Milliseconds spent, measured with a monotonic clock."""

    retrieve_ms: float
    compose_ms: float
    total_ms: float


@dataclass(frozen=True)
class Answer:
    """An answer: plain sentences with citation markers, or an abstention with its reason.

    `text` is the sentences joined, markers included. `figures` are the figure records the answer
    states; `passages` are everything retrieved, with scores.
    """

    question: str
    kind: str  # figure, why, compare, list, other
    text: str
    sentences: tuple[Sentence, ...]
    citations: tuple[Citation, ...]
    figures: tuple[Figure, ...]
    passages: tuple[Passage, ...]
    abstained: bool
    reason: str
    timings: Timings

    def cited_text(self) -> str:
        """The text of every passage the answer cites, for checking its numbers."""
        cited = {c.chunk_id for c in self.citations}
        return "\n".join(p.text for p in self.passages if p.chunk.id in cited)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return self.text
