"""The answer engine: composes answers from the document's own sentences and figure records.

No language model runs here. A figure question is answered from a figure record (value, period,
change, quoted as the document writes them); a "why" question leads with the change and then quotes
the lines that explain it; list and other questions quote the best lines. Every sentence carries the
section it came from, and a guard drops any sentence whose numbers its cited passages do not hold.
When nothing relevant enough is found, or the question names something the document never mentions,
the answer says the document does not say, instead of guessing.
"""

from __future__ import annotations

import functools
import math
import re
import threading
import time
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from resultsqa.app.faithfulness import numbers_in, unsupported_numbers
from resultsqa.app.question import (
    AGAINST,
    EITHER_WAY,
    MONEY,
    PAY,
    SET_ASIDE,
    STOPWORDS,
    Concept,
    Months,
    Question,
    asking_sentences,
    basis_between,
    halves_named,
    in_deck_words,
    is_bare,
    is_month_word,
    is_quarter,
    months_named,
    months_spanned,
    parse_period,
    parse_question,
    percent_change_asked,
    quarter_before,
    quarter_compared_with,
    quarters_named,
    spellings,
    stem,
    without_declined_change,
    words,
)
from resultsqa.app.records import Answer, Citation, Sentence, Timings
from resultsqa.index.records import MIN_LINE_CHARS, Passage
from resultsqa.ingest.records import SCALE_FACTORS, Chunk, Figure, Span

# Relevance a line or figure must reach (share of the question's weighted concepts it meets) before
# the engine answers from it. Calibrated on the dev split of eval/gold.jsonl (see README).
MIN_RELEVANCE = 0.4
# A figure must meet at least this share of the question's weighted concepts to answer "what was X"
# (dev-calibrated: correct answers start at 0.31; "net working capital" met by a deferred tax line at 0.11).
MIN_FIGURE_COVERAGE = 0.2
# A line's cosine similarity to the question counts DENSE_WEIGHT per point above DENSE_FLOOR (dev-calibrated).
DENSE_WEIGHT = 1.0
DENSE_FLOOR = 0.3
SCENE_WEIGHT = 0.5  # a word of a scene-setting sentence counts half (dev-calibrated)
MAX_SENTENCES = 6
MAX_REASONS = 4
HABIT_BONUS = 0.5  # a reason that states a tendency, for a question about what usually happens
MAX_LIST_ITEMS = 4
SEARCH_DEPTH = 8  # passages read per question; the best two sections are read whole
SAME_TABLE_BONUS = 0.3  # a listed measure's figure in the same chunk as the first one's
AMOUNT_MARGIN = 0.05  # how much less an amount may score than a bare change and still answer "what was"
SPELLED_LABEL_BONUS = 0.3  # a listed measure's figure whose label spells it as the question (in the deck's words) does
SIDE_DEPTH = 2  # passages searched for each side of a two-sided comparison
EXACT_AMOUNT_BONUS = 0.1  # a compared amount written in full over its rounding (dev-calibrated)
RERANK_POOL = 20  # fused passages re-ranked by their best line before the engine reads the top ones
RANK_PRIOR = 0.3  # what the fused rank adds to a passage's best line (first: 0.15, tenth: 0.03)

NOT_IN_DOCUMENT = "The document does not say"

_BULLET = re.compile(r"^[\s\-–—•◆◇♦➢➤►▶*>≪≫·…\u2022\u25cf\u25aa]+|\*\*")
_HABITUAL = re.compile(r"\b(usually|typically|always|normally|generally|tends?|structural(?! shift)|every year|each year)\b", re.I)
_TENDENCY = re.compile(r"\b(usually|typically|tends? to|seasonal\w*)\b", re.I)
def _states_tendency(question: Question, line: _Line) -> bool:
    """"Why is Q1 usually weaker than Q4?" asks a pattern: the deck's "1Q … tend to decline … seasonal" answers it."""
    return bool(_HABITUAL.search(question.text)) and bool(_TENDENCY.search(line.text))


_CAUSE = re.compile(
    r"\b(due to|as a result|result of|affected by|because|mainly|caused|driven|owing to|reflect\w*"
    r"|correspond\w*|weak\w*|strong\w*|seasonal|while|since|increase in|decrease in|growth of|shift\w*"
    r"|demand\w*|pressure|cost control|economy|economic|as there (was|were)|related to"
    r"|(?:increas|decreas|declin|improv|worsen|widen|narrow)\w* as|(?:rose|fell|grew) as"  # "Loss increased as it is…"
    # purposes and conditions are reasons too: "…in July 2009 to strengthen R&D", "…once they are recognized"
    # ("expected to increase" is a forecast, not a purpose)
    r"|once|in order to|so that|concept|purpose|(?<!expected )(?<!expects )(?<!expect )to (?:strengthen|expand|improve|support|enhance|meet))\b",
    re.I,
)
_NUMBER = re.compile(r"\d")
_PERSONS = r"we|you|they|he|she"  # the pronouns that make a clause's subject
_TOPIC = re.compile(r"^[\s\-*]*[◆♦]")
_TOTAL_LINE = re.compile(r"^[^:]{3,}:\s*(?:[A-Z]{3}|[$¥€£])\s?\d")  # "Net cash used in …: JPY1,105 million"
_CORPORATE = re.compile(
    r"(?P<name>(?:\b[A-Z][\w&'-]*[ \t]+){1,5})(?:Inc|Incorporated|Corp|Corporation|Co|Ltd|Limited|plc|PLC|AG|SE|SA|NV|LLC)\b"
)
_PERIOD_WORD = re.compile(r"^([1-4]Q\d\d|[12]H\d\d|FY\d\d)", re.I)


@dataclass(frozen=True)
class _Line:
    """A line of a candidate passage, with what scoring needs."""

    text: str
    chunk: Chunk
    document: str
    span: Span
    rank: int
    terms: frozenset[str]
    title_terms: frozenset[str]  # the section title's and the chunk's first line's: a line's context
    similarity: float  # cosine of the question and the line (with its section title), from the index
    topic: frozenset[str] = frozenset()  # the "◆ Cost of SI:" heading the line stands under, if any
    heading: str = ""  # that heading's label as written ("Cost of SI"), if it has one
    parent: frozenset[str] = frozenset()  # the bullet the line is a sub-bullet of, if any


@dataclass(frozen=True)
class _Calendar:
    """When the fiscal year starts: "FY09 Target (09/4~10/3)" says FY09 runs from April 2009."""

    start_month: int
    label_lag: int  # calendar year the fiscal year starts in, minus the year its label names


# "FY09 Target (09/4~10/3)", "1H09 Target (09/4~09/9)": a period label with its months in brackets.
_FISCAL_HEADER = re.compile(r"\bFY\s?'?(\d\d)\b[^()\n]{0,20}\((\d\d)/(\d{1,2})\s*[~〜\-–]\s*\d\d/\d{1,2}\)")


def _learn_calendar(chunks) -> _Calendar | None:
    for chunk in chunks:
        match = _FISCAL_HEADER.search(chunk.text)
        if match:
            label, start_year, start_month = (int(group) for group in match.groups())
            return _Calendar(start_month=start_month, label_lag=start_year - label)
    return None


def _fiscal_period(months: Months | None, calendar: _Calendar | None) -> str | None:
    """The deck's name for calendar months: with April starts, "April to September 2009" is 1H09 and
    "June 30, 2009" falls in 1Q09. Without a year the period is bare ("1Q"), like "Q1"."""
    if months is None or calendar is None:
        return None
    offset = (months.first - calendar.start_month) % 12
    length = (months.last - months.first) % 12 + 1
    if length == 1 or (length == 3 and offset % 3 == 0):
        name = f"{offset // 3 + 1}Q"
    elif length == 6 and offset % 6 == 0:
        name = f"{offset // 6 + 1}H"
    elif length == 12 and offset == 0:
        name = "FY"
    else:
        return None
    if months.year is None:
        return None if name == "FY" else name
    starts = months.year if months.last >= calendar.start_month else months.year - 1
    return f"{name}{(starts - calendar.label_lag) % 100:02d}"


@dataclass(frozen=True)
class _Stats:
    """Per-index statistics, computed once: term document frequencies over chunks."""

    df: dict[str, int]
    chunks: int
    vocabulary: frozenset[str]
    figures_by_chunk: dict[str, tuple[Figure, ...]]
    figures_by_line: dict[tuple[str, int], tuple[Figure, ...]]  # (chunk id, line start) → the figures on it
    # (chunk id, line start, metric) of a value line → start of its label line above it in the chunk
    # ("◆ SG&A expenses of ATM operation business:" over "1Q09: JPY49 million 1Q08: JPY58 million")
    label_lines: dict[tuple[str, int, str], int]
    sources: dict[str, str]
    chunks_by_id: dict[str, Chunk]
    chunk_terms: tuple[frozenset[str], ...]
    lines_by_chunk: dict[str, tuple[int, ...]]  # positions in index.lines
    calendar: _Calendar | None  # the fiscal year, when a column header spells it out
    issuer: re.Pattern | None  # the reporting company's names ("IIJ", "Internet Initiative Japan"), from the cover
    issuer_terms: frozenset[str]  # their words
    notes: dict[tuple[str, int], str]  # (chunk id, line start) of a callout under a table → the row it annotates
    row_changes: dict[tuple[str, int], float]  # (chunk id, line start) of a table row → its last column, signed
    phrases: frozenset[tuple[str, str]]  # stems of adjacent words in any line ("contents", "delive")
    paired: frozenset[tuple[str, str]]  # a heading "X and Y" names one thing ("deprec", "amorti")
    joined: frozenset[tuple[str, str]]  # a label "X and Y" names one thing ("operat", "mainte") a list must not split
    current_period: str  # the period most figures are of: what the document reports on ("1Q09")
    # chunk id → the subject of an unheaded block, named by its twin figure elsewhere (see _block_subjects)
    subjects: dict[str, str]
    # a table row's name cells (lower-case) → the rare terms of its description cell ("Trust Networks Inc."
    # → atm, commission, withdrawal…): what the document says the named company does
    described: tuple[tuple[str, frozenset[str]], ...] = ()
    # the companies the documents name, lower-cased → as written ("trust networks" → "Trust Networks")
    companies: dict[str, str] = field(default_factory=dict)
    companies_named: re.Pattern | None = None  # any of them, in any case
    # chunk id → its lines as the engine reads them, before a question gives them a rank and a similarity
    layouts: dict[str, tuple[tuple[int, _Line], ...]] = field(default_factory=dict)


_stats_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_stats_lock = threading.Lock()


def answer(
    question: str,
    index,
    *,
    k: int = 5,
    mode: str = "hybrid",
    documents: Sequence[str] | None = None,
    use_figures: bool = True,
) -> Answer:
    """Answer a question from an index, citing every sentence.

    Args:
        question: as a user typed it.
        index: a resultsqa Index (resultsqa.build or resultsqa.load).
        k: passages returned with the answer (the engine reads a few more).
        mode: retrieval mode, "hybrid", "dense" or "bm25".
        documents: restrict to these document ids; None searches every document.
        use_figures: compose figure sentences from extracted figure records (off only for ablations).

    Returns:
        An Answer; `abstained` is True, with a reason, when the document does not say.

    Raises:
        QuestionError: the question is empty, over 2,000 characters, or has no words.

    Example:
        >>> print(answer("Why did SI revenue fall?", index).text)  # doctest: +SKIP
        Systems Integration revenues were down 40.6% YoY and down 61.2% QoQ [II-5]. ...
    """
    started = time.perf_counter()
    stats = _statistics(index)
    parsed = _understood(question, index, stats)
    similarities = index.line_similarities(parsed.search_text)
    passages = _search(parsed, index, stats, similarities, max(k, SEARCH_DEPTH), mode, documents)
    retrieved = time.perf_counter()

    missing = (
        _absent_names(parsed, stats)
        or _absent_period(parsed, stats)
        or _absent_years(parsed, stats)
        or _absent_compound(parsed, stats)
        or _absent_disclosure(parsed, stats)
    )
    if missing:
        return _abstain(parsed, passages[:k], missing, started, retrieved)

    lines = _candidate_lines([*passages, *_side_passages(parsed, index, passages, documents)], index, stats, similarities)
    weights = _weights(parsed.concepts, stats)
    sentences: list[Sentence] = []
    used_figures: list[Figure] = []
    used_lines: set[tuple[str, int]] = set()
    stated_on: list[_Line] = []  # the line each stated figure stands on

    # "What kind of projects…?", "How does Trust Networks earn its revenue?" ask for a description:
    # figure records neither answer nor rule it out.
    use_figures = use_figures and not _ASKS_KIND.search(parsed.text)
    # "When does the Kanto roll-out begin?" asks a date, which no amount answers, unless one is asked as well
    use_figures = use_figures and not (_WHEN_ASKED.match(parsed.text) and not _HOW_MUCH.search(parsed.text))
    partly_owned = _rows_partly_owned(parsed, lines, passages, index, stats, similarities)
    use_figures = use_figures and not partly_owned
    if use_figures and (parsed.kind != "list" or _enumerated(parsed, stats.joined)):
        for figure, line in _figures_to_state(parsed, lines, weights, stats):
            sentence = _figure_sentence(figure, line, parsed)
            if sentence:
                sentences.append(sentence)
                used_figures.append(figure)
                stated_on.append(line)
                used_lines.add((line.chunk.id, line.span.start))

    unstated = ""
    if use_figures and (parsed.kind in ("figure", "other") or _asks_target_amount(parsed)):
        unstated = _amount_not_stated(parsed, used_figures, stats) or (
            # each listed measure was found by its own words; the whole question's scope is no one figure's
            "" if _enumerated(parsed, stats.joined) else _scope_not_stated(parsed, used_figures, stated_on, stats)
        )
    elif use_figures and stated_on and _dated_period(parsed) and _IN_CURRENCY.search(parsed.text):
        # "In yen, how big were equity-method losses in 1Q08?" asks one amount, though "last year" compares.
        unstated = _topic_not_stated(parsed, _clean(used_figures[0].metric).rstrip(":"), stated_on[0], stats)
    if unstated:
        return _abstain(parsed, passages[:k], unstated, started, retrieved)
    if use_figures:
        # "Long-term borrowings at June 30 vs March 31?": short-term ones compare nothing asked either
        unstated = _split_not_stated(parsed, used_figures) or _actual_not_stated(parsed, used_figures) or (
            _opposite_kind(parsed, used_figures[0])
            # a bare comparison ("OCF 1Q08 for yoy comp") asks an amount, which must be of the measure named
            or (_unmet(parsed, used_figures[0], stated_on[0], stats) if parsed.kind == "compare" and is_bare(parsed.text) else "")
            or _alone_not_stated(parsed, used_figures[0], stated_on[0])
            or _rate_not_stated(parsed, stated_on)
            if used_figures
            else ""
        )
        if unstated:
            return _abstain(parsed, passages[:k], unstated, started, retrieved)

    ranked = sorted(
        ((_line_score(parsed, line, weights), line) for line in lines),
        key=lambda pair: (-pair[0], pair[1].rank, pair[1].span.start),
    )
    relevant = [line for score, line in ranked if score >= MIN_RELEVANCE]
    if parsed.kind == "figure" and use_figures and not used_figures and relevant:
        # No figure record answered; the best lines' own figures must still be of the kind asked.
        line, on_line = next(((line, found) for line in relevant[:2] if (found := _figures_on(line, stats))), (None, []))
        unstated = (
            _amount_not_stated(parsed, on_line, stats)
            or (_scope_not_stated(parsed, on_line, [line], stats) if line else "")
            or _rate_not_stated(parsed, relevant[:2])
            # "IIJ America rev contribution?": the best line must be about the name asked, not only its measure
            or (f"its lines on this say nothing of {name}" if (name := _name_unmet(parsed, relevant[0], stats, coined=False)) else "")
        )
        if unstated:
            return _abstain(parsed, passages[:k], unstated, started, retrieved)
    elif use_figures and not used_figures and relevant and (on_best := _figures_on(relevant[0], stats)):
        # "How did long-term debt move…?" read from lines alone: the best line's figures are short-term ones
        opposites = [_opposite_kind(parsed, figure) for figure in on_best]
        if all(opposites):
            return _abstain(parsed, passages[:k], opposites[0], started, retrieved)
    if partly_owned:
        quotes = partly_owned
    elif parsed.kind == "why":
        # The reasons the document gives for a figure stand beside it: read its section first.
        home = {(f.document_id, f.section_ordinal) for f in used_figures}
        tendency = functools.partial(_states_tendency, parsed)
        follows = _lines_after(lines, used_lines, MAX_REASONS)
        # a callout under a table ("- Bonus payments and … related to SI projects") may explain the row it annotates
        annotating = {
            id(line) for line in lines
            if (note := stats.notes.get((line.chunk.id, line.span.start))) and any(_clean(row.text).startswith(note) for row in stated_on)
        }
        causes = sorted(
            (
                (
                    score
                    + (0.2 if (line.chunk.document_id, line.chunk.section_ordinal) in home else 0.0)
                    + (0.3 if id(line) in follows else 0.0)
                    + _cause_direction(parsed, line)
                    + (HABIT_BONUS if tendency(line) else 0.0),
                    line,
                )
                for score, line in ranked
                if (score >= MIN_RELEVANCE * 0.6 or id(line) in follows or id(line) in annotating or tendency(line))
                and (_CAUSE.search(line.text) or (line.chunk.id, line.span.start) in stats.notes)
                and not _mostly_numbers(line.text)
            ),
            key=lambda pair: -pair[0],
        )
        anchor = frozenset().union(*(line.terms | line.title_terms for line in stated_on))
        next_to = _lines_after(lines, used_lines, 1)
        quotes = [
            line for _, line in causes
            if tendency(line) or _explains(parsed, used_figures, line, id(line) in follows, anchor if id(line) in next_to else frozenset(), stats)
        ][:MAX_REASONS]
        if used_figures and not quotes:
            # "R&D -61.5% q/q: what drove the drop?": the change is there, the reason is not.
            return _abstain(parsed, passages[:k], f"it gives the change of {_clean(used_figures[0].metric).rstrip(':')} but no reason for it", started, retrieved)
        if not quotes:
            # "Why did IIJ start in Kansai?": relevant lines that give no cause are no answer to why.
            return _abstain(parsed, passages[:k], "it gives no reason for what is asked", started, retrieved)
    elif parsed.kind in ("list", "other") and (dated := _dated_in_months(parsed, lines, weights, stats)):
        # "What was announced in May?": every dated line of that month, in the document's order.
        quotes = dated[:MAX_SENTENCES]
    elif parsed.kind == "list" and (moved := _rows_that_moved(parsed, ranked, stats)):
        quotes = moved
    elif parsed.kind == "list" and relevant:
        # A list is a lead line and the items under it: quote the best line that has items, and them.
        children = _children(lines)
        # a line heading two items or more (bullets under it, a table's group rows) is a list's lead
        # and so is a line headed by the very words asked ("Equity Method Investees" for "the equity-method investees")
        lead = max(
            relevant,
            key=lambda line: _line_score(parsed, line, weights)
            + (0.2 if len(children.get(id(line), ())) > 1 else 0.0)
            + (0.2 if _headed_as_asked(parsed, line) else 0.0),
        )
        # A table row's parts are the callouts that annotate it ("Other Investments" → its securities).
        parts = [line for line in lines if _clean(lead.text).startswith(stats.notes.get((line.chunk.id, line.span.start), "\0"))]
        # the best line may itself be one of a row's callouts ("Nonmarketable equity securities" of "Other
        # Investments"): then the list is all of that row's callouts, in the document's order
        note = stats.notes.get((lead.chunk.id, lead.span.start))
        siblings = sorted(
            (line for line in lines if stats.notes.get((line.chunk.id, line.span.start)) == note), key=lambda line: line.span.start
        ) if note else []
        below = children.get(id(lead), ())
        topics = _topics_of_section(lead, lines)
        if parts:
            quotes = [lead, *parts[:MAX_LIST_ITEMS]]
        elif len(siblings) > 1:
            quotes = siblings[: MAX_LIST_ITEMS + 1]
        elif len(topics) >= 3 and ((lead in topics and len(below) <= 1) or _UNIT_LINE.match(lead.text)):
            # a slide of "◆ Gross margin of SI:", "♦ SG&A expenses:"… headings lists its items by them, when
            # the best line is one of them that heads no items of its own, or the slide's "Unit: JPY million"
            quotes = topics[:MAX_SENTENCES]
        elif len(below) > 1:
            quotes = [lead, *below[: MAX_SENTENCES - 1]]
        else:
            quotes = _with_following(lead, lines, MAX_LIST_ITEMS)
    elif sentences:
        quotes = [line for line in relevant if _NUMBER.search(line.text)][:1]
        quotes = [line for line in lines if _says_more(line, used_lines, sentences)][:1] + quotes
        if parsed.kind == "other":
            # an open question ("How does IIJ plan to expand its ATM network?") reads the next best line too
            quotes += [line for line in relevant[:2] if (line.chunk.id, line.span.start) not in used_lines][:1]
    else:
        quotes = relevant[:2]

    seen_text = {_normalized(s.text) for s in sentences}
    for line in quotes:
        if len(sentences) >= MAX_SENTENCES:
            continue
        sentence = _quote(line, stats)
        key = _normalized(sentence.text)
        if key in seen_text or any(key in other or other in key for other in seen_text):
            continue
        seen_text.add(key)
        used_lines.add((line.chunk.id, line.span.start))
        sentences.append(sentence)

    sentences = [s for s in sentences if _faithful(s, stats) and not _column_header(s.text)]
    if not sentences:
        return _abstain(parsed, passages[:k], "nothing in it is relevant enough to answer", started, retrieved)
    if parsed.kind == "figure" and _asks_amount(parsed) and not _HOW_MANY.search(parsed.text) and not any(numbers_in(_MONTH_YEAR.sub(" ", _DATE.sub(" ", s.text))) for s in sentences):
        # Headings that name the metric ("Depreciation and Amortization") or only dates ("in July 2009") are not its amount.
        return _abstain(parsed, passages[:k], "it gives no amount for what is asked", started, retrieved)
    if parsed.kind == "figure" and _HOW_MANY.search(parsed.text) and not any(_gives_count(parsed, s.text, stats) for s in sentences):
        return _abstain(parsed, passages[:k], "it gives no count of what is asked", started, retrieved)
    # "How much revenue did the eclipse project generate?" quoted from lines alone needs an amount of money on them
    money_asked = _MONEY_ASKED.search(parsed.text) or (not used_figures and _HOW_MUCH_MONEY.search(parsed.text))
    if parsed.kind in ("figure", "other") and (_IN_CURRENCY.search(parsed.text) or _PRICE_PER.search(parsed.text) or money_asked) and not any(
        _MONEY_AMOUNT.search(s.text) for s in sentences
    ):
        return _abstain(parsed, passages[:k], "it gives no amount of money for what is asked", started, retrieved)
    form = _form_asked(parsed.text)
    if form and not any(form.answered_by(s.text) for s in sentences):
        return _abstain(parsed, passages[:k], f"it gives no {form.name} for what is asked", started, retrieved)
    if _comparison_not_stated(parsed, used_figures, sentences, stats):
        return _abstain(parsed, passages[:k], "it gives no figure for the period asked about", started, retrieved)

    cited = _cited_passages(sentences, passages[:k], stats)
    finished = time.perf_counter()
    text = " ".join(s.text for s in sentences)
    citations = tuple(dict.fromkeys(c for s in sentences for c in s.citations))
    return Answer(
        question=parsed.text,
        kind=parsed.kind,
        text=text,
        sentences=tuple(sentences),
        citations=citations,
        figures=tuple(dict.fromkeys(used_figures)),
        passages=tuple(cited),
        abstained=False,
        reason="",
        timings=_timings(started, retrieved, finished),
    )


