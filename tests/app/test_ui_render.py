"""What the UI shows for an answer: escaping, sources panel, figures table, chart, abstentions. No browser."""

from __future__ import annotations

import re

import pytest

from resultsqa.app import ui_render
from resultsqa.app.records import Answer, Citation, Sentence, Timings
from resultsqa.index.records import Passage
from resultsqa.ingest.records import Change, Chunk, Figure, Span

DOC_ID = "d" * 64
# The chunk starts at offset 100 of its document; its second line is the supporting sentence.
CHUNK_TEXT = "SI slide\n- Revenues: down 40.6% YoY, down 61.2% QoQ\n- 1st quarters are usually lowest"
SUPPORT = "- Revenues: down 40.6% YoY, down 61.2% QoQ"
SUPPORT_START = 100 + CHUNK_TEXT.index(SUPPORT)


def make_chunk(text: str = CHUNK_TEXT, chunk_id: str = "c1", start: int = 100) -> Chunk:
    return Chunk(
        id=chunk_id,
        document_id=DOC_ID,
        section_ordinal=7,
        section_id="II-5",
        section_title="Systems Integration (1) Revenues",
        page=3,
        span=Span(start, start + len(text)),
        text=text,
        tokens=20,
    )


def make_citation(chunk: Chunk, span: Span) -> Citation:
    return Citation(
        marker=f"[{chunk.section_id}]",
        document_id=DOC_ID,
        document="/data/deck.txt",
        section_id=chunk.section_id,
        section_title=chunk.section_title,
        page=chunk.page,
        span=span,
        chunk_id=chunk.id,
    )


def make_figure(**overrides) -> Figure:
    fields = dict(
        document_id=DOC_ID,
        metric="Systems Integration revenues",
        value=None,
        unit="%",
        scale="",
        period="1Q09",
        text="down 40.6%",
        changes=(Change("YoY", "down", 40.6, "%", "", "down 40.6%"),),
        section_ordinal=7,
        section_id="II-5",
        span=Span(SUPPORT_START, SUPPORT_START + 10),
    )
    fields.update(overrides)
    return Figure(**fields)


def make_answer(
    text: str = "Systems Integration revenues were down 40.6% YoY [II-5].",
    *,
    chunk: Chunk | None = None,
    citation_span: Span = Span(SUPPORT_START, SUPPORT_START + len(SUPPORT)),
    figures: tuple[Figure, ...] = (),
    abstained: bool = False,
    reason: str = "",
) -> Answer:
    chunk = chunk or make_chunk()
    citation = make_citation(chunk, citation_span)
    sentences = () if abstained else (Sentence(text, (citation,)),)
    passage = Passage(chunk=chunk, document="/data/deck.txt", score=1.0, rank=1, retrievers=("bm25",), figures=())
    return Answer(
        question="Why did SI revenue fall?",
        kind="why",
        text=text,
        sentences=sentences,
        citations=() if abstained else (citation,),
        figures=figures,
        passages=(passage,),
        abstained=abstained,
        reason=reason,
        timings=Timings(1.0, 1.0, 2.0),
    )


# --- escaping ------------------------------------------------------------------------------------

HOSTILE = '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> ![x](http://remote.example/x.png)'


def test_escape_markdown_leaves_no_raw_html_or_markdown_image_or_autolink():
    escaped = ui_render.escape_markdown(HOSTILE)
    assert "<" not in escaped and ">" not in escaped
    assert "&lt;script&gt;" in escaped
    assert "![" not in escaped  # "\!\[" cannot open an image
    assert "](" not in escaped  # nor can "\]\(" close a link
    assert "http://" not in escaped  # "http\://" is not autolinked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a*b*c", r"a\*b\*c"),
        ("x_y_z", r"x\_y\_z"),
        ("$$E=mc^2$$", r"\$\$E=mc^2\$\$"),
        ("- item", r"\- item"),
        ("3. third", r"3\. third"),
        ("AT&T", "AT&amp;T"),
        ("down 40.6% YoY", "down 40.6% YoY"),  # ordinary prose is left readable
    ],
)
def test_escape_markdown_cases(text, expected):
    assert ui_render.escape_markdown(text) == expected


def test_markers_stay_readable_while_the_text_around_them_is_escaped():
    escaped = ui_render.escape_keeping_markers(
        "Revenues fell 40.6% [II-5]. See ![x](http://e.x/x.png) [II-4 (1)]", {"[II-5]", "[x]", "[II-4 (1)]"}
    )
    assert "40.6% [II-5]." in escaped
    assert r"\![x]\(http\://e.x/x.png\)" in escaped
    # "[x]" is a known marker, yet its "!" and "(" are escaped, so no image can form; a marker holding
    # anything but letters, digits, dots, dashes and spaces is escaped like the rest.
    assert r"\[II-4 \(1\)\]" in escaped


def test_brackets_that_are_not_the_answers_markers_are_escaped():
    escaped = ui_render.escape_keeping_markers("[click](http://evil.example)", {"[II-5]"})
    assert escaped == r"\[click\]\(http\://evil.example\)"


# --- chat messages -------------------------------------------------------------------------------


def test_answer_markdown_shows_text_and_markers_without_abstention_styling():
    markdown = ui_render.answer_markdown(make_answer())
    assert markdown == "Systems Integration revenues were down 40.6% YoY [II-5]."
    assert ui_render.ABSTENTION_CLASS not in markdown


