"""Figures of the bundled IIJ deck, checked by hand against its text, plus one-line cases and a
second company's document to show the patterns are not tied to the deck."""

from __future__ import annotations

from pathlib import Path

import pytest

from resultsqa.ingest.figures import extract_figures, reporting_period
from resultsqa.ingest.loaders import load_document
from resultsqa.ingest.records import Change, Document, Figure, Section, Span
from resultsqa.ingest.sections import split_sections

DECK = Path(__file__).resolve().parents[2] / "data" / "iij_1q_fy2009_results.txt"


@pytest.fixture(scope="module")
def deck() -> tuple[Document, tuple[Section, ...], tuple[Figure, ...]]:
    document = load_document(DECK)
    sections = split_sections(document)
    return document, sections, extract_figures(document, sections)


def _one(figures, section_id: str, metric: str, period: str, text: str | None = None) -> Figure:
    found = [
        f
        for f in figures
        if f.section_id == section_id and f.metric == metric and f.period == period and (text is None or f.text == text)
    ]
    assert len(found) == 1, f"{section_id} {metric!r} {period}: {found}"
    return found[0]


def _changes(figure: Figure) -> list[tuple[str, str, float, str]]:
    return [(c.basis, c.direction, c.value, c.unit) for c in figure.changes]


# (section, metric, period, text, value, unit, scale, changes as (basis, direction, value, unit))
DECK_FIGURES = [
    ("II-2", "Recurring revenues", "1Q09", "JPY13,887 million", 13887, "JPY", "million",
     [("YoY", "up", 6.4, "%"), ("QoQ", "down", 1.0, "%")]),
    ("II-2", "One time revenues", "1Q09", "JPY1,940 million", 1940, "JPY", "million",
     [("YoY", "down", 40.7, "%"), ("QoQ", "down", 60.4, "%")]),
    ("II-2", "ATM operation business revenues", "1Q09", "JPY7 million", 7, "JPY", "million",
     [("YoY", "up", 54.3, "%"), ("QoQ", "up", 20.6, "%")]),
    ("II-2", "Connectivity service", "1Q09", "", None, "%", "", [("YoY", "up", 9.4, "%"), ("QoQ", "up", 0.6, "%")]),
    ("II-2", "Systems construction", "1Q09", "", None, "%", "",
     [("YoY", "down", 40.6, "%"), ("QoQ", "down", 61.2, "%")]),
    ("II-3", "Cost of ATM operation business", "1Q09", "", None, "JPY", "million",
     [("YoY", "up", 177, "JPY"), ("QoQ", "up", 30, "JPY"), ("QoQ", "up", 18.6, "%")]),
    ("II-7", "SG&A expenses", "1Q09", "", None, "%", "", [("YoY", "up", 0.6, "%"), ("QoQ", "down", 7.5, "%")]),
    ("II-1", "Total Revenues", "1Q09", "15.8", 15.8, "JPY", "billion", [("YoY", "down", 3.0, "%")]),
    ("II-1", "Total Revenues", "1Q08", "16.3", 16.3, "JPY", "billion", []),
    ("II-1", "Total Costs (% of revenues)", "1Q09", "81.1%", 81.1, "%", "", []),
    ("II-1", "Total Costs", "1Q09", "12.8", 12.8, "JPY", "billion", [("YoY", "down", 3.5, "%")]),
    ("II-1", "SG&A/R&D", "1Q09", "2.6", 2.6, "JPY", "billion", [("YoY", "up", 1.3, "%")]),
    ("II-1", "Cost of ATM Operation business", "1Q09", "JPY192 mil", 192, "JPY", "million", []),
    ("II-1", "Cost of ATM Operation business", "1Q08", "JPY15 mil", 15, "JPY", "million", []),
    # "1Q08: 67 mil" takes its currency from "1Q09: JPY233 mil" on the same line.
    ("II-1", "Operating loss of ATM operation business", "1Q08", "67 mil", 67, "JPY", "million", []),
    ("II-12", "Cash and Cash Equivalents", "June 30, 2009", "9,897", 9897, "JPY", "million",
     [("vs March 31, 2009", "down", 290, "JPY")]),
    ("II-12", "Cash and Cash Equivalents", "March 31, 2009", "10,188", 10188, "JPY", "million", []),
    ("II-12", "Inventories", "June 30, 2009", "536", 536, "JPY", "million", [("vs March 31, 2009", "up", 6, "JPY")]),
    ("II-12", "Accumulated Deficit", "June 30, 2009", "(18,571)", -18571, "JPY", "million",
     [("vs March 31, 2009", "down", 22, "JPY")]),
    ("II-12", "Deferred tax assets (non-current)", "June 30, 2009", "2,254", 2254, "JPY", "million",
     [("vs March 31, 2009", "flat", 0, "JPY")]),
    ("III-1", "Total Revenues", "FY09 target", "73.0", 73.0, "JPY", "billion",
     [("YoY", "up", 3.3, "JPY"), ("YoY", "up", 4.7, "%")]),
    ("III-1", "Total Revenues", "1H09 target", "33.5", 33.5, "JPY", "billion", []),
    ("III-1", "Total Revenues", "FY08", "69.7", 69.7, "JPY", "billion", []),
    ("III-1", "Net Income attributable to IIJ per Share", "1H09 target", "JPY 1,481", 1481, "JPY", "", []),
    ("II-6", "Operates ATMs", "June 30, 2009", "26 ATMs", 26, "ATMs", "", []),
    ("II-4", "MVNO service", "1Q09", "28,000 lines", 28000, "lines", "", [("vs 4Q08", "up", 5000, "lines")]),
    ("II-4", "Contracts of over 1Gbps", "1Q09", "102 contracts", 102, "contracts", "",
     [("YoY", "up", 30, "contracts")]),
    ("II-4", "Backbone cost", "1Q09", "JPY919 million", 919, "JPY", "million",
     [("YoY", "up", 2.6, "%"), ("QoQ", "up", 0.3, "%")]),
    ("II-5", "The number of full-time outsourcing personnel", "1Q09", "222 people", 222, "people", "",
     [("YoY", "down", 130, "people"), ("QoQ", "down", 32, "people")]),
    ("II-8", "Hired newly graduates", "FY2009", "77 newly graduates", 77, "newly graduates", "", []),
    ("II-8", "Hired newly graduates", "FY2008", "92 newly graduates", 92, "newly graduates", "", []),
    ("II-8", "Number of employees", "1Q09", "", None, "employees", "", [("QoQ", "up", 71, "employees")]),
    ("II-8", "Personnel related cost and expenses", "1Q09", "", None, "%", "",
     [("YoY", "up", 6.6, "%"), ("YoY", "up", 172, "JPY"), ("QoQ", "up", 13.6, "%"), ("QoQ", "up", 333, "JPY")]),
    ("II-13", "Net cash provided by operating activities", "1Q09", "JPY2,164 million", 2164, "JPY", "million", []),
    ("II-12", "IIJ Shareholders' equity ratio", "1Q09", "49.9%", 49.9, "%", "", []),
    ("II-12", "Available for sale equity securities", "1Q09", "JPY900 million", 900, "JPY", "million", []),
    ("II-9", "Deferred tax expenses (income)", "4Q08", "JPY335 million", 335, "JPY", "million", []),
    ("II-10", "operating income ratio", "1Q09", "", None, "points", "", [("YoY", "up", 0.8, "points")]),
    ("I", "Target contracts", "3-year target", "20,000 contracts", 20000, "contracts", "", []),
    ("I", "Net Income Attributable to IIJ", "1Q09", "JPY\t180 million", 180, "JPY", "million",
     [("YoY", "up", 6.7, "%")]),
]


