"""The chat web UI: ask questions, read cited answers, see the figures and add documents.

    serve(".resultsqa/index")                 # http://127.0.0.1:7860

Gradio wiring only; what an answer looks like is decided in resultsqa.app.ui_render.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Before gradio is imported: otherwise every Blocks starts a version check and telemetry.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
import pandas as pd  # noqa: E402

from resultsqa.app import ui_render  # noqa: E402
from resultsqa.app.answer import answer  # noqa: E402
from resultsqa.errors import DocumentError, QuestionError, ResultsQAError  # noqa: E402
from resultsqa.index.store import Index  # noqa: E402

log = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".pdf", ".txt", ".md", ".html")
CONCURRENT_USERS = 20
EXAMPLE_QUESTIONS = (
    "Why did SI revenue fall?",
    "What were recurring revenues in 1Q09?",
    "How many ATMs were operated as of June 30, 2009?",
    "What was operating income?",
)
UNEXPECTED_ERROR = "Something went wrong on the server; the error was logged. Please try again."

CSS = """
.rqa-abstention { border-left: 4px solid #d97706; background: #fef3c7; color: #78350f;
  padding: 0.25em 0.75em; border-radius: 4px; }
.rqa-error { border-left: 4px solid #b91c1c; background: #fee2e2; color: #7f1d1d;
  padding: 0.25em 0.75em; border-radius: 4px; }
