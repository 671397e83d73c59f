"""Turn an Answer into what the web UI shows: chat Markdown, a sources panel, a figures table, chart rows.

Pure functions, no Gradio import, so they are tested without a browser. Every string that comes from a
document or a user is escaped here: the chat renders Markdown (a document's `![x](http://…)` would load a
remote image) and the sources panel is raw HTML (a document's `<script>` would run).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from resultsqa.app.records import Answer, Citation
from resultsqa.index.records import Passage
from resultsqa.ingest.records import Figure

FIGURE_COLUMNS = ("metric", "period", "value", "unit", "change", "source")
ABSTENTION_CLASS = "rqa-abstention"
ERROR_CLASS = "rqa-error"

# Characters Markdown (or Gradio's KaTeX and GFM autolinks) would act on. `:` stops "http://" autolinks,
# `$` stops LaTeX, `!`, `[`, `]`, `(` and `)` stop links and images. `<`, `>` and `&` are left to html.escape.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#|!~$:])")
# A "-" or "+" opening a line would start a list, a "1." a numbered one: escape the "-", "+" or ".".
_LINE_START_LIST = re.compile(r"^(\s*(?:\d+)?)([-+.])", re.MULTILINE)
# A citation marker as the answer engine writes it: "[II-5]". Only letters, digits, dots, dashes and
# spaces, so a marker can never carry Markdown or HTML of its own and is safe to show unescaped.
_MARKER = re.compile(r"\[[A-Za-z0-9][A-Za-z0-9.\- ]{0,40}\]")


@dataclass(frozen=True)
class ChartPoint:
    """One bar: a figure's value in one period."""

    period: str
    value: float
    metric: str


@dataclass(frozen=True)
class Chart:
    """Bars for the figures an answer used, all in one unit (`unit` labels the y axis)."""

    unit: str
    points: tuple[ChartPoint, ...]


def escape_markdown(text: str) -> str:
    """Make untrusted text display literally in a Markdown component.

    Args:
        text: text from a document or a user.

    Returns:
        Markdown that renders as `text` itself: no HTML, links, images, emphasis or LaTeX.
    """
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    escaped = _LINE_START_LIST.sub(r"\1\\\2", escaped)
    # quote=False: the result never lands in an attribute, and "&#x27;" would not survive Markdown.
    return html.escape(escaped, quote=False)


def escape_keeping_markers(text: str, markers: Iterable[str]) -> str:
    """Escape answer text for Markdown but keep its citation markers readable as "[II-5]".

    Args:
        text: an answer's sentences with their markers.
        markers: the markers the answer may show; one holding anything but letters, digits, dots,
            dashes and spaces is escaped like the rest of the text.

    Returns:
        Markdown showing `text` literally; markers appear as written, not as "\\[II-5\\]".
    """
    safe = {marker for marker in markers if _MARKER.fullmatch(marker)}
    kept: list[str] = []

    def hold(found: re.Match[str]) -> str:
        if found.group() not in safe:
            return found.group()
        kept.append(found.group())
        return f"\0{len(kept) - 1}\0"

    # Markers wait in NUL-delimited slots while the text is escaped as one piece, so "." after a
    # marker is not taken for the start of a line.
    held = _MARKER.sub(hold, text.replace("\0", ""))
    return re.sub(r"\0(\d+)\0", lambda slot: kept[int(slot.group(1))], escape_markdown(held))


def answer_markers(answer: Answer) -> set[str]:
    """Markers an answer may show: its citations, and (for an abstention) its closest sections."""
    return {c.marker for c in answer.citations} | {f"[{p.section_id}]" for p in answer.passages}


def answer_markdown(answer: Answer) -> str:
    """The chat message for an answer; abstentions get their own icon and style.

    Args:
        answer: what the answer engine returned.

    Returns:
        Markdown for the chat. An abstention is wrapped in a `rqa-abstention` block and opens with "⚠".
    """
    markers = answer_markers(answer)
    if not answer.abstained:
        return escape_keeping_markers(answer.text, markers)
    said = answer.text.strip() or answer.reason.strip() or "The document does not say."
    body = escape_keeping_markers(said, markers)
    if answer.reason.strip() and answer.reason.strip() not in said:
        body += "\n\n" + escape_markdown(answer.reason.strip())
    return f'<div class="{ABSTENTION_CLASS}">\n\n⚠ **Not answered:** {body}\n\n</div>'


def error_markdown(message: str) -> str:
    """The chat message for a failure: one short line, styled apart from answers.

    Args:
        message: a ResultsQAError message or a generic sentence; never a trace.

    Returns:
        Markdown in a `rqa-error` block opening with "⛔".
    """
    return f'<div class="{ERROR_CLASS}">\n\n⛔ {escape_markdown(message)}\n\n</div>'


def document_name(source: str) -> str:
    """A document's file name, the part of its source a reader recognises."""
    return PurePath(source).name or source