def retrieve(
    question: str, index, *, k: int = 5, mode: str = "hybrid", documents: Sequence[str] | None = None
) -> list[Passage]:
    """The passages the answer engine reads for a question: the index searched with the question's
    colloquial words joined by the document's wording ("sales" → "revenues").

    Raises:
        QuestionError: see check_question.
    """
    stats = _statistics(index)
    parsed = _understood(question, index, stats)
    return _search(parsed, index, stats, index.line_similarities(parsed.search_text), k, mode, documents)


def _search(question: Question, index, stats: _Stats, similarities, k: int, mode: str, documents) -> list[Passage]:
    """The index's passages, re-ranked in hybrid mode by the best line each holds.

    A chunk ranks by its single best line (word coverage and the line's own vector) more than by the
    chunk as a whole: a slide of ten bullets is about many things, and the question is about one.
    Dense and BM25 modes stay plain retrievers, so the ablation measures each alone.
    """
    pool = index.search(question.search_text, k=max(k, RERANK_POOL) if mode == "hybrid" else k, mode=mode, documents=documents)
    if mode != "hybrid":
        return list(pool)
    weights = _weights(question.concepts, stats)
    lines = _candidate_lines(pool, index, stats, similarities, whole_sections=0)
    best: dict[str, float] = {}
    for line in lines:
        score = _line_score(question, line, weights) + _cause_fit(question, line)
        best[line.chunk.id] = max(best.get(line.chunk.id, 0.0), score)
    for score, _, line in _scored_figures(question, lines, weights, stats):
        best[line.chunk.id] = max(best[line.chunk.id], score)
    scored = sorted(
        ((best.get(passage.chunk.id, 0.0) + RANK_PRIOR / (1 + passage.rank), passage) for passage in pool),
        key=lambda pair: -pair[0],
    )
    return [
        replace(passage, score=score, rank=rank, retrievers=(*passage.retrievers, "lines"))
        for rank, (score, passage) in enumerate(scored[:k], start=1)
    ]


# --- statistics ---------------------------------------------------------------------------------


def _statistics(index) -> _Stats:
    with _stats_lock:
        stats = _stats_cache.get(index)
        if stats is None:
            stats = _compute_statistics(index)
            _stats_cache[index] = stats
        return stats


def _compute_statistics(index) -> _Stats:
    df: dict[str, int] = {}
    vocabulary: set[str] = set()
    for chunk in index.chunks:
        chunk_terms = _terms(chunk.text) | _terms(chunk.section_title)
        vocabulary.update(form for w in words(chunk.text) for form in _unglued(w))
        vocabulary.update(w.lower() for w in words(chunk.section_title))
        for term in chunk_terms:
            df[term] = df.get(term, 0) + 1
    for short, long in index.abbreviations.items():
        vocabulary.add(short.lower())
    figures_by_chunk: dict[str, list[Figure]] = {}
    chunks_by_section: dict[tuple[str, int], list[Chunk]] = {}
    for chunk in index.chunks:
        chunks_by_section.setdefault((chunk.document_id, chunk.section_ordinal), []).append(chunk)
    for figure in index.figures:
        for chunk in chunks_by_section.get((figure.document_id, figure.section_ordinal), ()):
            if chunk.span.start <= figure.span.start < chunk.span.end:
                figures_by_chunk.setdefault(chunk.id, []).append(figure)
                break
    lines_by_chunk = _positions_by_chunk(index.lines)
    figures_by_line: dict[tuple[str, int], list[Figure]] = {}
    label_lines: dict[tuple[str, int, str], int] = {}
    for chunk_id, figures in figures_by_chunk.items():
        above: dict[str, int] = {}  # a line's text → where it last stood so far in the chunk
        for position in lines_by_chunk.get(chunk_id, ()):
            line = index.lines[position]
            on_line = [figure for figure in figures if line.span.start <= figure.span.start < line.span.end]
            if on_line:
                figures_by_line[(chunk_id, line.span.start)] = on_line
                for figure in on_line:
                    if (label := above.get(_clean(figure.metric))) is not None:
                        label_lines[(chunk_id, line.span.start, figure.metric)] = label
            above[_clean(line.text).rstrip(":")] = line.span.start
    notes, row_changes = _tables(index, chunks_by_section, lines_by_chunk)
    issuer = _issuer_names(index)
    chunks_by_id = {chunk.id: chunk for chunk in index.chunks}
    return _Stats(
        df=df,
        chunks=max(len(index.chunks), 1),
        vocabulary=frozenset(vocabulary),
        figures_by_chunk={key: tuple(value) for key, value in figures_by_chunk.items()},
        figures_by_line={key: tuple(value) for key, value in figures_by_line.items()},
        label_lines=label_lines,
        sources={document.id: document.source for document in index.documents},
        chunks_by_id=chunks_by_id,
        chunk_terms=tuple(_terms(chunk.text) | _terms(chunk.section_title) for chunk in index.chunks),
        lines_by_chunk=lines_by_chunk,
        calendar=_learn_calendar(index.chunks),
        issuer=issuer,
        issuer_terms=frozenset(stem(word) for word in vocabulary if issuer and issuer.fullmatch(word)),
        notes=notes,
        row_changes=row_changes,
        phrases=frozenset(pair for line in index.lines for pair in _adjacent_stems(line.text)),
        paired=frozenset(
            (stem(match[1]), stem(match[2])) for line in index.lines if (match := _PAIRED_HEADING.fullmatch(_clean(line.text)))
        ),
        joined=frozenset(
            (stem(match[1]), stem(match[2])) for figure in index.figures for match in _PAIRED_HEADING.finditer(_clean(figure.metric))
        ),
        current_period=Counter(f.period for f in index.figures if f.period).most_common(1)[0][0] if index.figures else "",
        subjects=_block_subjects(index, chunks_by_section, figures_by_chunk),
        described=_descriptions(index, chunks_by_id, df),
        **_company_names(index),
    )


def _company_names(index) -> dict:
    """The names of the companies the documents write out ("Trust Networks" of "Trust Networks Inc."), to
    know them in a question typed in lower case ("what % of trust networks and GDX does IIJ own"): the
    _Stats fields `companies` and `companies_named`."""
    # a table's cells are apart by tabs: the name is the last cell before "Inc."
    names = {match.group("name").split("\t")[-1].strip() for chunk in index.chunks for match in _CORPORATE.finditer(chunk.text)}
    companies = {name.lower(): name for name in names if len(name) > 3}
    spelled = "|".join(map(re.escape, sorted(companies, key=len, reverse=True)))
    return {"companies": companies, "companies_named": re.compile(rf"\b(?:{spelled})\b", re.I) if companies else None}


def _capitalised(text: str, stats: _Stats) -> str:
    """The text with the companies the documents name written as they write them."""
    if stats.companies_named is None:
        return text
    return stats.companies_named.sub(lambda match: stats.companies.get(match[0].lower(), match[0]), text)


def _descriptions(index, chunks: dict[str, Chunk], df: dict[str, int]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Rows of a table that names companies and says what each does: the last cell, a phrase of six words or
    more, describes the names in the cells before it (its rare content words are kept)."""
    rare = max(len(index.chunks), 1) / 4
    found = []
    for line in index.lines:
        cells = [cell.strip() for cell in _as_written(chunks[line.chunk_id], line.span).split("\t") if cell.strip()]
        if len(cells) < 3 or len(words(cells[-1])) < 6:
            continue
        names = " ".join(cell for cell in cells[:-1] if not _NUMBER.search(cell)).lower()
        content = " ".join(word for word in words(cells[-1]) if word.lower() not in STOPWORDS)
        terms = frozenset(term for term in _terms(content) - _terms(names) if df.get(term, 0) < rare)
        if names and terms:
            found.append((names, terms))
    return tuple(found)


def _block_subjects(index, chunks_by_section, figures_by_chunk) -> dict[str, str]:
    """The subject of a block whose heading the extraction lost, named by the summary slide.

    A deck repeats a summary line on its detail slide: "Systems construction: down 40.6% YoY, down 61.2%
    QoQ" (II-2) reappears as "Revenues: down 40.6% YoY, down 61.2% QoQ" at the top of a II-5 block whose
    "Systems construction" heading did not survive, above a "Systems operation and maintenance" block that
    kept its own. Two or more changes that all agree name the same thing, so the twin's label is the block's
    subject, from the line's chunk to the next chunk that opens with a heading of its own.
    """
    twins: dict[tuple, list[Figure]] = {}
    for figure in index.figures:
        if len(figure.changes) >= 2:
            key = (figure.document_id, tuple(sorted((c.basis, c.direction, c.value, c.unit) for c in figure.changes)))
            twins.setdefault(key, []).append(figure)
    subjects: dict[str, str] = {}
    for group in twins.values():
        for figure in group:
            named = {_clean(other.metric) for other in group if other.section_ordinal != figure.section_ordinal}
            if len(named) != 1 or _terms(subject := named.pop()) <= _terms(figure.metric) | _GENERIC_TERMS:
                continue
            chunks = chunks_by_section.get((figure.document_id, figure.section_ordinal), [])
            start = next((i for i, chunk in enumerate(chunks) if figure in figures_by_chunk.get(chunk.id, ())), None)
            if start is None or _terms(subject) <= _terms(_first_line(chunks[start])) | _terms(chunks[start].section_title):
                continue
            for i, chunk in enumerate(chunks[start:]):
                if i and _opens_with_heading(chunk):
                    break
                subjects.setdefault(chunk.id, subject)
    return subjects


def _first_line(chunk: Chunk) -> str:
    return chunk.text.split("\n", 1)[0].strip()


def _opens_with_heading(chunk: Chunk) -> bool:
    """The chunk's first line is a bare heading ("Systems operation and maintenance"): no bullet, no figure,
    no "Unit: JPY billion" note."""
    head = _first_line(chunk)
    return bool(head) and len(head) <= 60 and not _BULLET.match(head) and not re.search(r"[\d:]", head)


def _adjacent_stems(text: str) -> list[tuple[str, str]]:
    stems = [stem(word) for word in words(text)]
    return list(zip(stems, stems[1:]))


_PAIRED_HEADING = re.compile(r"([A-Za-z]{3,}) (?:and|&) ([A-Za-z]{3,})")


_GENERIC_TERMS = frozenset({"and", "of", "the", "in", "for", "to", "a", "as", "by", "on", "total"})
_AMOUNT_NOTE = re.compile(r":\s*(?:JPY|USD|EUR|[$¥€£])?\s*[\d,.]+")
_CELL_NUMBER = re.compile(r"^[(+\-–]?[\d,.]+\)?%?$")


def _tables(index, chunks_by_section, lines_by_chunk):
    """Table rows with their signed change column, and the callouts printed after a table tied to the rows
    they annotate.

    A slide's table ("Accounts Receivable 8,532 10,257 (1,724)") is followed by unlabeled callouts in
    row order ("Decreased correspondingly to decreases in SI projects"). Callouts that share words with
    a row anchor it (the best-scoring chain in row order); a run of "item: amount" lines shares its
    neighbour's row; any other callout takes the row with the largest change between its anchors.
    """
    notes: dict[tuple[str, int], str] = {}
    row_changes: dict[tuple[str, int], float] = {}
    for chunks in chunks_by_section.values():
        rows: list[tuple[str, float]] = []  # (label, size of the change column)
        callouts: list[tuple[tuple[str, int], str]] = []
        for chunk in chunks:
            for position in lines_by_chunk.get(chunk.id, ()):
                line = index.lines[position]
                cells = [cell.strip() for cell in _as_written(chunk, line.span).split("\t") if cell.strip()]
                if len(cells) >= 3 and not _CELL_NUMBER.match(cells[0]) and all(_CELL_NUMBER.match(c) for c in cells[1:]):
                    change = _signed(cells[-1])
                    rows.append((cells[0], abs(change)))
                    row_changes[(chunk.id, line.span.start)] = change
                    callouts = []
                elif rows and "\t" not in _as_written(chunk, line.span):
                    callouts.append(((chunk.id, line.span.start), _clean(line.text)))
        if len(rows) >= 3 and callouts:
            notes.update(_align(rows, callouts))
    return notes, row_changes


def _signed(cell: str) -> float:
    """A change column's value: "(1,724)" is -1724, "+839" is 839."""
    value = float(re.sub(r"[^\d.]", "", cell) or 0)
    return -value if cell.startswith(("(", "-", "–")) else value


def _align(rows, callouts) -> dict[tuple[str, int], str]:
    row_terms = [_terms(label) - _GENERIC_TERMS for label, _ in rows]
    best = []
    for text in (text for _, text in callouts):
        overlaps = [len(_terms(text) & terms) for terms in row_terms]
        top = max(range(len(rows)), key=lambda j: overlaps[j])
        best.append((top, overlaps[top]) if overlaps[top] else None)
    # The heaviest chain of anchors whose rows never go back up the table.
    chains: list[tuple[int, list[int]]] = []
    for i, anchor in enumerate(best):
        if anchor is None:
            chains.append((0, []))
            continue
        before = [chains[j] for j in range(i) if best[j] and best[j][0] <= anchor[0]]
        weight, members = max(before, default=(0, []), key=lambda chain: chain[0])
        chains.append((weight + anchor[1], [*members, i]))
    kept = max(chains, default=(0, []), key=lambda chain: chain[0])[1]
    row_of = {i: best[i][0] for i in kept}
    for _ in range(2):  # a run of "item: amount" lines belongs to the row of its anchored neighbour
        for i, (_, text) in enumerate(callouts):
            if i not in row_of and _AMOUNT_NOTE.search(text):
                for j in (i + 1, i - 1):
                    if j in row_of and 0 <= j < len(callouts) and _AMOUNT_NOTE.search(callouts[j][1]):
                        row_of[i] = row_of[j]
                        break
    anchored = dict(row_of)
    for i in range(len(callouts)):
        if i in row_of:
            continue
        low = max((row for j, row in anchored.items() if j < i), default=-1)
        high = min((row for j, row in anchored.items() if j > i), default=len(rows))
        between = [j for j in range(low + 1, high) if j not in anchored.values()]
        if between:
            row_of[i] = max(between, key=lambda j: rows[j][1])
    return {callouts[i][0]: rows[row][0] for i, row in row_of.items()}


def _issuer_names(index) -> re.Pattern | None:
    """The reporting company's names: the corporate name on each document's cover (its first chunk) and
    the abbreviations the document defines for it. In IIJ's own deck "IIJ" narrows nothing, and its
    vector pulls the cover, the subsidiaries and the press releases above the answer."""
    firsts: dict[str, Chunk] = {}
    for chunk in index.chunks:
        firsts.setdefault(chunk.document_id, chunk)
    names = {match.group("name").strip() for chunk in firsts.values() for match in _CORPORATE.finditer(chunk.text)}
    expanded = {_normalized(name) for name in names}
    names |= {short for short, long in index.abbreviations.items() if _normalized(long) in expanded}
    if not names:
        return None
    spelled = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{spelled})(?:'s)?(?:\s+(?:Inc|Corp|Ltd)\b\.?)?(?!\w)", re.I)


def _positions_by_chunk(lines) -> dict[str, tuple[int, ...]]:
    positions: dict[str, list[int]] = {}
    for position, line in enumerate(lines):
        positions.setdefault(line.chunk_id, []).append(position)
    return {chunk_id: tuple(found) for chunk_id, found in positions.items()}


@functools.lru_cache(maxsize=16384)
def _terms(text: str) -> frozenset[str]:
    """Stemmed terms of a text in every spelling; cached, as the same lines and titles recur per question."""
    return frozenset(term for w in words(text) for glued in _unglued(w) for form in spellings(glued) for term in form)


_GLUED_UNIT = re.compile(r"\d+(?:\.\d+)?([a-z]{2,})")


def _unglued(word: str) -> tuple[str, ...]:
    """A word, and the unit glued to its number: "1gbps" is also "gbps", "4.1points" also "points"."""
    glued = _GLUED_UNIT.fullmatch(word)
    return (word, glued[1]) if glued else (word,)


def _document_frequency(concept: Concept, stats: _Stats) -> int:
    """Chunks holding the concept in its most common form."""
    return _rarity(concept.alternatives, stats)


def _rarity(alternatives: Sequence[frozenset[str]], stats: _Stats) -> int:
    """Chunks holding the most common of a word's spellings."""
    return max(min(stats.df.get(term, 0) for term in alternative) for alternative in alternatives)


def _weights(concepts: Sequence[Concept], stats: _Stats) -> list[float]:
    """Inverse document frequency of each concept (its most common form), direction words and the
    words of a scene-setting sentence damped: the question is what the asking sentence asks."""
    weights = []
    for concept in concepts:
        df = _document_frequency(concept, stats)
        weight = math.log(1 + stats.chunks / (1 + df))
        weights.append(weight * (0.3 if concept.weak else 1.0) * (SCENE_WEIGHT if concept.scene else 1.0))
    return weights


# --- abstention checks --------------------------------------------------------------------------


def _understood(text: str, index, stats: _Stats) -> Question:
    """The question as the engine reads it: parsed, months put on the deck's calendar, and the issuer's
    own name left out of the text the index is searched with (it says which deck, not what in it),
    unless it starts a longer name ("IIJ America")."""
    question = _on_calendar(parse_question(text, dict(index.abbreviations)), stats)
    if stats.issuer is None:
        return question
    focused = " ".join(stats.issuer.sub(" ", question.search_text).split())
    return replace(question, search_text=focused) if words(focused) else question


# "this quarter", "in the quarter": the period the deck reports on.
_THIS_PERIOD = re.compile(
    r"\b(?:this|the current|the latest|the most recent) (?:quarter|qtr|q)\b"
    r"|(?<!same )(?<!previous )(?<!prior )(?<!last )\bthe (?:quarter|qtr)\b(?! (?:ago|before|earlier))",
    re.I,
)


# "the first half to September 2009", "the year to March 2010": the months that end in that month.
_SPAN_TO = (
    (re.compile(r"\b(?:(?:first|second|1st|2nd)[- ]half|half[- ]year|six months)\b", re.I), 6),
    (re.compile(r"\b(?:full|fiscal|financial|the) year (?:to|ending|ended)\b|\btwelve months\b", re.I), 12),
)


def _on_calendar(question: Question, stats: _Stats) -> Question:
    """Months the question names become the deck's period, and stop counting as words to look for:
    the deck writes "June 30, 2009" in column headers, not beside the lines that answer. "This
    quarter" is the deck's own."""
    if question.period is None and stats.current_period and _THIS_PERIOD.search(question.text):
        question = replace(question, period=stats.current_period)
    question = _latest_of_bare_quarter(question, stats)
    against = quarter_compared_with(question.text)
    if question.basis is None and question.period is None and against and is_quarter(stats.current_period or ""):
        # "net income up or down compared to 1Q08?" in a 1Q09 deck asks the YoY change
        question = replace(question, basis=basis_between((stats.current_period, against)))
    months = months_named(question.text)
    if stats.calendar is None or not (months or any(_names_month(concept.word) for concept in question.concepts)):
        return question
    # A dated balance's day and year ("June 30, 2009") are its period, no words a line must hold; a day
    # without a year ("on May 26") dates an event, as the deck's "5/26" does.
    dated = {
        number for match in _DAY_AND_YEAR.finditer(question.text) if is_month_word(match[1]) and match[3] for number in match.groups()[1:]
    }
    span = next((length for pattern, length in _SPAN_TO if pattern.search(question.text)), 0)
    if months and months.first == months.last and span:
        months = replace(months, first=(months.last - span) % 12 + 1)
    period = _fiscal_period(months, stats.calendar)
    return replace(
        question,
        period=question.period or period,
        concepts=tuple(concept for concept in question.concepts if not _names_month(concept.word) and concept.word not in dated),
    )


def _latest_of_bare_quarter(question: Question, stats: _Stats) -> Question:
    """A bare quarter other than the deck's own is the latest one of that number: in a 1Q09 deck "Q4"
    is 4Q08 and "Q2" is 2Q08 (2Q09 is not reported yet), so a figure of 1Q09 does not answer it."""
    own = re.fullmatch(r"([1-4])Q(\d\d)", stats.current_period or "")
    bare = re.fullmatch(r"([1-4])Q", question.period or "")
    if not (own and bare) or bare[1] == own[1]:
        return question
    year = int(own[2]) - (int(bare[1]) > int(own[1]))
    return replace(question, period=f"{bare[1]}Q{year % 100:02d}")


_DAY_AND_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? ((?:19|20)\d\d))?\b")