.rqa-source { border: 1px solid #d1d5db; border-radius: 6px; padding: 0.5em 0.75em; margin-bottom: 0.5em; }
.rqa-source-heading { font-size: 0.9em; margin-bottom: 0.25em; }
.rqa-marker { font-family: monospace; background: #e0e7ff; border-radius: 3px; padding: 0 0.25em; }
.rqa-source-text { white-space: pre-wrap; font-size: 0.9em; }
.rqa-source-text mark { background: #fde68a; }
"""


class IndexHolder:
    """The index every question reads, swapped whole when documents are added.

    Questions take the current Index and never hold the lock while answering; an upload builds the
    new Index (index.add returns a new one) and swaps it in, so a question already running keeps
    the Index it started with. Uploads queue up behind each other on their own lock.
    """

    def __init__(self, index: Index) -> None:
        self._index = index
        self._swap_lock = threading.Lock()
        self._add_lock = threading.Lock()

    def current(self) -> Index:
        with self._swap_lock:
            return self._index

    def add(self, paths: Sequence[str], progress: Callable[[int, int, str], None]) -> Index:
        with self._add_lock:
            grown = self.current().add(list(paths), progress=progress)
            with self._swap_lock:
                self._index = grown
            return grown


@dataclass(frozen=True)
class Reply:
    """Everything one question updates: chat Markdown, sources HTML, figures table, chart."""

    markdown: str
    sources: str
    figures: dict[str, list]
    chart: ui_render.Chart | None


def check_upload(path: str, *, max_upload_mb: int) -> None:
    """Refuse a file the UI will not ingest, before the slow part starts.

    Args:
        path: the uploaded file.
        max_upload_mb: the largest file accepted, in MB.

    Raises:
        DocumentError: the file type is not one of ALLOWED_SUFFIXES, or the file is too large.
    """
    name = ui_render.document_name(path)
    if Path(path).suffix.lower() not in ALLOWED_SUFFIXES:
        raise DocumentError(
            name, "this file type is not supported", f"Upload a {', '.join(ALLOWED_SUFFIXES)} file"
        )
    size_mb = Path(path).stat().st_size / 2**20
    if size_mb > max_upload_mb:
        raise DocumentError(
            name,
            f"the file is {size_mb:.1f} MB, over the {max_upload_mb} MB limit",
            "Upload a smaller file or split it",
        )


def build_ui(index: Index, *, max_upload_mb: int = 20) -> gr.Blocks:
    """Build the chat UI over an index; launch it with launch_ui (or serve).

    The API endpoint "/respond" takes (question, documents) and returns (reply Markdown, sources HTML,
    figures table {"headers", "data"}, chart).

    Args:
        index: the documents to answer from; uploads add to it.
        max_upload_mb: the largest upload accepted, in MB.

    Returns:
        The Blocks, queued for CONCURRENT_USERS questions at once.
    """
    holder = IndexHolder(index)

    def answer_question(question: str, documents: Sequence[str] | None) -> Reply:
        current = holder.current()
        selected = _selected_documents(current, documents)
        try:
            if not selected:
                raise QuestionError("documents", "none is selected", "Pick at least one document")
            result = answer(question, current, documents=_scope(current, selected))
        except ResultsQAError as error:
            return _failure(error.message)
        except Exception:
            log.exception("answering %r failed", question)
            return _failure(UNEXPECTED_ERROR)
        return Reply(
            markdown=ui_render.answer_markdown(result),
            sources=ui_render.sources_html(result),
            figures=ui_render.figures_table(result),
            chart=ui_render.chart(result),
        )

    def respond(question: str, documents: list[str] | None = None) -> tuple[Any, ...]:
        """Answer one question over the selected documents (all when none are given)."""
        reply = answer_question(question, documents)
        return reply.markdown, reply.sources, reply.figures, _chart_update(reply.chart)

    def ask(question: str, history: list[dict], documents: list[str]) -> tuple[Any, ...]:
        if not question.strip():
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        reply = answer_question(question, documents)
        history = [
            *history,
            {"role": "user", "content": ui_render.escape_markdown(question)},
            {"role": "assistant", "content": reply.markdown},
        ]
        return "", history, reply.sources, reply.figures, _chart_update(reply.chart)

    def add_documents(files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        paths = list(files or [])
        if not paths:
            return gr.skip(), gr.skip()
        try:
            for path in paths:
                check_upload(path, max_upload_mb=max_upload_mb)
            grown = holder.add(paths, lambda done, total, message: progress((done, total), desc=message))
        except ResultsQAError as error:
            return _status(error.message, failed=True), gr.skip()
        except Exception:
            log.exception("adding %s failed", paths)
            return _status(UNEXPECTED_ERROR, failed=True), gr.skip()
        names = ", ".join(ui_render.document_name(p) for p in paths)
        return _status(f"Added {names}. Questions now cover {len(grown.documents)} documents."), (
            _document_selector(grown)
        )

    with gr.Blocks(title="resultsqa") as demo:
        gr.Markdown("# Results Q&A\nAnswers quote the documents; each sentence cites its slide, e.g. [II-5].")
        with gr.Row():
            with gr.Column(scale=3):
                documents = gr.Dropdown(
                    label="Documents", multiselect=True, interactive=True, **_selector_props(index)
                )
                chatbot = gr.Chatbot(
                    label="Answers",
                    height=420,
                    latex_delimiters=[],
                    sanitize_html=True,
                    allow_tags=False,
                    feedback_options=None,
                )
                question = gr.Textbox(
                    label="Question", placeholder="Type a message...", show_label=False, submit_btn="Ask", autofocus=True
                )
                gr.Examples(examples=[[q] for q in EXAMPLE_QUESTIONS], inputs=[question], label="Try")
                upload = gr.File(
                    elem_id="rqa-upload",
                    label=f"Add documents ({' '.join(ALLOWED_SUFFIXES)}, up to {max_upload_mb} MB each)",
                    file_types=list(ALLOWED_SUFFIXES),
                    file_count="multiple",
                )
                upload_status = gr.Markdown()
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML('<p class="rqa-empty">Ask a question to see its sources.</p>')
        figures = gr.Dataframe(
            label="Figures",
            headers=list(ui_render.FIGURE_COLUMNS),
            datatype="str",
            interactive=False,
            wrap=True,
            column_widths=["26%", "10%", "10%", "12%", "22%", "20%"],
        )
        chart = gr.BarPlot(x="period", y="value", color="metric", label="Figures by period", visible=False)
        # Hidden twin of the chat for API clients: (question, documents) in, plain values out.
        reply = gr.Markdown(visible=False)
        api_button = gr.Button(visible=False)

        question.submit(
            ask,
            [question, chatbot, documents],
            [question, chatbot, sources, figures, chart],
            api_visibility="undocumented",
        )
        api_button.click(
            respond, [question, documents], [reply, sources, figures, chart], api_name="respond"
        )
        upload.upload(
            add_documents, [upload], [upload_status, documents], api_visibility="undocumented"
        )
        # A page opened after an upload shows the documents added since the app started.
        demo.load(lambda: _document_selector(holder.current()), None, documents, api_visibility="undocumented")
    demo.queue(default_concurrency_limit=CONCURRENT_USERS)
    return demo


def launch_ui(
    demo: gr.Blocks,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: tuple[str, str] | None = None,
    block: bool = True,
) -> str:
    """Launch the UI offline: local fonts, no share link, no analytics.

    Args:
        demo: from build_ui.
        host: interface to listen on; 127.0.0.1 keeps it off the network.
        port: TCP port.
        auth: (user, password) for basic login, or None.
        block: wait until the server stops; False returns at once (tests).

    Returns:
        The local URL.
    """
    _, url, _ = demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        auth=auth,
        prevent_thread_lock=not block,
        quiet=not block,
        theme=gr.themes.Default(font=["DejaVu Sans", "sans-serif"]),
        css=CSS,
        footer_links=[],
    )
    return url


def serve(index_dir: str, *, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Load an index and serve the chat UI until interrupted.

    Basic login is on when both RESULTSQA_USER and RESULTSQA_PASSWORD are set.

    Args:
        index_dir: a directory written by Index.build/save.
        host: interface to listen on (default: this machine only).
        port: TCP port.

    Raises:
        IndexFileError: the index directory is missing, corrupt or stale.
    """
    index = Index.load(index_dir)
    user, password = os.environ.get("RESULTSQA_USER"), os.environ.get("RESULTSQA_PASSWORD")
    auth = (user, password) if user and password else None
    print(f"resultsqa: serving {len(index.documents)} document(s) at http://{host}:{port}", flush=True)
    launch_ui(build_ui(index), host=host, port=port, auth=auth, block=True)


def _failure(message: str) -> Reply:
    return Reply(
        markdown=ui_render.error_markdown(message),
        sources='<p class="rqa-empty">No sources.</p>',
        figures=ui_render.no_figures(),
        chart=None,
    )


def _status(message: str, *, failed: bool = False) -> str:
    return ui_render.error_markdown(message) if failed else ui_render.escape_markdown(message)


def _chart_update(chart: ui_render.Chart | None) -> dict[str, Any]:
    if chart is None:
        return gr.update(value=None, visible=False)
    frame = pd.DataFrame(
        {
            "period": [p.period for p in chart.points],
            "value": [p.value for p in chart.points],
            "metric": [p.metric for p in chart.points],
        }
    )
    return gr.update(value=frame, visible=True, y_title=chart.unit or "value")


def _selector_props(index: Index) -> dict[str, Any]:
    choices = [(ui_render.document_name(d.source), d.id) for d in index.documents]
    return {
        "choices": choices,
        "value": [doc_id for _, doc_id in choices],
        "visible": len(choices) > 1,
    }


def _document_selector(index: Index) -> dict[str, Any]:
    return gr.update(**_selector_props(index))


def _selected_documents(index: Index, documents: Sequence[str] | None) -> list[str]:
    known = [d.id for d in index.documents]
    if documents is None:
        return known
    return [doc_id for doc_id in documents if doc_id in known]


def _scope(index: Index, selected: list[str]) -> list[str] | None:
    # None means "every document", which also covers documents added after the page loaded.
    return None if len(selected) == len(index.documents) else selected
