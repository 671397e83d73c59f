import json
import threading
from pathlib import Path

import numpy as np
import pytest

from resultsqa.errors import DocumentError, IndexFileError, QuestionError
from resultsqa.index.records import chunk_lines
from resultsqa.index import store
from resultsqa.index.store import MODES, Index


@pytest.fixture
def index(documents, encoder):
    return Index.build([documents["alpha"], documents["beta"]], encoder=encoder)


def _document_id(index, name):
    return next(doc.id for doc in index.documents if doc.source.endswith(name))


def test_build_indexes_every_document_and_names_it_on_each_passage(index):
    assert [Path(doc.source).name for doc in index.documents] == ["alpha.txt", "beta.txt"]
    assert {chunk.document_id for chunk in index.chunks} == {doc.id for doc in index.documents}
    passages = index.search("robots shipped", k=3)
    assert passages[0].document == "beta.txt"
    assert "300 robots" in passages[0].text
    assert [p.rank for p in passages] == list(range(1, len(passages) + 1))


def test_each_mode_reports_its_rankers(index):
    for mode in MODES:
        passages = index.search("storage contracts revenues", k=2, mode=mode)
        assert passages, mode
        expected = {"dense", "bm25"} if mode == "hybrid" else {mode}
        assert set().union(*(p.retrievers for p in passages)) <= expected
    assert index.search("storage contracts revenues", k=1, mode="hybrid")[0].retrievers == ("dense", "bm25")


def test_abbreviation_in_question_finds_the_spelled_out_slide(index):
    # "CS" is learned from alpha ("Cloud Services" title, "CS gross margin"); the question uses only "CS".
    assert index.abbreviations["CS"] == "Cloud Services"
    top = index.search("CS revenues", k=1, mode="bm25")[0]
    assert top.section_id == "I-2"


def test_documents_filter_keeps_only_those_documents(index):
    beta = _document_id(index, "beta.txt")
    passages = index.search("revenue", k=5, documents=[beta])
    assert passages and {p.chunk.document_id for p in passages} == {beta}


def test_bad_arguments_name_the_value(index):
    with pytest.raises(QuestionError, match="k=0"):
        index.search("revenue", k=0)
    with pytest.raises(QuestionError, match="'fuzzy'.*hybrid, dense, bm25"):
        index.search("revenue", mode="fuzzy")
    with pytest.raises(QuestionError, match="empty"):
        index.search("   ")
    with pytest.raises(QuestionError, match="'nope'"):
        index.search("revenue", documents=["nope"])


def test_passage_figures_lie_inside_the_chunk(index):
    passage = index.search("total assets equity ratio", k=1)[0]
    assert passage.figures
    for figure in passage.figures:
        assert figure.document_id == passage.chunk.document_id
        assert passage.chunk.span.start <= figure.span.start <= figure.span.end <= passage.chunk.span.end


def test_find_figures_by_metric_and_period(index):
    found = index.find_figures("equity ratio")
    assert found and found[0].text.startswith("41.2")
    assert index.find_figures("equity ratio", period="no such period") == []
    assert index.find_figures("unrelated gibberish words") == []


def test_chunks_in_section(index):
    alpha = _document_id(index, "alpha.txt")
    section = next(s for s in index.sections if s.document_id == alpha and s.id == "I-3")
    chunks = index.chunks_in_section(alpha, section.ordinal)
    assert chunks and all(c.section_id == "I-3" for c in chunks)
    assert index.chunks_in_section(alpha, 999) == ()


def test_build_needs_documents(encoder):
    with pytest.raises(DocumentError):
        Index.build([], encoder=encoder)


def test_add_embeds_only_new_chunks_and_skips_known_documents(documents, encoder):
    alpha_only = Index.build([documents["alpha"]], encoder=encoder)
    encoder.calls.clear()
    both = alpha_only.add([documents["beta"], documents["alpha"]])
    beta_chunks = [c for c in both.chunks if c.document_id == _document_id(both, "beta.txt")]
    beta_lines = [line for chunk in beta_chunks for line in chunk_lines(chunk)]
    assert sum(encoder.calls) == len(beta_chunks) + len(beta_lines)  # a vector per chunk and per line
    assert len(both.documents) == 2 and len(alpha_only.documents) == 1
    assert both.search("robots", k=1)[0].document == "beta.txt"
    assert both.search("storage contracts", k=1)[0].document == "alpha.txt"


def test_save_load_round_trip(index, encoder, tmp_path):
    index.save(tmp_path / "idx")
    loaded = Index.load(tmp_path / "idx", encoder=encoder)
    assert loaded.documents == index.documents
    assert loaded.sections == index.sections
    assert loaded.chunks == index.chunks
    assert loaded.figures == index.figures
    assert loaded.abbreviations == index.abbreviations
    for mode in MODES:
        assert loaded.search("equity ratio June", k=3, mode=mode) == index.search("equity ratio June", k=3, mode=mode)
    manifest = json.loads((tmp_path / "idx" / "manifest.json").read_text())
    assert manifest["model"] == {"name": encoder.name, "dimension": encoder.dimension}
    assert set(manifest["versions"]) == {"faiss-cpu", "bm25s", "sentence-transformers", "resultsqa"}