def _names_month(word: str) -> bool:
    """"June", "Apr-Sep", "end-June", "March-end": a word that is, or ends on, a month, or a month's end."""
    parts = word.split("-")
    return is_month_word(word) or is_month_word(parts[-1]) or (parts[-1] == "end" and is_month_word(parts[0]))


def _same_period(figure: Figure, period: str, stats: _Stats) -> bool:
    """The figure is for `period`, by its own label ("1Q09", "FY2008") or by its date ("June 30, 2009")."""
    own = figure.period.lower()
    spelled = (parse_period(figure.period) or "").lower()
    dated = _fiscal_period(months_named(figure.period), stats.calendar) or ""
    # A balance on the last day of a fiscal year's fourth quarter is that year's closing balance.
    year_end = re.fullmatch(r"FY(\d\d)", period, re.I)
    if year_end and dated == f"4Q{year_end[1]}":
        return True
    return any(form.startswith(period.lower()) for form in (own, spelled, dated.lower()) if form)


def _absent_names(question: Question, stats: _Stats) -> str:
    """A name or acronym the question relies on that the documents never mention."""
    # A hyphenated word none of whose parts the documents use is a name too ("hi-ho"), capitals or not.
    coined = [
        concept.word for concept in question.concepts
        if "-" in concept.word
        and all(len(part) <= 3 and part not in stats.vocabulary for part in concept.word.split("-"))
    ]
    concepts = {concept.word: concept for concept in question.concepts}
    absent = [
        name
        for name in (*question.named, *coined)
        if name.lower() not in stats.vocabulary and stem(name) not in stats.df and not _names_month(name.lower())
        and not _shortened(name.lower(), stats)
        # a name the documents write otherwise ("PCs" → laptop) is not absent
        and not (name.lower() in concepts and _in_documents(concepts[name.lower()], stats))
    ]
    return f"it never mentions {', '.join(absent)}" if absent else ""


# Disclosures of their own: a document that never uses the word does not report the thing, however
# relevant its passages on the words around it look ("covenants on its bank borrowings", "the auditor").
_OWN_DISCLOSURES = frozenset(
    "covenant covenants auditor auditors going-concern churn arpu ebitda buyback buybacks price-earnings market-share break-even customer-concentration".split()
)


def _absent_disclosure(question: Question, stats: _Stats) -> str:
    """A disclosure of its own the question asks about (a covenant, an auditor's opinion, churn) that the
    documents never mention, in any of its spellings."""
    absent = [c.word.replace("-", " ") for c in question.concepts if c.word in _OWN_DISCLOSURES and not c.scene and not _written(c, stats)]
    return f"it never mentions {', '.join(absent)}" if absent else ""


def _written(concept: Concept, stats: _Stats) -> bool:
    """The concept is in the documents; a two-part word ("price-earnings") only with its parts side by side."""
    parts = concept.word.split("-")
    if len(parts) == 2 and all(parts):
        return (stem(parts[0]), stem(parts[1])) in stats.phrases or concept.word.replace("-", "") in stats.vocabulary
    return _in_documents(concept, stats)


def _shortened(name: str, stats: _Stats) -> bool:
    """A name cut short ("Research Lab" for "Research Laboratory"): the start of a longer word the documents use."""
    return len(name) >= 3 and name.isalpha() and any(
        word.startswith(name) and len(word) >= len(name) + 3 for word in stats.vocabulary
    )


def _dated_period(question: Question) -> str | None:
    """The period asked about when it names a year ("1Q09", "FY09"); a bare quarter ("Q1") does not."""
    return question.period if question.period and question.period[-1].isdigit() else None


def _absent_period(question: Question, stats: _Stats) -> str:
    """The period asked about, or any other dated quarter or half the question names ("…against the
    first half of FY2008"), that the documents never mention."""
    # Periods written in the question; one learned from its months ("July 2009" is 2Q09) may be
    # reported by date ("7/1 …") without its label.
    named = (parse_period(question.text), *quarters_named(question.text), *halves_named(question.text))
    for period in dict.fromkeys(p for p in named if p and p[-1].isdigit()):
        if period.lower() not in stats.vocabulary and not _period_spelled(period, stats):
            return f"it reports nothing for {period}"
    return ""


def _absent_years(question: Question, stats: _Stats) -> str:
    # "the year to March 2010" is FY09, which the deck reports (as "09/4~10/3"), though it never writes 2010:
    # a month's year is covered when the fiscal period it falls in is reported.
    months = months_named(question.text)
    reported = bool(question.period and question.period.lower() in stats.vocabulary)
    absent = [
        year
        for year in question.years
        if year not in stats.vocabulary and f"fy{year}" not in stats.vocabulary
        and not (reported and months and months.year == int(year))
    ]
    return f"it reports nothing for {', '.join(absent)}" if absent else ""


# Nouns that make a compound measure out of the word before them ("share price", "exchange rate").
_MEASURE_HEADS = frozenset("price prices rate rates share yield multiple valuation rating ratio margin loan loans".split())


_COMPARATIVE = re.compile(r"(?:bigg|larg|small|high|low|great|bett|wors|strong|weak|fast|slow)(?:er|est)", re.I)


def _absent_compound(question: Question, stats: _Stats) -> str:
    """A measure named by two words the document uses, but never together: "share price", "exchange rate",
    or qualified by a word it never uses: "quick ratio".

    Each word alone is in the document, so passages look relevant; the measure asked about is not.
    """
    concepts = {concept.word: concept for concept in question.concepts if not concept.weak}
    tokens = words(question.text)
    for first, second in zip(tokens, tokens[1:]):
        if first not in concepts or second not in _MEASURE_HEADS or second not in concepts:
            continue
        a, b = concepts[first], concepts[second]
        if not _in_documents(b, stats):
            continue
        if not _in_documents(a, stats):
            # "quick ratio": the qualifier is a word of its own, not a comparative ("bigger share")
            qualifies = first.isalpha() and not _COMPARATIVE.fullmatch(first) and not a.scene
            if qualifies:
                return f'it never mentions "{first} {second}"'
            continue
        together = any(
            a.met_by(terms) and b.met_by(terms)
            for terms in stats.chunk_terms
        )
        if not together:
            return f'it never mentions "{first} {second}"'
    return ""


def _in_documents(concept: Concept, stats: _Stats) -> bool:
    return any(all(term in stats.df for term in alternative) for alternative in concept.alternatives)


def _period_spelled(period: str, stats: _Stats) -> bool:
    """FY09 may be written FY2009; 1Q09 as "1Q FY2009"."""
    match = re.match(r"(FY|[1-4]Q|[12]H)(\d\d)$", period)
    if not match:
        return False
    prefix, year = match.groups()
    long_year = f"fy20{year}"
    if prefix == "FY":
        return long_year in stats.vocabulary
    return (stem(prefix.lower()), stem(long_year)) in stats.phrases  # side by side, not each somewhere


# "How much … pay / money / cost": money asked outright
_MONEY_ASKED = re.compile(
    r"\bhow much\b.*\b(pa(?:y|id|ying)|money|spen[dt]|cost|charge[sd]?|fees?|price)\b"
    rf"|\b(?:{PAY})\b",
    re.I,
)


# Money words that name no line of their own: "spend" is met by a purchase, a payment or an expense.
_MONEY_IN_GENERAL = frozenset({"money", "balance", "balances", "spend", "spends", "spent", "spending"})
# "subscriber count", "headcount", "count of ATMs" ask a number of things; "does that count as" does not
_HOW_MANY = re.compile(
    r"\bhow many\b(?!\s+(?:yen|jpy|dollars|euros?|pounds|million|billion))|\bnumber of\b|\bheadcount\b|\bcount of\b"
    r"|\b(?!(?:that|this|it|does|do|did|would|will|should|which|what)\b)[a-z]{3,}[- ]counts?\b(?!\s+(?:as|towards?|on|for)\b)",
    re.I,
)
# "26 ATMs", "222 people": a number of things; a year ("July 2009 to strengthen") or a date ("7/9 IIJ to
# provide…") counts nothing.
_COUNT = re.compile(
    r"(?<![\w$¥€£.,/])(?!(?:19|20)\d\d\b)\d(?:[\d,.]*\d)?(?!/)\s+(?:(?:thousand|million|billion)s?\s+of\s+)?"
    r"(?!million|billion|thousand)([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})"
)
_HOW_MUCH_MONEY = re.compile(rf"\bhow much\s+(?:[\w-]+\s+){{0,2}}?{MONEY.pattern}", re.I)


def _gives_count(question: Question, text: str, stats: _Stats) -> bool:
    """A count of the thing asked about: "26 ATMs" for "how many ATMs…", never a date. A text that names
    the thing counts it ("…in AT TOKYO Data Center" gives no number of data centers); one that does not
    may count it in other words ("20 thousands of simultaneous access" for "how many viewers")."""
    counted = _counted(question, stats)
    named = counted is not None and counted.met_by(_terms(text))
    # what is counted stands after the number or just before it ("full-time outsourcing personnel: 222 people")
    return any(
        not named or counted.met_by(_terms(" ".join(text[: match.start()].split()[-4:]) + " " + match[1])) for match in _COUNT.finditer(text)
    )
# "What commission does it earn per withdrawal?" asks a price: an amount of money for each unit.
_PRICE_PER = re.compile(
    r"\b(?:commissions?|fees?|prices?|charges?|tariffs?)\b.*\b(?:per|(?:for|on|of) (?:each|every|a single))\s+\w"
    r"|\b(?:monthly|annual|yearly|hourly) (?:commissions?|fees?|prices?|charges?|tariffs?)\b",
    re.I,
)
_CURRENCY_WORDS = r"(yen|jpy|usd|dollars|euros?)"
_CURRENCY_NAMED = re.compile(rf"\b{_CURRENCY_WORDS}\b|[¥$€£]", re.I)
_IN_CURRENCY = re.compile(rf"\bin {_CURRENCY_WORDS}\b", re.I)
_MONEY_AMOUNT = re.compile(r"(JPY|USD|EUR|[$¥€£])\s?\d|\d\s?(yen|dollars|euros?)\b", re.I)
_HOW_MUCH = re.compile(r"\bhow (much|many|big|large)\b|\bnumber of\b", re.I)
# Units a money question may be answered in; anything else a figure carries ("lines", "ATMs") is a count.
_CURRENCIES = frozenset({"JPY", "USD", "EUR", "GBP", "US$", "$", "¥", "€", "£"})
_MONEY_UNITS = _CURRENCIES | {"", "%"}


def _asks_change(question: Question) -> bool:
    """"How many yen did the backlog add since March?" is answered by a change."""
    return question.basis is not None or any(concept.weak and concept.word != "total" for concept in question.concepts) or bool(
        re.search(r"\b(since|change[sd]?|by how much)\b", without_declined_change(question.text), re.I)
    )


def _asks_target_amount(question: Question) -> bool:
    """"What was the Q1 operating income target?" asks for an amount, though a target makes it a comparison."""
    return question.wants_target and question.kind != "why" and bool(re.match(r"\s*(what|how much)\b", asking_sentences(question.text), re.I))


def _asks_amount(question: Question) -> bool:
    return bool(_HOW_MUCH.search(question.text) or MONEY.search(question.text))


@functools.lru_cache(maxsize=8192)
def _says(pattern: re.Pattern, text: str) -> bool:
    """Whether a question's text matches a pattern; cached, as every candidate figure asks it again."""
    return pattern.search(text) is not None


def _unit_mismatch(question: Question, figure: Figure, stats: _Stats) -> str:
    """Why a figure's unit cannot answer the question: money for "how many" or for a ratio, a count where
    money is asked."""
    label = _clean(figure.metric).rstrip(":")
    if _says(_HOW_MANY, question.text):
        if figure.unit in _CURRENCIES:
            return f"it gives {label} as an amount of money, not a count"
        if figure.unit == "%" and figure.value is not None and not _says(_POINTS, question.text):
            return f"it gives {label} as a percentage, not a count"
        counted = _counted(question, stats)
        if counted and figure.unit and figure.value is not None and not counted.met_by(_terms(figure.unit) | _terms(label)):
            return f"it counts {figure.unit}, not the {counted.word} asked about"
        return ""
    # "What contract and revenue targets…?" asks the count it names as well as the money
    if _says(MONEY, question.text) and figure.unit not in _MONEY_UNITS and not (figure.unit and _terms(figure.unit) <= _terms(question.text)):
        return f"it gives {label} as a count, not an amount of money"
    if _says(_MONEY_ASKED, question.text) and figure.unit == "%" and figure.value is not None and not _says(_RATIO, question.text):
        return f"it gives {label} as a percentage, not an amount of money"  # a stake is not what was paid for it
    if _says(_RATIO, question.text) and figure.unit in _CURRENCIES and figure.value is not None and not _asks_change(question):
        return f"it gives {label} as an amount of money, not the ratio asked for"
    unit = _IN_DATA_UNIT.search(question.text)
    if unit and figure.unit.lower() != unit[1].lower():
        return f"it gives {label} in {figure.unit or 'no unit'}, not in {unit[1]}"
    return ""


_COUNTED = re.compile(r"\bhow many\s+((?:[a-z&-]+\s+){0,3}?[a-z&-]+s)\b", re.I)


def _counted(question: Question, stats: _Stats) -> Concept | None:
    """What "how many atm withdrawals…" counts: its plural noun ("withdrawals"), as a concept of the
    question, if the documents use the word at all (no figure counts "machines", a word they never
    write) and it is no length of time ("over how many years")."""
    word = _counted_word(question.text)
    if word in _TIME_UNITS:
        return None
    return next((c for c in question.concepts if c.word == word and not c.weak and _document_frequency(c, stats)), None)


_TIME_UNITS = frozenset({"years", "months", "weeks", "days", "hours", "quarters", "halves"})


@functools.lru_cache(maxsize=4096)
def _counted_word(text: str) -> str:
    """The plural noun after "how many", in lower case, or ""; cached, as every candidate figure asks it."""
    match = _COUNTED.search(text)
    return match[1].split()[-1].lower() if match else ""


# "…bandwidth, in Gbps?" is answered only by a figure in that unit, not by a count of contracts.
_IN_DATA_UNIT = re.compile(r"\bin ([kKMGTP]i?B|[kKMGT]?bps|[kKMGT]?bit/s)\b", re.I)


