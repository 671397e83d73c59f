"""Find numeric facts ("Recurring revenues: JPY13,887 million (up 6.4% YoY)") in a document.

Two readers share one set of quantity patterns:
- tables: a tab-separated header row naming periods ("1Q09", "June 30, 2009") and change columns
  ("YoY", "Changes"), its rows read under the nearest "Unit: JPY billion" line;
- prose: each line is cut into labels ("Metric:"), period or basis prefixes ("1Q09:", "YoY:"),
  values ("JPY919 million", "28,000 lines") and changes ("down 3.0% YoY"), then walked left to right.
Only numbers carrying a unit (currency, %, points, a plural noun) become figures, so dates, page numbers,
phone numbers and labels such as "FY2009" or "II-5" never do. Every `text` is a verbatim slice of the
document and every span is the line it came from.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterator, Sequence

from resultsqa.ingest.records import Change, Document, Figure, Section, Span

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY = r"JPY|USD|EUR|GBP|US\$|\$|¥|€|£"
_SCALE = r"millions?|mil|mn|billions?|bn|thousands?|trillions?"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_PERIOD = (
    rf"\b(?:{_MONTH}\s+\d{{1,2}},\s+\d{{4}}|{_MONTH}\s+\d{{4}}"
    r"|[1-4]Q\s?(?:FY\s?)?\d{2,4}|[12]H\s?(?:FY\s?)?\d{2,4}|FY\s?\d{2,4})\b"
)
# A number standing alone: not glued to letters, dates ("4/9", "2009.8.11") or phone numbers.
_START = r"(?<![\w.,/\-])"
_END = r"(?![\w/]|[.,\-]\d)"
# Durations are not figures: "in 3 years".
# Scale words are not nouns either: "20 thousands of" has no unit.
_NOT_UNITS = {"years", "months", "days", "weeks", "quarters", "hours", "minutes", "times",
              "millions", "billions", "thousands", "trillions"}
_QUANTITY = (
    rf"(?:(?P<cur>{_CURRENCY})\s*(?P<cur_num>{_NUMBER})(?:\s*(?P<cur_scale>{_SCALE})\b|{_END})"
    rf"|{_START}(?P<pct_num>{_NUMBER})\s*%"
    rf"|{_START}(?P<pt_num>{_NUMBER})\s*(?:points?|pts?)\b"
    rf"|{_START}(?P<noun_num>{_NUMBER}){_END}(?:\s+(?P<noun_scale>{_SCALE}))?"
    r"\s+(?P<noun>(?:[a-z]+ly\s+|new\s+)?[A-Za-z][A-Za-z\-]*s\b|people|personnel|staff)"
    # "1Q08: 67 mil" after "1Q09: JPY233 mil": a scaled number whose unit the line already gave.
    rf"|{_START}(?P<bare_num>{_NUMBER}){_END}\s*(?P<bare_scale>{_SCALE})\b)"
)
_UP = r"up|increased|increase of|rose|grew|improved|higher by"
_DOWN = r"down|decreased|decrease of|fell|declined|dropped|lower by"
_ABOUT = r"(?:approximately|approx\.|around|about|roughly)\s+"
_BASIS = (
    rf"(?P<basis>YoY|QoQ|YOY|QOQ|year[- ]on[- ]year|quarter[- ]on[- ]quarter)"
    rf"|(?:compared\s+(?:to|with)|vs\.?|versus)\s+(?P<basis_period>{_PERIOD})"
)
_CHANGE = re.compile(
    rf"\b(?P<dir>{_UP}|{_DOWN})\s+(?:by\s+)?(?:{_ABOUT})?(?P<q>{_QUANTITY})(?P<tail>\s*(?:{_BASIS})(?!\s*:))?"
)
_VALUE = re.compile(rf"(?P<q>{_QUANTITY})(?P<tail>\s*(?:in|for|during|as of|at)\s+(?P<period>{_PERIOD}))?")
_PREFIX = re.compile(rf"(?:(?P<basis>\b(?:YoY|QoQ|YOY|QOQ))|(?P<period>{_PERIOD}))\s*:(?=\s|$)")
_COLON = re.compile(r":(?=\s|$)")
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z])")
_AS_OF_LINE = re.compile(rf"^\W*As of\s+(?P<period>{_PERIOD})\W*$", re.IGNORECASE)
_UNIT_LINE = re.compile(rf"^\W*Unit\s*:\s*(?P<cur>{_CURRENCY})?\s*(?P<scale>{_SCALE})?", re.IGNORECASE)
_CHANGE_HEADER = re.compile(r"^(?:YoY|QoQ|Changes?|Difference|Diff\.?|vs\.?\b.*)$", re.IGNORECASE)
_PLAN_WORDS = r"(target|forecast|plan|outlook|estimate)"
_TARGET_WORD = re.compile(rf"\b{_PLAN_WORDS}\b", re.IGNORECASE)
_RATIO_OF = re.compile(r"%\s+of\s+([A-Za-z][A-Za-z ]*?)(?=\s+\S*\d|\s*$)")
_CELL_NUMBER = re.compile(
    rf"(?P<cur>{_CURRENCY})?\s*(?P<open>\()?(?P<sign>[+\-−△▲])?(?P<num>{_NUMBER})(?P<pct>\s*%)?\)?"
    rf"(?:\s*(?P<scale>{_SCALE})\b)?"
)
# Words that join a label to its value ("Backbone cost was JPY919 million") and are not the label.
_FILLERS = {
    "and", "or", "was", "were", "is", "are", "reached", "of", "at", "to", "from", "approximately",
    "approx", "around", "about", "over", "slightly", "by", "while", "with", "totaled", "totalled",
}
_LABEL_MAX_WORDS = 10
# A sentence in the first person or about "it" is narration, not a label ("We expect a decrease of ...").
_NARRATION = re.compile(r"^(?:We|I|It|They|This|These|Our)\b")
# A garbled chart dump is mostly numbers; a readable line has a few.
_DUMP_MIN_NUMBERS = 12
_DUMP_NUMBER_SHARE = 0.3


def extract_figures(document: Document, sections: Sequence[Section]) -> tuple[Figure, ...]:
    """Extract the numeric facts of a document, each tied to its section and source line.

    Args:
        document: the loaded document.
        sections: its sections (from `split_sections`); lines outside every section are skipped. With no
            sections the whole text is read as one unnamed section (ordinal 0, id "").

    Returns:
        Figures in document order. A figure without a stated period gets the document's reporting
        period: its most frequent quarter token ("1Q09"), else half-year, else fiscal-year token.

    Example:
        >>> [(f.metric, f.text) for f in extract_figures(doc, sections)][:1]
        [('Recurring revenues', 'JPY13,887 million')]
    """
    default_period = reporting_period(document.text)
    areas = [(s.span, s.ordinal, s.id, s.title) for s in sections] or [(Span(0, len(document.text)), 0, "", "")]
    figures: list[Figure] = []
    for span, ordinal, section_id, title in areas:
        context = _SectionContext(document.id, ordinal, section_id, _forecast_period(title) or default_period)
        figures.extend(_read_section(document.text, span, context))
    return tuple(figures)


def reporting_period(text: str) -> str:
    """The period a document reports on: its most frequent quarter token, else half-year, else FY token."""
    for pattern in (r"\b[1-4]Q\d{2}\b", r"\b[12]H\d{2}\b", r"\bFY\s?\d{2,4}\b"):
        counts = Counter(re.findall(pattern, text))
        if counts:
            return counts.most_common(1)[0][0]
    return ""


# "III-1. Reference: Forecast for FY2009", "FY2010 Outlook": a slide whose title forecasts a year
_FORECAST_TITLE = re.compile(
    r"\b(?:forecasts?|outlook|guidance)\b\D{0,12}\bFY\s?(?:20)?(\d\d)\b|\bFY\s?(?:20)?(\d\d)\s+(?:forecasts?|outlook|guidance)\b",
    re.IGNORECASE,
)


def _forecast_period(title: str) -> str:
    """The period of a forecast slide's figures ("FY09 target"), or "" for a slide of results.

    Its prose ("We expected a decrease … to approximately JPY1 billion") states the forecast year, not
    the quarter the document reports on; a table column that names its own period keeps it."""
    found = _FORECAST_TITLE.search(title)
    return f"FY{found[1] or found[2]} target" if found else ""


@dataclass(frozen=True)
class _SectionContext:
    document_id: str
    section_ordinal: int
    section_id: str
    default_period: str


@dataclass(frozen=True)
class _Line:
    text: str
    start: int

    @property
    def span(self) -> Span:
        """The line without surrounding whitespace: what a citation highlights."""
        stripped = self.text.strip()
        offset = self.start + self.text.find(stripped) if stripped else self.start
        return Span(offset, offset + len(stripped))


@dataclass(frozen=True)
class _Quantity:
    value: float
    unit: str
    scale: str
    text: str


def _lines(text: str, span: Span) -> Iterator[_Line]:
    offset = span.start
    for raw in text[span.start : span.end].split("\n"):
        yield _Line(raw, offset)
        offset += len(raw) + 1


def _read_section(text: str, span: Span, context: _SectionContext) -> Iterator[Figure]:
    lines = list(_lines(text, span))
    unit = ("", "")
    pending_label: str | None = None
    as_of = ""  # "(As of July 31, 2009)" over a table
    index = 0
    while index < len(lines):
        line = lines[index]
        dated = _AS_OF_LINE.match(line.text)
        if dated:
            as_of = dated["period"]
        unit_match = _UNIT_LINE.match(line.text)
        if unit_match:
            unit = (unit_match["cur"] or "", _scale(unit_match["scale"]))
            index += 1
            continue
        if "\t" in line.text:
            block_end = index
            while block_end < len(lines) and "\t" in lines[block_end].text:
                block_end += 1
            block = lines[index:block_end]
            header = _table_header(block[0].text)
            if header is not None:
                yield from _read_table(header, block[1:], unit, context)
                index = block_end
                continue
            if not _VALUE.search(block[0].text):
                # A table of names or dates ("Company Name | Ownership", press releases): only its
                # percentage cells are figures.
                yield from _read_name_table(block, as_of, context)
                index = block_end
                continue
        if not line.text.strip() or _is_chart_dump(line.text):
            index += 1
            continue
        figures, pending_label = _read_prose_line(line, pending_label, context)
        yield from figures
        index += 1


def _read_name_table(block: Sequence[_Line], as_of: str, context: _SectionContext) -> Iterator[Figure]:
    """The percentages of a table of names, each named by its column and its row's name:
    "Trust Networks Inc. | 72.3%" under "Company Name | Ownership" is "Ownership of Trust Networks Inc.".

    Columns are read by tab position; a row with an empty cell gets no figure (a merged cell's value is
    not guessed); the name is the row's cell under a "Name" header, else its longest text cell.
    """
    header = [cell.strip() for cell in block[0].text.split("\t")]
    name_column = next((i for i, cell in enumerate(header) if re.search(r"\bname\b", cell, re.I)), None)
    for row in block[1:]:
        cells = [cell.strip() for cell in row.text.split("\t")]
        texts = [cell for cell in cells if cell and not re.search(r"\d", cell)]
        if name_column is not None and name_column < len(cells) and cells[name_column]:
            name = cells[name_column]
        elif texts:
            name = max(texts, key=len)
        else:
            continue
        for i, cell in enumerate(cells):
            share = _share(cell)
            if share is not None and i < len(header) and header[i] and not re.search(r"\d", header[i]):
                yield Figure(
                    document_id=context.document_id,
                    metric=f"{header[i]} of {name}",
                    value=share,
                    unit="%",
                    scale="",
                    period=as_of or context.default_period,
                    text=cell,
                    section_ordinal=context.section_ordinal,
                    section_id=context.section_id,
                    span=row.span,
                )


def _share(cell: str) -> float | None:
    """The value of a cell that is a plain percentage ("72.3%"), read with the table cells' own pattern."""
    match = _CELL_NUMBER.fullmatch(cell)
    plain = match and match["pct"] and not (match["cur"] or match["sign"] or match["open"] or match["scale"])
    return _number(match["num"]) if plain else None


