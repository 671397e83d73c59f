"""Records at the ingest seam: Document → Section → Chunk + Figure.

All frozen: a record handed downstream never changes under its reader.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) into Document.text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True)
class Document:
    """A loaded file. `id` is the sha256 of its bytes, so the same file always gets the same id.

    `pages` holds one Span per page for paged formats (PDF); plain text has one page.
    """

    id: str
    source: str
    title: str
    text: str
    pages: tuple[Span, ...]

    def page_at(self, offset: int) -> int:
        """1-based page number holding the character at `offset`."""
        for number, span in enumerate(self.pages, start=1):
            if offset < span.end:
                return number
        return len(self.pages)

    def __repr__(self) -> str:
        return f"Document(id={self.id[:12]}, source={self.source!r}, chars={len(self.text)})"


@dataclass(frozen=True)
class Section:
    """A slide or heading-delimited part of a document.

    `id` is the label a reader cites ("II-5"); decks repeat labels ("II-4 (1) Revenues" and
    "II-4 (1) Cost of Revenues"), so `ordinal` (position in the document) is what makes it unique.
    """

    document_id: str
    ordinal: int
    id: str
    title: str
    page: int
    span: Span


@dataclass(frozen=True)
class Chunk:
    """A passage inside one section, within the token budget, breaking only at line ends."""

    id: str
    document_id: str
    section_ordinal: int
    section_id: str
    section_title: str
    page: int
    span: Span
    text: str
    tokens: int

    def embedding_text(self) -> str:
        """What the encoder sees: the section title in front, so a bullet keeps its topic."""
        return f"{self.section_title}\n{self.text}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        return cls(**{**data, "span": Span(**data["span"])})


@dataclass(frozen=True)
class Change:
    """A movement attached to a figure: "down 3.0% YoY" → basis YoY, direction down, 3.0 %.

    `text` is the verbatim wording ("down 3.0%", "(3.0%)", "up JPY981 million").
    """

    basis: str  # "YoY", "QoQ", or "vs <period>" for other comparisons
    direction: str  # "up", "down" or "flat"
    value: float
    unit: str
    scale: str
    text: str


# What a figure's `scale` multiplies its value by: "0.4" billion and "351" million compare once scaled.
SCALE_FACTORS = {"": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


@dataclass(frozen=True)
class Figure:
    """A numeric fact found in a document.

    `value` is None when the document gives only the change ("Connectivity service: up 9.4% YoY").
    `text` is the value exactly as written ("JPY13,887 million"), so answers can quote it verbatim.
    """

    document_id: str
    metric: str
    value: float | None
    unit: str  # "JPY", "%", "lines", "ATMs", "people", "contracts", "employees", "points", ""
    scale: str  # "million", "billion", "thousand", ""
    period: str  # "1Q09", "1Q08", "4Q08", "FY09 target", "June 30, 2009", "" when unknown
    text: str
    changes: tuple[Change, ...] = field(default_factory=tuple)
    section_ordinal: int = 0
    section_id: str = ""
    span: Span = Span(0, 0)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        return cls(
            **{
                **data,
                "changes": tuple(Change(**c) for c in data["changes"]),
                "span": Span(**data["span"]),
            }
        )


@dataclass(frozen=True)
class IngestedDocument:
    """Everything ingest produces for one document."""

    document: Document
    sections: tuple[Section, ...]
    chunks: tuple[Chunk, ...]
    figures: tuple[Figure, ...]
