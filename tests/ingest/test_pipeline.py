import subprocess
import sys

from resultsqa.ingest import SUPPORTED_SUFFIXES as REEXPORTED
from resultsqa.ingest.figures import extract_figures
from resultsqa.ingest.loaders import load_document
from resultsqa.ingest.pipeline import SUPPORTED_SUFFIXES, ingest_path
from resultsqa.ingest.sections import split_sections


def test_pipeline_runs_every_stage_on_the_deck(deck_path):
    ingested = ingest_path(deck_path)
    document = load_document(deck_path)
    sections = split_sections(document)
    assert ingested.document == document
    assert ingested.sections == sections
    assert ingested.figures == extract_figures(document, sections)
    assert ingested.chunks and all(c.document_id == document.id for c in ingested.chunks)
    assert max(c.tokens for c in ingested.chunks) <= 200


def test_pipeline_passes_the_budget_and_fits_through(deck_path):
    seen = []

    def fits(text):
        seen.append(text)
        return len(text) <= 300

    ingested = ingest_path(deck_path, max_tokens=60, fits=fits)
    assert seen
    assert all(c.tokens <= 60 and len(c.embedding_text()) <= 300 for c in ingested.chunks)


def test_pipeline_reads_markdown(tmp_path):
    path = tmp_path / "q1.md"
    path.write_text(
        "# Q1 Results\n\n## 2.3 Revenue\n- Revenue: JPY15,835 million (down 3.0% YoY), in line with the target\n",
        encoding="utf-8",
    )
    ingested = ingest_path(path)
    assert [s.id for s in ingested.sections] == ["S1", "2.3"]
    (chunk,) = ingested.chunks
    assert chunk.section_id == "2.3" and chunk.text.startswith("- Revenue: JPY15,835 million")


def test_supported_suffixes_are_re_exported():
    assert SUPPORTED_SUFFIXES == REEXPORTED


def test_ingest_does_not_import_torch(deck_path):
    # A fresh interpreter: this test session may already hold torch from the slow tests.
    script = f"import sys, resultsqa.ingest as i; i.ingest_path({str(deck_path)!r}); print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