def _is_chart_dump(text: str) -> bool:
    words = text.split()
    numbers = [w for w in words if re.search(r"\d", w)]
    return len(numbers) >= _DUMP_MIN_NUMBERS and len(numbers) > _DUMP_NUMBER_SHARE * len(words)


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class _Column:
    period: str | None  # set for a value column
    basis: str | None  # set for a change column
    ratio_of: str | None  # "revenues" when the header says "% of Revenues"


def _table_header(text: str) -> tuple[_Column | None, ...] | None:
    """Columns of a header row naming periods and changes, or None if the row is no such header."""
    columns: list[_Column | None] = []
    for cell in text.split("\t"):
        cell = cell.strip()
        period = re.search(_PERIOD, cell)
        if _CHANGE_HEADER.match(cell):
            columns.append(_Column(None, cell, None))
        elif period and not re.search(rf"{_CURRENCY}|\d\s*%", cell):
            target = _TARGET_WORD.search(cell)
            name = f"{period[0]} {target[1].lower()}" if target else period[0]
            ratio = _RATIO_OF.search(cell)
            columns.append(_Column(name, None, ratio[1].strip().lower() if ratio else None))
        else:
            columns.append(None)
    periods = [c.period for c in columns if c and c.period]
    changes = [c for c in columns if c and c.basis]
    if not periods or (len(periods) < 2 and not changes):
        return None
    # "Changes" compares the current column with the last period column: basis "vs March 31, 2009".
    return tuple(
        replace(c, basis=_column_basis(c.basis, periods[-1])) if c and c.basis else c for c in columns
    )


