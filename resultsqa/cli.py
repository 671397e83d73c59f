"""The `resultsqa` command: ingest, search, ask, serve, eval, bench.

This is the edge: it is the only place that turns errors into text. A ResultsQAError prints one
`Error:` line and exits 1; usage mistakes exit 2 (click's convention). `--json` output goes to standard
output alone; progress and logs go to standard error. Heavy modules are imported inside commands so
`resultsqa --help` stays instant.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

import click

from resultsqa.errors import ResultsQAError

DEFAULT_INDEX = os.environ.get("RESULTSQA_INDEX", ".resultsqa/index")
MODES = ("hybrid", "dense", "bm25")

# HF_HUB_DISABLE_PROGRESS_BARS silences transformers' "Loading weights" bar, which otherwise precedes every Error: line.
for _name, _value in (
    ("HF_HUB_OFFLINE", "1"),
    ("HF_HUB_DISABLE_PROGRESS_BARS", "1"),
    ("GRADIO_ANALYTICS_ENABLED", "False"),
    ("TOKENIZERS_PARALLELISM", "false"),
):
    os.environ.setdefault(_name, _value)

index_option = click.option(
    "--index",
    "index_dir",
    default=DEFAULT_INDEX,
    show_default=True,
    help="Index directory (env RESULTSQA_INDEX sets the default).",
)
k_option = click.option("-k", "--k", "k", default=5, show_default=True, type=click.IntRange(1, 100), help="Passages to retrieve.")
mode_option = click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True, help="Retrieval mode.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON object on standard output.")


def question_options(command):
    """The options every question-taking command shares: --index, -k, --mode, --json."""
    for option in (json_option, mode_option, k_option, index_option):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="resultsqa")
def cli() -> None:
    """Ask questions about a company's results documents and get cited answers."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@index_option
@click.option("--max-tokens", default=200, show_default=True, type=click.IntRange(16, 2000), help="Chunk token budget (tiktoken cl100k).")
@click.option("--model", default=None, help="Sentence-transformers model: a local path or hub name. Default: bundled all-MiniLM-L6-v2.")
def ingest(paths: tuple[Path, ...], index_dir: str, max_tokens: int, model: str | None) -> None:
    """Index PDF, TXT, Markdown or HTML files into an index directory (replaced atomically)."""
    from resultsqa.index.embeddings import SentenceTransformerEncoder
    from resultsqa.index.store import Index

    with _progress_bar() as progress:
        index = Index.build(
            [str(p) for p in paths], encoder=SentenceTransformerEncoder(model), max_tokens=max_tokens, progress=progress
        )
    index.save(index_dir)
    click.echo(
        f"Indexed {len(index.documents)} document(s), {len(index.chunks)} chunks, {len(index.figures)} figures into {index_dir}",
        err=True,
    )


@cli.command()
@click.argument("question")
@question_options
def search(question: str, index_dir: str, k: int, mode: str, as_json: bool) -> None:
    """Print the passages that best match a question."""
    from resultsqa.app.answer import retrieve

    passages = retrieve(question, _load(index_dir), k=k, mode=mode)
    if as_json:
        click.echo(json.dumps([_passage_dict(p) for p in passages], ensure_ascii=False))
        return
    for passage in passages:
        click.echo(f"{passage.rank}. [{passage.section_id}] {passage.section_title} · {passage.document} p.{passage.page} · score {passage.score:.4f}")
        click.echo("   " + passage.text.replace("\n", "\n   "))


@cli.command()
@click.argument("question")
@question_options
def ask(question: str, index_dir: str, k: int, mode: str, as_json: bool) -> None:
    """Answer a question with cited sentences, or say that the document does not say."""
    from resultsqa.app.answer import answer
    from resultsqa.app.question import check_question

    check_question(question)  # before loading the index and the model: a bad question costs nothing
    result = answer(question, _load(index_dir), k=k, mode=mode)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    click.echo(result.text)
    if result.citations:
        click.echo("\nSources:")
        # One line a section: several cited lines of one slide are one source to look up.
        for source in dict.fromkeys(f"  {c.marker} {c.section_title} · {c.document} p.{c.page}" for c in result.citations):
            click.echo(source)


