"""resultsqa.ingest: files → Document → Sections → Chunks + Figures. Never imports torch."""

from resultsqa.ingest.chunks import chunk_document, count_tokens
from resultsqa.ingest.loaders import SUPPORTED_SUFFIXES, load_document
from resultsqa.ingest.pipeline import ingest_path
from resultsqa.ingest.records import Change, Chunk, Document, Figure, IngestedDocument, Section, Span
from resultsqa.ingest.sections import split_sections

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Change",
    "Chunk",
    "Document",
    "Figure",
    "IngestedDocument",
    "Section",
    "Span",
    "chunk_document",
    "count_tokens",
    "ingest_path",
    "load_document",
    "split_sections",
]