def _column_basis(header: str, compared_period: str) -> str:
    named = _basis_name(header)
    if named:
        return named
    vs = re.match(r"vs\.?\s*(.+)", header, re.IGNORECASE)
    return f"vs {vs[1].strip() if vs else compared_period}"


def _read_table(
    header: tuple[_Column | None, ...],
    rows: Sequence[_Line],
    unit: tuple[str, str],
    context: _SectionContext,
) -> Iterator[Figure]:
    period_indexes = [i for i, c in enumerate(header) if c and c.period]
    # Changes belong to the column compared against the last one: 1Q09 (vs 1Q08), FY09 target (vs FY08).
    owner = period_indexes[-2] if len(period_indexes) > 1 else period_indexes[0]
    for row in rows:
        cells = row.text.split("\t")
        label = _clean_label(cells[0])
        if not label:
            continue
        row_unit = _row_unit(cells, period_indexes, unit)
        values: dict[int, Figure] = {}
        changes: list[Change] = []
        last_basis: str | None = None
        for i, cell in enumerate(cells[1:], start=1):
            column = header[i] if i < len(header) else None
            if column is not None and column.basis:
                last_basis = column.basis
            elif column is not None and column.period:
                last_basis = None
            matches = list(_CELL_NUMBER.finditer(cell))
            if not matches:
                continue
            if column is not None and column.period:
                for match in matches:
                    figure = _table_value(match, label, column, row_unit, row, context)
                    if match["pct"] and len(matches) > 1:
                        ratio_name = f"% of {column.ratio_of}" if column.ratio_of else "%"
                        yield replace(figure, metric=f"{label} ({ratio_name})")
                    else:
                        values[i] = figure
            elif last_basis is not None:
                # A change header may span two cells ("YoY": "+3.3" and "4.7%").
                changes.extend(_table_change(m, last_basis, row_unit) for m in matches)
        for i, figure in values.items():
            yield replace(figure, changes=tuple(changes) if i == owner else ())