# A ratio is answered by a percentage or a multiple, never by a yen amount ("current ratio", "tax rate").
_RATIO = re.compile(r"\b(ratios?|rates?|percentage|yield|(?:portion|proportion|fraction) of)\b|%\s*of\b", re.I)


# Qualifiers that split one metric in two: asked for one side, the other side is not the answer.
_OPPOSITES = (
    ("short", "long"),
    ("current", "noncurrent"),
    ("gross", "net"),
    ("operating", "nonoperating"),
    ("corporate", "home"),
    ("domestic", "overseas"),
)


_BOTH_WAYS = (*_OPPOSITES, *((b, a) for a, b in _OPPOSITES))


def _opposite_kind(question: Question, figure: Figure) -> str:
    """Why a figure measures the other side of what is asked: short-term borrowings for long-term debt."""
    wording = in_deck_words(question.text)  # "LT borrowings" are long-term ones
    asked = _terms(wording.replace("non-", "non"))
    label = _terms(_clean(figure.metric).replace("non-", "non"))
    only_asked = asked - label
    if not only_asked:
        return ""
    only_label = label - asked
    for one, other in _BOTH_WAYS:
        if stem(one) in only_asked and stem(other) in only_label:
            said = re.search(rf"\b{one}[\w-]*", wording, re.I)
            return f"it reports {_clean(figure.metric).rstrip(':')}, not {said[0] if said else one} as asked"
    return ""


_SPLIT = re.compile(
    r"\b(?:split|divided|breakdown|broken down)\b(?:.*?\bbetween|(?: by| into| of)?)\s+(.+?)\s+(?:and|vs\.?|versus|or|/)\s+(\w[\w&-]*)", re.I
)
_EACH_SHARE = re.compile(
    r"\bhow (?:much|many)\b.*?\b(?:to|from|for|at|in|are|is|were|was)\s+(?:the\s+)?(.+?),?\s+"
    r"and\s+how (?:much|many)\b.*?\b(?:to|from|for|at|in|are|is|were|was)\s+(?:the\s+)?(?!\w+ed\b)(\w[\w&-]*)",  # "were added" asks a change
    re.I,
)


# "How much of that is bonus payments vs SI maintenance?", "Of the 28,000 lines, how many are corporate vs home?"
_SHARE_VERB = r" (?:is|are|was|were|came from|comes from|relates? to|went (?:to|on))"
_SHARE_OF = re.compile(
    rf"\b(?:how (?:much|many) of (?:that|it|this|them|those|the [\w,.&-]+(?: [\w&-]+){{0,3}}?){_SHARE_VERB}"
    rf"|of (?:that|it|this|them|those|the [\w,.&-]+(?: [\w&-]+){{0,3}}?), how (?:much|many)(?:{_SHARE_VERB})?)\s+"  # "…, how many corporate and how many home"
    r"(.+?)\s+(?:vs\.?|versus|or|and how (?:much|many)(?: (?:is|are|was|were|to))?)\s+(\w[\w&-]*(?: \w[\w&-]*)?)",
    re.I,
)


def _split_not_stated(question: Question, figures: Sequence[Figure]) -> str:
    """A split "between corporate and home users" ("how much relates to A and how much to B") needs a
    figure for each side, not the total."""
    split = _SPLIT.search(question.text) or _EACH_SHARE.search(question.text) or _SHARE_OF.search(question.text)
    if not split:
        return ""
    sides = [_terms(side) - _GENERIC_TERMS for side in split.groups()]
    for side in sides:
        if not any(side & (_terms(figure.metric) | _terms(_clean(figure.text))) for figure in figures):
            return f"it gives no split between {split.group(1)} and {split.group(2)}"
    return ""


# "…signed by the end of July, versus the 20,000 three-year target?": an actual set against a plan
_AGAINST_PLAN = re.compile(
    rf"\b(?:{AGAINST}|towards?)\s+(?:the\s+|its\s+|their\s+)?(?:[\w,-]+\s+){{0,3}}?(?:targets?|plan|goal|forecast)\b", re.I
)


def _actual_not_stated(question: Question, figures: Sequence[Figure]) -> str:
    """An actual asked against its target needs the actual: the target alone compares nothing."""
    if figures and _AGAINST_PLAN.search(question.text) and all(_is_target(figure) for figure in figures):
        return f"it gives only the target for {_clean(figures[0].metric).rstrip(':')}, not the actual to set against it"
    return ""


def _comparison_not_stated(question: Question, figures: Sequence[Figure], sentences: Sequence[Sentence], stats: _Stats) -> bool:
    """"Lines a year ago, at the end of 1Q08?": the answer holds neither 1Q08 nor a year-on-year change."""
    if question.kind != "compare":
        return False
    said = _normalized(" ".join(sentence.text for sentence in sentences))
    quarters = quarters_named(question.text)
    if len(quarters) >= 2 and not all(_quarter_stated(q, quarters[0], figures, said, stats) for q in quarters[1:]):
        return True  # "1Q09 operating cash flow against 1Q08's": the answer must hold 1Q08 too
    if len(quarters) == 1 and quarters[0] != stats.current_period and not _quarter_stated(quarters[0], stats.current_period, figures, said, stats):
        return True  # "Operating cash flow in 1Q08, for comparison?": this quarter's amount alone compares nothing
    if not question.basis:
        return False
    if _HOW_MANY.search(question.text) and not _POINTS.search(question.text):
        # "By how many people…year on year": a yen or percentage change of something else does not count;
        # counts of two periods side by side ("26 ATMs as of June 30, 2009", "10 ATMs during FY2008") do.
        two_periods = len({figure.period for figure in figures if figure.value is not None and figure.unit not in _MONEY_UNITS}) > 1
        # "…and how many were added since 4Q08?": a count's change against the quarter named counts too,
        # and "net adds QoQ" is met by "up 5,000 lines compared with 4Q08", the quarter before this one
        named = set(quarters_named(question.text))

        def against_asked(text: str) -> bool:
            return question.basis in text or any(
                quarter in named or basis_between((quarter, stats.current_period)) == question.basis for quarter in quarters_named(text)
            )

        return not two_periods and not any(against_asked(s.text) and _COUNT.search(s.text) for s in sentences)
    period = _dated_period(question)
    if not period or any(_same_period(figure, period, stats) for figure in figures):
        return False
    if _CURRENCY_NAMED.search(question.text) and not any(c.weak for c in question.concepts) and not _CHANGE_ASKED.search(question.text):
        return True  # "In yen, what were the losses in 1Q08?": "slightly up compared to 1Q08" gives no amount of 1Q08
    return period.lower() not in said and question.basis.lower() not in said


_CHANGE_ASKED = re.compile(r"\b(chang\w*|differ\w*|gap|moved?|movement)\b", re.I)


def _quarter_stated(quarter: str, other: str, figures: Sequence[Figure], said: str, stats: _Stats) -> bool:
    """The answer speaks of `quarter`: a figure of it, its name, or the change that links it to `other`."""
    if any(_same_period(figure, quarter, stats) for figure in figures) or quarter.lower() in said:
        return True
    basis = basis_between((quarter, other))
    return basis is not None and basis.lower() in said


# "the ATM operation business (Trust Networks)": words in brackets name again what precedes them
_ASIDE = re.compile(r"\([^()\d]*\)")
_BRACKETED = re.compile(r"\([^()]*\)")  # any bracket, a formula's or a column's ("(% of revenues)") too


_RATIO_TERMS = _terms("ratio percentage rate")


def _topic_not_stated(question: Question, label: str, line: _Line, stats: _Stats, compounds: bool = True) -> str:
    """A topic the question names in two words the document also puts together ("contents delivery",
    "equity-method") that the figure's line and its context never mention; with `compounds` False, only
    a pair the document heads as one ("depreciation and amortization")."""
    near = line.terms | line.title_terms | _terms(label) | (_RATIO_TERMS if "%" in label else frozenset())  # "(% of revenues)" is a ratio
    asked = {c.word: c.alternatives for c in question.concepts if not c.weak}
    # A hyphenated compound ("equity-method") is two words, each met by its stem.
    for part in {part for word in asked if "-" in word for part in word.split("-")} - STOPWORDS:
        asked.setdefault(part, (frozenset({stem(part)}),))
    # the sentences that ask: "…in 1Q09? I assume that's basically operating income in cash form" names no topic
    # a free-standing "&" is "and" ("connectivity & outsourcing"); "SG&A" keeps its own
    wording = re.sub(r"\s&\s", " and ", asking_sentences(in_deck_words(_ASIDE.sub(" ", question.text))))
    tokens = [part for word in words(wording) for part in word.split("-")]
    pairs = [(first, second, " ") for first, second in zip(tokens, tokens[1:])] if compounds else []
    pairs += [(first, second, " and ") for first, joint, second in zip(tokens, tokens[1:], tokens[2:]) if joint == "and"]
    for first, second, joint in pairs:
        if not (first.isalpha() and second.isalpha()) or first not in asked or second not in asked:
            continue
        # the rarer word of a compound names its topic ("backbone" of "backbone network"); a pair joined
        # by "and" ("depreciation and amortization") asks for both
        needed = (first, second) if joint == " and " else (min((first, second), key=lambda word: _rarity(asked[word], stats)),)
        met = all(any(alternative <= near for alternative in asked[word]) for word in needed)
        # a pair the document heads or labels as one ("connectivity and outsourcing"), in either order
        pair = {(stem(first), stem(second))} if joint == " " else {(stem(first), stem(second)), (stem(second), stem(first))}
        known = stats.phrases if joint == " " else stats.paired | stats.joined
        if pair & known and not met and not _does(f"{first}{joint}{second}", line, stats):
            return f"it gives {label}, but nothing on {first}{joint}{second}"
    return ""


def _scope_not_stated(question: Question, figures: Sequence[Figure], lines: Sequence[_Line], stats: _Stats) -> str:
    """A segment or entity the question names ("the ATM business") that the leading figure's line and its
    context never mention: the figure is the company's total, or another unit's, not the one asked."""
    # a bare question ("IIJ America rev in 1Q09?") asks for an amount, as "how much" does
    if not lines:
        return ""
    label = _clean(figures[0].metric).rstrip(":")
    if len(lines) > 1 and _named_sides(question, stats):
        # "stakes in Trust Networks and GDX Japan": each company is named by its own figure's line
        lines = [replace(lines[0], terms=frozenset().union(*(line.terms for line in lines)), title_terms=frozenset().union(*(line.title_terms for line in lines)))]
    if not (_asks_amount(question) or is_bare(question.text)):
        if _asks_target_amount(question):  # "What's the 1H09 target for SG&A?" is not the dividend's target
            return _unmet(question, figures[0], lines[0], stats)
        if question.kind != "figure":
            return ""
        # "What was depreciation and amortization?" asks the pair whole, as "how much" would
        return _name_not_stated(question, label, lines[0], stats) or _topic_not_stated(question, label, lines[0], stats, compounds=False) or _only_part(question, label)
    name = _name_not_stated(question, label, lines[0], stats)
    if name:
        return name
    topic = _topic_not_stated(question, label, lines[0], stats)
    if topic:
        return topic
    # a line of the cash flow statement is cash, whatever it is spent on ("cash spent on buying PP&E")
    own = lines[0].terms | _terms(label) | (lines[0].title_terms & _terms("cash"))
    # The metric's own money word ("revenues", "expense"), not a currency or a statement's name.
    money = [
        c for c in question.concepts
        if MONEY.fullmatch(c.word) and c.word not in _MONEY_IN_GENERAL and not c.scene
        and not (c.word == "cash" and re.search(r"\bcash[- ]flow", in_deck_words(question.text), re.I))
    ]
    # "What portion of assets is equity?": a ratio's money words are what it divides, not its label's
    # A question that spells the line out ("capex: the outflow for purchase of property and equipment?")
    # asks that line, whatever money word it adds.
    if (
        money and not _RATIO.search(question.text) and not _spells(question, label)
        and not any(c.met_by(own) for c in money)
    ):
        return f"it gives {label}, not the {money[0].word} asked about"
    excluded = _EXCLUDING.search(in_deck_words(question.text))
    if excluded and stem(excluded.group(1)) in _terms(label):
        return f"it gives {label}, which includes {excluded.group(1)}"
    if _WHOLE.search(question.text) and _PART.search(label):
        return f"it gives only {label}, not the total asked about"
    part = _only_part(question, label)
    if part:
        return part
    if _BALANCE.search(question.text) and _FLOW.search(label):
        return f"it gives {label} during the period, not the balance asked about"
    if _FLOW_ASKED.search(question.text) and _DATE.search(figures[0].period):
        # "How much did IIJ bring in from selling equipment?" is not answered by the equipment on its books
        return f"it gives {label} as a balance on {figures[0].period}, not money that came in or went out"
    return _unmet(question, figures[0], lines[0], stats) if question.kind in ("figure", "compare") else ""


def _unmet(question: Question, figure: Figure, line: _Line, stats: _Stats) -> str:
    """Why a figure, its period and its line meet too little of what is asked, or "".

    Met over the words the documents use at all: no figure can meet "pick up" or "twelve". Years are
    the period's, checked apart: "fiscal 2008, the year ended March 2009" is FY08's label, not words."""
    label = _clean(figure.metric).rstrip(":")
    known = [c for c in question.concepts if _document_frequency(c, stats) and not re.fullmatch(r"(19|20)\d\d", c.word)]
    if question.wants_target:  # every target meets "target": what it is a target for must be met too
        known = [c for c in known if not any(_PLAN.fullmatch(term) for alternative in c.alternatives for term in alternative)]
    met = _coverage(known, _weights(known, stats), line.terms | _terms(label) | _terms(figure.period) | _runner_terms(line, stats), line.title_terms)
    return f"it gives {label}, which is not what is asked" if met < MIN_FIGURE_COVERAGE else ""


def _spells(question: Question, label: str) -> bool:
    """The question writes out most of a label of some length ("principal repaid under capital lease
    obligations" for "Principle payments under capital leases")."""
    terms = _terms(label) - _GENERIC_TERMS
    # a bracketed formula ("FCF (CFO minus capex)") spells what is computed, not the line asked
    text = in_deck_words(_BRACKETED.sub(" ", question.text))
    present = set(words(text))
    asked = _terms(text).union(*(alternative for c in question.concepts if c.word in present for alternative in c.alternatives))
    # of some length in words: "Borrowings (Short-term)" is two, which "interest on short-term borrowings" names, not spells
    long = len({w for w in words(label) if stem(w) not in _GENERIC_TERMS}) >= 3
    return long and len(terms) >= 3 and len(terms & asked) >= 0.8 * len(terms)


def _name_not_stated(question: Question, label: str, line: _Line, stats: _Stats) -> str:
    """A name, or a coined word the documents use in one place only ("hi-ho"), that the question asks
    of and the figure's line and its context never mention."""
    name = _name_unmet(question, line, stats)
    return f"it gives {label}, but not for {name}" if name else ""


def _name_unmet(question: Question, line: _Line, stats: _Stats, coined: bool = True) -> str:
    """The first name (or, with `coined`, coined word) the question asks of that the line and its
    context never mention, or ""."""
    context = line.terms | line.title_terms
    rare = [c.word for c in question.concepts if coined and "-" in c.word and _document_frequency(c, stats) == 1]
    asking = asking_sentences(_ASIDE.sub(" ", question.text)).lower()
    for name in (name for name in (*question.named, *rare) if name.lower() in asking):
        concept = next((c for c in question.concepts if c.word == name.lower()), None)
        if concept is None or (stats.issuer and stats.issuer.fullmatch(name)) or name.upper() in _CURRENCIES:
            continue
        if not concept.met_by(context) and not _does(name, line, stats):
            return name
    return ""


def _does(name: str, line: _Line, stats: _Stats) -> bool:
    """The line is about what the document says the named company does: "Operates 26 ATMs" on the ATM slide
    is Trust Networks', whose row in the group table reads "Operates ATM network systems…"."""
    pattern = re.compile(rf"\b{re.escape(name.lower())}\b")
    return any(pattern.search(names) for names in _companies_doing(line, stats))


def _runner_terms(line: _Line, stats: _Stats) -> frozenset[str]:
    """The words of the companies that run what the line is about: "How many ATMs does Trust Networks run?"
    is met by "Operates 26 ATMs", as the group table says Trust Networks operates ATM network systems."""
    return _terms(" ".join(_companies_doing(line, stats)))


def _companies_doing(line: _Line, stats: _Stats) -> tuple[str, ...]:
    """The name cells of the group-table rows whose business the line is about."""
    # two of its words, not one: "network" alone is every network company's
    return tuple(names for names, terms in stats.described if len(terms & line.terms) >= 2)


def _only_part(question: Question, label: str) -> str:
    """"How many people does the group employ in total?" is not answered by "Employees working for Trust Networks"."""
    # a column in brackets ("Total Costs (% of revenues)") names no part; a name is asked in any spelling
    wording = in_deck_words(question.text)
    asked = _terms(wording)
    # "equity ratio + total assets": the whole asked is the piece's the label answers, not another measure's
    pieces = [piece for piece in _JOINED.split(wording) if _terms(piece) & _label_terms(label)] or [wording]
    names = _names_in_label(_BRACKETED.sub(" ", label)) if any(_WHOLE.search(piece) for piece in pieces) else []
    unasked = [name for name in names if not _terms(name) <= asked]
    if not unasked:
        return ""
    whose = " ".join(unasked)
    return f"it gives {label}, which is only {whose}'{'' if whose.endswith('s') else 's'}"


_ALONE = re.compile(r"\b(?:alone|stand-?alone|by itself|on its own|individually|separately|solely)\b", re.I)


def _alone_not_stated(question: Question, figure: Figure, line: _Line) -> str:
    """"GDX's standalone net loss?": a line that gives the loss of "GDX Japan Inc. and Trust Networks Inc."
    together gives no share of either alone."""
    if not _says(_ALONE, question.text):
        return ""
    # a name on the line counts as asked when the question types every word of it ("how much did gdx japan
    # lose on its own?"), its acronym head ("GDX's…" of "GDX Japan Inc.") or capitalises one of its words
    asked = {w.removesuffix("'s") for w in words(question.text)}
    capitalised = {w.lower().removesuffix("'s") for w in question.named}
    for pair in _JOINED_NAMES.finditer(line.text):
        for name in pair.groups():
            company = _CORPORATE.fullmatch(name.rstrip("."))
            own = words(company["name"] if company else name)
            if own and (all(w in asked for w in own) or (name.split()[0].isupper() and own[0] in asked) or capitalised & set(own)):
                return f"it gives {_clean(figure.metric).rstrip(':')} for {name} together with another company, not {name} alone"
    return ""


# "GDX Japan Inc. and Trust Networks Inc.": two names joined on one line
_JOINED_NAMES = re.compile(r"\b([A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)\s+and\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)")


# "withdrawals per ATM per day", "cost per month": a rate; "per the cash flow statement" and "gigabits per
# second" are no rate asked
# "per the deck", "per mgmt": according to, no rate
_PER = re.compile(
    r"(?<!bits )(?<!bit )(?<!bytes )(?<!byte )\bper[- ](?!the\b|cent\b|se\b|(?:deck|document|presentation|slides?|report|release|management|mgmt|company|IIJ)\b)(?:one )?([a-z][\w]*)",
    re.I,
)
_STATED_RATE = re.compile(r"\b(?:per|each|every|a) ([a-z][\w-]*)", re.I)


