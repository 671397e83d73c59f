"""`resultsqa bench`: how fast and how big resultsqa is on this machine, measured against its targets.

Five measurements, each timed with time.perf_counter and summarised by medians over repeats:
index build against bare embedding, cold start in a fresh process, warm answer latency against bare
query embedding, peak memory (of this process and of `resultsqa serve`), and search at scale.

Embedding 100,000 chunks with MiniLM on two CPU cores would take most of an hour, so the scale part
measures the real embedding throughput on the bundled deck's chunks and projects from it, and indexes
synthetic chunks whose texts are the deck's with numbers and names varied and whose vectors are the
deck's real vectors with Gaussian noise added (renormalised). The report says so.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from importlib import metadata, util
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from resultsqa.eval.metrics import percentile

T = TypeVar("T")
Log = Callable[[str], None]

# The targets the project set itself (README "Performance").
BUILD_RATIO_TARGET = 1.2  # index build time / bare embedding time
COLD_START_TARGET_S = 3.0  # new process to first answer, not counting the model's own load
ANSWER_RATIO_TARGET = 2.0  # answer p50 / bare query embedding p50
ANSWER_P50_TARGET_MS = 30.0  # warm answer p50 on this 2-core machine (the answer engine's issue)
SEARCH_P50_TARGET_MS = 20.0  # dense search p50 at the largest size, with the index kind resultsqa picks
RECALL_TARGET = 0.95  # HNSW recall@10 against exact search

SEARCH_DEPTH = 10
# Noise per vector has about the length of the vector itself before renormalising: each synthetic
# vector keeps cosine ~0.7 with the real chunk it came from, so neighbours cluster like real decks'.
SYNTHETIC_NOISE = 1.0
SERVE_TIMEOUT_S = 180.0
COLD_START_TIMEOUT_S = 300.0

SYNTHETIC_COMPANIES = (
    "Aster Networks", "Borealis Telecom", "Cobalt Systems", "Delta Datacom",
    "Equinox Cloud", "Fjord Online", "Granite IT", "Helix Services",
)
SYNTHETIC_SEGMENTS = (
    "Managed Security", "Data Center", "Mobile Services", "Cloud Hosting",
    "Network Services", "Consulting", "Payments", "Content Delivery",
)
_COMPANY = re.compile(r"Internet Initiative Japan(?: Inc\.)?|\bIIJ\b")
_SEGMENT = re.compile(r"Systems Integration|Systems Construction|Connectivity|Outsourcing|\bSI\b")
_DIGITS = re.compile(r"\d+")

VERSIONED = ("torch", "sentence-transformers", "faiss-cpu", "bm25s", "numpy", "gradio", "gradio_client", "resultsqa")


# -- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchConfig:
    """How much to measure; `quick` trades repeats and sizes for a run under two minutes."""

    scale_sizes: tuple[int, ...] = (1_000, 10_000, 100_000)
    build_repeats: int = 3
    query_count: int = 100
    question_limit: int | None = None  # None: every gold question
    cold_start: bool = True
    serve: bool = True
    seed: int = 0


QUICK = BenchConfig(scale_sizes=(1_000, 10_000), build_repeats=1)
FULL = BenchConfig()


@dataclass(frozen=True)
class Machine:
    cores: int | None
    platform: str
    python: str
    # Other processes on the machine skew every timing; the load averages say how busy it was.
    load_average_at_start: tuple[float, float, float]
    load_average_at_end: tuple[float, float, float]


@dataclass(frozen=True)
class BuildTimes:
    """Ingest + index build of the bundled deck against embedding the same chunk texts, model loaded."""

    chunks: int
    repeats: int
    build_s: float  # median
    embedding_s: float  # median
    ratio: float


@dataclass(frozen=True)
class ColdStart:
    """A new process that loads the saved index and answers one question.

    wall_s runs from spawning the process to its first answer; the parts are timed inside it, and
    exit_s is the interpreter's teardown after the answer (about a second once transformers is
    imported), which the user sees as the shell prompt's return, not as waiting for the answer.
    model_load_s covers importing torch and sentence-transformers, reading the weights and the first
    forward pass.
    """

    wall_s: float
    exit_s: float
    imports_s: float
    model_load_s: float
    index_load_s: float
    first_answer_s: float
    wall_without_model_s: float
    question: str


@dataclass(frozen=True)
class AnswerLatency:
    """Warm `answer(q, index)` over the gold questions, and encoder.encode([q]) on the same questions."""

    questions: int
    answer_p50_ms: float
    answer_p95_ms: float
    embedding_p50_ms: float
    ratio: float


@dataclass(frozen=True)
class Memory:
    """Peak resident set sizes in MiB. serve_peak_mib is None when the server was not measured."""

    bench_peak_mib_after_answers: float
    bench_peak_mib: float
    serve_peak_mib: float | None
    serve_note: str


@dataclass(frozen=True)
class ScalePoint:
    """One synthetic corpus size. Search latencies are p50 over the query set, in milliseconds."""

    chunks: int
    default_kind: str  # what build_vector_index picks at resultsqa's ann_threshold
    vector_add_s: float  # FAISS add for the default kind (HNSW: graph construction)
    bm25_build_s: float
    build_chunks_per_s: float  # chunks / (vector_add_s + bm25_build_s)
    projected_embedding_s: float  # chunks / measured embedding throughput
    flat_bytes: int
    hnsw_bytes: int
    chunks_jsonl_bytes: int
    disk_bytes: int  # default kind's FAISS file + chunks.jsonl (BM25 is rebuilt on load, not saved)
    flat_search_p50_ms: float
    hnsw_search_p50_ms: float
    default_search_p50_ms: float
    bm25_search_p50_ms: float
    hnsw_recall_at_10: float


@dataclass(frozen=True)
class Scale:
    embedding_chunks_per_s: float
    embedding_sample: int
    ann_threshold: int
    queries: int
    method: str
    points: tuple[ScalePoint, ...]


@dataclass(frozen=True)
class Target:
    """One goal: the measured value, the bound and whether it was met (None: not measured)."""

    name: str
    measured: float | None
    target: str
    unit: str
    met: bool | None


@dataclass(frozen=True)
class BenchReport:
    """Everything `resultsqa bench` measured. `to_json` is one JSON object; `format_table` is for people."""

    date: str
    quick: bool
    duration_s: float
    machine: Machine
    versions: Mapping[str, str]
    build: BuildTimes
    cold_start: ColdStart | None
    cold_start_note: str
    answers: AnswerLatency
    memory: Memory
    scale: Scale
    targets: tuple[Target, ...] = field(default=())

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    def format_table(self) -> str:
        return _format_table(self)


# -- pure helpers ------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    """The middle value (mean of the two middle ones for an even count); 0.0 for no values."""
    return percentile(values, 50)


def synthetic_corpus(base_texts: Sequence[str], size: int, *, seed: int = 0) -> list[str]:
    """`size` texts cycled from `base_texts`, every number and company or segment name varied.

    Each digit run is replaced by a random run of the same length (no new leading zero), so texts
    keep their shape ("JPY15,835 million" → "JPY72,104 million") while BM25 and exact-match lookups
    cannot lean on repeated figures.

    Args:
        base_texts: real chunk texts (at least one).
        size: how many texts to make.
        seed: for the random numbers and names; the same seed gives the same corpus.

    Returns:
        A list of exactly `size` texts.

    Raises:
        ValueError: no base texts and size > 0, or size < 0.
    """
    if size < 0 or (size and not base_texts):
        raise ValueError(f"need base texts and a size >= 0 (got {len(base_texts)} texts, size={size})")
    rng = np.random.default_rng(seed)

    def digits(match: re.Match[str]) -> str:
        run = match.group()
        drawn = "".join(str(d) for d in rng.integers(0, 10, len(run)))
        if run[0] != "0" and drawn[0] == "0":
            drawn = str(rng.integers(1, 10)) + drawn[1:]
        return drawn

    def company(_: re.Match[str]) -> str:
        return str(rng.choice(SYNTHETIC_COMPANIES))

    def segment(_: re.Match[str]) -> str:
        return str(rng.choice(SYNTHETIC_SEGMENTS))

    texts = []
    for position in range(size):
        text = base_texts[position % len(base_texts)]
        texts.append(_DIGITS.sub(digits, _SEGMENT.sub(segment, _COMPANY.sub(company, text))))
    return texts


def synthetic_vectors(base: np.ndarray, size: int, *, noise: float = SYNTHETIC_NOISE, seed: int = 0) -> np.ndarray:
    """`size` unit vectors: rows of `base` in turn, plus Gaussian noise of expected length `noise`.

    Args:
        base: real embeddings (n, dimension), n >= 1.
        size: rows to make.
        noise: expected L2 length of the noise added before renormalising.
        seed: random seed.

    Returns:
        float32 array (size, dimension), rows L2-normalised.
    """
    rng = np.random.default_rng(seed)
    dimension = base.shape[1]
    rows = np.ascontiguousarray(base[np.arange(size) % len(base)], dtype=np.float32)
    rows += rng.standard_normal((size, dimension), dtype=np.float32) * np.float32(noise / np.sqrt(dimension))
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows


def recall_at_k(approximate: Sequence[Sequence[int]], exact: Sequence[Sequence[int]], k: int) -> float:
    """Mean share of each query's exact top-k that the approximate top-k also returns.

    Args:
        approximate: per query, row ids best first (e.g. HNSW).
        exact: per query, the exact row ids best first (flat search); same number of queries.
        k: cut-off.

    Returns:
        Recall in [0, 1]; 1.0 when there are no queries or the exact lists are empty.

    Raises:
        ValueError: the two lists cover different numbers of queries.
    """
    if len(approximate) != len(exact):
        raise ValueError(f"{len(approximate)} approximate result lists for {len(exact)} exact ones")
    shares = []
    for found, truth in zip(approximate, exact, strict=True):
        wanted = set(list(truth)[:k])
        if wanted:
            shares.append(len(wanted & set(list(found)[:k])) / len(wanted))
    return float(np.mean(shares)) if shares else 1.0


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """Run `action` once; its result and its wall time in seconds (perf_counter, monotonic)."""
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def evaluate_targets(
    build: BuildTimes, cold_start: ColdStart | None, answers: AnswerLatency, scale: Scale
) -> tuple[Target, ...]:
    """Each project target with its measured value and whether it was met."""
    largest = max(scale.points, key=lambda p: p.chunks) if scale.points else None
    at = f" at {largest.chunks:,} chunks" if largest else ""
    cold = cold_start.wall_without_model_s if cold_start else None
    search = largest.default_search_p50_ms if largest else None
    recall = largest.hnsw_recall_at_10 if largest else None
    return (
        Target("build / embedding time", build.ratio, f"<= {BUILD_RATIO_TARGET}", "x", build.ratio <= BUILD_RATIO_TARGET),
        Target(
            "cold start without model load", cold, f"<= {COLD_START_TARGET_S}", "s",
            None if cold is None else cold <= COLD_START_TARGET_S,
        ),
        Target(
            "answer / query embedding p50", answers.ratio, f"<= {ANSWER_RATIO_TARGET}", "x",
            answers.ratio <= ANSWER_RATIO_TARGET,
        ),
        Target(
            "warm answer p50", answers.answer_p50_ms, f"<= {ANSWER_P50_TARGET_MS}", "ms",
            answers.answer_p50_ms <= ANSWER_P50_TARGET_MS,
        ),
        Target(
            f"dense search p50{at} ({largest.default_kind if largest else '-'})", search,
            f"<= {SEARCH_P50_TARGET_MS}", "ms", None if search is None else search <= SEARCH_P50_TARGET_MS,
        ),
        Target(f"HNSW recall@10{at}", recall, f">= {RECALL_TARGET}", "", None if recall is None else recall >= RECALL_TARGET),
    )


# -- measurements ------------------------------------------------------------------------------


def run_bench(quick: bool = False, *, config: BenchConfig | None = None, log: Log | None = None) -> BenchReport:
    """Measure build, cold start, answer latency, memory and search at scale on this machine.

    Args:
        quick: smaller sizes and fewer repeats (under two minutes); ignored when `config` is given.
        config: what to measure; None picks QUICK or FULL.
        log: receives one line per step; None writes them to standard error.

    Returns:
        The report, targets evaluated.

    Raises:
        ResultsQAError: the bundled deck, the gold set or the model cannot be read.
    """
    from resultsqa.app.answer import answer
    from resultsqa.data import bundled_document
    from resultsqa.eval.gold import DEFAULT_GOLD_PATH, load_gold
    from resultsqa.index.embeddings import SentenceTransformerEncoder
    from resultsqa.index.store import Index

    config = config or (QUICK if quick else FULL)
    log = log or _to_stderr
    started = time.perf_counter()
    load_at_start = _load_average()

    log("bench: loading the embedding model")
    encoder = SentenceTransformerEncoder()
    encoder.encode(["warm up"])
    deck = bundled_document()
    log(f"bench: building the index {config.build_repeats}x and embedding its chunks {config.build_repeats}x")
    build, index, chunk_vectors = measure_build(lambda: Index.build([deck], encoder=encoder), encoder, config.build_repeats)

    questions = [q.question for q in load_gold(DEFAULT_GOLD_PATH)][: config.question_limit]
    with tempfile.TemporaryDirectory(prefix="resultsqa-bench-") as scratch:
        index_dir = Path(scratch) / "index"
        index.save(index_dir)
        cold_start, cold_note = None, "skipped (config.cold_start is False)"
        if config.cold_start:
            log("bench: cold start in a new process")
            cold_start, cold_note = measure_cold_start(index_dir, questions[0])
        log(f"bench: answering {len(questions)} gold questions warm")
        answers, question_vectors = measure_answers(questions, lambda q: answer(q, index), encoder.encode)
        after_answers = _own_peak_mib()
        serve_peak, serve_note = None, "skipped (config.serve is False)"
        if config.serve:
            log("bench: peak memory of `resultsqa serve`")
            serve_peak, serve_note = measure_serve(index_dir, questions[0])

    texts = [chunk.text for chunk in index.chunks]
    scale = measure_scale(texts, chunk_vectors, question_vectors, questions, build, config, log=log)
    memory = Memory(after_answers, _own_peak_mib(), serve_peak, serve_note)
    return BenchReport(
        date=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        quick=config == QUICK,
        duration_s=time.perf_counter() - started,
        machine=Machine(os.cpu_count(), platform.platform(), platform.python_version(), load_at_start, _load_average()),
        versions=_versions(),
        build=build,
        cold_start=cold_start,
        cold_start_note=cold_note,
        answers=answers,
        memory=memory,
        scale=scale,
        targets=evaluate_targets(build, cold_start, answers, scale),
    )


def measure_build(build_index: Callable[[], Any], encoder: Any, repeats: int) -> tuple[BuildTimes, Any, np.ndarray]:
    """Time `build_index` and the bare embedding of what it embeds (chunks and their lines), alternately,
    `repeats` times each.

    Alternating keeps a burst of load from another process from landing on one side only.

    Args:
        build_index: builds an Index (ingest + embed + FAISS + BM25); the model must already be loaded.
        encoder: the index's encoder.
        repeats: at least 1.

    Returns:
        The times, the last index built, and its chunks' vectors from the last bare embedding.
    """
    from resultsqa.index.store import embedding_texts

    build_times, embed_times = [], []
    for _ in range(max(1, repeats)):
        index, seconds = timed(build_index)
        build_times.append(seconds)
        texts = embedding_texts(index.chunks, index.abbreviations)  # exactly what the build embeds
        vectors, seconds = timed(lambda: encoder.encode(texts))
        embed_times.append(seconds)
        vectors = vectors[: len(index.chunks)]
    build_s, embed_s = median(build_times), median(embed_times)
    times = BuildTimes(len(index.chunks), len(build_times), build_s, embed_s, build_s / embed_s if embed_s else float("inf"))
    return times, index, vectors


def measure_answers(
    questions: Sequence[str], answer_one: Callable[[str], Any], embed: Callable[[Sequence[str]], np.ndarray]
) -> tuple[AnswerLatency, np.ndarray]:
    """Warm answer latency and bare query-embedding latency over the same questions.

    One untimed answer first fills the per-index caches a server would hold warm.

    Args:
        questions: at least one.
        answer_one: answers a question (app.answer.answer bound to an index).
        embed: the index's encoder.encode.

    Returns:
        The latencies and the questions' vectors (reused as real queries at scale).
    """
    answer_one(questions[0])
    answer_ms, embed_ms, vectors = [], [], []
    for question in questions:
        _, seconds = timed(lambda: answer_one(question))
        answer_ms.append(seconds * 1000)
        vector, seconds = timed(lambda: embed([question]))
        embed_ms.append(seconds * 1000)
        vectors.append(vector[0])
    answer_p50, embed_p50 = percentile(answer_ms, 50), percentile(embed_ms, 50)
    latency = AnswerLatency(
        questions=len(questions),
        answer_p50_ms=answer_p50,
        answer_p95_ms=percentile(answer_ms, 95),
        embedding_p50_ms=embed_p50,
        ratio=answer_p50 / embed_p50 if embed_p50 else float("inf"),
    )
    return latency, np.vstack(vectors).astype(np.float32)


_COLD_START_SCRIPT = """
import json, sys, time
started = time.perf_counter()
from resultsqa.app.answer import answer
from resultsqa.index.embeddings import SentenceTransformerEncoder
from resultsqa.index.store import Index
imported = time.perf_counter()
encoder = SentenceTransformerEncoder()
encoder.encode(["warm up"])
loaded = time.perf_counter()
index = Index.load(sys.argv[1], encoder=encoder)
opened = time.perf_counter()
answer(sys.argv[2], index)
done = time.perf_counter()
print(json.dumps({"imports_s": imported - started, "model_load_s": loaded - imported,
                  "index_load_s": opened - loaded, "first_answer_s": done - opened, "answered_at": time.time()}))
