"""The bench's pure parts with fakes (fast), and one real-model run of a small configuration (slow).

No test asserts a wall-clock time: timings depend on the machine; only shapes and logic are checked.
"""

from __future__ import annotations

import json
import re
import numpy as np
import pytest

from resultsqa.eval import bench
from resultsqa.eval.bench import (
    AnswerLatency,
    BenchConfig,
    BenchReport,
    BuildTimes,
    ColdStart,
    Machine,
    Memory,
    Scale,
    ScalePoint,
    evaluate_targets,
    measure_answers,
    measure_build,
    median,
    recall_at_k,
    synthetic_corpus,
    synthetic_vectors,
)
from resultsqa.index.abbreviations import expand
from resultsqa.index.records import chunk_lines
from resultsqa.ingest.records import Span

BASE = [
    "Revenue JPY15,835 million (down 3.0% YoY) at Internet Initiative Japan Inc.",
    "Systems Integration revenues down 40.6% YoY; IIJ operates 26 ATMs",
    "No numbers or names here",
]


# -- helpers -------------------------------------------------------------------------------------


def test_median_of_odd_and_even_counts():
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert median([]) == 0.0


def test_recall_counts_shared_rows_of_the_exact_top_k():
    exact = [[1, 2, 3, 4], [5, 6, 7, 8]]
    approximate = [[1, 2, 9, 3], [8, 0, 0, 0]]
    # First query: 1, 2, 3 of the exact top 3 → 2/3 within the approximate top 3 (1, 2, 9).
    assert recall_at_k(approximate, exact, 3) == pytest.approx((2 / 3 + 0 / 3) / 2)
    assert recall_at_k(approximate, exact, 4) == pytest.approx((3 / 4 + 1 / 4) / 2)


def test_recall_is_perfect_for_identical_lists_and_rejects_mismatched_ones():
    assert recall_at_k([[3, 1, 2]], [[3, 1, 2]], 10) == 1.0
    with pytest.raises(ValueError, match="1 approximate result lists for 2 exact"):
        recall_at_k([[1]], [[1], [2]], 10)


# -- synthetic corpus ----------------------------------------------------------------------------


def _digit_shape(text: str) -> str:
    return re.sub(r"\d", "9", text)


def test_synthetic_corpus_keeps_size_and_shape_but_varies_numbers():
    texts = synthetic_corpus(BASE, 10, seed=1)
    assert len(texts) == 10
    first = texts[0]
    assert first != BASE[0]
    assert re.findall(r"\d+", first) != re.findall(r"\d+", BASE[0])
    # Same digit-run lengths and separators: "JPY15,835" stays "JPYdd,ddd".
    assert [len(run) for run in re.findall(r"\d+", first)] == [len(run) for run in re.findall(r"\d+", BASE[0])]
    assert texts[2] == BASE[2] and texts[5] == BASE[2]  # nothing to vary; cycled in order


def test_synthetic_corpus_replaces_company_and_segment_names():
    texts = synthetic_corpus(BASE, 30, seed=2)
    joined = "\n".join(texts)
    assert "IIJ" not in joined and "Internet Initiative Japan" not in joined
    assert "Systems Integration" not in joined
    assert any(name in joined for name in bench.SYNTHETIC_COMPANIES)
    assert any(name in joined for name in bench.SYNTHETIC_SEGMENTS)


def test_synthetic_corpus_is_deterministic_per_seed_and_varies_between_copies():
    assert synthetic_corpus(BASE, 6, seed=3) == synthetic_corpus(BASE, 6, seed=3)
    assert synthetic_corpus(BASE, 6, seed=3) != synthetic_corpus(BASE, 6, seed=4)
    texts = synthetic_corpus(BASE, 6, seed=3)
    assert texts[0] != texts[3]  # two copies of the same base text differ


def test_synthetic_corpus_of_zero_and_without_base():
    assert synthetic_corpus([], 0) == []
    with pytest.raises(ValueError):
        synthetic_corpus([], 5)