def _rate_not_stated(question: Question, lines: Sequence[_Line]) -> str:
    """A rate asked ("per ATM per day") is answered only by lines that state one ("per Share", "for each
    withdrawal"): a count of ATMs is no number of withdrawals per ATM."""
    stated = {stem(found[1]) for line in lines for found in _STATED_RATE.finditer(line.text)}
    for match in _PER.finditer(asking_sentences(question.text)):
        if stem(match[1]) not in stated:
            return f"it gives no figure per {match[1]}"
    return ""


def _names_in_label(label: str) -> list[str]:
    """Capitalized words inside a label written in lower case ("Employees working for Trust Networks"),
    months aside; a label in title case ("Net Income Attributable to IIJ") names nothing this way."""
    tokens = re.findall(r"[A-Za-z][\w&.-]*", label)[1:]
    lower = [t for t in tokens if t.islower()]
    if len(lower) < len(tokens) / 2:
        return []
    return [t for t in tokens if t[0].isupper() and not is_month_word(t)]


# What a question leaves out ("Stripping out SI, …"), asks in whole ("in total"), or as a balance.
_EXCLUDING = re.compile(rf"\b(?:(?:{SET_ASIDE}|ex|without|outside of)\s+|ex-)(?:the\s+)?([\w&]+)", re.I)
# "the whole year" is the length of a period, not the whole group.
_WHOLE = re.compile(
    r"\b(in total|total|all|overall|altogether|group-wide|(?:whole|entire)(?![- ](?:fiscal[- ])?(?:year|quarter|half|period)))\b", re.I
)
_PART = re.compile(r"\b(over|above|under|below|more than|less than|at least)\s+\d", re.I)
_TAKEN_IN = r"\b(?:bring|brings|brought|took|take|takes) in\b"
_FLOW_ASKED = re.compile(_TAKEN_IN + r"|\bfrom sell|\bproceeds\b|\bspen[dt] on\b|\bpaid out\b", re.I)
# Which way cash went: in ("brought in", "generated") or out ("spent", "paid out")
_INFLOW = re.compile(_TAKEN_IN + r"|\b(?:came|come|coming) in\b|\bgenerat\w*|\binflows?\b", re.I)
_OUTFLOW = re.compile(r"\b(?:spen[dt]|spending|paid out|pay out|(?:went|go|goes|going) out|outflows?|burn\w*)\b", re.I)
_BALANCE = re.compile(r"\b(balance|outstanding|on the books|carried|carrying)\b", re.I)
_FLOW = re.compile(r"\b(payments?|purchases?|repayments?|paid|proceeds|used in|provided by)\b", re.I)


def _amount_not_stated(question: Question, figures: Sequence[Figure], stats: _Stats) -> str:
    """Why the figures found cannot answer "how much / what was": a change where an amount is asked,
    a count where money is asked, or another period than the one asked. Empty when they can.

    Without this, "What was the SI gross margin ratio?" would be answered with "up 4.1 points".
    """
    if not figures:
        return ""  # no figure record: the quoted lines are judged by relevance alone
    lead = figures[0]
    # "What are they expecting from systems construction?" asks no amount: a change of it answers
    if lead.value is None and not _asks_change(question) and (_asks_amount(question) or not _says(_ASKS_OF_SOMEONE, question.text)):
        return f"it gives only the change of {_clean(lead.metric).rstrip(':')}, not the amount asked for"
    mismatch = _unit_mismatch(question, lead, stats) or _opposite_kind(question, lead)
    if mismatch:
        return mismatch
    # A bare "Q1" names no year, but a target for the half year is not one for the quarter either.
    period = _dated_period(question) or (question.period if _is_target(lead) else None)
    if period and not _same_period(lead, period, stats):
        return "it gives no figure for the period asked about"
    if question.past and not _of_earlier_period(question, lead, stats):
        return "it gives no figure for the earlier period asked about"
    if question.past and not any(c.met_by(_terms(lead.metric)) for c in question.concepts if not c.weak):
        # An earlier period's amount must be the metric's own, not a line beside it ("disposals in 4Q08").
        return f"it gives {_clean(lead.metric).rstrip(':')} for the earlier period, not what is asked"
    if _is_target(lead) and not question.wants_target and not _year_in_progress(question, stats):
        return f"it gives only a target for {_clean(lead.metric).rstrip(':')}, not an actual figure"
    return ""


# "what are they expecting…", "what does IIJ expect…": asked what someone says or plans, not what a measure was
_ASKS_OF_SOMEONE = re.compile(rf"^\s*what (?:is|are|was|were|do|does|did|will)\s+(?:{_PERSONS}|iij|the company|management|mgmt)\b(?!'s)", re.I)


_ACTUAL = re.compile(r"\b(?:actual|actually|reported|realized|realised)\b", re.I)


def _year_in_progress(question: Question, stats: _Stats) -> bool:
    """The question asks about the fiscal year the document's own quarter belongs to ("FY09" in a 1Q09
    deck), unless it asks what was actually reported: only a plan can speak for a year not yet over."""
    own = re.fullmatch(r"[1-3]Q(\d\d)|1H(\d\d)", stats.current_period or "")
    return bool(own and question.period == f"FY{own[1] or own[2]}" and not _ACTUAL.search(question.text))


# --- candidates and scoring ---------------------------------------------------------------------


def _side_passages(question: Question, index, passages: Sequence[Passage], documents) -> list[Passage]:
    """For "dividends paid vs net income": the best passages for each side alone, which a search with the
    whole question can miss when the other side's words dominate it."""
    if question.kind != "compare":
        return []
    have = {passage.chunk.id for passage in passages}
    extra = []
    for side in _sides(question):
        # BM25 alone: a side is a few of the question's own words, and a second embedding would double the cost.
        for passage in index.search(" ".join(sorted(side)), k=SIDE_DEPTH, mode="bm25", documents=documents):
            if passage.chunk.id not in have:
                have.add(passage.chunk.id)
                extra.append(replace(passage, rank=len(passages) + len(extra) + 1))
    return extra


def _candidate_lines(passages: Sequence[Passage], index, stats: _Stats, similarities, whole_sections: int = 2) -> list[_Line]:
    """Lines of the retrieved passages, plus every line of the `whole_sections` best passages' sections."""
    chunks: dict[str, tuple[Chunk, int]] = {}
    for passage in passages:
        chunks.setdefault(passage.chunk.id, (passage.chunk, passage.rank))
    for passage in passages[:whole_sections]:
        for chunk in index.chunks_in_section(passage.chunk.document_id, passage.chunk.section_ordinal):
            chunks.setdefault(chunk.id, (chunk, passage.rank + 1))
    lines = []
    for chunk, rank in chunks.values():
        layout = stats.layouts.get(chunk.id)
        if layout is None:
            layout = stats.layouts[chunk.id] = _layout(chunk, index, stats)
        lines.extend(replace(line, rank=rank, similarity=float(similarities[position])) for position, line in layout)
    return lines


def _layout(chunk: Chunk, index, stats: _Stats) -> tuple[tuple[int, _Line], ...]:
    """(position in index.lines, line) of a chunk's lines, each with the context it is read in: the
    outline level above it, the "◆" heading it stands under, the table row a callout annotates."""
    head = _terms(_clean(_first_line(chunk)))
    subject = stats.subjects.get(chunk.id, "")
    context = _terms(chunk.section_title) | head | _terms(subject)
    # (indent, terms, heads bullets) of the open outline levels
    parents: list[tuple[int, frozenset[str], bool]] = []
    topic: frozenset[str] = frozenset()  # the last "◆ Cost of SI:" line heads the points under it
    heading = subject or (_first_line(chunk) if _opens_with_heading(chunk) else "")
    lines = []
    for position in stats.lines_by_chunk.get(chunk.id, ()):
        line = index.lines[position]
        text = _clean(line.text)
        raw = _as_written(chunk, line.span)
        indent = _indent(raw)
        bulleted = bool(_BULLET.match(raw.lstrip()))
        # "Net cash used in investing activities: JPY1,105 million" heads the "➤ Purchase of…" bullets
        # below it at its own indent, as a statement's total heads its items
        while parents and (parents[-1][0] > indent or (parents[-1][0] == indent and not (bulleted and parents[-1][2]))):
            parents.pop()
        # A sub-bullet is read under its parent: " - Target 20,000 contracts" belongs to the LaIT launch.
        title_terms = context | (parents[-1][1] if parents else frozenset())
        if _TOPIC.match(raw):
            if topic:  # a second "◆" heading ends the first one's reach, the chunk's head included
                context = _terms(chunk.section_title) | _terms(subject)
                title_terms = context | (parents[-1][1] if parents else frozenset())
            topic = _terms(text)
            heading = text.split(":", 1)[0].strip() if ":" in text else ""
        else:
            title_terms |= topic
        row = stats.notes.get((chunk.id, line.span.start))
        if row:  # a callout under a table is read with the row it annotates
            title_terms |= _terms(row)
        parents.append((indent, _terms(text), not bulleted and bool(_TOTAL_LINE.match(text))))
        if len(text) < MIN_LINE_CHARS:  # a lone glyph once its bullet is stripped
            continue
        lines.append(
            (
                position,
                _Line(
                    text=text,
                    chunk=chunk,
                    document=stats.sources.get(chunk.document_id, ""),
                    span=line.span,
                    rank=0,
                    terms=_terms(text),
                    title_terms=title_terms,
                    similarity=0.0,
                    topic=frozenset() if _TOPIC.match(raw) else topic,
                    heading="" if _TOPIC.match(raw) else heading,
                    parent=parents[-2][1] if len(parents) > 1 else frozenset(),
                ),
            )
        )
    return tuple(lines)


def _coverage(concepts: Sequence[Concept], weights: Sequence[float], terms, title_terms) -> float:
    """Weighted share of the question's concepts met by a line (fully) or only by its section title."""
    total = sum(weights) or 1.0
    index = _concept_index(concepts if isinstance(concepts, tuple) else tuple(concepts))
    on_line = index.met(terms)
    in_context = on_line if on_line == index.every else index.met(terms | title_terms)
    met = 0.0
    for bit, weight in zip(index.bits, weights):
        if on_line & bit:
            met += weight
        elif in_context & bit:
            met += 0.7 * weight
    return met / total


class _ConceptIndex:
    """The concepts' alternatives by term, so meeting them all is one set intersection: coverage is
    computed for every candidate line and figure of every question."""

    def __init__(self, concepts: tuple[Concept, ...]) -> None:
        self.bits = tuple(1 << position for position in range(len(concepts)))
        self.every = (1 << len(concepts)) - 1
        by_term: dict[str, int] = {}  # a one-term alternative → the concepts it meets
        for bit, concept in zip(self.bits, concepts):
            for term in concept.single_terms:
                by_term[term] = by_term.get(term, 0) | bit
        # a several-term alternative and its concept
        self.groups = [(group, bit) for bit, concept in zip(self.bits, concepts) for group in concept.term_groups]
        self.by_term = by_term
        self.single_terms = frozenset(by_term)

    def met(self, terms) -> int:
        """The concepts (as bits) one of whose alternatives the terms hold whole."""
        found = 0
        for term in self.single_terms & terms:
            found |= self.by_term[term]
        for group, bit in self.groups:
            if not found & bit and group <= terms:
                found |= bit
        return found


def _concept_index(concepts: tuple[Concept, ...]) -> _ConceptIndex:
    """The index of a question's concepts, remembered by their identity."""
    return _remembered(_concept_indexes, concepts, (), 512, lambda: _ConceptIndex(concepts))


def _remembered(cache: dict, owner, key: tuple, limit: int, make):
    """make() for an owner (a question, its concepts) and a key, remembered by the owner's identity:
    hashing and comparing questions on every call would cost what is saved. The entry holds the owner,
    so its id cannot be reused while the entry stands; the cache is emptied at `limit` owners."""
    entry = cache.get(id(owner))
    if entry is None or entry[0] is not owner or entry[1] != key:
        if len(cache) >= limit:
            cache.clear()
        entry = cache[id(owner)] = (owner, key, make())
    return entry[2]


_concept_indexes: dict[int, tuple] = {}


def _meaning(line: _Line) -> float:
    """What the line's embedding adds to word overlap: nothing below DENSE_FLOOR, then linear."""
    return DENSE_WEIGHT * max(0.0, line.similarity - DENSE_FLOOR)


def _line_score(question: Question, line: _Line, weights: Sequence[float]) -> float:
    score = _coverage(question.concepts, weights, line.terms, line.title_terms)
    return score + _meaning(line) + _form_of_answer(question, line) + _verdict_fit(question, line) + 0.12 / (1 + line.rank)


# "Did the quarter beat the plan?", "were Q1 sales on plan?": asked how a result landed against a plan,
# a deck answers in words ("Revenue in line with original target", "…was above company target")
_VERDICT_ASKED = re.compile(
    r"\b(?:beat|beats|miss|missed|on (?:plan|target|track)|in line|ahead of|behind|above|below|exceed\w*|short of|fall short)\b"
    r"[^?]*\b(?:targets?|plans?|aim\w*|forecasts?|guidance|budget|expect\w*)\b"
    r"|\b(?:targets?|plans?|forecasts?|guidance|budget)\b[^?]*\b(?:beat|miss|met|meet|hit)\b"
    r"|\bon (?:plan|target|track)\b",
    re.I,
)
_VERDICT_GIVEN = re.compile(
    r"\b(?:in line with|above|below|ahead of|behind|exceed\w*|short of|missed|achieved)\b[^.;]{0,30}\b(?:targets?|plans?|forecasts?|guidance|budget)\b",
    re.I,
)


def _verdict_fit(question: Question, line: _Line) -> float:
    """A question asking whether a result beat its plan is answered by the line that says so."""
    return 0.3 if _says(_VERDICT_ASKED, question.text) and _VERDICT_GIVEN.search(line.text) else 0.0


# "What kind of SI projects…?" asks for a description, which a figure record does not give.
_ASKS_KIND = re.compile(
    r"\bwhat (?:kinds?|types?|sorts?) of\b"
    r"|\bhow (?:does|do|did|will) .+ (?:actually |really )?(?:earn|make|generate|get) (?:its |their |any )?(?:money|revenues?|income|profits?)\b",
    re.I,
)
_MONTHS = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = re.compile(rf"\b(19|20)\d\d[./-]\d{{1,2}}[./-]\d{{1,2}}\b|\b{_MONTHS} \d{{1,2}}, (19|20)\d\d\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTHS},? (?:19|20)\d\d\b")
_DAY_OF_MONTH = re.compile(r"^(?:[1-4]Q\s+|FY\d\d\s+)?(1[0-2]|[1-9])/(?:[12]\d|3[01]|[1-9])\b")


@dataclass(frozen=True)
class _Form:
    """An answer of a fixed form: what asks for it, what a line that best gives it holds (and gains for it),
    and what any answer of that form must hold at least."""

    name: str
    asked: re.Pattern
    given: re.Pattern
    bonus: float
    accepted: re.Pattern
    anywhere: bool = False  # asked in any sentence: "…send IIJ a fax. Which number?" asks a number all the same

    def answered_by(self, text: str) -> bool:
        """The text holds the form, and more than the form: a table header of periods answers no "when", a
        line that dates its slide ("(As of July 31, 2009)") does."""
        found = self.accepted.search(text)
        if found and re.search(r"\bas of\s*$", text[: found.start()], re.I):
            return True
        rest = self.accepted.sub(" ", text)
        return bool(found) and len([w for w in words(rest) if w not in STOPWORDS and w not in _COLUMN_WORDS]) >= 2