@pytest.mark.parametrize("section_id, metric, period, text, value, unit, scale, changes", DECK_FIGURES)
def test_deck_figure(deck, section_id, metric, period, text, value, unit, scale, changes):
    figure = _one(deck[2], section_id, metric, period, text)
    assert (figure.value, figure.unit, figure.scale) == (value, unit, scale)
    assert _changes(figure) == changes


def test_order_backlog_basis_prefixes_apply_until_the_next_one(deck):
    backlog = [f for f in deck[2] if f.section_id == "II-5" and f.metric == "Order Backlog"]
    assert [_changes(f) for f in backlog] == [
        [("YoY", "down", 24.3, "%"), ("YoY", "down", 1236, "JPY"), ("QoQ", "up", 34.3, "%"), ("QoQ", "up", 981, "JPY")],
        [("YoY", "up", 6.3, "%"), ("YoY", "up", 741, "JPY"), ("QoQ", "up", 4.1, "%"), ("QoQ", "up", 489, "JPY")],
    ]


def test_change_text_is_the_documents_wording(deck):
    texts = {c.text for f in deck[2] for c in f.changes}
    assert {"down 40.7%", "down\t3.0%", "(3.0%)", "up JPY981 million", "+6", "up 0.3points", "down 2.1 points"} <= texts


