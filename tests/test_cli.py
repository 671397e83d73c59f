"""The `resultsqa` command line: help, the ingest → search → ask round trip, one-line errors, eval's report.

Fast cases go through click's CliRunner; the exit code and the single `Error:` line are properties of
`main()`, so those run it in a fresh interpreter the way a person's shell would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from resultsqa.cli import cli

SUBCOMMANDS = ("ingest", "search", "ask", "serve", "eval", "bench")
README = Path(__file__).resolve().parents[1] / "README.md"

SMALL_REPORT = """\
# Acme Corp 2Q FY2024 Results

## Revenue

Total revenue was JPY 12,345 million, up 4.2% YoY.
Cloud services revenue grew 18.5% YoY to JPY 3,210 million.

## Operating Income

Operating income was JPY 987 million, down 2.1% YoY, because of higher data center costs.
"""

GOLD = [
    {
        "id": "t1",
        "type": "figure",
        "question": "What's the equity ratio?",
        "evidence": ["IIJ Shareholders' equity ratio: 49.9%"],
        "must_include": ["49.9%"],
        "answerable": True,
    },
    {
        "id": "t2",
        "type": "figure",
        "question": "How much did systems integration sales drop from a year earlier?",
        "evidence": ["Systems construction: down 40.6% YoY"],
        "must_include": ["40.6%"],
        "answerable": True,
    },
    {
        "id": "t3",
        "type": "unanswerable",
        "question": "What was Google's revenue?",
        "evidence": [],
        "must_include": [],
        "answerable": False,
    },
]


def _long_options(command: click.Command) -> list[str]:
    """Every --long spelling a command accepts, from click's own parameter objects."""
    return sorted(
        opt for param in command.params for opt in (*param.opts, *param.secondary_opts) if opt.startswith("--")
    )