def _row_unit(cells: Sequence[str], period_indexes: Sequence[int], unit: tuple[str, str]) -> tuple[str, str]:
    """A currency written in a cell ("JPY 1,481") overrides the table's "Unit:" line and its scale."""
    for i in period_indexes:
        if i < len(cells):
            match = _CELL_NUMBER.search(cells[i])
            if match and match["cur"]:
                return match["cur"], _scale(match["scale"])
    return unit


def _table_value(
    match: re.Match[str], label: str, column: _Column, unit: tuple[str, str], row: _Line, context: _SectionContext
) -> Figure:
    value = _number(match["num"]) * (-1 if match["open"] or match["sign"] in ("-", "−", "△", "▲") else 1)
    currency, scale = ("%", "") if match["pct"] else unit
    return Figure(
        document_id=context.document_id,
        metric=label,
        value=value,
        unit=currency,
        scale=scale,
        period=column.period or context.default_period,
        text=match[0].strip(),
        section_ordinal=context.section_ordinal,
        section_id=context.section_id,
        span=row.span,
    )


def _table_change(match: re.Match[str], basis: str, unit: tuple[str, str]) -> Change:
    value = _number(match["num"])
    negative = bool(match["open"]) or match["sign"] in ("-", "−", "△", "▲")
    direction = "flat" if value == 0 else "down" if negative else "up"
    currency, scale = ("%", "") if match["pct"] else unit
    return Change(basis, direction, value, currency, scale, match[0].strip())


