from resultsqa.ingest.loaders import load_document
from resultsqa.ingest.records import Document, Span
from resultsqa.ingest.sections import body_span, parse_heading, split_sections

EXPECTED_DECK_IDS = (
    ["p1", "I", "II", "III", "I"]
    + ["II-1", "II-2", "II-3", "II-4", "II-4", "II-5", "II-5"]
    + [f"II-{n}" for n in range(6, 16)]
    + ["III-1", "III-2", "III-3"]
)


def _document(text, pages=None):
    return Document(id="d" * 64, source="x.txt", title="Doc", text=text, pages=pages or (Span(0, len(text)),))


def test_deck_section_ids_in_order(deck_sections):
    assert [s.id for s in deck_sections] == EXPECTED_DECK_IDS
    assert [s.ordinal for s in deck_sections] == list(range(len(EXPECTED_DECK_IDS)))


def test_repeated_labels_stay_separate_with_their_own_titles(deck_sections):
    titles = {s.id: [] for s in deck_sections}
    for s in deck_sections:
        titles[s.id].append(s.title)
    assert titles["II-4"] == [
        "Connectivity and Outsourcing Services (1) Revenues",
        "Connectivity and Outsourcing Services (1) Cost of Revenues",
    ]
    assert titles["II-5"] == ["Systems Integration (1) Revenues", "Systems Integration (2) Cost of Revenues"]
    assert titles["III-3"] == ["Reference: Press Release"]


def test_summary_section_holds_the_summary_and_agenda_sections_are_empty(deck, deck_sections):
    summaries = [s for s in deck_sections if s.id == "I"]
    agenda, summary = summaries
    assert deck.text[slice(*_bounds(body_span(deck, agenda)))].strip() == ""
    body = deck.text[slice(*_bounds(body_span(deck, summary)))]
    assert "Recurring revenues: up 6.4% YoY" in body
    assert not body.startswith("I. Summary")


def test_sections_tile_the_document(deck, deck_sections):
    assert deck_sections[0].span.start == 0
    assert deck_sections[-1].span.end == len(deck.text)
    for before, after in zip(deck_sections, deck_sections[1:]):
        assert before.span.end == after.span.start
    for section in deck_sections[1:]:
        assert deck.text[section.span.start :].startswith(f"{section.id}. {section.title}")


def test_preamble_section_takes_document_title(deck_sections):
    preamble = deck_sections[0]
    title = "1st Quarter FY2009 Consolidated Financial Results"
    assert (preamble.id, preamble.title, preamble.page) == ("p1", title, 1)


def test_deck_heading_pattern_rejects_sentences():
    assert parse_heading("II-5. Systems Integration (1) Revenues") == ("II-5", "Systems Integration (1) Revenues")
    assert parse_heading("III. Reference Materials") == ("III", "Reference Materials")
    for not_heading in (
        "I. e. the company grew",  # lower-case title
        "III Technology\tIIJ Technology Inc.",  # no ". "
        "IIII. Four is not a numeral",
        " II-5. Indented lines are body text",
        "- II-5. Bullets are body text",
        "Revenues: down 40.6% YoY",
        "2.3 Revenue",  # numeric labels only count inside Markdown headings
    ):
        assert parse_heading(not_heading) is None, not_heading


def test_markdown_headings_use_labels_or_numbered_ids():
    text = (
        "Lead text\n# Overview\nabout\n## 2.3 Revenue\nup\n"
        "### II-5. Systems Integration\nSI\n## Outlook ##\nfine\n## 2023 Results\nok\n"
    )
    sections = split_sections(_document(text))
    assert [(s.id, s.title) for s in sections] == [
        ("p1", "Doc"),
        ("S1", "Overview"),
        ("2.3", "Revenue"),
        ("II-5", "Systems Integration"),
        ("S2", "Outlook"),
        ("S3", "2023 Results"),
    ]


def test_document_without_headings_is_one_section():
    text = "just some prose\nwith two lines\n"
    (section,) = split_sections(_document(text))
    assert (section.id, section.title, section.span) == ("p1", "Doc", Span(0, len(text)))


def test_pdf_without_headings_gets_a_section_per_page(make_pdf):
    document = load_document(make_pdf("pages.pdf", ["Revenue fell.\nMore text.", "Backlog rose."]))
    sections = split_sections(document)
    assert [(s.id, s.title, s.page) for s in sections] == [
        ("p1", "Page 1: Revenue fell.", 1),
        ("p2", "Page 2: Backlog rose.", 2),
    ]


def test_pdf_headings_get_page_numbers(make_pdf):
    document = load_document(make_pdf("deck.pdf", ["I. Summary\nRevenue fell.", "II-1. Results\nBacklog rose."]))
    assert [(s.id, s.page) for s in split_sections(document)] == [("I", 1), ("II-1", 2)]


def _bounds(span):
    return span.start, span.end