"""


def measure_cold_start(index_dir: Path, question: str) -> tuple[ColdStart | None, str]:
    """Spawn `python -c ...` that loads the saved index and answers `question`, offline.

    Args:
        index_dir: a saved index.
        question: the one question to answer.

    Returns:
        The timings and "" on success; None and the reason when the process failed.
    """
    command = [sys.executable, "-c", _COLD_START_SCRIPT, str(index_dir), question]
    # wall-clock time on both sides: the child reports when it answered, the parent when it spawned
    spawned = time.time()
    try:
        done = subprocess.run(command, env=_offline_env(), capture_output=True, text=True, timeout=COLD_START_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, f"the process did not finish within {COLD_START_TIMEOUT_S:.0f} s"
    exited = time.time()
    if done.returncode != 0:
        return None, f"the process exited with {done.returncode}: {_tail(done.stderr)}"
    parts = json.loads(done.stdout.strip().splitlines()[-1])
    answered = parts.pop("answered_at")
    wall = answered - spawned
    return ColdStart(
        wall_s=wall, exit_s=exited - answered, wall_without_model_s=wall - parts["model_load_s"], question=question, **parts
    ), ""


def measure_serve(index_dir: Path, question: str) -> tuple[float | None, str]:
    """Peak resident memory (VmHWM, MiB) of `resultsqa serve` after it answered one question.

    The server runs on a free 127.0.0.1 port and is terminated before this returns.

    Args:
        index_dir: a saved index for the server to load.
        question: sent through gradio_client to the UI's /respond endpoint.

    Returns:
        (MiB, note) — MiB is None, and the note says why, when the server could not be measured.
    """
    if util.find_spec("resultsqa.app.ui") is None:
        return None, "the web UI module resultsqa.app.ui is not installed"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-c", "from resultsqa.cli import main; main()", "serve", "--index", str(index_dir), "--port", str(port)]
    with tempfile.TemporaryFile(mode="w+") as errors:
        server = subprocess.Popen(command, env=_offline_env(), stdout=subprocess.DEVNULL, stderr=errors, text=True)
        try:
            if not _wait_for_http(url, server, SERVE_TIMEOUT_S):
                errors.seek(0)
                return None, f"the server did not answer HTTP within {SERVE_TIMEOUT_S:.0f} s: {_tail(errors.read())}"
            note = _ask_through_client(url, question)
            peak = _peak_mib_of(server.pid)
            return peak, note
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def measure_scale(
    base_texts: Sequence[str],
    base_vectors: np.ndarray,
    query_vectors: np.ndarray,
    query_texts: Sequence[str],
    build: BuildTimes,
    config: BenchConfig,
    *,
    log: Log,
) -> Scale:
    """Index synthetic corpora of each configured size with resultsqa's own FAISS and BM25 builders.

    Args:
        base_texts: the real chunks' texts, varied into the synthetic texts.
        base_vectors: those chunks' real vectors, perturbed into the synthetic vectors.
        query_vectors: real question vectors; perturbed copies fill up to config.query_count.
        query_texts: questions for BM25 search.
        build: the measured embedding time of len(base_texts) chunks, for the throughput.
        config: sizes, query count and seed.
        log: progress lines.
    """
    from resultsqa.index.store import Settings

    throughput = build.chunks / build.embedding_s if build.embedding_s else float("inf")
    queries = _query_set(query_vectors, config.query_count, config.seed)
    points = []
    for size in config.scale_sizes:
        log(f"bench: scale {size:,} synthetic chunks")
        points.append(
            _scale_point(size, base_texts, base_vectors, queries, query_texts, throughput, Settings().ann_threshold, config.seed)
        )
    method = (
        f"embedding throughput measured on the bundled deck's {build.chunks} real chunks; synthetic texts are "
        "those chunks with numbers, company and segment names varied; synthetic vectors are their real vectors "
        f"plus Gaussian noise (expected length {SYNTHETIC_NOISE}) renormalised; queries are real gold-question "
        "vectors, plus perturbed copies"
    )
    return Scale(throughput, build.chunks, Settings().ann_threshold, len(queries), method, tuple(points))


def _scale_point(
    size: int,
    base_texts: Sequence[str],
    base_vectors: np.ndarray,
    queries: np.ndarray,
    query_texts: Sequence[str],
    embedding_per_s: float,
    ann_threshold: int,
    seed: int,
) -> ScalePoint:
    from resultsqa.index.lexical import LexicalIndex
    from resultsqa.index.vector import build_vector_index, search_vectors, write_vector_index

    texts = synthetic_corpus(base_texts, size, seed=seed)
    vectors = synthetic_vectors(base_vectors, size, seed=seed)
    # build_vector_index decides the kind from ann_threshold; forcing each kind uses the same builder.
    flat, flat_s = timed(lambda: build_vector_index(vectors, ann_threshold=size))
    hnsw, hnsw_s = timed(lambda: build_vector_index(vectors, ann_threshold=0))
    default_is_hnsw = size > ann_threshold
    lexical, bm25_s = timed(lambda: LexicalIndex(texts))

    def latencies(index: Any) -> tuple[float, list[list[int]]]:
        samples, found = [], []
        for query in queries:
            hits, seconds = timed(lambda: search_vectors(index, query, SEARCH_DEPTH))
            samples.append(seconds * 1000)
            found.append([row for row, _ in hits])
        return percentile(samples, 50), found

    flat_ms, exact = latencies(flat)
    hnsw_ms, approximate = latencies(hnsw)
    bm25_ms = percentile([timed(lambda: lexical.search(q, SEARCH_DEPTH))[1] * 1000 for q in query_texts], 50)

    with tempfile.TemporaryDirectory(prefix="resultsqa-bench-scale-") as scratch:
        folder = Path(scratch)
        write_vector_index(flat, folder / "flat.faiss")
        write_vector_index(hnsw, folder / "hnsw.faiss")
        _write_synthetic_chunks(folder / "chunks.jsonl", texts)
        flat_bytes, hnsw_bytes, chunk_bytes = (
            (folder / name).stat().st_size for name in ("flat.faiss", "hnsw.faiss", "chunks.jsonl")
        )
    vector_s = hnsw_s if default_is_hnsw else flat_s
    return ScalePoint(
        chunks=size,
        default_kind="hnsw" if default_is_hnsw else "flat",
        vector_add_s=vector_s,
        bm25_build_s=bm25_s,
        build_chunks_per_s=size / (vector_s + bm25_s),
        projected_embedding_s=size / embedding_per_s,
        flat_bytes=flat_bytes,
        hnsw_bytes=hnsw_bytes,
        chunks_jsonl_bytes=chunk_bytes,
        disk_bytes=(hnsw_bytes if default_is_hnsw else flat_bytes) + chunk_bytes,
        flat_search_p50_ms=flat_ms,
        hnsw_search_p50_ms=hnsw_ms,
        default_search_p50_ms=hnsw_ms if default_is_hnsw else flat_ms,
        bm25_search_p50_ms=bm25_ms,
        hnsw_recall_at_10=recall_at_k(approximate, exact, SEARCH_DEPTH),
    )


# -- process and file helpers ------------------------------------------------------------------


def _query_set(vectors: np.ndarray, count: int, seed: int) -> np.ndarray:
    """The real question vectors, then perturbed copies of them until there are `count`."""
    if len(vectors) >= count:
        return vectors[:count]
    extra = synthetic_vectors(vectors, count - len(vectors), noise=0.5, seed=seed + 1)
    return np.vstack([vectors, extra])


def _write_synthetic_chunks(path: Path, texts: Sequence[str]) -> None:
    """chunks.jsonl as the index writes it, one record per synthetic text, so its size is realistic."""
    from resultsqa.ingest.records import Chunk, Span

    template = Chunk(
        id="", document_id="0" * 64, section_ordinal=0, section_id="II-5",
        section_title="Systems Integration (1) Revenues", page=1, span=Span(0, 0), text="", tokens=0,
    )
    offset = 0
    with path.open("w", encoding="utf-8") as file:
        for number, text in enumerate(texts):
            chunk = replace(template, id=f"synthetic-{number}", span=Span(offset, offset + len(text)), text=text,
                            tokens=len(text) // 4)
            offset += len(text) + 1
            file.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")


def _offline_env() -> dict[str, str]:
    return {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "TOKENIZERS_PARALLELISM": "false",
    }


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_http(url: str, server: subprocess.Popen, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    return False


def _ask_through_client(url: str, question: str) -> str:
    """Send one question to the /respond endpoint; the note says how the question went."""
    try:
        from gradio_client import Client
    except ImportError:
        return "gradio_client is not installed: measured after start-up only, no question asked"
    try:
        client = Client(url, analytics_enabled=False, verbose=False, download_files=False)
        client.predict(question, [], api_name="/respond")
    except Exception as error:  # noqa: BLE001 - any client failure still leaves the start-up peak worth reporting
        return f"asking /respond failed ({type(error).__name__}: {error}); measured after start-up only"
    return "after start-up and one question through /respond"


def _peak_mib_of(pid: int) -> float | None:
    """VmHWM (peak resident set) of a live process, from /proc (Linux)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+)\s+kB", status, re.M)
    return int(found.group(1)) / 1024 if found else None