def test_synthetic_vectors_are_unit_rows_near_their_base():
    rng = np.random.default_rng(0)
    base = rng.standard_normal((4, 64)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    vectors = synthetic_vectors(base, 40, seed=5)
    assert vectors.shape == (40, 64) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ base.T
    # Each row is closest to the base row it was made from (row i from base i % 4).
    assert (similarity.argmax(axis=1) == np.arange(40) % 4).all()
    assert not np.allclose(vectors[0], vectors[4])


# -- measurements with fakes ---------------------------------------------------------------------


class FakeEncoder:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts):
        self.calls.append(list(texts))
        return np.ones((len(texts), 8), dtype=np.float32) / np.sqrt(8)


class FakeChunk:
    def __init__(self, text: str) -> None:
        self.id = text
        self.text = text
        self.section_title = "Title"
        self.span = Span(0, len(text))

    def embedding_text(self) -> str:
        return f"Title\n{self.text}"


class FakeIndex:
    abbreviations = {"SI": "Systems Integration"}
    chunks = (FakeChunk("SI revenue fell"), FakeChunk("cash"))


def test_measure_build_embeds_what_the_build_embeds_once_per_repeat():
    encoder = FakeEncoder()
    builds = []
    times, index, vectors = measure_build(lambda: builds.append(1) or FakeIndex(), encoder, repeats=3)
    assert len(builds) == 3 and len(encoder.calls) == 3
    # The build embeds each chunk's embedding text, then each line, abbreviations expanded; so must the baseline.
    chunk_texts = [expand(c.embedding_text(), FakeIndex.abbreviations) for c in FakeIndex.chunks]
    assert encoder.calls[0][: len(chunk_texts)] == chunk_texts
    assert len(encoder.calls[0]) == len(chunk_texts) + sum(len(chunk_lines(c)) for c in FakeIndex.chunks)
    assert "Systems Integration" in encoder.calls[0][0]
    assert times.chunks == 2 and times.repeats == 3 and vectors.shape == (2, 8)
    assert isinstance(index, FakeIndex)
    assert times.ratio == pytest.approx(times.build_s / times.embedding_s)


def test_measure_answers_times_every_question_after_one_warm_up():
    asked, encoder = [], FakeEncoder()
    latency, vectors = measure_answers(["a?", "b?", "c?"], asked.append, encoder.encode)
    assert asked == ["a?", "a?", "b?", "c?"]
    assert encoder.calls == [["a?"], ["b?"], ["c?"]]
    assert latency.questions == 3 and vectors.shape == (3, 8)
    assert latency.answer_p95_ms >= latency.answer_p50_ms


# -- report ----------------------------------------------------------------------------------------


def _point(chunks: int, *, search_ms: float, recall: float) -> ScalePoint:
    return ScalePoint(
        chunks=chunks, default_kind="hnsw" if chunks > 20_000 else "flat", vector_add_s=1.0, bm25_build_s=1.0,
        build_chunks_per_s=chunks / 2, projected_embedding_s=chunks / 100, flat_bytes=10, hnsw_bytes=20,
        chunks_jsonl_bytes=5, disk_bytes=15, flat_search_p50_ms=search_ms, hnsw_search_p50_ms=search_ms / 2,
        default_search_p50_ms=search_ms, bm25_search_p50_ms=1.0, hnsw_recall_at_10=recall,
    )


def _report(cold_start: ColdStart | None = None) -> BenchReport:
    build = BuildTimes(chunks=100, repeats=3, build_s=1.1, embedding_s=1.0, ratio=1.1)
    answers = AnswerLatency(questions=65, answer_p50_ms=30.0, answer_p95_ms=50.0, embedding_p50_ms=10.0, ratio=3.0)
    scale = Scale(100.0, 100, 20_000, 100, "synthetic", (_point(1_000, search_ms=1.0, recall=1.0),
                                                        _point(100_000, search_ms=4.0, recall=0.9)))
    return BenchReport(
        date="2026-01-01T00:00:00+00:00", quick=True, duration_s=60.0,
        machine=Machine(2, "Linux", "3.11", (1.0, 1.0, 1.0), (2.0, 2.0, 2.0)), versions={"python": "3.11", "faiss-cpu": "1.15"},
        build=build, cold_start=cold_start, cold_start_note="" if cold_start else "skipped", answers=answers,
        memory=Memory(800.0, 900.0, None, "skipped in --quick"), scale=scale,
        targets=evaluate_targets(build, cold_start, answers, scale),
    )