@cli.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind. 127.0.0.1 keeps the app private to this machine; use 0.0.0.0 only behind auth.")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
def serve(index_dir: str, host: str, port: int) -> None:
    """Start the chat web UI. Basic auth when RESULTSQA_USER and RESULTSQA_PASSWORD are set; never a public share link."""
    from resultsqa.app.ui import serve as serve_ui

    serve_ui(index_dir, host=host, port=port)


@cli.command(name="eval")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold Q&A set (JSON Lines, see specs/gold-format.md).")
@click.option("--docs", "docs", multiple=True, type=click.Path(dir_okay=False), help="Documents to index (repeatable). Default: the bundled deck.")
@k_option
@mode_option
@click.option("--split", type=click.Choice(["dev", "test"]), default=None, help="Only this split of the gold set.")
@click.option("--no-figures", is_flag=True, help="Answer without figure records (ablation).")
@json_option
def eval_command(gold_path: str, docs: tuple[str, ...], k: int, mode: str, split: str | None, no_figures: bool, as_json: bool) -> None:
    """Evaluate retrieval, answers, abstention and faithfulness against a gold set."""
    from functools import partial

    from resultsqa.app.answer import answer, retrieve
    from resultsqa.data import bundled_document
    from resultsqa.eval.gold import load_gold
    from resultsqa.eval.runner import evaluate
    from resultsqa.index.store import Index

    gold = load_gold(gold_path)
    paths = list(docs) or [str(bundled_document())]
    with _progress_bar() as progress:
        index = Index.build(paths, progress=progress)
    report = evaluate(
        gold,
        index,
        gold_path=gold_path,
        k=k,
        mode=mode,
        split=split,
        answer_fn=partial(answer, use_figures=not no_figures),
        retrieve_fn=retrieve,
    )
    click.echo(report.to_json() if as_json else report.format_table())


@cli.command()
@click.option("--quick", is_flag=True, help="Smaller runs; the whole bench stays under two minutes.")
@json_option
def bench(quick: bool, as_json: bool) -> None:
    """Measure build time, cold start, answer latency, memory and search at scale on this machine."""
    from resultsqa.eval.bench import run_bench

    report = run_bench(quick=quick)
    click.echo(report.to_json() if as_json else report.format_table())


def _load(index_dir: str):
    from resultsqa.index.store import Index

    return Index.load(index_dir)


def _passage_dict(passage) -> dict:
    return {
        "rank": passage.rank,
        "score": passage.score,
        "document": passage.document,
        "section_id": passage.section_id,
        "section_title": passage.section_title,
        "page": passage.page,
        "span": asdict(passage.chunk.span),
        "text": passage.text,
        "retrievers": list(passage.retrievers),
        "figures": [figure.to_dict() for figure in passage.figures],
    }


class _progress_bar:
    """A tqdm bar on standard error, fed by the index's progress(done, total, message) callback."""

    def __enter__(self):
        from tqdm import tqdm

        self._bar = tqdm(total=0, unit="chunk", file=sys.stderr, disable=None, leave=False)
        return self.update

    def update(self, done: int, total: int, message: str) -> None:
        self._bar.total = total
        self._bar.n = done
        self._bar.set_description(message, refresh=False)
        self._bar.refresh()

    def __exit__(self, *exc) -> None:
        self._bar.close()


def main() -> None:
    """Console entry point: one `Error:` line for expected failures, never a trace."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except ResultsQAError as error:
        click.echo(f"Error: {error.message}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # the edge: a person sees one line, a developer sets RESULTSQA_DEBUG=1
        if os.environ.get("RESULTSQA_DEBUG"):
            raise
        click.echo(f"Error: unexpected {type(error).__name__}: {error} (set RESULTSQA_DEBUG=1 for the trace)", err=True)
        sys.exit(1)