# ---------------------------------------------------------------- prose


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    kind: str  # "label", "basis", "period", "value", "change"
    label: str = ""
    quantity: _Quantity | None = None
    period: str = ""
    basis: str = ""
    direction: str = ""


@dataclass
class _Draft:
    """A figure being assembled while a line is walked."""

    metric: str
    period: str
    quantity: _Quantity | None = None
    changes: list[Change] = field(default_factory=list)


def _read_prose_line(
    line: _Line, pending_label: str | None, context: _SectionContext
) -> tuple[list[Figure], str | None]:
    """Figures of one line, and the label it leaves for the next line ("Order Backlog:" on its own)."""
    figures: list[Figure] = []
    label = pending_label
    for start, end in _clauses(line.text):
        tokens = _tokens(line.text, start, end)
        drafts, label = _walk(line.text, start, tokens, label)
        figures.extend(_finish(d, line, context) for d in drafts)
    ends_with_label = line.text.rstrip().endswith(":") and not figures
    return figures, label if ends_with_label else None


def _clauses(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    clause = text[:end]
    found: list[_Token] = []

    def free(a: int, b: int) -> bool:
        return all(b <= t.start or a >= t.end for t in found)

    for match in _CHANGE.finditer(clause, start):
        quantity = _quantity(match, "q")
        if quantity is None:
            continue
        direction = "up" if re.match(_UP, match["dir"]) else "down"
        basis = _basis_name(match["basis"]) if match["basis"] else ""
        if match["basis_period"]:
            basis = f"vs {match['basis_period']}"
        wording = replace(quantity, text=clause[match.start() : match.end("q")])  # "down 3.0%", no basis
        found.append(_Token(match.start(), match.end(), "change", quantity=wording, basis=basis, direction=direction))
    for match in _VALUE.finditer(clause, start):
        quantity = _quantity(match, "q")
        if quantity is None or not free(match.start(), match.end()):
            continue
        found.append(_Token(match.start(), match.end(), "value", quantity=quantity, period=match["period"] or ""))
    colons = [c.start() for c in _COLON.finditer(clause, start)]
    for match in _PREFIX.finditer(clause, start):
        # "Employees ... as of June 2009: 9 employees": a period ending a label is part of that label.
        after_token = max((t.end for t in found if t.end <= match.start()), default=-1)
        after_colon = max([start, *(c + 1 for c in colons if c < match.start())])
        if after_colon > after_token and _clean_label(clause[after_colon : match.start()]):
            continue
        if free(match.start(), match.end()):
            kind = "basis" if match["basis"] else "period"
            value = _basis_name(match["basis"]) if match["basis"] else match["period"]
            found.append(_Token(match.start(), match.end(), kind, period=value, basis=value))
    for colon in _COLON.finditer(clause, start):
        if free(colon.start(), colon.end()):
            found = _add_label(clause, start, colon.start(), found)
    return sorted(found, key=lambda t: t.start)


def _add_label(text: str, clause_start: int, colon: int, found: list[_Token]) -> list[_Token]:
    """A label runs back from its colon to the previous token; if a quantity touches the colon
    ("Operating loss related to 4 new subsidiaries :") the quantity is part of the label."""
    before = [t for t in found if t.end <= colon]
    begin = max((t.end for t in before), default=clause_start)
    if not _clean_label(text[begin:colon]):
        anchors = [t.end for t in before if t.kind in ("label", "basis", "period")]
        begin = max(anchors, default=clause_start)
        found = [t for t in found if not (begin <= t.start and t.end <= colon)]
    label = _cut_run_on(_clean_label(text[begin:colon]))
    if not label:
        return found
    return [*found, _Token(begin, colon + 1, "label", label=label)]


def _walk(
    text: str, clause_start: int, tokens: Sequence[_Token], label: str | None
) -> tuple[list[_Draft], str | None]:
    drafts: list[_Draft] = []
    current: _Draft | None = None
    last_amount: _Quantity | None = None  # the label's latest value, whose unit a bare "67 mil" shares
    label_is_verb = False  # "Operates 26 ATMs": the label is a verb and needs its noun
    period_prefix = ""
    basis_prefix = ""
    previous_end = clause_start
    for token in tokens:
        gap = text[previous_end : token.start]
        previous_end = token.end
        if token.kind == "label":
            label, current, period_prefix, basis_prefix = token.label, None, "", ""
            last_amount, label_is_verb = None, False
            continue
        if token.kind == "basis":
            basis_prefix = token.basis
            continue
        if token.kind == "period":
            period_prefix = token.period
            if current is not None and current.quantity is not None:
                current = None
            continue
        assert token.quantity is not None
        quantity = token.quantity
        gap_label = _clean_label(gap, strip_fillers=True)
        narration = bool(_NARRATION.match(gap_label))
        if gap_label and not narration and len(gap_label.split()) <= _LABEL_MAX_WORDS:
            label, current, last_amount, label_is_verb = gap_label, None, None, True
        elif label is None and gap_label and not narration and re.fullmatch(_CURRENCY, quantity.unit):
            # An amount in a long sentence: its nearest words are the best label there is.
            label = " ".join(gap_label.split()[-_LABEL_MAX_WORDS:])
        if not label:
            continue
        if not quantity.unit:
            if last_amount is None or not last_amount.unit:
                continue  # a bare "5,835 million" with no unit in sight: never guess one
            quantity = replace(quantity, unit=last_amount.unit, scale=quantity.scale or last_amount.scale)
        label_period = re.search(_PERIOD, label)
        period = period_prefix or (label_period[0] if label_period else "")
        if token.kind == "value":
            metric = label
            if label_is_verb and quantity.unit not in ("%", "points") and not re.fullmatch(_CURRENCY, quantity.unit):
                metric = _with_noun(label, quantity.unit)
            current = _Draft(metric, token.period or period, quantity)
            last_amount = quantity
            drafts.append(current)
        else:
            if current is None:
                current = _Draft(label, period)
                drafts.append(current)
            last_basis = current.changes[-1].basis if current.changes else ""
            basis = token.basis or basis_prefix or last_basis
            q = quantity
            current.changes.append(Change(basis, token.direction, q.value, q.unit, q.scale, q.text))
    return drafts, label


def _with_noun(label: str, noun: str) -> str:
    """A short verb label reads better with its noun: "Operates" + "ATMs" → "Operates ATMs"."""
    if len(label.split()) <= 3 and noun.lower() not in label.lower():
        return f"{label} {noun}"
    return label


# "- Target 20,000 contracts and revenues of JPY1 billion in 3 years": every figure of the line is planned
# and so is "- Expects to introduce around 8,000 ATMs in 4-5 years": a plan, not a result of the quarter
_PLAN_VERB = r"(?:expects|plans|aims|intends) to"
_PLANNED_LINE = re.compile(rf"^[\s\-–•◆*]*(?:{_PLAN_WORDS}s?|{_PLAN_VERB})\b", re.IGNORECASE)


# "… in 3 years", "within five years": the span a plan is set over is its period
_PLAN_SPAN = re.compile(
    r"\b(?:in|within|over)\s+(?:the\s+next\s+)?(\d+(?:\s*[-–~]\s*\d+)?|two|three|four|five|ten)\s+years?\b", re.IGNORECASE
)


def _plan_period(text: str) -> str:
    span = _PLAN_SPAN.search(text)
    if not span:
        return "target"
    years = re.sub(r"\s*[-–~]\s*", "-", span[1].lower())  # "4 - 5" → "4-5"
    return f"{years}-year target"


# "Expects to introduce ATMs" is planned ATMs: the label names what is to be introduced
_PLAN_VERB_LABEL = re.compile(rf"^{_PLAN_VERB} (\w+) (.+)$", re.IGNORECASE)


def _finish(draft: _Draft, line: _Line, context: _SectionContext) -> Figure:
    quantity = draft.quantity
    planned = not draft.period and _PLANNED_LINE.match(line.text)
    verb_label = _PLAN_VERB_LABEL.match(draft.metric) if planned else None
    return Figure(
        document_id=context.document_id,
        metric=f"{verb_label[2]} to {verb_label[1]}" if verb_label else draft.metric,
        value=quantity.value if quantity else None,
        unit=quantity.unit if quantity else (draft.changes[0].unit if draft.changes else ""),
        scale=quantity.scale if quantity else (draft.changes[0].scale if draft.changes else ""),
        period=draft.period or (_plan_period(line.text) if planned else context.default_period),
        text=quantity.text if quantity else "",
        changes=tuple(draft.changes),
        section_ordinal=context.section_ordinal,
        section_id=context.section_id,
        span=line.span,
    )


def _quantity(match: re.Match[str], group: str) -> _Quantity | None:
    text = match[group]
    following = match.string[match.end(group) :]
    if match["cur"]:
        if not match["cur_scale"] and re.match(r"\s+\d", following):
            return None  # "JPY15\t5,835 million": a number torn apart by extraction; never guess
        return _Quantity(_number(match["cur_num"]), match["cur"], _scale(match["cur_scale"]), text)
    if match["pct_num"]:
        return _Quantity(_number(match["pct_num"]), "%", "", text)
    if match["pt_num"]:
        return _Quantity(_number(match["pt_num"]), "points", "", text)
    if match["bare_num"]:
        return _Quantity(_number(match["bare_num"]), "", _scale(match["bare_scale"]), text)
    noun = re.sub(r"\s+", " ", match["noun"])
    if noun.lower() in _NOT_UNITS:
        return None
    return _Quantity(_number(match["noun_num"]), noun, _scale(match["noun_scale"]), text)


# ---------------------------------------------------------------- small helpers


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _scale(word: str | None) -> str:
    if not word:
        return ""
    word = word.lower()
    for name in ("million", "billion", "thousand", "trillion"):
        if word.startswith(name[:3]) or (word in ("mn", "bn") and name[0] == word[0]):
            return name
    return ""


def _basis_name(word: str | None) -> str:
    if not word:
        return ""
    lowered = word.lower().replace("-", " ")
    if lowered in ("yoy", "year on year"):
        return "YoY"
    if lowered in ("qoq", "quarter on quarter"):
        return "QoQ"
    return ""


def _clean_label(text: str, *, strip_fillers: bool = False) -> str:
    """Drop bullet markers, brackets and a trailing colon: "- ◆ Recurring revenues:" → "Recurring revenues"."""
    words = re.sub(r"\s+", " ", text).strip()
    words = re.sub(r"^[^\w(\"']+", "", words)
    # A torn amount ("Revenue JPY15 5,835 million") is not part of the label.
    words = re.split(rf"\s(?:{_CURRENCY})\s*\d", words)[0]
    words = re.sub(r"[\s:;,.(\[\-]+$", "", words)
    words = re.sub(r"^\)+\s*", "", words)
    if strip_fillers:
        parts = re.sub(r",(?!\d)", " ", words).split()  # keep "2,978" whole
        while parts and parts[0].lower().strip(".") in _FILLERS:
            parts.pop(0)
        while parts and parts[-1].lower().strip(".") in _FILLERS:
            parts.pop()
        words = " ".join(parts).strip(" ,;:.")
    if words.endswith(")") and words.count(")") > words.count("("):
        words = words[:-1].rstrip()
    if words.startswith("(") and words.count("(") > words.count(")"):
        words = words[1:].lstrip()
    if words.count("(") > words.count(")"):
        words = words.rsplit("(", 1)[0].strip()
    return words if re.search(r"[A-Za-z]", words) else ""


def _cut_run_on(label: str) -> str:
    """Slides drop full stops: "... cost control The number of personnel" → "The number of personnel"."""
    run_on = list(re.finditer(r"[a-z] (?=(?:The|A|An|This|These|Our|Its) )", label))
    return label[run_on[-1].end() :] if run_on else label
