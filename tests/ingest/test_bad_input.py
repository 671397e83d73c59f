"""Every way a file can be unreadable ends in one DocumentError naming the file, the problem and the fix."""

from pathlib import Path

import pytest

from resultsqa.errors import DocumentError
from resultsqa.ingest.loaders import load_document


def _load_error(path) -> str:
    with pytest.raises(DocumentError) as raised:
        load_document(path)
    message = str(raised.value)
    assert Path(path).name in message
    assert "\n" not in message
    assert raised.value.fix  # every error tells the user what to do
    return message


def test_missing_file(tmp_path):
    assert "no such file" in _load_error(tmp_path / "missing.txt")


def test_directory(tmp_path):
    folder = tmp_path / "deck.txt"
    folder.mkdir()
    assert "is a directory" in _load_error(folder)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    assert "empty" in _load_error(path)


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\r\n  \n", encoding="utf-8")
    assert "only whitespace" in _load_error(path)


def test_html_without_readable_text(tmp_path):
    path = tmp_path / "script.html"
    path.write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    assert "no readable text" in _load_error(path)


def test_unsupported_suffix_lists_the_supported_ones(tmp_path):
    path = tmp_path / "deck.docx"
    path.write_bytes(b"PK\x03\x04")
    message = _load_error(path)
    assert "'.docx'" in message
    for suffix in (".txt", ".md", ".markdown", ".pdf", ".html", ".htm"):
        assert suffix in message


def test_binary_content_in_a_text_format(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in _load_error(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes("Résultats du trimestre".encode("latin-1"))
    message = _load_error(path)
    assert "not valid UTF-8" in message and "Re-save it as UTF-8" in message


def test_encrypted_pdf(make_pdf):
    path = make_pdf("locked.pdf", ["Secret results"], user_password="s3cret")
    assert "remove the password" in _load_error(path).lower()


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf at all\n%%EOF")
    assert "corrupt" in _load_error(path)


def test_truncated_pdf(make_pdf):
    path = make_pdf("cut.pdf", ["Revenue fell."])
    path.write_bytes(path.read_bytes()[:200])
    assert "corrupt" in _load_error(path)


def test_pdf_without_text_layer(make_pdf):
    path = make_pdf("scan.pdf", [""])
    assert "OCR it first" in _load_error(path)


def test_file_vanishing_mid_read(tmp_path, monkeypatch):
    path = tmp_path / "gone.txt"
    path.write_text("here a moment ago", encoding="utf-8")

    def vanish(self):
        raise FileNotFoundError(2, "No such file or directory", str(self))

    monkeypatch.setattr(Path, "read_bytes", vanish)
    assert "disappeared" in _load_error(path)


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("no access", encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert "Permission denied" in _load_error(path)
