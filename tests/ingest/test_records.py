import pytest

from resultsqa.ingest.records import Change, Document, Figure, Span


def test_span_rejects_reversed_offsets():
    with pytest.raises(ValueError):
        Span(5, 2)


def test_page_at_maps_offsets_to_pages():
    doc = Document(id="x", source="a.pdf", title="a", text="abcdef", pages=(Span(0, 3), Span(3, 6)))
    assert [doc.page_at(i) for i in (0, 2, 3, 5)] == [1, 1, 2, 2]


def test_figure_round_trips_through_dict():
    figure = Figure(
        document_id="d",
        metric="Recurring revenues",
        value=13887.0,
        unit="JPY",
        scale="million",
        period="1Q09",
        text="JPY13,887 million",
        changes=(Change("YoY", "up", 6.4, "%", "", "up 6.4%"),),
        section_ordinal=3,
        section_id="II-2",
        span=Span(10, 40),
    )
    assert Figure.from_dict(figure.to_dict()) == figure
