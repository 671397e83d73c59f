"""The chat UI in headless Chromium, offline: answers, figures grid, upload, and hostile documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning"),
]

SCREENSHOT_COPY = Path(__file__).resolve().parents[2] / ".resultsqa" / "screenshots" / "si_answer.png"
ANSWER_TIMEOUT_MS = 20_000


def ask(page, question: str) -> None:
    box = page.get_by_placeholder("Type a message...")
    box.fill(question)
    box.press("Enter")


def figures_grid(page):
    return page.get_by_role("grid", name="Figures")


def test_si_question_shows_answer_citation_and_figures(deck_app, visit, tmp_path):
    from playwright.sync_api import expect

    opened = visit(deck_app)
    page = opened.page
    ask(page, "Why did SI revenue fall?")

    bot = page.get_by_test_id("bot").last
    expect(bot).to_contain_text("[II-5]", timeout=ANSWER_TIMEOUT_MS)
    # Saved before the checks below, so a failing answer can still be looked at.
    screenshot = tmp_path / "si_answer.png"
    page.screenshot(path=screenshot, full_page=True)
    SCREENSHOT_COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(screenshot, SCREENSHOT_COPY)
    expect(bot).to_contain_text("40.6%")
    grid = figures_grid(page)
    for column in ("metric", "period", "value", "unit", "change", "source"):
        expect(grid.get_by_role("columnheader").filter(has_text=column)).to_have_count(1)
    first_row = grid.get_by_role("row").nth(1)
    expect(first_row).to_contain_text("down 40.6% YoY")
    expect(first_row).to_contain_text("II-5")
    expect(page.locator(".rqa-source mark").first).to_be_visible()
    assert opened.outside == []


def test_abstention_looks_different_from_an_answer(deck_app, visit):
    from playwright.sync_api import expect

    opened = visit(deck_app)
    ask(opened.page, "What was the dividend of Sony?")
    abstention = opened.page.get_by_test_id("bot").last.locator(".rqa-abstention")
    expect(abstention).to_contain_text("does not say", timeout=ANSWER_TIMEOUT_MS)
    expect(abstention).to_contain_text("⚠")
    # The style sheet reaches it: a coloured bar on its left, which answers do not have.
    assert abstention.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    assert opened.outside == []


def test_uploaded_pdf_is_ingested_and_answered(deck_index, app_over, visit, tmp_path):
    from fpdf import FPDF
    from playwright.sync_api import expect

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "Acme Corp results. Widget revenue was USD 12.5 million, up 4.0% year over year.")
    path = tmp_path / "acme_results.pdf"
    pdf.output(str(path))

    # Its own app: the upload grows the index, which the other tests must not see.
    with app_over(deck_index) as url:
        opened = visit(url)
        page = opened.page
        page.locator("#rqa-upload input[type=file]").set_input_files(str(path))
        expect(page.get_by_text("Added acme_results.pdf")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
        # Two documents now: the selector appears, both chosen.
        expect(page.get_by_label("Documents")).to_be_visible()

        ask(page, "What was widget revenue?")
        expect(page.get_by_test_id("bot").last).to_contain_text("12.5 million", timeout=ANSWER_TIMEOUT_MS)
        first_row = figures_grid(page).get_by_role("row").nth(1)
        expect(first_row).to_contain_text("Widget revenue")
        expect(first_row).to_contain_text("12.5")
        expect(first_row).to_contain_text("acme_results.pdf")
        assert opened.outside == []


def test_rejected_upload_says_why(deck_index, app_over, visit, tmp_path):
    from playwright.sync_api import expect

    big = tmp_path / "big_deck.txt"
    big.write_text("Revenue was JPY1 million.\n" * 60_000)  # about 1.5 MB
    with app_over(deck_index, max_upload_mb=1) as url:
        opened = visit(url)
        opened.page.locator("#rqa-upload input[type=file]").set_input_files(str(big))
        message = opened.page.locator(".rqa-error")
        expect(message).to_contain_text("big_deck.txt", timeout=ANSWER_TIMEOUT_MS)
        expect(message).to_contain_text("over the 1 MB limit")
        assert opened.outside == []


def test_hostile_document_text_runs_nothing_and_loads_nothing(hostile_app, visit):
    from playwright.sync_api import expect

    opened = visit(hostile_app)
    page = opened.page
    ask(page, "What were Gizmo sales?")

    expect(page.get_by_test_id("bot").last).to_contain_text("7.25 million", timeout=ANSWER_TIMEOUT_MS)
    source = page.locator(".rqa-source-text").filter(has_text="Gizmo sales were")
    # Shown as text, which proves the passage reached the page and was escaped, not dropped.
    expect(source).to_contain_text("<script>window.__pwned=1</script>")
    expect(source).to_contain_text('<img src=x onerror="window.__pwned=2">')
    expect(source).to_contain_text("![x](http://remote.example/x.png)")

    # A hostile question is echoed in the chat as text too (the engine abstains on its odd words).
    hostile_question = 'Gizmo? <img src=x onerror="window.__pwned=3"> ![y](http://remote.example/y.png)'
    ask(page, hostile_question)
    expect(page.get_by_test_id("user").last).to_contain_text(hostile_question, timeout=ANSWER_TIMEOUT_MS)
    expect(page.get_by_test_id("bot")).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_timeout(500)  # give an injected onerror handler its chance to fire
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert [url for url in opened.outside if "remote.example" in url] == []
    assert opened.outside == []


@pytest.mark.parametrize("periods", [("1Q09", "1Q08"), ("1Q09",)])
def test_bar_chart_shows_only_for_two_or_more_periods(app_over, visit, monkeypatch, periods):
    from playwright.sync_api import expect

    from resultsqa.app import ui
    from resultsqa.app.records import Answer, Timings
    from resultsqa.ingest.records import Document, Figure, Span

    figures = tuple(
        Figure("d" * 64, "Total revenues", value, "JPY", "billion", period, f"JPY{value} billion")
        for period, value in zip(periods, (15.8, 16.3))
    )
    reply = Answer("q", "compare", "Revenues fell [II-1].", (), (), figures, (), False, "", Timings(0, 0, 0))
    monkeypatch.setattr(ui, "answer", lambda question, index, **_: reply)
    fake_index = type("FakeIndex", (), {"documents": (Document("d" * 64, "deck.txt", "t", "x", (Span(0, 1),)),)})

    with app_over(fake_index()) as url:
        opened = visit(url)
        ask(opened.page, "Compare revenues")
        expect(opened.page.get_by_test_id("bot").last).to_contain_text("[II-1]", timeout=ANSWER_TIMEOUT_MS)
        expect(figures_grid(opened.page).get_by_role("row")).to_have_count(1 + len(periods))
        if len(periods) > 1:
            expect(opened.page.locator("canvas, svg.marks").first).to_be_visible()
        else:
            expect(opened.page.locator("canvas, svg.marks")).to_have_count(0)
        assert opened.outside == []