def _own_peak_mib() -> float:
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _load_average() -> tuple[float, float, float]:
    try:
        return tuple(round(value, 2) for value in os.getloadavg())  # type: ignore[return-value]
    except OSError:
        return (0.0, 0.0, 0.0)


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _tail(text: str, lines: int = 3) -> str:
    return " | ".join(text.strip().splitlines()[-lines:]) or "(no output)"


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# -- the human table ---------------------------------------------------------------------------


def _format_table(report: BenchReport) -> str:
    machine, build, answers, memory, scale = report.machine, report.build, report.answers, report.memory, report.scale
    load = " / ".join(
        ", ".join(f"{value:.2f}" for value in loads) for loads in (machine.load_average_at_start, machine.load_average_at_end)
    )
    lines = [
        f"resultsqa bench{' --quick' if report.quick else ''}  {report.date}  ({report.duration_s:.0f} s)",
        f"machine: {machine.cores} cores, {machine.platform}, Python {machine.python}, load average at start / end {load}",
        "versions: " + ", ".join(f"{name} {version}" for name, version in report.versions.items() if name != "python"),
        "",
        f"build      bundled deck, {build.chunks} chunks, median of {build.repeats}: "
        f"build {build.build_s:.2f} s, embedding {build.embedding_s:.2f} s, ratio {build.ratio:.2f}x",
    ]
    cold = report.cold_start
    if cold:
        lines.append(
            f"cold start new process {cold.wall_s:.2f} s = model load {cold.model_load_s:.2f} s + the rest "
            f"{cold.wall_without_model_s:.2f} s (imports {cold.imports_s:.2f}, index load {cold.index_load_s:.2f}, "
            f"first answer {cold.first_answer_s:.2f}); the process exits {cold.exit_s:.2f} s later"
        )
    else:
        lines.append(f"cold start not measured: {report.cold_start_note}")
    lines += [
        f"answers    {answers.questions} gold questions warm: p50 {answers.answer_p50_ms:.1f} ms, "
        f"p95 {answers.answer_p95_ms:.1f} ms; query embedding p50 {answers.embedding_p50_ms:.1f} ms; "
        f"ratio {answers.ratio:.2f}x",
        f"memory     bench peak {memory.bench_peak_mib:.0f} MiB ({memory.bench_peak_mib_after_answers:.0f} MiB "
        f"before the scale runs); serve peak "
        + (f"{memory.serve_peak_mib:.0f} MiB ({memory.serve_note})" if memory.serve_peak_mib is not None
           else f"not measured: {memory.serve_note}"),
        "",
        f"scale      embedding throughput {scale.embedding_chunks_per_s:.1f} chunks/s; HNSW above "
        f"{scale.ann_threshold:,} chunks; {scale.queries} queries",
        f"           method: {scale.method}",
    ]
    header = ("chunks", "kind", "build/s", "embed (proj.)", "disk MiB", "flat p50", "hnsw p50", "bm25 p50", "recall@10")
    rows = [
        (
            f"{p.chunks:,}", p.default_kind, f"{p.build_chunks_per_s:,.0f}", _duration(p.projected_embedding_s),
            f"{p.disk_bytes / 2**20:.1f}", f"{p.flat_search_p50_ms:.2f} ms", f"{p.hnsw_search_p50_ms:.2f} ms",
            f"{p.bm25_search_p50_ms:.2f} ms", f"{p.hnsw_recall_at_10:.3f}",
        )
        for p in scale.points
    ]
    lines += _columns(header, rows, indent="  ")
    lines += ["", "targets"]
    target_rows = [
        (t.name, "-" if t.measured is None else f"{t.measured:.3g}{t.unit}", t.target + t.unit,
         {True: "met", False: "MISSED", None: "not measured"}[t.met])
        for t in report.targets
    ]
    lines += _columns(("target", "measured", "goal", ""), target_rows, indent="  ")
    return "\n".join(lines)


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]], *, indent: str) -> list[str]:
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    return [indent + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in (header, *rows)]


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"
