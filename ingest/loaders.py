"""Turn a file on disk into a Document: plain text, Markdown, HTML or PDF.

Every way a file can be unreadable ends in a one-line DocumentError naming the file, the problem and
the fix, so a user never sees a parser's stack trace.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from resultsqa.errors import DocumentError
from resultsqa.ingest.records import Document, Span

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES: tuple[str, ...] = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES

_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.*?)[ \t#]*$", re.MULTILINE)
_HTML_DROPPED = ("script", "style", "noscript", "template", "head", "title")
_HTML_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_HTML_BLOCKS = frozenset(
    "address article aside blockquote body dd details div dl dt fieldset figcaption figure footer form "
    "header hr li main nav ol p pre section summary table tbody thead tfoot tr ul caption".split()
)
_HTML_CELLS = frozenset({"td", "th"})
_HTML_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read a results document into text with page offsets.

    Args:
        path: a .txt, .md/.markdown, .html/.htm or .pdf file.

    Returns:
        A Document whose id is the sha256 of the file's bytes and whose `source` is `path` as given.
        Text and Markdown are kept as written (only CRLF becomes LF), so spans point at what the user sees.

    Raises:
        DocumentError: the path is missing, a directory, empty, of an unsupported type, binary, not UTF-8,
            or a PDF that is encrypted, corrupt or has no text layer.

    Example:
        >>> load_document("data/iij_1q_fy2009_results.txt").title
        '1st Quarter FY2009 Consolidated Financial Results'
    """
    source = os.fspath(path)
    file = Path(source)
    suffix = file.suffix.lower()
    if not file.exists():
        raise DocumentError(source, "no such file", "Check the path and try again")
    if file.is_dir():
        raise DocumentError(source, "is a directory, not a file", f"Pass a file ({_supported()})")
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            source, f"unsupported file type '{suffix or '(none)'}'", f"Convert it to one of {_supported()}"
        )
    data = _read_bytes(file, source)
    if not data:
        raise DocumentError(source, "the file is empty", "Pick a file that contains the document text")
    digest = hashlib.sha256(data).hexdigest()
    if suffix in PDF_SUFFIXES:
        return _load_pdf(data, source, digest)
    text = _decode_text(data, source)
    if suffix in HTML_SUFFIXES:
        title, text = _html_to_text(text)
        if not text:
            raise DocumentError(source, "the HTML page has no readable text", "Pick a page with body text")
    else:
        title = _first_markdown_heading(text) if suffix != ".txt" else ""
    return Document(
        id=digest,
        source=source,
        title=title or _first_line(text),
        text=text,
        pages=(Span(0, len(text)),),
    )


def _supported() -> str:
    return "supported: " + ", ".join(SUPPORTED_SUFFIXES)


def _read_bytes(file: Path, source: str) -> bytes:
    try:
        return file.read_bytes()
    except FileNotFoundError:
        # It existed a moment ago: moved or deleted while we were reading it.
        raise DocumentError(
            source, "the file disappeared while being read", "Check it still exists and try again"
        ) from None
    except OSError as error:
        raise DocumentError(
            source, f"cannot be read ({error.strerror or error})", "Check its permissions and try again"
        ) from None


def _decode_text(data: bytes, source: str) -> str:
    if b"\x00" in data:
        raise DocumentError(
            source,
            "contains binary data (NUL bytes), not text",
            f"Pass a text document ({_supported()}); if it is UTF-16, re-save it as UTF-8",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            source, f"is not valid UTF-8 (bad byte at offset {error.start})", "Re-save it as UTF-8"
        ) from None
    if not text.strip():
        raise DocumentError(source, "contains only whitespace", "Pick a file that contains the document text")
    return text.replace("\r\n", "\n")


def _first_markdown_heading(text: str) -> str:
    for match in _MARKDOWN_HEADING.finditer(text):
        if match["text"].strip():
            return match["text"].strip()
    return ""


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _html_to_text(markup: str) -> tuple[str, str]:
    """(title, text) of an HTML page; headings become Markdown heading lines so sections split on them."""
    soup = BeautifulSoup(markup, "html.parser")
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else ""
    for tag in soup.find_all(_HTML_DROPPED):
        tag.decompose()
    parts: list[str] = []
    # An explicit stack rather than recursion: a hostile page can nest deeper than Python's recursion limit.
    stack: list[object] = [soup]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            parts.append(node)  # a separator pushed below
        elif isinstance(node, NavigableString):
            if not isinstance(node, _HTML_SKIPPED_STRINGS):
                parts.append(re.sub(r"\s+", " ", str(node)))  # source line breaks mean nothing in HTML
        elif isinstance(node, Tag):
            if node.name in _HTML_HEADINGS:
                heading = node.get_text(" ", strip=True)
                if heading:
                    parts.append(f"\n\n{'#' * _HTML_HEADINGS[node.name]} {heading}\n\n")
                    title = title or heading
                continue
            if node.name == "br":
                parts.append("\n")
                continue
            if node.name == "pre":
                parts.append(f"\n{node.get_text()}\n")  # the one place where line breaks are content
                continue
            opening = "\n- " if node.name == "li" else "\n" if node.name in _HTML_BLOCKS else ""
            opening += "\t" if node.name in _HTML_CELLS else ""
            closing = "\n" if node.name in _HTML_BLOCKS else ""
            parts.append(opening)
            stack.append(closing)
            stack.extend(reversed(list(node.children)))
    return title, _tidy_html_text("".join(parts))


def _tidy_html_text(text: str) -> str:
    # Collapse runs of spaces and tabs inside lines and keep at most one blank line.
    lines = (re.sub(r"[^\S\n]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _load_pdf(data: bytes, source: str, digest: str) -> Document:
    # Imported here: pypdf is only needed for PDFs.
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(
                source, "the PDF is password-protected", "Remove the password (save an unencrypted copy)"
            )
        page_texts = [(page.extract_text() or "").replace("\r\n", "\n") for page in reader.pages]
        metadata_title = (reader.metadata.title if reader.metadata else None) or ""
    except DocumentError:
        raise
    except (DependencyError, FileNotDecryptedError):
        raise DocumentError(
            source, "the PDF is encrypted", "Remove the password (save an unencrypted copy)"
        ) from None
    except Exception as error:  # noqa: BLE001 - pypdf raises many built-in types on malformed files
        raise DocumentError(
            source, f"the PDF is corrupt or unreadable ({type(error).__name__})", "Re-export or re-download it"
        ) from None
    if not any(text.strip() for text in page_texts):
        raise DocumentError(
            source, "the PDF has no text layer (scanned images?)", "OCR it first (e.g. with ocrmypdf)"
        )
    pages: list[Span] = []
    offset = 0
    for number, page_text in enumerate(page_texts):
        offset += 2 if number else 0  # the "\n\n" joining pages
        pages.append(Span(offset, offset + len(page_text)))
        offset += len(page_text)
    text = "\n\n".join(page_texts)
    return Document(
        id=digest,
        source=source,
        title=str(metadata_title).strip() or _first_line(text),
        text=text,
        pages=tuple(pages),
    )