def sources_html(answer: Answer) -> str:
    """The sources panel: every passage the answer cites, its supporting sentences marked.

    Args:
        answer: what the answer engine returned.

    Returns:
        HTML with one `<section class="rqa-source">` per cited passage, in citation order: document,
        section id and title, page, then the passage text with the cited sentences in `<mark>`.
        All document text is escaped.
    """
    passages = {passage.chunk.id: passage for passage in answer.passages}
    cited = _cited_chunk_ids(answer)
    blocks = [_source_block(passages[chunk_id], answer) for chunk_id in cited if chunk_id in passages]
    if not blocks:
        return '<p class="rqa-empty">No sources cited.</p>'
    return "\n".join(blocks)


def figures_table(answer: Answer) -> dict[str, list]:
    """The figures the answer used, as the plain JSON a Gradio Dataframe (and an API client) takes.

    Args:
        answer: what the answer engine returned.

    Returns:
        {"headers": FIGURE_COLUMNS, "data": one row of strings per figure}.
    """
    names = _document_names(answer)
    rows = [_figure_row(figure, names) for figure in answer.figures]
    return {"headers": list(FIGURE_COLUMNS), "data": rows}


def no_figures() -> dict[str, list]:
    """An empty figures table, for failures."""
    return {"headers": list(FIGURE_COLUMNS), "data": []}


def chart(answer: Answer) -> Chart | None:
    """Bars for the answer's figures, when they span two or more periods.

    Only figures with a value count, and only those in the answer's most common unit, so one axis
    never mixes JPY millions with percentages.

    Args:
        answer: what the answer engine returned.

    Returns:
        A Chart, or None when fewer than two periods remain.
    """
    valued = [f for f in answer.figures if f.value is not None and f.period]
    if not valued:
        return None
    unit, _ = Counter(_unit_label(f) for f in valued).most_common(1)[0]
    points = tuple(
        ChartPoint(period=f.period, value=float(f.value), metric=f.metric)  # type: ignore[arg-type]
        for f in valued
        if _unit_label(f) == unit
    )
    if len({point.period for point in points}) < 2:
        return None
    return Chart(unit=unit, points=points)


def _cited_chunk_ids(answer: Answer) -> list[str]:
    citations: Iterable[Citation] = [
        *answer.citations,
        *(c for sentence in answer.sentences for c in sentence.citations),
    ]
    return list(dict.fromkeys(c.chunk_id for c in citations))


def _source_block(passage: Passage, answer: Answer) -> str:
    markers = sorted(
        {c.marker for c in answer.citations if c.chunk_id == passage.chunk.id}
        | {
            c.marker
            for sentence in answer.sentences
            for c in sentence.citations
            if c.chunk_id == passage.chunk.id
        }
    )
    heading = " · ".join(
        [
            f"<strong>{html.escape(document_name(passage.document))}</strong>",
            f"{html.escape(passage.section_id)} {html.escape(passage.section_title)}".strip(),
            f"page {passage.page}",
        ]
    )
    marker_html = " ".join(f'<span class="rqa-marker">{html.escape(m)}</span>' for m in markers)
    body = _highlighted(passage.text, _support_ranges(passage, answer))
    return (
        '<section class="rqa-source">'
        f'<div class="rqa-source-heading">{marker_html} {heading}</div>'
        f'<div class="rqa-source-text">{body}</div>'
        "</section>"
    )


def _support_ranges(passage: Passage, answer: Answer) -> list[tuple[int, int]]:
    """Where, inside the passage text, the answer's sentences citing this passage come from."""
    chunk = passage.chunk
    ranges: list[tuple[int, int]] = []
    for sentence in answer.sentences:
        for citation in sentence.citations:
            if citation.chunk_id != chunk.id:
                continue
            span = citation.span
            if chunk.span.start <= span.start and span.end <= chunk.span.end and span.end > span.start:
                ranges.append((span.start - chunk.span.start, span.end - chunk.span.start))
                continue
            # The span does not lie in this chunk (offsets into another text): find the words instead.
            found = _find_sentence(passage.text, sentence.text)
            if found:
                ranges.append(found)
    return ranges


def _find_sentence(passage_text: str, sentence_text: str) -> tuple[int, int] | None:
    words = _MARKER.sub("", sentence_text).strip().rstrip(".").strip()
    if not words:
        return None
    start = passage_text.find(words)
    return (start, start + len(words)) if start >= 0 else None


def _highlighted(text: str, ranges: list[tuple[int, int]]) -> str:
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[str] = []
    position = 0
    for start, end in merged:
        parts.append(html.escape(text[position:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def _document_names(answer: Answer) -> dict[str, str]:
    names = {p.chunk.document_id: document_name(p.document) for p in answer.passages}
    names.update({c.document_id: document_name(c.document) for c in answer.citations})
    return names


def _figure_row(figure: Figure, names: dict[str, str]) -> list[str]:
    source = names.get(figure.document_id, figure.document_id[:12])
    if figure.section_id:
        source = f"{source} · {figure.section_id}"
    return [
        figure.metric,
        figure.period,
        _format_value(figure.value),
        _unit_label(figure),
        "; ".join(_change_text(change.text, change.basis) for change in figure.changes),
        source,
    ]


def _format_value(value: float | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _unit_label(figure: Figure) -> str:
    return " ".join(part for part in (figure.unit, figure.scale) if part)


def _change_text(text: str, basis: str) -> str:
    # The verbatim wording sometimes already names its basis ("up 6.4% YoY").
    return text if not basis or basis in text else f"{text} {basis}"
