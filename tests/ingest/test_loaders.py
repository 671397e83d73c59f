import hashlib

from resultsqa.ingest.loaders import SUPPORTED_SUFFIXES, load_document
from resultsqa.ingest.records import Span


def test_supported_suffixes_cover_the_four_formats():
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".markdown", ".pdf", ".html", ".htm"}


def test_text_document_keeps_text_and_hashes_bytes(deck, deck_path):
    raw = deck_path.read_bytes()
    assert deck.id == hashlib.sha256(raw).hexdigest()
    assert deck.source == str(deck_path)
    assert deck.title == "1st Quarter FY2009 Consolidated Financial Results"
    assert deck.text == raw.decode("utf-8")
    assert deck.pages == (Span(0, len(deck.text)),)


def test_text_crlf_becomes_lf_and_bom_is_dropped(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst line\r\nsecond line\r\n")
    document = load_document(path)
    assert document.text == "First line\nsecond line\n"
    assert document.title == "First line"


def test_source_is_the_path_as_given(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("hello\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_document("a.txt").source == "a.txt"


def test_markdown_title_is_first_heading(tmp_path):
    path = tmp_path / "q1.md"
    path.write_text("intro line\n\n# Q1 Results\n\n## 2.3 Revenue\nUp 5%.\n", encoding="utf-8")
    document = load_document(path)
    assert document.title == "Q1 Results"
    assert document.text.startswith("intro line\n\n# Q1 Results")


def test_html_drops_scripts_and_turns_headings_into_markdown(tmp_path):
    path = tmp_path / "page.HTML"
    path.write_text(
        "<html><head><title>Q1 deck</title><style>p {color: red}</style>"
        "<script>var secret = 1;</script></head><body>"
        "<h1>Summary</h1><p>Revenue   fell\n 3%.</p><noscript>enable js</noscript>"
        "<template><p>hidden</p></template><!-- a comment -->"
        "<h2>II-5. Systems Integration</h2><ul><li>Backlog up</li><li>Costs down</li></ul>"
        "line one<br>line two<pre>a  b\nc</pre></body></html>",
        encoding="utf-8",
    )
    document = load_document(path)
    assert document.title == "Q1 deck"
    lines = document.text.split("\n")
    assert "# Summary" in lines
    assert "## II-5. Systems Integration" in lines
    assert "Revenue fell 3%." in lines
    assert "- Backlog up" in lines and "- Costs down" in lines
    assert "line one" in lines and "line two" in lines
    assert "a b" in lines and "c" in lines
    for dropped in ("secret", "color", "enable js", "hidden", "a comment"):
        assert dropped not in document.text


def test_html_without_title_uses_first_heading(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text("<p>lead</p><h3>Topics</h3><p>body</p>", encoding="utf-8")
    assert load_document(path).title == "Topics"


def test_deeply_nested_html_does_not_hit_the_recursion_limit(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<div>" * 5000 + "deep text" + "</div>" * 5000, encoding="utf-8")
    assert load_document(path).text == "deep text"


def test_pdf_pages_keep_their_numbers(make_pdf):
    path = make_pdf("two.pdf", ["Revenue fell 3% on page one.", "Backlog rose on page two."])
    document = load_document(path)
    assert len(document.pages) == 2
    first, second = (document.text[p.start : p.end] for p in document.pages)
    assert "page one" in first and "page two" in second
    assert document.text == first + "\n\n" + second
    assert document.page_at(document.text.index("Backlog")) == 2
    assert document.page_at(document.text.index("Revenue")) == 1
    assert document.title == "Revenue fell 3% on page one."
    assert document.id == hashlib.sha256(path.read_bytes()).hexdigest()


def test_pdf_title_comes_from_metadata(make_pdf):
    path = make_pdf("meta.pdf", ["Body text"], title="IIJ 1Q FY2009")
    assert load_document(path).title == "IIJ 1Q FY2009"


def test_pdf_with_owner_password_only_opens(make_pdf):
    # An empty user password means anyone may read it; only editing is restricted.
    path = make_pdf("owner.pdf", ["Readable text"], user_password="")
    assert "Readable text" in load_document(path).text