def run_main(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `main()` as the console script would, in a clean interpreter, offline."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.pop("RESULTSQA_DEBUG", None)
    env.pop("RESULTSQA_INDEX", None)
    return subprocess.run(
        [sys.executable, "-c", "from resultsqa.cli import main; main()", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_one_error_line(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    """A failure exits non-zero with exactly one `Error:` line on stderr naming what went wrong."""
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error:"), lines[0]
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


# -- help --------------------------------------------------------------------------------------


def test_group_help_lists_every_subcommand():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    for name in SUBCOMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_subcommand_help_lists_its_options(name):
    command = cli.commands[name]
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    options = _long_options(command)
    assert options, f"{name} has no options to list"
    for option in options:
        assert option in result.output, f"{name} --help does not list {option}"


def test_help_does_not_import_torch():
    """`resultsqa --help` must stay instant: the heavy model stack is imported only by commands that embed."""
    code = "import sys; from click.testing import CliRunner; from resultsqa.cli import cli; " \
        "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


# -- bad input through main() ------------------------------------------------------------------


def test_ingest_missing_file_is_one_error_line(tmp_path):
    result = run_main("ingest", "nope.md", "--index", "idx", cwd=tmp_path)
    assert_one_error_line(result, "nope.md")
    assert not (tmp_path / "idx").exists()


def test_ingest_empty_file_is_one_error_line(tmp_path):
    (tmp_path / "empty.md").write_text("")
    result = run_main("ingest", "empty.md", "--index", "idx", cwd=tmp_path)
    assert_one_error_line(result, "empty.md")


def test_ingest_docx_is_one_error_line(tmp_path):
    (tmp_path / "report.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    result = run_main("ingest", "report.docx", "--index", "idx", cwd=tmp_path)
    assert_one_error_line(result, "report.docx")


def test_an_empty_question_is_refused_before_any_index_is_read(tmp_path):
    # No index exists here: the question's own error must come first, without loading anything.
    result = run_main("ask", "   ", "--index", "missing-dir", cwd=tmp_path)
    line = assert_one_error_line(result, "question")
    assert "missing-dir" not in line


@pytest.mark.parametrize("index", ["missing-dir", "empty-dir"])
def test_ask_without_an_index_says_how_to_build_one(tmp_path, index):
    (tmp_path / "empty-dir").mkdir()
    result = run_main("ask", "What was revenue?", "--index", index, cwd=tmp_path)
    line = assert_one_error_line(result, index)
    assert "resultsqa ingest" in line


def test_bad_mode_is_a_usage_error(tmp_path):
    result = run_main("search", "revenue", "--mode", "fuzzy", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "fuzzy" in result.stderr


# -- the round trip with the real model --------------------------------------------------------


@pytest.fixture(scope="module")
def built_index(tmp_path_factory) -> Path:
    """One small Markdown report ingested once for the module (the model is cached per process)."""
    root = tmp_path_factory.mktemp("cli")
    report = root / "acme.md"
    report.write_text(SMALL_REPORT)
    index_dir = root / "idx"
    result = CliRunner().invoke(cli, ["ingest", str(report), "--index", str(index_dir)])
    assert result.exit_code == 0, (result.output, result.exception)
    return index_dir


@pytest.mark.slow
def test_ingest_writes_a_manifest(built_index):
    manifest = json.loads((built_index / "manifest.json").read_text())
    assert manifest["format"] == "resultsqa-index"


@pytest.mark.slow
def test_search_json_lists_passages(built_index):
    result = CliRunner().invoke(cli, ["search", "cloud services revenue", "--index", str(built_index), "--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    passages = json.loads(result.stdout)
    assert isinstance(passages, list) and passages
    for passage in passages:
        assert {"text", "section_id", "score"} <= passage.keys()
    assert "18.5%" in passages[0]["text"]


@pytest.mark.slow
def test_ask_json_is_one_object(built_index):
    result = CliRunner().invoke(cli, ["ask", "How much did cloud services revenue grow?", "--index", str(built_index), "--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    answer = json.loads(result.stdout)
    assert {"text", "citations", "abstained"} <= answer.keys()
    assert answer["abstained"] is False
    assert "18.5%" in answer["text"]
    assert answer["citations"]


@pytest.mark.slow
def test_ask_prints_answer_and_sources(built_index):
    result = CliRunner().invoke(cli, ["ask", "What was total revenue?", "--index", str(built_index)])
    assert result.exit_code == 0, (result.output, result.exception)
    answer, _, sources = result.stdout.partition("Sources:")
    assert "12,345" in answer
    assert "acme.md" in sources


@pytest.mark.slow
def test_ask_empty_question_is_one_error_line(built_index, tmp_path):
    result = run_main("ask", "", "--index", str(built_index), cwd=tmp_path)
    assert_one_error_line(result, "question")


@pytest.mark.slow
def test_failed_ingest_leaves_the_old_index_intact(built_index, tmp_path):
    before = {path.name: path.read_bytes() for path in built_index.iterdir() if path.is_file()}
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "missing.md"), "--index", str(built_index)])
    assert result.exit_code != 0
    after = {path.name: path.read_bytes() for path in built_index.iterdir() if path.is_file()}
    assert after == before
    reloaded = CliRunner().invoke(cli, ["search", "operating income", "--index", str(built_index), "--json"])
    assert reloaded.exit_code == 0, (reloaded.output, reloaded.exception)
    assert json.loads(reloaded.stdout)


# -- eval ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_eval_json_prints_one_report_object(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(item) + "\n" for item in GOLD))
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    report = json.loads(result.stdout)  # the whole of stdout is one object: logs went to stderr
    assert isinstance(report, dict)
    assert {
        "gold", "documents", "mode", "questions", "retrieval", "answer",
        "abstention", "faithfulness", "latency_ms", "failures",
    } <= report.keys()
    assert report["questions"] == 3
    assert report["mode"] == "hybrid"
    assert set(report["retrieval"]) >= {"hit@1", "hit@3", "hit@5", "hit@10", "mrr@10"}
    assert set(report["answer"]) >= {"accuracy", "correct", "answerable", "abstained"}
    assert report["answer"]["answerable"] == 2
    assert set(report["abstention"]) >= {"precision", "recall"}
    assert set(report["faithfulness"]) >= {"numbers_checked", "unsupported", "rate"}
    assert set(report["latency_ms"]) >= {"p50", "p95"}
    assert isinstance(report["failures"], list)


# -- docs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_readme_documents_every_subcommand_and_option(name):
    readme = README.read_text(encoding="utf-8")
    missing = [item for item in (f"resultsqa {name}", *_long_options(cli.commands[name])) if item not in readme]
    assert not missing, f"README.md does not mention {missing} of `resultsqa {name}`"


@pytest.mark.slow
def test_ask_lists_each_cited_section_once(built_index):
    runner = CliRunner()
    cited = json.loads(runner.invoke(cli, ["ask", "Which revenue lines grew?", "--index", str(built_index), "--json"]).stdout)
    markers = [citation["marker"] for citation in cited["citations"]]
    assert len(markers) > len(set(markers))  # two lines of one section are cited
    _, _, sources = runner.invoke(cli, ["ask", "Which revenue lines grew?", "--index", str(built_index)]).stdout.partition("Sources:")
    listed = [line for line in sources.splitlines() if line.strip()]
    assert len(listed) == len(set(markers))