def test_save_replaces_an_old_index_and_leaves_no_temporary_dirs(index, documents, encoder, tmp_path):
    target = tmp_path / "idx"
    Index.build([documents["alpha"]], encoder=encoder).save(target)
    index.save(target)
    assert len(Index.load(target, encoder=encoder).documents) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "idx"]


def test_crash_mid_save_keeps_the_previous_index(index, documents, encoder, tmp_path, monkeypatch):
    target = tmp_path / "idx"
    Index.build([documents["alpha"]], encoder=encoder).save(target)
    real_write = store._write_jsonl

    def fail_on_chunks(path, records):
        if path.name == "chunks.jsonl":
            raise OSError("disk full")
        real_write(path, records)

    monkeypatch.setattr(store, "_write_jsonl", fail_on_chunks)
    with pytest.raises(OSError, match="disk full"):
        index.save(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "idx"]
    assert len(Index.load(target, encoder=encoder).documents) == 1


def test_save_refuses_to_replace_a_directory_that_is_not_an_index(index, tmp_path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    with pytest.raises(IndexFileError, match="not a resultsqa index"):
        index.save(precious)
    assert (precious / "thesis.txt").read_text() == "years of work"


@pytest.fixture
def saved(index, tmp_path) -> Path:
    index.save(tmp_path / "idx")
    return tmp_path / "idx"


def test_load_missing_directory(tmp_path, encoder):
    with pytest.raises(IndexFileError, match="resultsqa ingest PATH --index DIR") as error:
        Index.load(tmp_path / "nowhere", encoder=encoder)
    assert "nowhere" in str(error.value)


@pytest.mark.parametrize(
    "name", ["manifest.json", "vectors.faiss", "lines.npy", "chunks.jsonl", "figures.jsonl", "abbreviations.json"]
)
def test_load_missing_file_names_it(saved, encoder, name):
    (saved / name).unlink()
    with pytest.raises(IndexFileError, match=name) as error:
        Index.load(saved, encoder=encoder)
    assert "resultsqa ingest PATH --index DIR" in str(error.value)


@pytest.mark.parametrize("name", ["manifest.json", "chunks.jsonl", "documents.jsonl", "abbreviations.json"])
def test_load_corrupt_json_names_the_file(saved, encoder, name):
    (saved / name).write_text('{"truncated": ')
    with pytest.raises(IndexFileError, match=name):
        Index.load(saved, encoder=encoder)


def test_load_corrupt_faiss_file(saved, encoder):
    (saved / "vectors.faiss").write_bytes(b"not a faiss index at all")
    with pytest.raises(IndexFileError, match="vectors.faiss.*not a readable FAISS index"):
        Index.load(saved, encoder=encoder)


def test_load_foreign_directory(tmp_path, encoder):
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "manifest.json").write_text('{"format": "something-else"}')
    with pytest.raises(IndexFileError, match="not a resultsqa index"):
        Index.load(tmp_path / "other", encoder=encoder)


def test_load_newer_format_version(saved, encoder):
    manifest = json.loads((saved / "manifest.json").read_text())
    (saved / "manifest.json").write_text(json.dumps({**manifest, "format_version": 99}))
    with pytest.raises(IndexFileError, match="version 99"):
        Index.load(saved, encoder=encoder)


def test_changed_document_is_never_served_stale(saved, documents, encoder):
    documents["alpha"].write_text(documents["alpha"].read_text() + "\nI-4. Late addition\n")
    with pytest.raises(IndexFileError, match="alpha.txt.*changed since indexing; rebuild"):
        Index.load(saved, encoder=encoder)


def test_moved_away_document_still_loads_from_stored_text(saved, documents, encoder):
    documents["alpha"].unlink()
    loaded = Index.load(saved, encoder=encoder)
    assert "41.2%" in loaded.documents[0].text


@pytest.mark.parametrize("other", [{"name": "another-model"}, {"dimension": 128}])
def test_different_encoder_is_refused(saved, encoder_type, other):
    settings = {"name": "hashing-test-encoder", "dimension": 256, **other}
    with pytest.raises(IndexFileError, match="was built with hashing-test-encoder"):
        Index.load(saved, encoder=encoder_type(**settings))


def test_concurrent_searches_agree(index):
    expected = {q: index.search(q, k=3) for q in ("robots", "equity ratio", "storage revenues")}
    failures = []

    def ask(question):
        for _ in range(20):
            if index.search(question, k=3) != expected[question]:
                failures.append(question)

    threads = [threading.Thread(target=ask, args=(q,)) for q in expected for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_every_line_has_a_vector_that_survives_save_and_load(index, saved, encoder):
    loaded = Index.load(saved, encoder=encoder)
    assert len(index.lines) == sum(len(chunk_lines(chunk)) for chunk in index.chunks) > 0
    assert loaded.lines == index.lines
    question = index.lines[0].text
    similarities = loaded.line_similarities(question)
    assert similarities.shape == (len(index.lines),)
    assert int(similarities.argmax()) == 0  # a line is most similar to itself
    assert np.allclose(similarities, index.line_similarities(question))


def test_line_vectors_that_disagree_with_the_chunks_are_refused(saved, encoder):
    vectors = np.load(saved / "lines.npy")
    np.save(saved / "lines.npy", vectors[:-1])
    with pytest.raises(IndexFileError, match="disagree"):
        Index.load(saved, encoder=encoder)