def test_targets_judge_each_measurement_and_use_the_largest_size():
    cold = ColdStart(wall_s=9.0, exit_s=1.0, imports_s=0.5, model_load_s=5.0, index_load_s=0.1, first_answer_s=0.4,
                     wall_without_model_s=4.0, question="q")
    met = {t.name: t.met for t in _report(cold).targets}
    assert met == {
        "build / embedding time": True,
        "cold start without model load": False,
        "answer / query embedding p50": False,
        "warm answer p50": True,
        "dense search p50 at 100,000 chunks (hnsw)": True,
        "HNSW recall@10 at 100,000 chunks": False,
    }


@pytest.mark.parametrize(("p50_ms", "met"), [(30.0, True), (30.1, False)])
def test_warm_answer_p50_is_judged_in_milliseconds_not_only_as_a_ratio(p50_ms, met):
    report = _report()
    answers = AnswerLatency(questions=65, answer_p50_ms=p50_ms, answer_p95_ms=50.0, embedding_p50_ms=29.0, ratio=p50_ms / 29.0)
    target = next(t for t in evaluate_targets(report.build, None, answers, report.scale) if t.name == "warm answer p50")
    assert (target.measured, target.unit, target.met) == (p50_ms, "ms", met)


def test_unmeasured_cold_start_is_neither_met_nor_missed():
    target = next(t for t in _report(None).targets if t.name.startswith("cold start"))
    assert target.measured is None and target.met is None


def test_report_json_is_one_object_with_the_documented_keys():
    data = json.loads(_report().to_json())
    assert {"date", "quick", "machine", "versions", "build", "cold_start", "answers", "memory", "scale", "targets"} <= set(data)
    assert data["machine"]["cores"] == 2 and "platform" in data["machine"]
    assert data["memory"]["serve_peak_mib"] is None and data["memory"]["serve_note"]
    assert data["scale"]["points"][1]["chunks"] == 100_000
    assert {"name", "measured", "target", "met"} <= set(data["targets"][0])


def test_table_lists_every_size_and_target_verdict():
    table = _report().format_table()
    assert "100,000" in table and "1,000" in table
    assert "MISSED" in table and "met" in table
    assert "cold start not measured: skipped" in table
    assert "serve peak not measured: skipped in --quick" in table


def test_quick_config_is_smaller_than_the_full_one():
    assert max(bench.QUICK.scale_sizes) < max(bench.FULL.scale_sizes)
    assert bench.QUICK.build_repeats <= bench.FULL.build_repeats


# -- real model ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_small_bench_run_with_the_real_model_produces_a_complete_report():
    """A trimmed configuration (no subprocesses, one small corpus), so the suite stays short."""
    lines: list[str] = []
    config = BenchConfig(scale_sizes=(300,), build_repeats=1, query_count=20, question_limit=4, cold_start=False, serve=False)
    report = bench.run_bench(config=config, log=lines.append)
    assert report.build.chunks > 0 and report.answers.questions == 4
    assert report.scale.points[0].chunks == 300 and report.scale.points[0].default_kind == "flat"
    assert 0.0 <= report.scale.points[0].hnsw_recall_at_10 <= 1.0
    assert report.cold_start is None and report.memory.serve_peak_mib is None
    assert report.memory.bench_peak_mib >= report.memory.bench_peak_mib_after_answers > 0
    assert len(report.targets) == 6 and lines
    json.loads(report.to_json())


@pytest.mark.slow
def test_cold_start_runs_to_the_first_answer_and_times_the_exit_apart(deck_index, tmp_path):
    deck_index.save(tmp_path / "index")
    cold, note = bench.measure_cold_start(tmp_path / "index", "Why did SI revenue fall?")
    assert cold is not None, note
    parts = cold.imports_s + cold.model_load_s + cold.index_load_s + cold.first_answer_s
    # the parts are timed inside the process, so the spawn-to-answer wall holds them all
    assert cold.wall_s >= parts > 0 and cold.exit_s >= 0
    assert cold.wall_without_model_s == pytest.approx(cold.wall_s - cold.model_load_s)
    broken, note = bench.measure_cold_start(tmp_path / "missing", "Why did SI revenue fall?")
    assert broken is None and "exited with" in note
