"""One call from a path to everything ingest produces: load → sections → chunks → figures."""

from __future__ import annotations

import os
from collections.abc import Callable

from resultsqa.ingest.chunks import chunk_document
from resultsqa.ingest.figures import extract_figures
from resultsqa.ingest.loaders import SUPPORTED_SUFFIXES, load_document
from resultsqa.ingest.records import IngestedDocument
from resultsqa.ingest.sections import split_sections

__all__ = ["SUPPORTED_SUFFIXES", "ingest_path"]


def ingest_path(
    path: str | os.PathLike[str],
    *,
    max_tokens: int = 200,
    fits: Callable[[str], bool] | None = None,
) -> IngestedDocument:
    """Read one document and cut it into sections, chunks and figures.

    Args:
        path: a file with one of SUPPORTED_SUFFIXES.
        max_tokens: most cl100k tokens per chunk.
        fits: the embedding model's limit on `Chunk.embedding_text()`; chunks it rejects are split
            further (see chunk_document).

    Returns:
        The document with its sections, chunks and figures.

    Raises:
        DocumentError: the file cannot be read (see load_document).

    Example:
        >>> ingested = ingest_path("data/iij_1q_fy2009_results.txt")
        >>> ingested.sections[4].id, len(ingested.chunks) > 0
        ('I', True)
    """
    document = load_document(path)
    sections = split_sections(document)
    chunks = chunk_document(document, sections, max_tokens=max_tokens, fits=fits)
    return IngestedDocument(
        document=document,
        sections=sections,
        chunks=chunks,
        figures=extract_figures(document, sections),
    )
