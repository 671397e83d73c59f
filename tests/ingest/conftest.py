from pathlib import Path

import pytest
from fpdf import FPDF

from resultsqa.ingest.loaders import load_document
from resultsqa.ingest.sections import split_sections

DECK = Path(__file__).resolve().parents[2] / "data" / "iij_1q_fy2009_results.txt"


@pytest.fixture(scope="session")
def deck_path():
    return DECK


@pytest.fixture(scope="session")
def deck(deck_path):
    return load_document(deck_path)


@pytest.fixture(scope="session")
def deck_sections(deck):
    return split_sections(deck)


@pytest.fixture
def make_pdf(tmp_path):
    """Write a PDF with one page per string; returns its path."""

    def make(name, pages, *, title=None, user_password=None):
        pdf = FPDF()
        if title:
            pdf.set_title(title)
        if user_password is not None:
            pdf.set_encryption(owner_password="owner", user_password=user_password)
        pdf.set_font("Helvetica", size=12)
        for page_text in pages:
            pdf.add_page()
            if page_text:
                pdf.multi_cell(0, 8, page_text)
        path = tmp_path / name
        pdf.output(str(path))
        return path

    return make