def test_section_ii5_revenues_keeps_its_short_label(deck):
    revenues = [f for f in deck[2] if f.section_id == "II-5" and f.metric == "Revenues"]
    assert [_changes(f)[0] for f in revenues] == [("YoY", "down", 40.6, "%"), ("YoY", "up", 2.3, "%")]


def test_every_figure_of_a_target_line_is_a_target(deck):
    # "- Target 20,000 contracts and revenues of JPY1 billion in 3 years": neither is a 1Q09 result.
    planned = [f for f in deck[2] if f.section_id == "I" and f.text in ("20,000 contracts", "JPY1 billion")]
    # the span the plan is set over is its period
    assert [(f.metric, f.period) for f in planned] == [("Target contracts", "3-year target"), ("revenues", "3-year target")]


def test_torn_summary_amount_is_not_guessed(deck):
    # "Revenue\tJPY15\t5,835 million": the number is split by extraction; keep only the change.
    revenue = _one(deck[2], "I", "Revenue", "1Q09")
    assert revenue.value is None and _changes(revenue) == [("YoY", "down", 3.0, "%")]
    assert not any("5,835" in f.text or f.text == "JPY15" for f in deck[2])


def test_every_figure_text_lies_in_its_span_and_section(deck):
    document, sections, figures = deck
    by_ordinal = {s.ordinal: s for s in sections}
    for figure in figures:
        source = document.text[figure.span.start : figure.span.end]
        assert figure.text in source
        assert all(change.text in source for change in figure.changes)
        section = by_ordinal[figure.section_ordinal]
        assert section.id == figure.section_id
        assert section.span.start <= figure.span.start and figure.span.end <= section.span.end


def test_nothing_from_chart_dump_or_press_releases_and_only_stakes_from_company_table(deck):
    document, sections, figures = deck
    dump = document.text.index("Unit: JPY million Sales and Marketing Expenses")
    dump_line = Span(dump, document.text.index("\n", dump))
    assert not [f for f in figures if dump_line.start <= f.span.start < dump_line.end]
    assert not [f for f in figures if f.section_id == "III-3"]
    texts = {f.text for f in figures}
    assert not texts & {"4/9", "2009.8.11", "10", "100", "03-5259-6500"}
    # the group companies table: each stake, named by its column and the company, as of the table's date;
    # rows whose ownership cell is empty (a merged cell on the slide) get none
    stakes = [(f.metric, f.value, f.unit, f.period) for f in figures if f.section_id == "III-2"]
    assert stakes == [
        ("Ownership of IIJ Technology Inc.", 100, "%", "July 31, 2009"),
        ("Ownership of Trust Networks Inc.", 72.3, "%", "July 31, 2009"),
        ("Ownership of GDX Japan Inc.", 60.2, "%", "July 31, 2009"),
        ("Ownership of Internet Multifeed Co.", 31, "%", "July 31, 2009"),
        ("Ownership of Internet Revolution, Inc.", 30, "%", "July 31, 2009"),
        ("Ownership of ER Taihei Computer Co., Ltd.", 45, "%", "July 31, 2009"),
    ]


def test_a_table_of_names_gives_its_percentages_by_column():
    text = (
        "Group\n"
        "(As of March 31, 2024)\n"
        "Company\tShare held\tBusiness\n"
        "Acme Cloud Ltd.\t51%\tHosting\n"
        "Beta Labs Inc.\t\tResearch\n"
    )
    document, sections = _line_document(text)
    assert [(f.metric, f.value, f.period) for f in extract_figures(document, sections)] == [
        ("Share held of Acme Cloud Ltd.", 51, "March 31, 2024")
    ]


def test_no_figure_is_a_period_or_label_token(deck):
    for figure in deck[2]:
        assert figure.metric and figure.metric[0].isalnum(), figure
        assert not figure.metric.endswith(":")
        assert figure.value is not None or figure.changes


def test_deck_reporting_period_is_detected_not_assumed(deck):
    assert reporting_period(deck[0].text) == "1Q09"
    assert reporting_period("FY2023 results. FY2023 revenue grew.") == "FY2023"
    assert reporting_period("no periods here") == ""


def _line_document(text: str) -> tuple[Document, tuple[Section, ...]]:
    document = Document(id="t", source="t.txt", title="t", text=text, pages=(Span(0, len(text)),))
    return document, (Section("t", 0, "S1", "Test", 1, Span(0, len(text))),)