_PHONE = re.compile(r"(?<![\d-])\+?\d{2,4}[- ]\d{3,4}[- ]\d{3,4}(?![\d-])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_FULL_DATE = re.compile(_DATE.pattern + r"|\b(19|20)\d\d\.\d{1,2}\.\d{1,2}\b")
# "When…?" is best answered by a full date; a month, a day ("5/20"), a period ("from 3Q09") or a span
# ("in 3 years") answers it too. A line with none of them does not, however relevant its words.
_WHEN = re.compile(
    _FULL_DATE.pattern + r"|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? (19|20)\d\d\b"
    r"|(?<![\d/])(1[0-2]|[1-9])/(?:[12]\d|3[01]|[1-9])(?![\d/])|\b[1-4]Q\d\d\b|\b[12]H\d\d\b|\bFY\s?\d\d"
    r"|\b(19|20)\d\d\b|\b\d+(-\d+)?\s*(years?|months?)\b"
)
# "Who were the nominees?" asks for people: a name with a courtesy title or beside a role.
_ROLE = r"(?:President|CEO|CFO|COO|Chairman|Chairperson|Director|Officer|Executive|Manager|Founder|Auditor)"
# Headlines are in title case ("Executive Officer Nominations"), so a bare pair of capitals is no name.
_PERSON = re.compile(rf"\b(?:Mr|Ms|Mrs|Dr)\.?\s+[A-Z]|\b[A-Z][a-z]+ [A-Z][a-z]+, (?:the |our )?{_ROLE}|\b{_ROLE}[,:] [A-Z][a-z]+ [A-Z][a-z]+")
# "Where were the test ATMs?" is answered by a place ("in Kansai area"), not by a count of them.
_PLACE = re.compile(r"\b(?:in|at|to|from) (?:the )?[A-Z][a-z]+|\b(?:areas?|regions?|prefectures?|city|cities|country|countries|facilities|overseas)\b")
# "What is it called?" asks for a name of its own: quoted ("iiMail Suite") or spelled as a brand ("LaIT");
# a headline in title case ("Proprietary Data Communications Terminal") names no product.
_PRODUCT = re.compile(r"[\"“][^\"”]{2,}[\"”]|\b[a-z]+[A-Z]\w*|\b[A-Z][a-z]+[A-Z]\w*|™|®")
_FORMS = (
    _Form(
        "name of its own",
        re.compile(r"^\s*what\b.*\b(?:called|named)\s*\?\s*$|\bwhat (?:is|was) the (?:product |brand |model )?name of\b", re.I),
        _PRODUCT,
        0.2,
        _PRODUCT,
    ),
    _Form("e-mail address", re.compile(r"\be-?mail\b", re.I), _EMAIL, 0.4, _EMAIL, anywhere=True),
    # "call" or "ring" alone is an earnings call, or "what people call capex"
    _Form(
        "telephone number",
        re.compile(r"\b(?:phone|telephone|tel|fax|dial)\b|\b(?:call|ring) (?:them|him|her|iij|the company|you|us)\b|\bnumber to (?:call|ring)\b", re.I),
        _PHONE,
        0.4,
        _PHONE,
        anywhere=True,
    ),
    _Form(
        "name of a person",
        re.compile(
            r"^\s*who\b.*\b(nominees?|directors?|officers?|ceo|cfo|coo|president|chair\w*|executives?|managers?"
            r"|board|founders?|head|auditors?|spokes\w+|people|persons?|staff)\b|\bnames? of (?:the |its )?(?:ceo|directors?|officers?|nominees?|executives?)\b",
            re.I,
        ),
        _PERSON,
        0.3,
        _PERSON,
    ),
    # "…amount and which subs?", "who are the biggest shareholders?": companies by name ("GDX Japan Inc.")
    _Form(
        "company name",
        re.compile(
            r"\b(?:which|what|whose) (?:(?!the\b|a\b|an\b)[\w-]+ ){0,2}?(?:subs|subsidiar(?:y|ies)|compan(?:y|ies)|affiliates?|investees?|entities)\b(?! (?:is|are|was|were) (?:owned|held))"
            r"|^\s*who (?:are|were|is|was) (?:the |its |their |\w+'s )?(?:\w+ )?(?:shareholders|holders|owners|investors|subs|subsidiaries|affiliates)\b",
            re.I,
        ),
        _CORPORATE,
        0.3,
        _CORPORATE,
    ),
    _Form(
        "place",
        re.compile(r"^\s*where\b.*\b(located|based|placed|situated|installed|headquartered|put|putting|placing)\b|\bin which (area|region|city|country|prefecture)\b", re.I),
        _PLACE,
        0.2,
        _PLACE,
    ),
    _Form(
        "date",
        re.compile(r"^\s*when\b|\bwhat (date|day)\b|\bon which (date|day)\b|\bby when\b", re.I),
        _FULL_DATE,
        0.3,
        _WHEN,
    ),
)


def _form_of_answer(question: Question, line: _Line) -> float:
    """A question that asks for an answer of a fixed form (an e-mail address, a telephone number, a person's
    name, a place, a date) is answered by a line that holds one; "what happened in May" by May's dated lines."""
    form = _form_asked(question.text)
    if form:
        return form.bonus if form.given.search(line.text) else 0.0
    return 0.4 if _dated_in(_event_months(question), line) else 0.0


@functools.lru_cache(maxsize=1024)
def _form_asked(text: str) -> _Form | None:
    asking = asking_sentences(text)
    return next((form for form in _FORMS if form.asked.search(text if form.anywhere else asking)), None)


def _dated_in(months: Months | None, line: _Line) -> bool:
    """The line opens with a day of one of the months ("5/20 IIJ Introduces…" for May)."""
    dated = _DAY_OF_MONTH.match(line.text)
    return bool(months and dated and months.first <= int(dated.group(1)) <= months.last)


def _event_months(question: Question) -> Months | None:
    """The month or months whose dated events a question asks about ("in May"); a span of several months,
    a target or a number asked ("…the July eclipse stream: how many watched?") asks for figures instead."""
    months = months_spanned(question.text)
    if months is None or months.last - months.first > 2 or question.wants_target or _HOW_MUCH.search(asking_sentences(question.text)):
        return None
    return months


# "Which video formats…", "what new services…": the things a list question asks for
_ASKED_THINGS = re.compile(r"\b(?:which|what)\s+(?:[a-z]+\s+)?([a-z]{3,}s)\b", re.I)


def _dated_in_months(question: Question, lines: Sequence[_Line], weights: Sequence[float], stats: _Stats) -> list[_Line]:
    """The dated lines of those months, the most relevant MAX_SENTENCES of them, in the document's order.

    A row under a dated one, its date cell empty, is of that date too. A name the question asks about
    ("launched under the LaIT brand in July"), or the things it asks for ("which video formats… in the
    July 2009 eclipse"), that no dated line holds makes the month a setting, not the list."""
    months = _event_months(question)
    dated = [line for line in lines if _dated_in(months, line)]
    heads = _children(lines) if dated else {}
    dated += [
        row for line in dated for row in heads.get(id(line), ())
        if _as_written(row.chunk, row.span).startswith("\t") and not _DAY_OF_MONTH.match(row.text)
    ]
    found = list({line.span.start: line for line in dated}.values())
    if len(found) < 2:
        return []
    names = {name.lower() for name in question.named}
    asked = names | {match.lower() for match in _ASKED_THINGS.findall(question.text)}
    for concept in question.concepts:
        if concept.word in asked and concept.word not in stats.issuer_terms:
            holding = [line for line in found if concept.met_by(line.terms | line.title_terms)]
            # a name on one dated line only narrows the month to one event: the question is about the name
            if not holding or (concept.word in names and len(holding) < 2):
                return []
    best = sorted(found, key=lambda line: -_line_score(question, line, weights))[:MAX_SENTENCES]
    return sorted(best, key=lambda line: line.span.start)


def _figures_on(line: _Line, stats: _Stats) -> list[Figure]:
    return list(stats.figures_by_line.get((line.chunk.id, line.span.start), ()))


def _other_periods(figure: Figure, line: _Line, stats: _Stats) -> list[Figure]:
    """The same metric's figures for other periods on the same line."""
    return [other for other in _figures_on(line, stats) if other.metric == figure.metric and other.period != figure.period]


def _cause_fit(question: Question, line: _Line) -> float:
    """A "why" question is answered by the lines that give causes, not only by the figure's own line."""
    return 0.2 if question.kind == "why" and _CAUSE.search(line.text) and not _mostly_numbers(line.text) else 0.0


def _figures_to_state(question: Question, lines: Sequence[_Line], weights: Sequence[float], stats: _Stats):
    """The figure that answers the question, then what a comparison needs beside it.

    A comparison adds the same metric's other periods from the same line ("77 in FY2009, 92 for
    FY2008") and the best figure for whatever the question names that the first figure does not
    ("Did operating income fall more than revenue?").
    """
    items = _enumerated(question, stats.joined)
    if items:
        # "Sales, operating profit, pre-tax profit and net profit": the best figure for each item alone.
        chosen = []
        listed = set().union(*(item for _, item in items))
        # what measures set against each other share ("cash flows: operating vs investing vs financing")
        # counts for each, at half weight
        versus = _VERSUS_LIST.search(asking_sentences(in_deck_words(question.text)))
        shared = [(c, w * SCENE_WEIGHT) for c, w in zip(question.concepts, weights) if versus and c.word not in listed and not c.weak]
        for written, item in items:
            kept = [(c, w) for c, w in zip(question.concepts, weights) if c.word in item] + shared
            scored = _scored_figures(replace(question, concepts=tuple(c for c, _ in kept)), lines, [w for _, w in kept], stats)
            # A list of measures is read from one table where it can (the first item's chunk gains), and a
            # label that spells the measure as written ("Income before Income Tax") beats one that shares words.
            home = chosen[0][1].chunk.id if chosen else None
            found = max(
                (t for t in scored if t[1].value is not None or _asks_change(question)),
                key=lambda t: t[0] + (SAME_TABLE_BONUS if t[2].chunk.id == home else 0.0)
                + (SPELLED_LABEL_BONUS if _normalized(written) in _normalized(t[1].metric) else 0.0),
                default=None,
            )
            if found is not None:
                found = _in_full(found, scored)
            if found is not None and all(found[1] is not f for f, _ in chosen):
                chosen.append((found[1], found[2]))
        return chosen
    scored = sorted(_scored_figures(question, lines, weights, stats), key=lambda found: -found[0])
    lead = _best_of(scored)
    if lead is None:
        return []
    _, figure, line = _with_change(question, _in_full(_with_amount(question, lead, scored), scored), scored)
    chosen = [(figure, line)]
    if question.kind != "compare":
        sides = _named_sides(question, stats)
        if sides:
            return [*chosen, *_per_side(question, lines, weights, stats, sides, chosen)]
        # "total assets at jun 30 and the equity ratio?": a second measure joined to the first is asked too
        joined = _joined_measure(question, figure) if question.kind in ("figure", "other") else frozenset()
        return chosen + (_unmet_measure(question, figure, line, lines, weights, stats, named=joined) if joined else [])
    siblings = sorted(_other_periods(figure, line, stats), key=_is_target)
    for other in siblings:
        if not _is_target(other) or question.wants_target:
            chosen.append((other, line))
            break
    else:
        # the same measure for another period on a line of its own ("Operated 10 ATMs during FY2008")
        label = _measure_terms(figure.metric)
        earlier = [
            (other, on) for _, other, on in scored
            if other.period != figure.period and other.value is not None and _measure_terms(other.metric) == label and not _is_target(other)
        ][:1]
        # a lead that gives only the change ("up JPY177 million YoY") gains the amount its period has on the
        # earlier figure's line ("1Q09: JPY192 mil, 1Q08: JPY15 mil"), so both amounts are stated
        if figure.value is None:
            chosen += [(same, on) for other, on in earlier for same in _other_periods(other, on, stats) if same.period == figure.period and same.value is not None][:1]
        chosen += earlier
    chosen += _progress_to_target(question, chosen, scored, stats)
    sides = _sides(question) or _named_sides(question, stats)
    if sides:
        return [*chosen, *_per_side(question, lines, weights, stats, sides, chosen)]
    return chosen + _unmet_measure(question, figure, line, lines, weights, stats)


def _joined_measure(question: Question, figure: Figure) -> frozenset[str]:
    """The words of a second measure asked beside the one `figure` answers ("total assets at jun 30 and
    the equity ratio?", "fy09 eps target? and what's the dividend"), or none: a piece of the asking
    text whose own words (not those it shares with the other pieces, "cash from operations and cash
    used in investing") the figure's label names none of, and a measure, not another question with an
    asking word of its own ("…and what does that co do?"). An "and" inside a label ("equipment and other property") joins nothing."""
    label = _label_terms(figure.metric)
    concepts = [c for c in question.concepts if not c.weak and not c.aside]
    pieces = [_MEASURE_OPENER.sub("", piece.strip()) for piece in _JOINED.split(asking_sentences(in_deck_words(question.text)))]
    if len(pieces) < 2:
        return frozenset()
    said = [frozenset(w.removesuffix("'s") for w in words(piece)) for piece in pieces]
    for at, piece in enumerate(pieces):
        elsewhere = frozenset().union(*(other for n, other in enumerate(said) if n != at))
        own = [c for c in concepts if c.word in said[at] and c.word not in elsewhere]
        if own and is_bare(piece) and not any(c.met_by(label) for c in own):
            return frozenset(c.word for c in own)
    return frozenset()


# "X and Y?", "X & Y", "X plus Y", "X? and Y": two things asked in one breath
_JOINED = re.compile(r"\s+(?:and|&|plus|\+)\s+|\?\s+(?:and\s+)?", re.I)
# "what's the dividend", "how much was operating income": the opener of a measure asked
_MEASURE_OPENER = re.compile(r"^(?:what(?:'s|s| is| was| are| were)|how (?:much|many|big|large) (?:is|was|are|were|did|does|do))\s+(?:the\s+)?", re.I)


def _unmet_measure(question: Question, figure: Figure, line: _Line, lines, weights, stats: _Stats, *, named: frozenset[str] = frozenset()) -> list:
    """The best figure for what the question names that the first figure does not ("Did operating
    income fall more than revenue?"), as a one-element list, or []; with `named`, its label must name
    one of those words."""
    # a measure joined to the first is its own label's, though the first's line may also name it
    # ("Net cash used in investing activities: JPY1,105 million … Purchase of property and equipment")
    covered = _label_terms(figure.metric) | (frozenset() if named else line.terms | _title_covering(figure, line))
    rest = [
        (concept, weight)
        for concept, weight in zip(question.concepts, weights)
        if not concept.weak and not concept.aside and not concept.met_by(covered) and (not named or concept.word in named)
    ]
    if not rest:
        return []
    narrower = replace(question, concepts=tuple(concept for concept, _ in rest))
    second = _best_figure(narrower, lines, [weight for _, weight in rest], stats)
    if second is None or second[1] is figure:
        return []
    if named and not any(c.met_by(_label_terms(second[1].metric)) for c in question.concepts if c.word in named):
        return []
    return [(second[1], second[2])]


def _title_covering(figure: Figure, line: _Line) -> frozenset[str]:
    """The line's context words that are about its figure: a slide titled "Operating Income and Net
    Income" speaks of net income too, which an operating income figure does not state."""
    label = _label_terms(figure.metric)
    parts = [_terms(part) for part in re.split(r"\s+(?:and|&)\s+", line.chunk.section_title)]
    own = [part for part in parts if part <= label]
    # each part a measure of its own words; "Connectivity and Outsourcing Services Revenues" shares its noun
    if len(parts) < 2 or not own or any(len(part) < 2 for part in parts):
        return line.title_terms
    return line.title_terms - (frozenset().union(*parts) - label)


# "When is the roll-out expected to begin?": a question asking for a date ("When the deck says QoQ, …" does not)
_WHEN_ASKED = re.compile(r"\s*when (?:is|are|was|were|will|would|does|do|did|should|can|could|has|have)\b", re.I)

# "1Q revenue versus the 1H09 target", "how far along after the first quarter": the quarter reported on
# the quarter reported on, or where things stand at its end ("ATMs now and the long-term target")
_QUARTER_ASKED = re.compile(r"\b(?:[1-4]Q|Q[1-4])\b|\bquarter\b|\b(?:now|currently|current|today|so far|to date|at present|as of|as at)\b", re.I)


def _progress_to_target(question: Question, chosen, scored, stats: _Stats) -> list:
    """A target set against the quarter reported on is compared with that quarter's actual amount: the
    best-scoring figure of the deck's own period whose label the target's holds ("Total Revenues" in
    "Reference total Revenues"), unless one is already chosen."""
    lead = chosen[0][0]
    if not (question.wants_target and _is_target(lead) and stats.current_period and _QUARTER_ASKED.search(question.text)):
        return []
    if any(_same_period(figure, stats.current_period, stats) and not _is_target(figure) for figure, _ in chosen):
        return []
    actual = next(
        (
            (figure, line) for _, figure, line in scored
            if not _is_target(figure) and figure.value is not None and figure.unit == lead.unit
            # a count of the same things ("26 ATMs" against "8,000 ATMs to introduce") is the same measure
            and (_label_terms(figure.metric) <= _label_terms(lead.metric) or lead.unit not in _MONEY_UNITS)
            and _same_period(figure, stats.current_period, stats)
        ),
        None,
    )
    return [actual] if actual else []


def _measure_terms(metric: str) -> frozenset[str]:
    """A label's words without "total": "Total Revenues" is the summary's "Revenue", a total is the measure itself."""
    return _label_terms(metric) - _TOTAL_TERMS


_TOTAL_TERMS = frozenset({stem("total")})


def _with_amount(question: Question, lead, scored):
    """A lead that gives only a change yields to an amount of the same measure and period.

    An amount asked is better answered by an amount of the same measure that scores nearly as well
    ("Gross Margin (% of revenues)" for "Gross margin ratio") or, whatever it scores, by the amount of the
    very label the change is of ("Cost of ATM Operation business: 1Q09: JPY192 mil"). A change asked is
    better answered by the amount stated with that change ("Net income attributable to IIJ: up 6.7% YoY,
    down 83.1% QoQ" yields to "JPY 180 million (up 6.7 % YoY)"): it says more. A reason is read beside the
    change it explains, so a why question keeps its lead.
    """
    score, figure, _ = lead
    if figure.value is not None:
        return lead
    label = _label_terms(figure.metric)
    if question.kind in ("figure", "other") and not _asks_change(question):
        named = label - _GENERIC_TERMS
        return next(
            (
                found for found in scored
                if found[1].value is not None and found[1].period == figure.period
                and (_label_terms(found[1].metric) == label or (found[0] >= score - AMOUNT_MARGIN and len(named & _label_terms(found[1].metric)) >= 2))
            ),
            lead,
        )
    if question.kind == "why" or question.basis is None:
        return lead
    moves = {(change.basis, change.direction, change.value) for change in figure.changes}
    return next(
        (
            found for found in scored
            if found[1].value is not None and found[1].period == figure.period and found[1].changes
            and _label_terms(found[1].metric) == label
            and {(change.basis, change.direction, change.value) for change in found[1].changes} <= moves
            and any(change.basis == question.basis for change in found[1].changes)
        ),
        lead,
    )


def _with_change(question: Question, lead, scored):
    """A change asked is better answered by the same fact stated again with its change ("reached 28,000
    lines (up 5,000 lines compared to 4Q08.)") than by the line that gives the amount alone. Being one fact,
    it keeps what the first line says of it ("Mobile data communication service")."""
    score, figure, line = lead
    if figure.value is None or figure.changes or not _asks_change(question):
        return lead
    for _, other, on in scored:
        if other.changes and (other.value, other.unit, other.period) == (figure.value, figure.unit, figure.period):
            return score, other, replace(on, terms=on.terms | line.terms, title_terms=on.title_terms | line.title_terms)
    return lead


def _in_full(lead, scored):
    """A summary table's rounding yields to the same amount written in full elsewhere: "Operating Income
    JPY351 million" rather than "0.4" in a JPY-billion table, when label, period and currency agree and
    351 million rounds to 0.4 billion. Only the same fact moves; another measure never does."""
    figure = lead[1]
    decimals = re.search(r"\d\.(\d+)", figure.text)
    if figure.value is None or figure.unit not in _CURRENCIES or not decimals:
        return lead
    places = len(decimals.group(1))
    label = _label_terms(figure.metric)
    for found in scored:
        other = found[1]
        if (
            other.value is not None and other.unit == figure.unit and other.period == figure.period
            and _label_terms(other.metric) == label and not re.search(r"\d\.\d", other.text)
            and SCALE_FACTORS.get(other.scale) and SCALE_FACTORS.get(figure.scale, 0) > SCALE_FACTORS[other.scale]
            and round(other.value * SCALE_FACTORS[other.scale] / SCALE_FACTORS[figure.scale], places) == figure.value
        ):
            return found
    return lead


# "…for sales, operating profit, pre-tax profit and net profit?": three or more measures asked at once.
_ENUMERATION = re.compile(r"\b(?:for|in|of|on|are|were|is|was|across|among|between)\s+((?:[^,?]+,\s*){1,}(?:and\s+)?[^,?]+?)(?=\s+(?:over|for|in|during|at)\b|[?.]|$)", re.I)


# "…cash flows: operating vs investing vs financing": three measures set against each other
_VERSUS_LIST = re.compile(r"(?:^|[:,]\s*)((?:[\w&-]+\s+){1,4}?(?:vs\.?|versus)\s+(?:[\w&-]+\s+){0,4}?(?:vs\.?|versus)\s+[\w&\s-]+?)(?=\s+(?:by|in|for|over|during|on)\b|\s*[?.]|\s*$)", re.I)


@functools.lru_cache(maxsize=1024)
def _enumerated(question: Question, joined: frozenset[tuple[str, str]]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each measure a question lists, as written in the deck's words and as its concept words, when it
    lists three or more; else (). A list in brackets is the list ("each line (connectivity, outsourcing,
    systems O&M)"), and an "and" the documents' labels join ("operation and maintenance") splits nothing."""
    concept_words = {c.word for c in question.concepts if not c.weak}
    # the comma of "28,000" or "June 30, 2009" lists nothing
    asked = re.sub(r"(?<=\d),(?=\s?\d)", "", asking_sentences(in_deck_words(question.text)))
    bracketed = re.search(r"\(([^()]*,[^()]*,[^()]*)\)", asked)
    versus = None if bracketed else _VERSUS_LIST.search(asked)
    match = bracketed or versus or _ENUMERATION.search(asked)
    if not match:
        return ()
    parts = []
    for part in re.split(r"\s+(?:vs\.?|versus)\s+" if versus else r",\s*", match.group(1)):
        for at, piece in enumerate(re.split(r"\s+and\s+", re.sub(r"^and\s+", "", part))):
            if at and _joins(parts[-1], piece, joined):
                parts[-1] = f"{parts[-1]} and {piece}"
            elif piece.strip():
                parts.append(piece.strip())
    if parts and not bracketed:  # "the QoQ changes in connectivity service, …": the list starts after the last "in"
        parts[0] = re.split(r"\b(?:in|of|for|on)\s+", parts[0])[-1]
    items = tuple((part, frozenset(w.removesuffix("'s") for w in words(part)) & concept_words) for part in parts)
    # a measure is named in a few words ("net profit attributable to the company"); a long part is a
    # clause ("For X and Y, is the order book…"), and so is one with a subject ("…, i see the title but no number")
    return items if len(items) >= 3 and all(
        item and len([w for w in words(part) if w not in STOPWORDS]) <= 4 and not _SUBJECT.match(part) for part, item in items
    ) else ()


_SUBJECT = re.compile(rf"(?:i|{_PERSONS})\b", re.I)


def _per_side(question: Question, lines, weights, stats: _Stats, sides, chosen) -> list:
    """"SI costs compared with connectivity costs", "stakes in Trust Networks and GDX Japan": one figure
    per side, each found without the words that name the other side, beside the ones already chosen."""
    per_side = []
    headed = [replace(line, terms=line.terms | line.topic) for line in lines]
    for this_side, other_side in zip(sides, reversed(sides)):
        kept = [(c, w) for c, w in zip(question.concepts, weights) if c.word not in other_side and not _SIDE_SPLIT.fullmatch(c.word)]
        narrower = replace(question, concepts=tuple(c for c, _ in kept))
        # a label that names the whole side ("Cost of connectivity and outsourcing service") gains
        own = [c for c in question.concepts if c.word in this_side]
        other = [c for c in question.concepts if c.word in other_side]
        # A side's figure names something of that side, in its label, line, section or the "◆ Cost of SI"
        # heading above it ("Gross margin ratio" under "◆ Cost of SI" is SI's), and the side is best named
        # by the label or that heading; a line about both sides at once ("…of connectivity and
        # outsourcing service and SI") is neither side's.
        found = _best_of(
            (score + (SPELLED_LABEL_BONUS if _covers(own, _terms(f.metric) | line.topic) else 0.0), f, line)
            for score, f, line in _scored_figures(narrower, headed, [w for _, w in kept], stats)
            if _of_side(own, other, _context(f, line))
        )
        if found is not None and all(found[1] is not f for f, _ in per_side):
            per_side.append((found[1], found[2]))
    return [pair for pair in per_side if all(pair[0] is not f for f, _ in chosen)]


_NAMED_PAIR = re.compile(r"\b([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)\s*(?:,|and|&)\s+(?:(?:in|of|for|at)\s+)?([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)")


def _named_sides(question: Question, stats: _Stats) -> tuple[frozenset[str], ...]:
    """"IIJ's stakes in Trust Networks and GDX Japan?": two companies named side by side are two sides,
    each answered by its own figure; the reporting company's own name is no side."""
    concept_words = {c.word for c in question.concepts if not c.weak}
    for text in _side_texts(question):
        for match in _NAMED_PAIR.finditer(_capitalised(text, stats)):
            first, second = (
                frozenset(w for w in words(group) if w in concept_words and not (stats.issuer and stats.issuer.fullmatch(w)))
                for group in (match[1], match[2])
            )
            # what both names share ("Internet" Revolution and "Internet" Multifeed) tells them apart from nothing
            if first - second and second - first:
                return (first - second, second - first)
    return ()


def _joins(before: str, after: str, joined: frozenset[tuple[str, str]]) -> bool:
    """"systems operation" and "maintenance" are one item when a label joins "operation and maintenance"."""
    first, second = words(before)[-1:], words(after)[:1]
    return bool(first and second) and (stem(first[0]), stem(second[0])) in joined


_SIDE_SPLIT = re.compile(
    r"\b(?:compar\w* (?:in \w+ )?(?:with|to)|vs\.?|versus|than|or|against|next to|relative to|exceed\w*|outweigh\w*|while"
    r"|as (?:fast|much|quickly|strongly|sharply|steeply) as)\b",
    re.I,
)


def _context(figure: Figure, line: _Line) -> frozenset[str]:
    """What a figure is about: its label's words, its line's, its section's and its heading's."""
    return _terms(figure.metric) | line.terms | line.title_terms | line.topic


def _of_side(own: Sequence[Concept], other: Sequence[Concept], context: frozenset[str]) -> bool:
    """The context names something of its own side and not the whole other side."""
    return any(_covers([c], context) for c in own) and not _covers(other, context)


def _covers(concepts: Sequence[Concept], terms: frozenset[str]) -> bool:
    """Every one of the concepts is among the terms (in one of its spellings)."""
    return bool(concepts) and all(c.met_by(terms) for c in concepts)


@functools.lru_cache(maxsize=1024)
def _sides(question: Question) -> tuple[frozenset[str], ...]:
    """The words only one side of a two-sided comparison names ("corporate" or "home"), else ().

    The question is cut at its first "vs", "or", "than", "compared with"... whose two sides both name
    something of their own; a side made of period words alone ("compared with a year ago") is not one.
    """
    concept_words = {c.word for c in question.concepts if not c.weak}
    for text in _side_texts(question):
        text = EITHER_WAY.sub(lambda match: " " * len(match.group(0)), text)
        for match in _SIDE_SPLIT.finditer(text):
            # "…gross margin ratio improvement: connectivity & outsourcing or SI?": the sides follow the colon,
            # or the comma ("…in gross margin ratio terms, connectivity & outsourcing or SI?") or the "for"
            # ("gross margin ratio improvement for connectivity & outsourcing versus SI") if one stands there
            right = {w.removesuffix("'s") for w in words(text[match.end() :])} & concept_words
            for mark in (",", ":", " for ", None):
                start = text.rfind(mark, 0, match.start()) + 1 if mark else 0
                if mark and not start:
                    continue
                # a right side that names the measure again ("…versus the backlog for O&M") is cut at the start
                if mark == " for " and {w.removesuffix("'s") for w in words(text[:start])} & right:
                    continue
                left = {w.removesuffix("'s") for w in words(text[start : match.start()])} & concept_words
                own = (frozenset(left - right), frozenset(right - left))
                if all(own):
                    return own
    return ()


def _side_texts(question: Question) -> tuple[str, ...]:
    """Where a comparison's sides are written: the asking sentences, then the whole question when they
    point back to it ("…either Trust Networks or GDX Japan. In which of the two…?")."""
    wording = in_deck_words(question.text)
    asking = asking_sentences(wording)
    return (asking, wording) if _BACK_TO_SIDES.search(asking) else (asking,)


_BACK_TO_SIDES = re.compile(r"\b(?:(?:of )?the two|of them|both|either|which one)\b", re.I)


def _best_figure(question: Question, lines: Sequence[_Line], weights: Sequence[float], stats: _Stats):
    """(score, figure, line) of the figure record that best answers the question, or None."""
    return _best_of(_scored_figures(question, lines, weights, stats))


def _best_of(scored):
    """The best of (score, figure, line) triples, the first among equals, if it scores enough to answer."""
    best = max(scored, key=lambda found: found[0], default=None)
    if best is None or best[0] < MIN_RELEVANCE + 0.1:
        return None
    return best


def _scored_figures(question: Question, lines: Sequence[_Line], weights: Sequence[float], stats: _Stats):
    """(score, figure, line) for every figure record on the lines, in line order."""
    by_place = {(line.chunk.id, line.span.start): line for line in lines}
    fits = _figure_fits(question, weights, stats)
    for line in lines:
        for figure in stats.figures_by_line.get((line.chunk.id, line.span.start), ()):
            # a value line under its label line means what the label line means
            label = by_place.get((line.chunk.id, stats.label_lines.get((line.chunk.id, line.span.start, figure.metric))))
            meaning = max(_meaning(line), _meaning(label)) if label else _meaning(line)
            key = (id(figure), line.terms, line.title_terms, line.topic)
            fit = fits.get(key)
            if fit is None:
                fit = fits[key] = _figure_fit(question, figure, line, weights, stats)
            yield fit + (meaning + 0.12 / (1 + line.rank)), figure, line


def _figure_fit(question: Question, figure: Figure, line: _Line, weights: Sequence[float], stats: _Stats) -> float:
    """How well a figure record answers the question, from its label, period, change and line words."""
    label_terms = _label_terms(figure.metric)
    # The period is part of what a figure is: "FY09 target" meets "expect" and "target"; and so is its
    # change's direction: "Total Revenues 15.8 16.3 (3.0%)" is down, though its line never says so.
    moved = frozenset().union(*(_DIRECTION_TERMS.get(change.direction, frozenset()) for change in figure.changes))
    score = _coverage(question.concepts, weights, label_terms | _terms(figure.period) | line.terms | moved, line.title_terms)
    named = _named_terms(figure.metric) - stats.issuer_terms
    if not any(concept.met_by(_TOTAL_WORD) for concept in question.concepts):
        named -= _TOTAL_WORD  # "Total Revenues" are what a bare "revenue" asks for
    precision = _precision(question, named)
    score += 0.25 * _coverage(question.concepts, weights, label_terms, frozenset()) * precision
    score -= 0.15 * (1 - precision)
    score += _period_fit(question, figure, stats) + _change_fit(question, figure, line, stats) + _direction_fit(question, figure)
    score += _form_fit(question, figure) + _qualifier_fit(question, figure, stats) + _unit_fit(question, figure, stats)
    score += _exactness(question, figure) + _flow_fit(question, figure)
    score -= 0.3 if _opposite_kind(question, figure) else 0.0
    score -= 0.2 if _narrower_topic(question, line, stats) else 0.0
    # one quarter is not measured against a plan over years ("3-year target" of a new brand)
    score -= 0.3 if _says(_VERDICT_ASKED, question.text) and _is_target(figure) and _YEARS_SPAN.search(figure.period) else 0.0
    return score


_DIRECTION_TERMS = {"up": _terms("up increase"), "down": _terms("down decrease")}
_YEARS_SPAN = re.compile(r"\b\d+(?:-\d+)?-years?\b", re.I)


def _figure_fits(question: Question, weights: Sequence[float], stats: _Stats) -> dict:
    """The figure fits already computed for this question, weighting and index, by figure and line
    words: re-ranking passages and choosing the figure to state score the same records."""
    # the index by identity: comparing two _Stats by value would read them whole
    return _remembered(_fits_by_question, question, (tuple(weights), id(stats)), 64, dict)


_fits_by_question: dict[int, tuple] = {}


def _explains(question: Question, figures: Sequence[Figure], line: _Line, follows: bool, anchor: frozenset[str], stats: _Stats) -> bool:
    """A reason explains what is asked. It is about every name the question asks of that the documents
    know, in its own words, its slide's or (on the very next line) the figure line's: "…start in Kansai?"
    is not explained by a line on ATM withdrawals. And it is about the figure: it stands right
    after it, or names the metric before its cause ("R&D expenses decreased due to…", not "…while R&D
    expenses slightly increased"), or stands under a bullet, heading or table row that does (not merely
    in the same slide).

    Args:
        follows: the line stands right after the line of a figure stated.
        anchor: the stated figures' lines' terms, when this line is the very next one (else empty).
    """
    cause = _CAUSE.search(line.text)
    subject = _terms(line.text[: cause.start()]) if cause else line.terms
    head = _clean(line.chunk.text.split("\n", 1)[0])
    # A chunk's first line heads it unless it is itself a reason, a row of numbers or a figure ("…: JPY186 million").
    is_heading = line.span.start > line.chunk.span.start and not _CAUSE.search(head) and not _mostly_numbers(head) and not _AMOUNT_NOTE.search(head)
    near = (
        subject | line.topic | line.parent | (_terms(head) if is_heading else frozenset())
        | _terms(stats.notes.get((line.chunk.id, line.span.start), ""))
    )
    context = near | line.terms | line.title_terms | anchor
    asking = asking_sentences(question.text)
    for name in question.named:
        concept = next((c for c in question.concepts if c.word == name.lower()), None)
        if concept and name in asking and _in_documents(concept, stats) and not (stats.issuer and stats.issuer.fullmatch(name)):
            if not concept.met_by(context):
                return False
    if follows:
        return True
    if not figures:
        # No figure to explain: the reason's own subject or heading is about something asked, or,
        # when the asking sentence names only a reason ("…to come in below 1Q08. What reason did they
        # give?"), about what the sentences before it set out.
        asked = [c for c in question.concepts if not c.weak and not c.scene and c.word not in _REASON_WORDS]
        asked = asked or [c for c in question.concepts if not c.weak and c.word not in _REASON_WORDS]
        return not asked or any(c.met_by(near) for c in asked)
    label = _label_terms(figures[0].metric)
    own = [c for c in question.concepts if not c.weak and not c.scene and c.met_by(label)]
    return not own or any(c.met_by(near) for c in own)


# Words that ask for a reason and name nothing it is a reason for
_REASON_WORDS = frozenset("reason reasons explanation explanations cause causes driver drivers rationale".split())


@functools.lru_cache(maxsize=4096)
def _named_terms(metric: str) -> frozenset[str]:
    """What a label names: "Gross Margin (% of revenues)" is the gross margin ratio; revenues are only its base."""
    named, ratio, _ = metric.partition("(% of")
    return _terms(named) | (_terms("ratio") if ratio else frozenset())


_TOTAL_WORD = _terms("total")


@functools.lru_cache(maxsize=4096)
def _label_terms(metric: str) -> frozenset[str]:
    """A label's terms; a "(% of revenues)" column is the metric's ratio, its percentage."""
    return _terms(metric) | (_terms("ratio percentage") if "% of" in metric else frozenset())


def _narrower_topic(question: Question, line: _Line, stats: _Stats) -> bool:
    """The line's heading names a part ("◆ Cost of SI") the question does not: its "gross margin ratio"
    is that part's, not the company's."""
    asked = {term for concept in question.concepts for alternative in concept.alternatives for term in alternative}
    own = {term for term in line.topic - asked - line.terms if stats.df.get(term, 0) < stats.chunks / 4}
    return bool(own) and not line.topic & asked


def _lines_after(lines: Sequence[_Line], used: set[tuple[str, int]], count: int) -> set[int]:
    """Ids of the `count` lines that follow each used line in its section: where a deck explains a figure."""
    ordered = sorted(lines, key=lambda line: (line.chunk.document_id, line.span.start))
    follows: set[int] = set()
    for position, line in enumerate(ordered):
        if (line.chunk.id, line.span.start) not in used:
            continue
        for after in ordered[position + 1 : position + 1 + count]:
            if after.chunk.section_ordinal == line.chunk.section_ordinal:
                follows.add(id(after))
    return follows


_MOVED = re.compile(
    r"\b(went|go|gone|going|moved?)\s+(up|down)\b|\b(rose|rise|risen|increased?|grew|fell|fall|fallen"
    r"|decreased?|dropped|declined|shrank)\b",
    re.I,
)
_MOST = re.compile(r"\b(most|largest|biggest|top)\b", re.I)


def _rows_that_moved(question: Question, ranked, stats: _Stats) -> list[_Line]:
    """"Which lines went up / fell the most?": the rows of the best-matching table whose change column moved
    the way asked (totals left out), the largest first when the question asks for the most."""
    direction = _asked_direction(question)
    rows = [line for _, line in ranked if (line.chunk.id, line.span.start) in stats.row_changes]
    if direction is None or not rows or not _MOVED.search(question.text):  # "makes up" moves nothing
        return []
    table = (rows[0].chunk.document_id, rows[0].chunk.section_ordinal)
    sign = 1 if direction == "up" else -1
    moved = [
        line for line in {line.span.start: line for line in rows}.values()
        if (line.chunk.document_id, line.chunk.section_ordinal) == table
        and sign * stats.row_changes[(line.chunk.id, line.span.start)] > 0
        and not line.text.lower().startswith("total")
    ]
    if _MOST.search(question.text):
        moved = sorted(moved, key=lambda line: -abs(stats.row_changes[(line.chunk.id, line.span.start)]))[:3]
    return sorted(moved, key=lambda line: line.span.start)[:MAX_SENTENCES]


_NOT_WHOLLY_OWNED = re.compile(
    r"\b(?:not|aren[’']t|isn[’']t)\s+(?:wholly|fully|100\s?%)[- ]?own|\b(?:partly|partially)[- ]owned\b"
    r"|\b(?:less|under|below|lower) (?:than )?100\s?%",
    re.I,
)


def _rows_partly_owned(question: Question, lines: Sequence[_Line], passages: Sequence[Passage], index, stats: _Stats, similarities) -> list[_Line]:
    """"Which subsidiaries are not wholly owned?": the rows whose ownership is below 100%, in the document's
    order, read from the whole table of the first such row the search found (its other rows may stand in
    chunks the search did not bring); a subsidiary is one held by more than half (an investee is not)."""
    if not _NOT_WHOLLY_OWNED.search(asking_sentences(question.text)):  # not "IIJ does not wholly own either A or B. Which…?"
        return []
    floor = 50.0 if re.search(r"\bsubs(?:idiar(?:y|ies))?\b", question.text, re.I) else 0.0

    def partly_owned(line: _Line) -> bool:
        return any(
            figure.unit == "%" and figure.value is not None and floor < figure.value < 100
            and any(word.startswith("own") for word in words(figure.metric))
            for figure in _figures_on(line, stats)
        )

    first = next((line for line in lines if partly_owned(line)), None)
    if first is None:
        return []
    table = _candidate_lines([replace(passages[0], chunk=first.chunk, rank=0)], index, stats, similarities, whole_sections=1)
    rows = {line.span.start: line for line in table if partly_owned(line)}
    return [rows[start] for start in sorted(rows)][:MAX_SENTENCES]


def _headed_as_asked(question: Question, line: _Line) -> bool:
    """The line's head (its first cell, or the words before its colon) is a phrase of two words or more
    that the question writes out."""
    head = re.split(r"\t|:", _as_written(line.chunk, line.span).strip(), maxsplit=1)[0]
    head = _normalized(_BULLET.sub("", head).replace("-", " "))
    return len(head.split()) >= 2 and f" {head} " in f" {_normalized(question.text.replace('-', ' '))} "


_UNIT_LINE = re.compile(r"\s*unit\s*:", re.I)


def _topics_of_section(lead: _Line, lines: Sequence[_Line]) -> list[_Line]:
    """The "◆"/"♦" heading lines of the lead's section, in document order."""
    return list({
        line.span.start: line
        for line in sorted(lines, key=lambda line: line.span.start)
        if (line.chunk.document_id, line.chunk.section_ordinal) == (lead.chunk.document_id, lead.chunk.section_ordinal)
        and _TOPIC.match(_as_written(line.chunk, line.span))
    }.values())


def _with_following(lead: _Line, lines: Sequence[_Line], count: int) -> list[_Line]:
    """`lead` and the `count` lines that follow it in its section, in document order; a sub-bullet
    comes after the line it sits under (" - Target 20,000 contracts" under the LaIT launch)."""
    parent = _parent_of(lead, lines)
    section = sorted(
        (line for line in lines if line.chunk.section_ordinal == lead.chunk.section_ordinal
         and line.chunk.document_id == lead.chunk.document_id and line.span.start >= lead.span.start),
        key=lambda line: line.span.start,
    )
    return ([parent] if parent else []) + list({line.span.start: line for line in section}.values())[: count + 1]


def _parent_of(line: _Line, lines: Sequence[_Line]) -> _Line | None:
    """The nearest line above `line` in its chunk that is less indented, if `line` is indented at all."""
    indent = _indent(_as_written(line.chunk, line.span))
    above = [other for other in lines if other.chunk.id == line.chunk.id and other.span.start < line.span.start]
    return max(
        (other for other in above if _indent(_as_written(other.chunk, other.span)) < indent),
        key=lambda other: other.span.start,
        default=None,
    )


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip())


def _children(lines: Sequence[_Line]) -> dict[int, tuple[_Line, ...]]:
    """The items each line heads, by id: the lines right after it that sit deeper (indented, or in a
    table's empty first column) or are bullets under a line that is none ("Net cash used in financing
    activities: JPY1,332 million" heads "- Principle payments under capital leases…")."""
    ordered = sorted(lines, key=lambda line: (line.chunk.document_id, line.chunk.section_ordinal, line.span.start))
    written = [_as_written(line.chunk, line.span) for line in ordered]
    heads: dict[int, tuple[_Line, ...]] = {}
    for at, line in enumerate(ordered):
        depth, bulleted = _indent(written[at]), bool(_BULLET.match(written[at].lstrip()))
        below = []
        for after, raw in zip(ordered[at + 1 :], written[at + 1 :]):
            same_place = (after.chunk.document_id, after.chunk.section_ordinal) == (line.chunk.document_id, line.chunk.section_ordinal)
            if not same_place or not (_indent(raw) > depth or (not bulleted and _BULLET.match(raw.lstrip()))):
                break
            below.append(after)
        if below:
            heads[id(line)] = tuple(below)
    return heads


def _as_written(chunk: Chunk, span: Span) -> str:
    """A line of a chunk as the document writes it, bullet glyph and indentation kept."""
    return chunk.text[span.start - chunk.span.start : span.end - chunk.span.start]


def _says_more(line: _Line, used: set[tuple[str, int]], sentences: Sequence[Sentence]) -> bool:
    """A figure's own line holds numbers the composed sentence left out ("and revenues of JPY1 billion")."""
    if (line.chunk.id, line.span.start) not in used:
        return False
    stated = set(numbers_in(" ".join(s.text for s in sentences)))
    return bool(set(numbers_in(line.text)) - stated)


def _precision(question: Question, label_terms: frozenset[str]) -> float:
    """Share of a metric label's words the question asks about: "Cost of SI" is half off for "SI revenue".
    The caller leaves out the issuer's own name: "attributable to IIJ" narrows nothing in IIJ's deck."""
    if not label_terms:
        return 0.0
    asked = set().union(*(alternative for concept in question.concepts for alternative in concept.alternatives))
    return len(label_terms & asked) / len(label_terms)


def _is_target(figure: Figure) -> bool:
    """A plan, not a result: its period ("FY09 target") or its label ("Target contracts") says so."""
    return bool(_PLAN.search(figure.period) or _PLAN.search(figure.metric))


_PLAN = re.compile(r"\b(targets?|forecasts?|plan|guidance|outlook)\b", re.I)


def _period_fit(question: Question, figure: Figure, stats: _Stats) -> float:
    """Targets for target questions, the asked period for the rest; a target must not answer an actual."""
    is_target = _is_target(figure)
    asked = bool(question.period) and _same_period(figure, question.period, stats)
    if question.wants_target:
        # A half-year target does not answer "against plan this quarter".
        return (0.4 if asked else 0.3 if not question.period else -0.1) if is_target else -0.3
    if is_target:
        return -0.2
    if question.period:
        return 0.2 if asked else -0.25
    if question.past:
        return 0.2 if _of_earlier_period(question, figure, stats) else -0.25
    return 0.0


def _of_earlier_period(question: Question, figure: Figure, stats: _Stats) -> bool:
    """The figure is of the period the question looks back to: a year or a quarter before the document's own."""
    if not is_quarter(stats.current_period):
        return figure.period not in ("", stats.current_period)
    return _same_period(figure, quarter_before(stats.current_period, question.basis), stats)


_DOWN_WORDS = frozenset(
    "fall fell drop dropped decline declined decrease decreased shrink shrank down lower worse dip dipped slip slipped".split()
)
_UP_WORDS = frozenset("rise rose grow grew growth increase increased climb climbed up higher better jump jumped improve improved".split())


def _asked_direction(question: Question) -> str | None:
    asked = {concept.word for concept in question.concepts if concept.weak}
    return "down" if asked & _DOWN_WORDS else "up" if asked & _UP_WORDS else None


def _cause_direction(question: Question, line: _Line) -> float:
    """A subjectless reason that opens with the opposite move ("QoQ: decreased as...") explains another figure."""
    wanted = _asked_direction(question)
    opening = [w for w in words(line.text)[:2] if w not in ("qoq", "yoy")][:1]
    if wanted is None or not opening:
        return 0.0
    return -0.3 if opening[0] in (_UP_WORDS if wanted == "down" else _DOWN_WORDS) else 0.0


def _direction_fit(question: Question, figure: Figure) -> float:
    """"Why did SI revenue fall?" is about a figure that went down, not the one beside it that went up."""
    wanted = _asked_direction(question)
    if wanted is None or not figure.changes:
        return 0.0
    agreeing = sum(change.direction == wanted for change in figure.changes) / len(figure.changes)
    return 0.25 * agreeing - 0.15


_SHARE_WORDS = re.compile(r"%|percent|share of|ratio|margin|proportion", re.I)
_QUOTED_PERCENT = re.compile(r"\d%")
_RATIO_LABEL = re.compile(r"\bratio\b", re.I)


def _form_fit(question: Question, figure: Figure) -> float:
    """Prefer amounts to ratios ("(% of revenues)", "equity ratio: 49.9%") unless the question asks for one."""
    quoted = _says(_QUOTED_PERCENT, question.text)
    if _says(_SHARE_WORDS, question.text) and (quoted or not percent_change_asked(question.text, question.basis)):
        # a ratio asked is a percentage stated, not a percentage change, unless the question quotes one ("-24.7% q/q")
        return 0.1 if figure.unit == "%" and (figure.value is not None or quoted) else 0.0
    # "operating income ratio was up 0.8 points" is a ratio too, though its change is in points
    if "% of" in figure.metric or (figure.unit == "%" and _says(_HOW_MUCH, question.text)) or _says(_RATIO_LABEL, figure.metric):
        return -0.2
    return 0.0


_POINTS = re.compile(r"\b(?:points?|pts?|pp|bps|basis points?)\b(?!&)", re.I)


def _unit_fit(question: Question, figure: Figure, stats: _Stats) -> float:
    """Money for a money question, a count for "how many", a change in points for "how many points"
    (a ratio moves in points; a percentage change is the amount's)."""
    if (figure.value is not None or _says(_HOW_MANY, question.text)) and _unit_mismatch(question, figure, stats):
        return -0.3
    if _says(_CURRENCY_NAMED, question.text) and (figure.value is None or figure.unit not in _CURRENCIES):
        return -0.2  # "…in JPY bn?" asks an amount of money, not a percentage or a change
    return -0.3 if _says(_POINTS, question.text) and figure.unit == "%" and figure.value is None else 0.0


_CAPITALISED = re.compile(r"(?<![\w&])[A-Z][A-Za-z&]*")


def _qualifier_fit(question: Question, figure: Figure, stats: _Stats) -> float:
    """A sentence-case label that names something the question does not ("Employees working for Trust
    Networks") measures a narrower thing than asked about ("How many employees...?")."""
    label = _clean(figure.metric)
    tokens = label.split()
    if len(tokens) < 3 or sum(token[:1].islower() for token in tokens) < 2:
        return 0.0  # a title-case label ("Cash and Cash Equivalents"): capitals name nothing
    asked = {term for concept in question.concepts for alternative in concept.alternatives for term in alternative}
    names = [match.group(0) for match in _CAPITALISED.finditer(label, len(tokens[0]))]
    names = [name for name in names if not (stats.issuer and stats.issuer.fullmatch(name))]  # "…attributable to IIJ"
    return -0.25 if any(not (_terms(name) & asked) for name in names) else 0.0


def _flow_fit(question: Question, figure: Figure) -> float:
    """Cash brought in is what activities provided, cash spent what they used: the other way loses."""
    metric = figure.metric.lower()
    if _says(_INFLOW, question.text) and "used in" in metric:
        return -0.3
    if _says(_OUTFLOW, question.text) and "provided by" in metric:
        return -0.3
    return 0.0


def _exactness(question: Question, figure: Figure) -> float:
    """Two amounts compared are best set side by side as the deck reports them in full, "JPY180 million"
    rather than a summary table's "JPY0.2 billion": a sum written without a decimal fraction gains.
    (Dev-calibrated: for why and figure questions the bonus moved the lead figure off the one asked.)"""
    if question.kind != "compare" or figure.value is None or figure.unit not in _CURRENCIES:
        return 0.0
    return 0.0 if re.search(r"\d\.\d", figure.text) else EXACT_AMOUNT_BONUS


# "Did the payout exceed the quarter's earnings?" weighs two amounts, not their changes.
_SIZES_COMPARED = re.compile(r"\b(?:exceed\w*|outweigh\w*|cover(?:s|ed)?|in size|how (?:big|large)|bigger|larger|smaller)\b", re.I)


def _change_fit(question: Question, figure: Figure, line: _Line, stats: _Stats) -> float:
    """Changes for the basis asked, or any change for why and compare questions; for a comparison,
    another period of the same metric on the line ("1Q09: JPY49 million 1Q08: JPY58 million") counts too."""
    if question.past:  # "a year ago" names the period, it asks no change
        return 0.05 if figure.value is not None else -0.1
    bases = {change.basis for change in figure.changes}
    if question.kind == "compare":
        for other in _other_periods(figure, line, stats):
            # 1Q08 beside 1Q09 answers a year-on-year comparison, not a quarter-on-quarter one.
            quarters = tuple(p for p in (figure.period, other.period) if is_quarter(p))
            bases.add(basis_between(quarters) if len(quarters) == 2 else question.basis or "periods")
    named = quarters_named(question.text) if question.kind == "compare" else ()
    if len(named) > 1 and figure.value is not None and any(other.period in named for other in _other_periods(figure, line, stats)):
        # "1Q09 versus 1Q08" is best answered by both amounts, side by side on one line
        return 0.2
    if question.basis:
        return 0.15 if question.basis in bases else -0.1
    if question.kind == "compare" and _SIZES_COMPARED.search(question.text):
        return 0.1 if figure.value is not None else -0.1
    if question.kind in ("why", "compare"):
        return 0.1 if bases else -0.05
    return 0.05 if figure.value is not None else 0.0


# --- composing sentences ------------------------------------------------------------------------


def _citation(line: _Line) -> Citation:
    return Citation(
        marker=f"[{line.chunk.section_id}]",
        document_id=line.chunk.document_id,
        document=line.document,
        section_id=line.chunk.section_id,
        section_title=line.chunk.section_title,
        page=line.chunk.page,
        span=line.span,
        chunk_id=line.chunk.id,
    )


def _quote(line: _Line, stats: _Stats) -> Sentence:
    """The line as the document writes it; a callout under a table is led by the row it annotates,
    since "Decreased correspondingly to decreases in SI projects" alone says nothing of what decreased."""
    text = line.text.rstrip(" .;:,")
    row = stats.notes.get((line.chunk.id, line.span.start), "")
    if row and not _NUMBER.search(row) and not _terms(row) <= line.terms:
        text = f"{row}: {text}"
    return Sentence(f"{text} [{line.chunk.section_id}].", (_citation(line),))


def _figure_sentence(figure: Figure, line: _Line, question: Question) -> Sentence | None:
    """"Total revenues were JPY15.8 billion in 1Q09, down 3.0% YoY [II-1]." from a figure record.

    Tries the full sentence first, then without the period, so that every number it states is one
    the cited line holds.
    """
    subject = _subject(figure, line)
    changes = [_change_text(change) for change in figure.changes]
    if question.basis:
        changes = [c for c, change in zip(changes, figure.changes) if change.basis == question.basis] or changes
    change_text = " and ".join(changes)
    # the period as the chunk writes it, or word by word on the line ("3-year target": "… in 3 years")
    stated = figure.period and (
        _normalized(figure.period) in _normalized(line.chunk.text)
        or _terms(figure.period.replace("-", " ")) - _TARGET_TERMS <= _terms(line.text.replace("-", " "))
    )
    planned = re.search(r"target|forecast", figure.period, re.I)
    # A balance's change "compared with March 31, 2009" is stated without the date when the cited
    # chunk holds the row but not the column header.
    undated = re.sub(r"\s+compared with .*?\b\d{4}\b", "", change_text)
    for period, change_text in dict.fromkeys(((figure.period if stated else "", change_text), ("", change_text), ("", undated))):
        if figure.value is not None:
            value = _value_text(figure)
            if planned:  # a target stays a target even when its column header is out of the cited chunk
                body = f"The {period or planned.group(0).lower()} for {subject} is {value}"
            else:
                verb = _verb(subject)
                when = _period_phrase(period)
                body = f"{subject} {verb} {value}{when}"
            if change_text:
                body += f", {change_text}"
        elif change_text:
            body = f"{subject} {_verb(subject)} {change_text}{_period_phrase(period)}"
        else:
            return None
        body = body[0].upper() + body[1:]
        if not unsupported_numbers(body, line.chunk.text):
            return Sentence(f"{body} [{line.chunk.section_id}].", (_citation(line),))
    return None


_TARGET_TERMS = frozenset({stem("target")})

# Words of a label that name no business of their own ("Revenues", "Gross margin ratio")
_GENERIC_METRIC = _terms("revenues total costs order backlog operating income gross margin ratio expenses")


def _subject(figure: Figure, line: _Line) -> str:
    """The metric as a reader needs it: a bare "Revenues" on the SI slide becomes "Systems Integration
    revenues", a "Gross margin ratio" under "◆ Cost of SI:" becomes "Gross margin ratio (Cost of SI)"."""
    metric = _clean(figure.metric).rstrip(":")
    metric_terms = _terms(metric)
    if not metric_terms <= _GENERIC_METRIC:
        return metric
    if line.heading and not _NUMBER.search(line.heading) and not metric_terms & _terms(line.heading):
        return f"{metric} ({line.heading})"
    topic = re.split(r"\(\d+\)|:", line.chunk.section_title)[0].strip()
    topic = re.sub(r"^[IVX]+(-\d+)?\.\s*", "", topic)
    topic_terms = _terms(topic)
    if (
        topic
        and not _NUMBER.search(topic)
        and len(topic.split()) <= 5
        and not (metric_terms & topic_terms)
    ):
        return f"{topic} {metric[0].lower() + metric[1:]}"
    return metric


_QUALIFIER = re.compile(r" \(| (?:of|in|for|from|to|by|on|per|before|after|provided|used|attributable|related) ")


def _verb(subject: str) -> str:
    """"Revenues were", "Gross margin ratio (Cost of SI) was", "Net cash provided by operating activities
    was": the noun before any parenthesis or qualifying phrase decides."""
    noun = _QUALIFIER.split(subject.lower(), 1)[0]
    return "were" if noun.endswith("s") and not noun.endswith(("ss", "us", "is")) else "was"


def _value_text(figure: Figure) -> str:
    text = " ".join(figure.text.split())  # "JPY\t351 million" as a slide's columns left it
    if re.search(r"[A-Za-z%]", text):
        return text
    if figure.unit == "JPY":
        return f"JPY{text} {figure.scale}".strip()
    if figure.unit == "%":
        return f"{text}%"
    return f"{text} {figure.scale} {figure.unit}".replace("  ", " ").strip()


def _change_text(change) -> str:
    # "up 6.7\t% YoY" keeps its sign as printed, one space before it: "6.7%" would be no number of the text
    match = re.search(r"\d[\d,.]*(?:\s*%)?", change.text)
    number = re.sub(r"\s+", " ", match.group(0)) if match else ""
    if change.unit == "JPY":
        amount = f"JPY{number} {change.scale}".strip()
    elif change.unit in ("%", ""):
        amount = number
    else:
        amount = f"{number} {change.unit}"
    basis = change.basis
    if basis.startswith("vs "):
        basis = "compared with " + basis[3:]
    direction = change.direction if change.direction != "flat" else "unchanged at"
    return f"{direction} {amount} {basis}".strip()


def _period_phrase(period: str) -> str:
    if not period:
        return ""
    if _PERIOD_WORD.match(period):
        return f" in {period}"
    return f" as of {period}"


def _faithful(sentence: Sentence, stats: _Stats) -> bool:
    """The guard: a sentence survives only if its cited passages hold every number it states."""
    cited = "\n".join(stats.chunks_by_id[c.chunk_id].text for c in sentence.citations)
    return not unsupported_numbers(sentence.text, cited)


def _cited_passages(sentences: Sequence[Sentence], retrieved: Sequence[Passage], stats: _Stats) -> list[Passage]:
    """The retrieved passages, plus any cited chunk read from a best section but not among them."""
    passages = list(retrieved)
    have = {p.chunk.id for p in passages}
    for sentence in sentences:
        for citation in sentence.citations:
            if citation.chunk_id in have:
                continue
            chunk = stats.chunks_by_id[citation.chunk_id]
            have.add(chunk.id)
            passages.append(
                Passage(
                    chunk=chunk,
                    document=citation.document,
                    score=0.0,
                    rank=len(passages) + 1,
                    retrievers=("section",),
                    figures=stats.figures_by_chunk.get(chunk.id, ()),
                )
            )
    return passages


def _abstain(question: Question, passages: Sequence[Passage], why: str, started: float, retrieved: float) -> Answer:
    closest = list(dict.fromkeys(f"[{p.section_id}]" for p in passages[:3]))
    # An abstention states no numbers: it cites nothing that could hold them. The reason keeps them.
    shown = why
    if numbers_in(why):
        shown = "it reports nothing for the period asked about" if why.startswith("it reports nothing for") else "it does not give the figure asked for"
    text = f"{NOT_IN_DOCUMENT}: {shown}."
    if closest:
        text += f" Closest sections: {', '.join(closest)}."
    return Answer(
        question=question.text,
        kind=question.kind,
        text=text,
        sentences=(),
        citations=(),
        figures=(),
        passages=tuple(passages),
        abstained=True,
        reason=why,
        timings=_timings(started, retrieved, time.perf_counter()),
    )


def _timings(started: float, retrieved: float, finished: float) -> Timings:
    return Timings(
        retrieve_ms=(retrieved - started) * 1000,
        compose_ms=(finished - retrieved) * 1000,
        total_ms=(finished - started) * 1000,
    )


# --- text helpers -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16384)
def _clean(line: str) -> str:
    """A line without bullet glyphs and with single spaces (tabs from slide tables included); cached, as
    the same lines and labels are read for every question."""
    text = _BULLET.sub("", line)
    text = _BULLET.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def _normalized(text: str) -> str:
    return re.sub(r"\[[^\]]*\]|\W+", " ", text.lower()).strip()


def _column_header(text: str) -> bool:
    """A table's header row ("June 30, 2009 March 31, 2009 Changes", "% of Revenues 1Q09 (09/04~09/06)
    … YoY") names columns, it states nothing: two dates or periods or more, and no other word once they and
    the column words go. A definition ("QoQ = 1Q09 compared to 4Q08") or a dateline ("(As of July 31, 2009)")
    is no header."""
    if "=" in text:
        return False
    dates = len(_DATE.findall(text)) + len(_MONTH_YEAR.findall(text))
    rest = _DATE.sub(" ", _MONTH_YEAR.sub(" ", re.sub(r"%\s*of\s+revenues?", " ", text, flags=re.I)))
    tokens = [w for w in words(rest) if w not in STOPWORDS and w not in _COLUMN_WORDS]
    periods = sum(1 for w in tokens if parse_period(w))
    return dates + periods >= 2 and all(parse_period(w) or any(ch.isdigit() for ch in w) for w in tokens)


# A table's column words: what a header row holds besides its periods ("Actual", "FY09 Target", "YoY", "Changes").
_COLUMN_WORDS = frozenset(
    {"yoy", "qoq", "change", "changes", "actual", "actuals", "results", "target", "targets", "forecast", "plan", "annual", "unit", "jpy", "million", "billion", "vs"}
)


def _mostly_numbers(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    return digits > 0.3 * max(len(text.replace(" ", "")), 1)