def test_abstention_is_styled_apart_and_keeps_its_text():
    answer = make_answer(
        "The document does not say: it never mentions Sony. Closest sections: [II-5].",
        abstained=True,
        reason="it never mentions Sony",
    )
    markdown = ui_render.answer_markdown(answer)
    assert markdown.startswith(f'<div class="{ui_render.ABSTENTION_CLASS}">')
    assert "⚠" in markdown
    assert "it never mentions Sony" in markdown
    assert markdown.count("it never mentions Sony") == 1  # the reason is not repeated when the text holds it
    assert "Closest sections\\: [II-5]." in markdown


def test_abstention_without_text_falls_back_to_its_reason():
    markdown = ui_render.answer_markdown(make_answer("", abstained=True, reason="nothing about <b>Mars</b>"))
    assert "nothing about &lt;b&gt;Mars&lt;/b&gt;" in markdown
    assert "<b>" not in markdown


def test_error_markdown_is_one_escaped_line_in_its_own_style():
    markdown = ui_render.error_markdown("question <x>: is empty")
    assert f'class="{ui_render.ERROR_CLASS}"' in markdown
    assert "⛔ question &lt;x&gt;\\: is empty" in markdown


# --- sources panel -------------------------------------------------------------------------------


def test_sources_panel_names_document_section_page_and_marks_the_support():
    html = ui_render.sources_html(make_answer())
    assert "deck.txt" in html and "/data/" not in html
    assert "II-5 Systems Integration (1) Revenues" in html
    assert "page 3" in html
    assert f"<mark>{SUPPORT}</mark>" in html
    assert html.count("<mark>") == 1
    assert "SI slide\n" in html  # unsupported text is shown too, unmarked


def test_sources_panel_escapes_document_text_inside_and_outside_the_mark():
    text = f"{HOSTILE}\n- Revenues: down 40.6% YoY"
    chunk = make_chunk(text)
    start = 100 + text.index("<img")
    html = ui_render.sources_html(make_answer(chunk=chunk, citation_span=Span(start, start + 40)))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>&lt;img src=x onerror=" in html


def test_sources_panel_finds_the_sentence_when_the_span_lies_outside_the_chunk():
    answer = make_answer("Revenues: down 40.6% YoY, down 61.2% QoQ [II-5].", citation_span=Span(0, 5))
    html = ui_render.sources_html(answer)
    assert "<mark>Revenues: down 40.6% YoY, down 61.2% QoQ</mark>" in html


def test_sources_panel_merges_overlapping_support():
    chunk = make_chunk()
    first = make_citation(chunk, Span(SUPPORT_START, SUPPORT_START + 20))
    second = make_citation(chunk, Span(SUPPORT_START + 10, SUPPORT_START + len(SUPPORT)))
    answer = make_answer()
    answer = Answer(
        **{
            **answer.__dict__,
            "sentences": (Sentence("a [II-5].", (first,)), Sentence("b [II-5].", (second,))),
            "citations": (first, second),
        }
    )
    html = ui_render.sources_html(answer)
    assert re.findall(r"<mark>(.*?)</mark>", html) == [SUPPORT]


def test_sources_panel_says_so_when_nothing_is_cited():
    answer = make_answer("The document does not say.", abstained=True, reason="no")
    assert ui_render.sources_html(answer) == '<p class="rqa-empty">No sources cited.</p>'


# --- figures table and chart ---------------------------------------------------------------------


def test_figures_table_has_the_columns_and_one_row_per_figure():
    value_figure = make_figure(
        metric="Recurring revenues",
        value=13887.0,
        unit="JPY",
        scale="million",
        text="JPY13,887 million",
        changes=(Change("YoY", "up", 6.4, "%", "", "up 6.4%"), Change("QoQ", "down", 1.0, "%", "", "down 1.0% QoQ")),
        section_id="II-2",
    )
    table = ui_render.figures_table(make_answer(figures=(make_figure(), value_figure)))
    assert table["headers"] == ["metric", "period", "value", "unit", "change", "source"]
    assert table["data"] == [
        ["Systems Integration revenues", "1Q09", "", "%", "down 40.6% YoY", "deck.txt · II-5"],
        ["Recurring revenues", "1Q09", "13,887", "JPY million", "up 6.4% YoY; down 1.0% QoQ", "deck.txt · II-2"],
    ]


def test_figures_table_keeps_decimals():
    table = ui_render.figures_table(make_answer(figures=(make_figure(value=15.8, unit="JPY", scale="billion"),)))
    assert table["data"][0][2:4] == ["15.8", "JPY billion"]


def test_no_chart_for_figures_of_one_period():
    figures = (make_figure(value=13887.0, unit="JPY", scale="million"),)
    assert ui_render.chart(make_answer(figures=figures)) is None


def test_no_chart_for_changes_without_values():
    figures = (make_figure(period="1Q09"), make_figure(period="1Q08"))
    assert ui_render.chart(make_answer(figures=figures)) is None


def test_chart_for_two_periods_in_the_most_common_unit():
    figures = (
        make_figure(metric="Revenues", value=15.8, unit="JPY", scale="billion", period="1Q09"),
        make_figure(metric="Revenues", value=16.3, unit="JPY", scale="billion", period="1Q08"),
        make_figure(metric="Gross margin ratio", value=18.9, unit="%", period="1Q09"),
    )
    chart = ui_render.chart(make_answer(figures=figures))
    assert chart == ui_render.Chart(
        unit="JPY billion",
        points=(ui_render.ChartPoint("1Q09", 15.8, "Revenues"), ui_render.ChartPoint("1Q08", 16.3, "Revenues")),
    )
