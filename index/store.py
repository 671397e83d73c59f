"""The Index: documents, their chunks and figures, dense vectors and BM25, saved as one directory.

An Index never changes after construction (`add` returns a new one), so any number of threads may
search it at once; the only shared mutable thing, the embedding model, sits behind the encoder's lock.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from resultsqa.errors import DocumentError, IndexFileError, QuestionError
from resultsqa.index.abbreviations import GLOSSARY, expand, learn_abbreviations
from resultsqa.index.embeddings import DEFAULT_MODEL_NAME, Encoder, SentenceTransformerEncoder
from resultsqa.index.fusion import reciprocal_rank_fusion
from resultsqa.index.lexical import LexicalIndex, tokenize
from resultsqa.index.records import Line, Passage, chunk_lines
from resultsqa.index.vector import (
    all_vectors,
    build_vector_index,
    read_vector_index,
    search_vectors,
    write_vector_index,
)
from resultsqa.ingest.pipeline import ingest_path
from resultsqa.ingest.records import Chunk, Document, Figure, IngestedDocument, Section, Span

MODES = ("hybrid", "dense", "bm25")
FORMAT = "resultsqa-index"
FORMAT_VERSION = 2  # 2: line vectors (lines.npy)
REBUILD = "run: resultsqa ingest PATH --index DIR"

MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
LINE_VECTORS = "lines.npy"
DOCUMENTS = "documents.jsonl"
SECTIONS = "sections.jsonl"
CHUNKS = "chunks.jsonl"
FIGURES = "figures.jsonl"
ABBREVIATIONS = "abbreviations.json"

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Settings:
    """How the index was cut and searched; recorded so a reload or `add` cuts new documents alike."""

    max_tokens: int = 200
    ann_threshold: int = 20_000


class Index:
    """Search several results documents at once; every passage names its document.

    Example:
        >>> index = Index.build(["data/iij_1q_fy2009_results.txt"])
        >>> index.search("Why did SI revenue fall?", k=3)[0].section_id
        'II-5'
    """

    def __init__(
        self,
        ingested: Sequence[IngestedDocument],
        vectors: faiss.Index,
        line_vectors: np.ndarray,
        *,
        encoder: Encoder,
        abbreviations: Mapping[str, str],
        settings: Settings,
    ) -> None:
        self.documents: tuple[Document, ...] = tuple(item.document for item in ingested)
        self.sections: tuple[Section, ...] = tuple(s for item in ingested for s in item.sections)
        self.chunks: tuple[Chunk, ...] = tuple(c for item in ingested for c in item.chunks)
        self.figures: tuple[Figure, ...] = tuple(f for item in ingested for f in item.figures)
        self.abbreviations: Mapping[str, str] = dict(abbreviations)
        self.encoder = encoder
        self.settings = settings
        self.lines: tuple[Line, ...] = tuple(line for chunk in self.chunks for line in chunk_lines(chunk))
        self._ingested = tuple(ingested)
        self._vectors = vectors
        self._line_vectors = line_vectors
        self._query_vectors: dict[str, np.ndarray] = {}
        self._query_lock = threading.Lock()
        # BM25 is rebuilt from the chunks rather than saved: it takes milliseconds per thousand chunks.
        self._lexical = LexicalIndex([self._indexed_text(chunk) for chunk in self.chunks])
        self._names = {doc.id: Path(doc.source).name for doc in self.documents}
        self._rows_by_document: dict[str, list[int]] = {}
        self._section_chunks: dict[tuple[str, int], list[Chunk]] = {}
        for row, chunk in enumerate(self.chunks):
            self._rows_by_document.setdefault(chunk.document_id, []).append(row)
            self._section_chunks.setdefault((chunk.document_id, chunk.section_ordinal), []).append(chunk)
        # Figures per document sorted by start offset, so each chunk finds its own by bisection.
        self._figures_by_document: dict[str, tuple[list[int], list[Figure]]] = {}
        for figure in sorted(self.figures, key=lambda f: f.span.start):
            starts, found = self._figures_by_document.setdefault(figure.document_id, ([], []))
            starts.append(figure.span.start)
            found.append(figure)
        self._chunk_figures = [self._figures_inside(chunk) for chunk in self.chunks]
        titles = {(s.document_id, s.ordinal): s.title for s in self.sections}
        # A figure's own metric is often bare ("Revenues"); its slide title says whose ("Systems Integration").
        self._figure_terms = [
            (frozenset(self._terms(f.metric)), frozenset(self._terms(titles.get((f.document_id, f.section_ordinal), ""))))
            for f in self.figures
        ]

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        paths: Sequence[str | os.PathLike[str]],
        *,
        encoder: Encoder | None = None,
        max_tokens: int = 200,
        ann_threshold: int = 20_000,
        progress: Progress | None = None,
    ) -> Index:
        """Read documents, cut them into chunks, and embed and index every chunk.

        Args:
            paths: documents (.txt, .md, .html, .pdf); a file listed twice is indexed once.
            encoder: the embedding model; None for the bundled all-MiniLM-L6-v2.
            max_tokens: most cl100k tokens per chunk (chunks also fit the encoder's window).
            ann_threshold: above this many chunks search uses HNSW instead of exact search.
            progress: called as progress(done, total, message), first per document read, then per
                batch of chunks embedded (each phase counts from 0 to its own total).

        Returns:
            The index, in memory; `save` it to keep it.

        Raises:
            DocumentError: no paths, or a document cannot be read.
        """
        if not paths:
            raise DocumentError("(no documents)", "nothing to index", "Pass at least one document path")
        encoder = encoder if encoder is not None else SentenceTransformerEncoder()
        settings = Settings(max_tokens=max_tokens, ann_threshold=ann_threshold)
        ingested = _ingest(paths, encoder, settings, known=set(), progress=progress)
        abbreviations = _abbreviations_for(ingested, {})
        vectors, line_vectors = _embed(ingested, encoder, abbreviations, progress)
        return cls(
            ingested,
            build_vector_index(vectors, ann_threshold=ann_threshold),
            line_vectors,
            encoder=encoder,
            abbreviations=abbreviations,
            settings=settings,
        )

    def add(self, paths: Sequence[str | os.PathLike[str]], progress: Progress | None = None) -> Index:
        """A new index holding this one's documents plus `paths`; only the new chunks are embedded.

        Abbreviations learned from the new documents apply to BM25 and to questions at once; the
        existing vectors keep the expansions they were embedded with.

        Args:
            paths: documents to add; ones already indexed (same bytes, hence same id) are skipped.
            progress: as for `build`.

        Returns:
            The new index (this one is unchanged).

        Raises:
            DocumentError: a document cannot be read.
        """
        known = {doc.id for doc in self.documents}
        added = _ingest(paths, self.encoder, self.settings, known=known, progress=progress)
        abbreviations = _abbreviations_for(added, self.abbreviations)
        new_vectors, new_line_vectors = _embed(added, self.encoder, abbreviations, progress)
        return Index(
            self._ingested + tuple(added),
            build_vector_index(np.vstack([all_vectors(self._vectors), new_vectors]), ann_threshold=self.settings.ann_threshold),
            np.vstack([self._line_vectors, new_line_vectors]),
            encoder=self.encoder,
            abbreviations=abbreviations,
            settings=self.settings,
        )

    # -- searching ----------------------------------------------------------------------------

    def search(
        self, question: str, k: int = 5, *, mode: str = "hybrid", documents: Sequence[str] | None = None
    ) -> list[Passage]:
        """The `k` passages most likely to answer `question`, best first.

        Both the question and the chunks carry their abbreviation counterparts ("SI" ↔ "Systems
        Integration"), so either wording finds the other. Hybrid mode fuses the dense and BM25
        rankings, each taken to depth max(4k, 20), with reciprocal rank fusion.

        Args:
            question: free text.
            k: how many passages at most (at least 1).
            mode: one of MODES: "hybrid", "dense" or "bm25".
            documents: only search these Document ids (None: all).

        Returns:
            Passages with rank (from 1), score (fused in hybrid mode, the ranker's own otherwise), the
            rankers that returned each, its document's file name and the figures inside it.

        Raises:
            QuestionError: empty question, k < 1, unknown mode or unknown document id.
        """
        if not isinstance(question, str) or not question.strip():
            raise QuestionError(repr(question), "the question is empty", "Type a question about the documents")
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise QuestionError(f"k={k!r}", "must be a whole number of at least 1", "Ask for k >= 1 passages")
        if mode not in MODES:
            raise QuestionError(f"mode={mode!r}", "is not a search mode", f"Use one of {', '.join(MODES)}")
        allowed = self._rows_for(documents)
        query = expand(question, self.abbreviations)
        depth = max(4 * k, 20) if mode == "hybrid" else k
        rankings: dict[str, list[tuple[int, float]]] = {}
        if mode in ("hybrid", "dense"):
            rankings["dense"] = search_vectors(self._vectors, self._query_vector(query), depth, allowed)
        if mode in ("hybrid", "bm25"):
            rankings["bm25"] = self._lexical.search(query, depth, allowed)
        if mode == "hybrid":
            fused = reciprocal_rank_fusion({name: [row for row, _ in hits] for name, hits in rankings.items()})
            hits = [(f.item, f.score, f.retrievers) for f in fused[:k]]
        else:
            hits = [(row, score, (mode,)) for row, score in rankings[mode]]
        return [self._passage(row, score, rank, found_by) for rank, (row, score, found_by) in enumerate(hits, 1)]

    def line_similarities(self, question: str) -> np.ndarray:
        """Cosine similarity of `question` to every line of `lines` (same order), from the line vectors.

        The answer engine weighs lines with it: "how many people watched the eclipse stream at once"
        shares few words with "Had approx. 20 thousands of simultaneous access", but the meaning is close.
        """
        return self._line_vectors @ self._query_vector(expand(question, self.abbreviations))

    def _query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, remembered for the last few queries: search and the
        engine's line weighing ask for the same one, and the model is the slow part."""
        with self._query_lock:
            vector = self._query_vectors.get(query)
        if vector is None:
            vector = self.encoder.encode([query])[0]
            with self._query_lock:
                if len(self._query_vectors) >= _QUERY_CACHE:
                    self._query_vectors.pop(next(iter(self._query_vectors)))
                self._query_vectors[query] = vector
        return vector

    def find_figures(
        self, metric: str, period: str | None = None, documents: Sequence[str] | None = None
    ) -> list[Figure]:
        """Figures whose metric shares words with `metric` (after abbreviation expansion), best first.

        Ranked by the share of the asked words that a figure's metric and its section title cover
        ("SI revenue" finds "Revenues" on the slide "Systems Integration (1) Revenues"), then how
        little else the metric names ("Cost of SI" names a cost), then the share its metric covers.

        Args:
            metric: e.g. "SI revenue", "operating income", "equity ratio".
            period: keep only figures of this period ("1Q09", "June 30, 2009"; any case); None: all.
            documents: only these Document ids (None: all).

        Returns:
            Matching figures, best first (document order among equals); empty when none match.

        Raises:
            QuestionError: unknown document id.
        """
        wanted = set(self._terms(metric))
        ids = None if documents is None else {self.documents[self._document_position(d)].id for d in documents}
        scored = []
        for position, (figure, (terms, title)) in enumerate(zip(self.figures, self._figure_terms, strict=True)):
            shared = len(wanted & terms)
            if not shared or (ids is not None and figure.document_id not in ids):
                continue
            if period is not None and _normal(figure.period) != _normal(period):
                continue
            in_context = len(wanted & (terms | title))
            scored.append((-in_context / len(wanted), -shared / len(terms), -shared / len(wanted), position, figure))
        return [figure for *_, figure in sorted(scored, key=lambda item: item[:4])]

    def chunks_in_section(self, document_id: str, section_ordinal: int) -> tuple[Chunk, ...]:
        """The chunks of one section, in document order (empty for an unknown section)."""
        return tuple(self._section_chunks.get((document_id, section_ordinal), ()))

    # -- persistence --------------------------------------------------------------------------

    def save(self, directory: str | os.PathLike[str]) -> None:
        """Write the index to `directory` atomically.

        Files go to a sibling temporary directory that is renamed into place, so a crash leaves
        either the previous index or the new one, never half of one. An existing index there is
        replaced; any other non-empty directory is left alone.

        Raises:
            IndexFileError: `directory` exists and holds something other than a resultsqa index.
        """
        target = Path(directory)
        if target.exists() and any(target.iterdir()) and _manifest_format(target) != FORMAT:
            raise IndexFileError(
                str(target), "exists and is not a resultsqa index; refusing to replace it", "Choose another --index DIR"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.parent / f".{target.name}.saving-{uuid.uuid4().hex[:8]}"
        staging.mkdir()
        try:
            self._write(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _swap_into_place(staging, target)

    def _write(self, directory: Path) -> None:
        write_vector_index(self._vectors, directory / VECTORS)
        np.save(directory / LINE_VECTORS, self._line_vectors, allow_pickle=False)
        _write_jsonl(directory / DOCUMENTS, (asdict(doc) for doc in self.documents))
        _write_jsonl(directory / SECTIONS, (asdict(section) for section in self.sections))
        _write_jsonl(directory / CHUNKS, (chunk.to_dict() for chunk in self.chunks))
        _write_jsonl(directory / FIGURES, (figure.to_dict() for figure in self.figures))
        _write_json(directory / ABBREVIATIONS, self.abbreviations)
        # The manifest goes last: a directory with a manifest is a complete index.
        _write_json(directory / MANIFEST, self._manifest())

    def _manifest(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "documents": [
                {"id": doc.id, "sha256": doc.id, "source": doc.source, "path": str(Path(doc.source).resolve()),
                 "title": doc.title}
                for doc in self.documents
            ],
            "model": {"name": self.encoder.name, "dimension": int(self._vectors.d)},
            "chunks": {"count": len(self.chunks), **asdict(self.settings)},
            "versions": {name: _version(name) for name in ("faiss-cpu", "bm25s", "sentence-transformers", "resultsqa")},
        }

    @classmethod
    def load(cls, directory: str | os.PathLike[str], *, encoder: Encoder | None = None) -> Index:
        """Read an index saved with `save`, refusing anything stale, foreign or damaged.

        Args:
            directory: the index directory.
            encoder: the embedding model; None for the one the manifest names.

        Returns:
            The index.

        Raises:
            IndexFileError: the directory or a file in it is missing, corrupt or foreign; a document
                changed since indexing; or the encoder differs from the one the index was built with.
        """
        root = Path(directory)
        if not root.is_dir():
            raise IndexFileError(str(root), "no index directory here", f"Build one first; {REBUILD}")
        manifest = _read_json(root / MANIFEST)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise IndexFileError(str(root / MANIFEST), "is not a resultsqa index manifest", f"Rebuild it; {REBUILD}")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise IndexFileError(
                str(root / MANIFEST),
                f"index format version {manifest.get('format_version')!r}, this resultsqa reads {FORMAT_VERSION}",
                f"Rebuild it; {REBUILD}",
            )
        try:
            model, settings = manifest["model"], Settings(**{k: manifest["chunks"][k] for k in ("max_tokens", "ann_threshold")})
            listed = manifest["documents"]
        except (KeyError, TypeError) as error:
            raise IndexFileError(str(root / MANIFEST), f"is incomplete ({error!r})", f"Rebuild it; {REBUILD}") from error
        _refuse_stale(listed)
        documents = _read_records(root / DOCUMENTS, _document_from_dict)
        sections = _read_records(root / SECTIONS, _section_from_dict)
        chunks = _read_records(root / CHUNKS, Chunk.from_dict)
        figures = _read_records(root / FIGURES, Figure.from_dict)
        abbreviations = _read_json(root / ABBREVIATIONS)
        if not isinstance(abbreviations, dict) or not all(isinstance(v, str) for v in abbreviations.values()):
            raise IndexFileError(str(root / ABBREVIATIONS), "is not a map of terms", f"Rebuild it; {REBUILD}")
        vectors = _read_vectors(root / VECTORS)
        line_vectors = _read_line_vectors(root / LINE_VECTORS)
        lines = sum(len(chunk_lines(chunk)) for chunk in chunks)
        if (
            [doc.id for doc in documents] != [doc.get("id") for doc in listed]
            or vectors.ntotal != len(chunks)
            or line_vectors.shape != (lines, vectors.d)
        ):
            raise IndexFileError(str(root), "its files disagree with each other", f"Rebuild it; {REBUILD}")
        if encoder is None:
            encoder = SentenceTransformerEncoder(None if model["name"] == DEFAULT_MODEL_NAME else model["name"])
        if encoder.name != model["name"] or encoder.dimension != model["dimension"] or vectors.d != model["dimension"]:
            raise IndexFileError(
                str(root),
                f"was built with {model['name']} ({model['dimension']} dims), not {encoder.name} "
                f"({encoder.dimension} dims)",
                f"Search it with the model it was built with, or rebuild it; {REBUILD}",
            )
        ingested = [
            IngestedDocument(
                document=doc,
                sections=tuple(s for s in sections if s.document_id == doc.id),
                chunks=tuple(c for c in chunks if c.document_id == doc.id),
                figures=tuple(f for f in figures if f.document_id == doc.id),
            )
            for doc in documents
        ]
        return cls(ingested, vectors, line_vectors, encoder=encoder, abbreviations=abbreviations, settings=settings)

    # -- helpers ------------------------------------------------------------------------------

    def _indexed_text(self, chunk: Chunk) -> str:
        return expand(chunk.embedding_text(), self.abbreviations)

    def _terms(self, text: str) -> list[str]:
        return tokenize([expand(text, self.abbreviations)])[0]

    def _passage(self, row: int, score: float, rank: int, retrievers: tuple[str, ...]) -> Passage:
        chunk = self.chunks[row]
        return Passage(
            chunk=chunk,
            document=self._names[chunk.document_id],
            score=score,
            rank=rank,
            retrievers=retrievers,
            figures=self._chunk_figures[row],
        )

    def _rows_for(self, documents: Sequence[str] | None) -> list[int] | None:
        if documents is None:
            return None
        return [row for doc in documents for row in self._rows_by_document.get(self.documents[self._document_position(doc)].id, [])]

    def _document_position(self, document_id: str) -> int:
        for position, doc in enumerate(self.documents):
            if doc.id == document_id:
                return position
        raise QuestionError(
            f"document {document_id!r}",
            "is not in this index",
            "Use an id from index.documents: " + ", ".join(f"{d.id[:12]}… ({d.source})" for d in self.documents),
        )

    def _figures_inside(self, chunk: Chunk) -> tuple[Figure, ...]:
        starts, found = self._figures_by_document.get(chunk.document_id, ([], []))
        first = bisect.bisect_left(starts, chunk.span.start)
        last = bisect.bisect_right(starts, chunk.span.end)
        return tuple(f for f in found[first:last] if f.span.end <= chunk.span.end)

    def __repr__(self) -> str:
        return f"Index(documents={len(self.documents)}, chunks={len(self.chunks)}, encoder={self.encoder.name!r})"


# -- module helpers ---------------------------------------------------------------------------


def _ingest(
    paths: Sequence[str | os.PathLike[str]],
    encoder: Encoder,
    settings: Settings,
    *,
    known: set[str],
    progress: Progress | None,
) -> list[IngestedDocument]:
    ingested = []
    seen = set(known)
    for done, path in enumerate(paths, start=1):
        item = ingest_path(path, max_tokens=settings.max_tokens, fits=encoder.fits)
        if item.document.id not in seen:
            seen.add(item.document.id)
            ingested.append(item)
        if progress:
            progress(done, len(paths), f"read {os.fspath(path)}")
    return ingested


_EMBED_BATCH = 256
_QUERY_CACHE = 8  # one answer asks twice (search, line weights); a few answers run at once


def embedding_texts(chunks: Sequence[Chunk], abbreviations: Mapping[str, str]) -> list[str]:
    """What a build embeds: each chunk (with its section title), then each of their lines (likewise)."""
    texts = [expand(chunk.embedding_text(), abbreviations) for chunk in chunks]
    texts += [
        expand(f"{chunk.section_title}: {line.text}", abbreviations) for chunk in chunks for line in chunk_lines(chunk)
    ]
    return texts


def _embed(
    ingested: Sequence[IngestedDocument], encoder: Encoder, abbreviations: Mapping[str, str], progress: Progress | None
) -> tuple[np.ndarray, np.ndarray]:
    """Chunk vectors and line vectors, embedded in one pass."""
    chunks = [chunk for item in ingested for chunk in item.chunks]
    texts = embedding_texts(chunks, abbreviations)
    batches = [encoder.encode(texts[start : start + _EMBED_BATCH]) for start in range(0, len(texts), _EMBED_BATCH)]
    if progress:
        progress(len(texts), len(texts), "embedded chunks and lines")
    vectors = np.vstack(batches) if batches else np.zeros((0, encoder.dimension), dtype=np.float32)
    return vectors[: len(chunks)], vectors[len(chunks) :]


def _abbreviations_for(ingested: Sequence[IngestedDocument], existing: Mapping[str, str]) -> dict[str, str]:
    """Glossary, then what each document teaches; an earlier document's reading of a term wins."""
    merged = {**GLOSSARY, **existing}
    learned: dict[str, str] = {}
    for item in ingested:
        for term, expansion in learn_abbreviations(item.document.text).items():
            learned.setdefault(term, expansion)
    for term, expansion in learned.items():
        if term not in existing:
            merged[term] = expansion
    return merged


def _normal(period: str) -> str:
    return " ".join(period.lower().split())


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _refuse_stale(listed: Sequence[Mapping[str, Any]]) -> None:
    """A document whose file still exists but whose bytes changed would be answered from old text."""
    for entry in listed:
        path = Path(entry.get("path", entry.get("source", "")))
        if path.is_file() and _sha256(path) != entry.get("sha256"):
            raise IndexFileError(
                str(entry.get("source", path)),
                "changed since indexing; rebuild the index",
                f"Re-index it; {REBUILD}",
            )


def _manifest_format(directory: Path) -> str | None:
    try:
        return json.loads((directory / MANIFEST).read_text(encoding="utf-8")).get("format")
    except (OSError, ValueError, AttributeError):
        return None


def _swap_into_place(staging: Path, target: Path) -> None:
    """Rename `staging` to `target`; an old `target` is renamed aside first and removed after."""
    if not target.exists():
        staging.rename(target)
        return
    aside = target.parent / f".{target.name}.replaced-{uuid.uuid4().hex[:8]}"
    target.rename(aside)
    try:
        staging.rename(target)
    except BaseException:
        aside.rename(target)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as file:
        for record in records:
            file.write(json.dumps(record, ensure_ascii=False) + "\n")


def _broken(path: Path | str, problem: str) -> IndexFileError:
    return IndexFileError(str(path), problem, f"Rebuild it; {REBUILD}")


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise _broken(path, "is missing; this is not a complete resultsqa index") from error
    except (OSError, ValueError) as error:
        raise _broken(path, f"cannot be read ({error})") from error


def _read_records(path: Path, parse: Callable[[dict[str, Any]], Any]) -> list[Any]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as error:
        raise _broken(path, "is missing; this is not a complete resultsqa index") from error
    except (OSError, ValueError) as error:
        raise _broken(path, f"cannot be read ({error})") from error
    records = []
    for number, line in enumerate(lines, start=1):
        try:
            records.append(parse(json.loads(line)))
        except (ValueError, TypeError, KeyError) as error:
            raise _broken(f"{path}:{number}", f"is not a valid record ({error})") from error
    return records


def _read_line_vectors(path: Path) -> np.ndarray:
    if not path.is_file():
        raise _broken(path, "is missing; this is not a complete resultsqa index")
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise _broken(path, f"cannot be read ({error})") from error
    if vectors.ndim != 2 or vectors.dtype != np.float32:
        raise _broken(path, "does not hold a float32 matrix of line vectors")
    return vectors


def _read_vectors(path: Path) -> faiss.Index:
    if not path.is_file():
        raise _broken(path, "is missing; this is not a complete resultsqa index")
    try:
        return read_vector_index(path)
    except RuntimeError as error:  # FAISS reports unreadable files as RuntimeError
        raise IndexFileError(str(path), "is not a readable FAISS index", f"Rebuild it; {REBUILD}") from error


def _document_from_dict(data: dict[str, Any]) -> Document:
    return Document(**{**data, "pages": tuple(Span(**page) for page in data["pages"])})


def _section_from_dict(data: dict[str, Any]) -> Section:
    return Section(**{**data, "span": Span(**data["span"])})