# One line in → the records expected out, as (metric, value, unit, scale, period, text, changes).
LINE_CASES = [
    ("- ◆ Net sales: JPY13,887 million (up 6.4% YoY, down 1.0% QoQ)",
     [("Net sales", 13887, "JPY", "million", "", "JPY13,887 million",
       [Change("YoY", "up", 6.4, "%", "", "up 6.4%"), Change("QoQ", "down", 1.0, "%", "", "down 1.0%")])]),
    ("Cloud service: up 9.4% YoY, flat QoQ",
     [("Cloud service", None, "%", "", "", "", [Change("YoY", "up", 9.4, "%", "", "up 9.4%")])]),
    ("Margin: up 0.3points YoY",
     [("Margin", None, "points", "", "", "", [Change("YoY", "up", 0.3, "points", "", "up 0.3points")])]),
    ("Cost of goods: 2Q23: $1.2 billion, 2Q22: $1.0 billion",
     [("Cost of goods", 1.2, "$", "billion", "2Q23", "$1.2 billion", []),
      ("Cost of goods", 1.0, "$", "billion", "2Q22", "$1.0 billion", [])]),
    ("Operates 26 stores as of June 30, 2023",
     [("Operates stores", 26, "stores", "", "June 30, 2023", "26 stores", [])]),
    # The line's only quarter token is its document's reporting period.
    ("Subscribers: reached 28,000 lines (up 5,000 lines compared to 4Q22.)",
     [("Subscribers", 28000, "lines", "", "4Q22", "28,000 lines",
       [Change("vs 4Q22", "up", 5000, "lines", "", "up 5,000 lines")])]),
    ("Freight cost was EUR919 million, up 2.6% YoY and up 0.3% QoQ",
     [("Freight cost", 919, "EUR", "million", "", "EUR919 million",
       [Change("YoY", "up", 2.6, "%", "", "up 2.6%"), Change("QoQ", "up", 0.3, "%", "", "up 0.3%")])]),
    ("Hired 77 newly graduates in FY2009 (92 newly graduates for FY2008)",
     [("Hired newly graduates", 77, "newly graduates", "", "FY2009", "77 newly graduates", []),
      ("Hired newly graduates", 92, "newly graduates", "", "FY2008", "92 newly graduates", [])]),
    ("Equity ratio: 49.9%", [("Equity ratio", 49.9, "%", "", "", "49.9%", [])]),
    ("Backlog: YoY: down 24.3%, down JPY1,236 million QoQ: up 34.3%",
     [("Backlog", None, "%", "", "", "", [
         Change("YoY", "down", 24.3, "%", "", "down 24.3%"),
         Change("YoY", "down", 1236, "JPY", "million", "down JPY1,236 million"),
         Change("QoQ", "up", 34.3, "%", "", "up 34.3%")])]),
    ("Dividend payment; JPY203 million", [("Dividend payment", 203, "JPY", "million", "", "JPY203 million", [])]),
    ("Net repayment of borrowings: JPY200million",
     [("Net repayment of borrowings", 200, "JPY", "million", "", "JPY200million", [])]),
    ("EBITDA margin: 5.2%, up 1.1 points YoY",
     [("EBITDA margin", 5.2, "%", "", "", "5.2%", [Change("YoY", "up", 1.1, "points", "", "up 1.1 points")])]),
]

# Lines that hold numbers but no figure.
NON_FIGURE_LINES = [
    "Internet Initiative Japan Inc. 2009.8.11",
    "II-5. Systems Integration (1) Revenues",
    "YoY = 1Q09 compared to 1Q08 QoQ = 1Q09 compared to 4Q08",
    "10",
    "TEL: 03-5259-6500 FAX: 03-5259-6311",
    "Jinbocho Mitsui Bldg., 1-105 Kanda Jinbo-cho, Tokyo, 101-0051, Japan",
    "(1) Launched a new brand in FY2009 over 1Gbps",
    "Target 3 years of growth in 4-5 years",
    "\t\t4/9\tIIJ Adds New URL Filtering Service",
    "Had approx. 20 thousands of simultaneous access",
    "Revenue\tJPY15\t5,835 million",
    # A chart flattened into one line: numbers without their labels.
    "Sales and Marketing Expenses % of Revenues 2,978 10,668 (15.7%) 9,193 2,614 2,647 199 2,550 2.526 2,458"
    " (16.0%) (16.7%) 2,372 (15.1%) 2,301 (14.4%) 1Q07 2Q07 3Q07 4Q07 1Q08",
]


@pytest.mark.parametrize("line, expected", LINE_CASES, ids=[case[0][:40] for case in LINE_CASES])
def test_line_cases(line, expected):
    document, sections = _line_document(line)
    figures = extract_figures(document, sections)
    got = [(f.metric, f.value, f.unit, f.scale, f.period, f.text, list(f.changes)) for f in figures]
    assert got == expected


@pytest.mark.parametrize("line", NON_FIGURE_LINES)
def test_non_figure_lines(line):
    document, sections = _line_document(line)
    assert extract_figures(document, sections) == ()


def test_table_with_header_unit_and_change_column():
    text = (
        "Results\n"
        "Unit: USD thousand\n"
        "\tFY2023\tFY2022\tChanges\n"
        "Net revenue\t1,200\t1,000\t+200\n"
        "Net loss\t(50)\t(80)\t30\n"
    )
    document, sections = _line_document(text)
    figures = extract_figures(document, sections)
    assert [(f.metric, f.value, f.unit, f.scale, f.period) for f in figures] == [
        ("Net revenue", 1200, "USD", "thousand", "FY2023"),
        ("Net revenue", 1000, "USD", "thousand", "FY2022"),
        ("Net loss", -50, "USD", "thousand", "FY2023"),
        ("Net loss", -80, "USD", "thousand", "FY2022"),
    ]
    assert figures[0].changes == (Change("vs FY2022", "up", 200, "USD", "thousand", "+200"),)
    assert figures[2].changes == (Change("vs FY2022", "up", 30, "USD", "thousand", "30"),)


def test_markdown_document_of_another_company():
    text = (
        "# Acme Corp 2Q23 results\n\n"
        "## 1. Highlights\n\n"
        "- Revenue: $4.2 billion (up 12% YoY, up 3% QoQ)\n"
        "- Active customers: 1,250 customers, up 80 customers QoQ\n"
        "- Opened 12 stores in 2Q23\n\n"
        "## 2. Costs\n\n"
        "- Operating expenses were $1.1 billion, down 2.5% YoY\n"
        "- Headcount: 3,400 employees as of June 30, 2023\n"
    )
    document = Document(id="acme", source="acme.md", title="Acme", text=text, pages=(Span(0, len(text)),))
    sections = split_sections(document)
    figures = extract_figures(document, sections)
    summary = [(f.section_id, f.metric, f.value, f.unit, f.scale, f.period) for f in figures]
    assert summary == [
        ("1", "Revenue", 4.2, "$", "billion", "2Q23"),
        ("1", "Active customers", 1250, "customers", "", "2Q23"),
        ("1", "Opened stores", 12, "stores", "", "2Q23"),
        ("2", "Operating expenses", 1.1, "$", "billion", "2Q23"),
        ("2", "Headcount", 3400, "employees", "", "June 30, 2023"),
    ]
    assert _changes(figures[0]) == [("YoY", "up", 12, "%"), ("QoQ", "up", 3, "%")]
    assert _changes(figures[3]) == [("YoY", "down", 2.5, "%")]


def test_without_sections_the_whole_text_is_read():
    text = "Revenue: JPY10 million"
    document = Document(id="x", source="x.txt", title="x", text=text, pages=(Span(0, len(text)),))
    (figure,) = extract_figures(document, ())
    assert (figure.section_ordinal, figure.section_id, figure.span) == (0, "", Span(0, len(text)))


def test_an_expectation_is_a_plan_with_its_span_not_a_result_of_the_quarter(deck):
    # "- Expects to introduce around 8,000 ATMs in 4-5 years"
    (planned,) = [f for f in deck[2] if f.text == "8,000 ATMs"]
    assert (planned.metric, planned.period, planned.value) == ("ATMs to introduce", "4-5-year target", 8000)


def test_a_forecast_slides_prose_is_the_forecast_years_plan(deck):
    # "III-1. Reference: Forecast for FY2009": "We expected a decrease … to approximately JPY1 billion"
    (loss,) = [f for f in deck[2] if f.metric == "Operating loss related to 4 new subsidiaries"]
    assert (loss.period, loss.value, loss.scale) == ("FY09 target", 1.0, "billion")
    text = (
        "# Acme Corp 2Q23 results\n\n"
        "## 1. Highlights\n\n"
        "- Revenue: $4.2 billion (up 12% YoY)\n\n"
        "## 2. FY2023 Outlook\n\n"
        "- Revenue: $17.5 billion\n"
    )
    document = Document(id="acme", source="acme.md", title="Acme", text=text, pages=(Span(0, len(text)),))
    figures = extract_figures(document, split_sections(document))
    assert [(f.value, f.period) for f in figures] == [(4.2, "2Q23"), (17.5, "FY23 target")]
