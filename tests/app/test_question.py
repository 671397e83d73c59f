import pytest

from resultsqa.app.question import (
    Months,
    MAX_QUESTION_CHARS,
    check_question,
    classify,
    halves_named,
    asking_sentences,
    in_deck_words,
    parse_period,
    months_named,
    months_spanned,
    parse_question,
    spellings,
    _named,
    stem,
)
from resultsqa.errors import QuestionError


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Why did SI revenue fall?", "why"),
        ("What drove the increase in SG&A?", "why"),
        ("What were recurring revenues in 1Q09?", "figure"),
        ("How many ATMs does it operate?", "figure"),
        ("How did operating income change from a year earlier?", "compare"),
        ("Is the FY09 revenue target higher than FY08?", "compare"),
        ("Which services launched under LaIT?", "list"),
        ("Tell me about the solar eclipse project", "other"),
        ("What pushed marketing costs up?", "why"),
        ("How did margins improve while revenue fell?", "why"),
        ("Corporate connectivity only +0.3% QoQ. What slowed it down?", "why"),
        ("Systems construction revenue fell about 40% YoY - what does management blame?", "why"),
        # a bare "how?" after a contrast asks why; "how much" after one asks an amount
        ("Costs went up but operating income held - how?", "why"),
        ("Revenue dipped, yet gross margin improved: how so?", "why"),
        ("Revenue fell while costs rose. How?", "why"),
        ("Costs rose while revenue fell - how much?", "compare"),
    ],
)
def test_classify(question, kind):
    assert classify(question) == kind


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("revenue in 1Q09", "1Q09"),
        ("revenue in Q2 2009", "2Q09"),
        ("the first quarter of fiscal 2009", "1Q09"),
        ("third quarter FY2008", "3Q08"),
        ("FY2010 dividend", "FY10"),
        ("1H09 target", "1H09"),
        # a half without its year is the reported year's ("the 1H target")
        ("the 1H revenue target", "1H"),
        ("H2 outlook", "2H"),
        # a year asked without its number is the deck's fiscal year, whose label starts "FY"
        ("the full-year operating income goal", "FY"),
        ("what annual payout per share", "FY"),
        ("for the whole fiscal year", "FY"),
        # …unless a calendar year names it: the month logic dates it
        ("the fiscal year ending March 2011", None),
        ("no period here", None),
    ],
)
def test_parse_period(text, period):
    assert parse_period(text) == period


def test_abbreviations_meet_their_expansions_both_ways():
    abbreviations = {"SI": "systems integration"}
    si = parse_question("Why did SI revenue fall?", abbreviations)
    concept = next(c for c in si.concepts if c.word == "si")
    assert frozenset({stem("systems"), stem("integration")}) in concept.alternatives
    spelled = parse_question("How did systems integration sales do?", abbreviations)
    assert frozenset({"si"}) in next(c for c in spelled.concepts if c.word == "integration").alternatives


def test_basis_and_target_and_names():
    parsed = parse_question("How did Google's revenue compare with a year earlier against the target?")
    assert parsed.basis == "YoY"
    assert parsed.wants_target
    assert parsed.named == ("Google",)
    assert parse_question("Why is Q1 weaker than Q4 in FY2009?").named == ()
    assert parse_question("How many lines by March 2010?").years == ("2010",)
    assert parse_question("What changed from the previous quarter?").basis == "QoQ"


@pytest.mark.parametrize("bad", ["", "   \n\t", "x" * (MAX_QUESTION_CHARS + 1), "???", "12345", "売上高は？"])
def test_bad_questions_get_a_clear_error(bad):
    with pytest.raises(QuestionError) as raised:
        check_question(bad)
    assert "question" in raised.value.message


def test_a_hyphenated_word_is_also_its_parts_and_one_word():
    assert frozenset({"email"}) in spellings("e-mail")
    assert frozenset({"one", "time"}) in spellings("one-time")
    assert spellings("1q-09") == (frozenset({"1q-09"}),)  # codes with digits stay whole
    concept = parse_question("How did one-time revenue do?").concepts[0]
    assert concept.word == "one-time" and frozenset({"one", "time"}) in concept.alternatives


@pytest.mark.parametrize(
    "question",
    [
        "What sales is the company aiming for?",
        "What is the revenue goal?",
        "What payout is IIJ planning?",
        "What are the projected revenues?",
    ],
)
def test_aims_and_goals_ask_for_a_target(question):
    assert parse_question(question).wants_target


def test_projects_are_no_target():
    assert not parse_question("How many SI projects were delayed?").wants_target


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("sales from April to September 2009", Months(4, 9, 2009)),
        ("as of June 30, 2009", Months(6, 6, 2009)),
        ("the June quarter", Months(6, 6, None)),
        ("no month here", None),
    ],
)
def test_months_named(text, months):
    assert months_named(text) == months


def test_an_abbreviation_of_stopwords_alone_still_parses():
    # "YoY" expands to "year over year", all stopwords: it used to leave an empty alternative behind,
    # which crashed the engine on any question that spelled "YoY".
    question = parse_question("systems ops & maintenance revenue growth YoY?", {"YoY": "year over year"})
    yoy = next(concept for concept in question.concepts if concept.word == "yoy")
    assert yoy.alternatives and all(yoy.alternatives)
    assert question.basis == "YoY"


def test_a_capital_starting_a_later_sentence_is_not_a_name():
    assert _named("SI revenue fell 61% from the 4Q08 level. Why such a drop at IIJ?") == ("IIJ",)


def test_statement_shorthands_are_not_names():
    assert _named("Which P&L lines were down YoY?") == ()


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Why did receivables fall between March and June?", Months(6, 6, None)),
        ("between the end of March and June 30, 2009", Months(6, 6, 2009)),
        ("What changed since March?", None),
        ("from April to June", Months(4, 6, None)),
    ],
)
def test_a_change_between_months_is_read_at_its_end(text, months):
    assert months_named(text) == months


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("How did costs move from 4Q08 to 1Q09?", "1Q09"),
        ("the change between 4Q08 and 1Q09", "1Q09"),
        ("the EPS target for the first half of fiscal 2009", "1H09"),
        ("second half of FY2009", "2H09"),
    ],
)
def test_period_spans_and_spelled_halves(text, period):
    assert parse_period(text) == period


def test_abbreviated_months_and_ranges():
    assert months_named("guidance for Apr-Sep '09") == Months(4, 9, 2009)
    assert months_named("by Sept. 2009") == Months(9, 9, 2009)
    assert _named("What EPS is guided for Apr-Sep '09?") == ("EPS",)


def test_whats_pushing_asks_why():
    assert classify("What's pushing people costs up?") == "why"
    # typed fast, without the apostrophe
    assert classify("home connectivity up yoy - whats driving it") == "why"
    assert classify("whats inside other investments?") == "list"
    assert classify("What sits inside other investments on the balance sheet?") == "list"
    assert classify("whats the equity ratio") == "figure"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What are the revenue categories on the revenue slide?", "list"),
        ("What is supposed to carry revenue growth this year?", "why"),
        ("Did operating income come in ahead of or behind plan?", "compare"),
        # "what made up" asks for the parts, "what made it fall" for a reason
        ("What made up the financing outflow?", "list"),
        ("What made the financing outflow rise?", "why"),
        ("In which formats was the video streamed?", "list"),
        # "where did it stand" asks for a level, not for places
        ("Where did the accumulated deficit stand in June?", "figure"),
        ("Did dividends paid exceed net income?", "compare"),
        # "which" before a plural noun asks for several; "each … line" for every one of them
        ("Which devices could watch the eclipse stream?", "list"),
        ("Show the QoQ change of each one-time revenue line", "list"),
        ("What were the key uses of investing cash?", "list"),
        # the items behind a total are its parts; why the items moved is a reason
        ("Which items are behind the investing outflow?", "list"),
        ("Why did the items behind operating cash flow move?", "why"),
        # what should lift or drive a figure asks for its causes to come
        ("What should lift home connectivity sales in coming quarters?", "why"),
        ("What does IIJ expect will drive outsourcing revenue?", "why"),
        ("What fee does Trust Networks charge for each ATM transaction?", "other"),
    ],
)
def test_more_ways_to_ask_for_a_list_a_reason_or_a_comparison(question, kind):
    assert classify(question) == kind


def test_an_amount_is_not_a_name():
    assert _named("Revenue is seen down about JPY2bn, what carries it?") == ()


def test_the_same_quarter_of_a_past_year_is_a_year_on_year_basis():
    question = parse_question("How did operating income stack up against the same quarter of fiscal 2008?")
    assert question.basis == "YoY"
    assert question.period is None


def test_what_management_credits_asks_why():
    assert classify("What does management credit for the lower G&A?") == "why"


def test_which_of_two_is_bigger_is_a_comparison_not_a_list():
    assert classify("Which affiliate does IIJ own more of: Taihei Computer or Internet Revolution?") == "compare"
    assert classify("Which services launched under LaIT?") == "list"


def test_above_a_number_is_not_a_comparison():
    assert classify("How many contracts above 1Gbps were there?") == "figure"


def test_events_between_two_months_span_both():
    assert months_spanned("What was announced between April and June 2009?") == Months(4, 6, 2009)
    assert months_named("Why did receivables fall between March and June?") == Months(6, 6, None)


@pytest.mark.parametrize(
    ("shorthand", "spelled"),
    [
        ("FY09 NI growth y/y?", "net income"),
        ("OI vs plan", "operating income"),
        ("Non-current DTAs on the B/S, in mn?", "deferred tax assets"),
        ("A/R drawdown since March", "accounts receivable"),
        ("NCI share of losses", "noncontrolling interests"),
        ("ST borrowings at 6/30", "short-term"),
        ("minority holders' losses", "noncontrolling"),
        ("Outside shareholders' share of losses", "noncontrolling interests"),
        ("How much more will it earn per share?", "income per share"),
        ("Why did receivables fall since FYE?", "fiscal year end"),
        ("Equity over total assets at June 30?", "equity ratio"),
        ("op CF for 1Q?", "cash provided by operating activities"),
        ("AR balance at end of June?", "accounts receivable"),
        ("AP paydown since March", "accounts payable"),
        ("Topline for the quarter?", "revenues"),
    ],
)
def test_analysts_shorthand_is_read_in_full(shorthand, spelled):
    question = parse_question(shorthand)
    assert spelled in question.search_text
    assert question.named == ()  # spelled out, so never an "absent name"


def test_slash_shorthand_only_as_a_whole_token():
    question = parse_question("What opex lines sit under SG&A/R&D, and which way did each move y/y?")
    assert "accounts receivable" not in question.search_text
    assert question.basis == "YoY"
    assert parse_question("Connectivity rev growth q/q").basis == "QoQ"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Sales fell 3% on last year but costs fell more. How did IIJ manage to bring its costs down?", "why"),
        ("MVNO added 5,000 lines. Was that growth coming from business customers or from households?", "why"),
        ("Operating profit fell by two-thirds. Is that normal, and why does it happen?", "why"),
        ("How much did IIJ spend buying new equipment in the same quarter last year?", "figure"),
        ("How much did revenue grow compared with last year?", "compare"),
        ("How much higher was revenue than in the previous quarter?", "compare"),
    ],
)
def test_the_asking_sentence_decides_the_kind(question, kind):
    assert classify(question) == kind


def test_quarters_named_and_the_basis_between_them():
    from resultsqa.app.question import basis_between, quarter_before, quarters_named

    assert quarters_named("1Q09 operating cash flow vs Q1 FY08?") == ("1Q09", "1Q08")
    assert basis_between(("1Q09", "4Q08")) == "QoQ"
    assert basis_between(("1Q09", "1Q08")) == "YoY"
    assert basis_between(("1Q09", "3Q08")) is None
    assert parse_question("How did revenue in 1Q09 compare with 4Q08?").basis == "QoQ"
    assert quarter_before("1Q09", "QoQ") == "4Q08"
    assert quarter_before("1Q09", "YoY") == "1Q08"
    assert quarter_before("3Q09", "QoQ") == "2Q09"


def test_op_margin_and_hyphenated_quarters_are_read():
    # "OP margin" is the operating margin, which decks print as operating income's % of revenues;
    # "first-quarter" is a period word, like "first quarter", not a word a line must contain.
    question = parse_question("OP margin vs first-quarter last year?")
    assert [c.word for c in question.concepts] == ["operating", "income", "revenues"]


def test_words_of_a_scene_setting_sentence_are_marked():
    question = parse_question("Sales fell 40% from a year earlier. What kind of projects did it win?")
    scene = {c.word for c in question.concepts if c.scene}
    assert "sales" in scene and "projects" not in scene
    assert not question.past


def test_what_kept_asks_why():
    assert classify("What kept SI costs from falling in step with revenue?") == "why"


def test_halves_named_reads_labels_and_spelled_halves():
    assert halves_named("the first-half FY2009 target vs the first half of FY2008 and 2H08") == ("1H09", "1H08", "2H08")


@pytest.mark.parametrize(
    ("question", "search"),
    [
        ("Losses at minority interests?", "noncontrolling interests"),
        ("Losses on minority stakes?", "equity method investees"),
        ("CDN svcs in development?", "services"),
    ],
)
def test_finance_phrases_are_read_in_the_decks_words(question, search):
    assert search in parse_question(question).search_text


def test_asking_for_an_explanation_asks_why():
    assert classify("Current DTAs fell q/q - what's mgmt's explanation?") == "why"


def test_in_deck_words_spells_out_shorthand():
    assert in_deck_words("Div cash out vs Q1 NI") == "dividend cash out vs 1Q net income"


def test_stem_meets_british_spellings_of_re_words():
    assert stem("centres") == stem("center") and stem("fibre") == stem("fibers")
    assert stem("store") != stem("ster")


def test_stem_meets_plurals_in_es():
    assert stem("taxes") == stem("tax") and stem("branches") == stem("branch")



def test_a_quarter_a_change_is_measured_from_is_no_period_asked():
    since = parse_question("How many MVNO lines were added since 4Q08?")
    assert since.period is None and since.basis == "vs 4Q08"
    # the period asked stays when the quarter compared with is named beside it
    assert parse_question("Revenue in 1Q09 compared with 1Q08?").period == "1Q09"


def test_words_about_the_document_or_the_quarter_are_no_concepts():
    # "qtr" is the quarter, "the deck" and "define" speak of the document: none is a word a line must hold.
    words = {c.word for c in parse_question("How does the deck define the SI revenue qtr?").concepts}
    assert words == {"si", "revenue"}


def test_a_gloss_in_brackets_meets_the_word_it_glosses():
    concepts = {c.word: c for c in parse_question("How many contractors (outsourced staff) worked on SI?").concepts}
    assert frozenset({"outsou"}) in concepts["contractors"].alternatives
    # a formula is no gloss: the document may never state the sum
    formula = {c.word: c for c in parse_question("Working capital (current assets less current liabilities)?").concepts}
    assert frozenset({"curren"}) not in formula["capital"].alternatives
    # nor are a unit or a pair of periods
    unit = {c.word: c for c in parse_question("Revenues (JPY million) in 1Q09?").concepts}
    assert frozenset({"millio"}) not in unit["revenues"].alternatives


def test_a_pr_is_a_press_release_and_afs_is_available_for_sale():
    assert in_deck_words("AT TOKYO PR date?") == "AT TOKYO press release date?"
    assert in_deck_words("AFS securities") == "available for sale securities"
    assert in_deck_words("pr") == "pr"


def test_cfo_is_cash_from_operations_unless_a_person_speaks():
    assert "operating activities" in in_deck_words("CFO in 1Q09?")
    assert "CFO" in in_deck_words("What did the CFO say about the outlook?")


def test_a_numeric_month_and_day_is_spelled_as_a_date():
    assert in_deck_words("total headcount at 6/30?") == "total headcount at June 30?"
    assert in_deck_words("cash at 3/31/09 vs 6/30/2009") == "cash at March 31, 2009 vs June 30, 2009"
    # a day of 12 or less without a year may be a topic date as the deck prints it, or a fraction
    assert in_deck_words("the 7/9 announcement, 1/2 of revenue") == "the 7/9 announcement, 1/2 of revenue"


def test_a_check_after_the_question_is_not_what_it_asks():
    assert asking_sentences("How much went on buying equipment? Is that what people call capex?") == "How much went on buying equipment?"
    # alone, it is the question
    assert asking_sentences("Is that the biggest drop?") == "Is that the biggest drop?"


def test_a_tag_asking_to_confirm_is_not_asked():
    text = "What was the gross margin ratio? Gross margin is revenue minus costs, right, so a % of revenues?"
    assert asking_sentences(text) == "What was the gross margin ratio?"


def test_a_change_the_question_declines_does_not_make_it_a_comparison():
    assert classify("What was the headcount at June 30, 2009 (the absolute number, not the change)?") == "figure"
    assert classify("What was the change in headcount at June 30, 2009?") == "compare"


def test_companies_asked_make_a_list_but_their_amounts_do_not():
    assert classify("equity-method investees and stakes?") == "list"
    assert classify("What was the share of losses of equity-method investees in 1Q09?") != "list"


def test_a_spelled_expansion_accepts_its_abbreviation_in_the_deck_words_of_both():
    # "capital expenditure" also meets "CAPEX", which decks write as capital expenditure: both words,
    # never "capital" alone (which "capital leases" would meet)
    question = parse_question("What was capital expenditure?", {"CAPEX": "capital expenditure"})
    expenditure = next(c for c in question.concepts if c.word == "expenditure")
    assert frozenset({"capita"}) not in expenditure.alternatives
    assert frozenset({"capita", "expend"}) in expenditure.alternatives


def test_the_main_things_of_a_kind_ask_for_a_list():
    # "the main cash outflows" asks for the items, as "the ways" or "the components" do
    assert classify("What were the main cash outflows in financing activities this quarter?") == "list"
    assert classify("What are the key products IIJ launched?") == "list"
    # one main figure is no list, and "the main reasons" still asks why
    assert classify("What was the main cash outflow in financing activities?") != "list"
    assert classify("What were the main reasons for the drop?") == "why"


def test_asking_what_is_inside_something_asks_for_its_parts():
    for question in (
        "What's inside 'other investments' on the balance sheet?",
        "What is included in other investments? Break it down for me",
        "other investments composition at 6/30",
    ):
        assert classify(question) == "list", question
    # "in line with" is no content
    assert classify("What is in line with the plan?") != "list"


def test_what_makes_up_or_goes_into_a_total_asks_for_its_parts():
    assert classify("What goes into IIJ's one time revenues?") == "list"
    assert classify("Which businesses make up total revenues?") == "list"
    # "make up" is no move up: the question does not ask for a line that went up
    concepts = {concept.word for concept in parse_question("Which businesses make up total revenues?").concepts}
    assert "up" not in concepts and "businesses" in concepts


def test_a_hyphenated_ex_sets_aside_and_a_growth_rate_is_the_growth():
    question = parse_question("Operating income for connectivity/outsourcing + SI (ex-ATM) in 1Q09, and the YoY growth rate?")
    concepts = {concept.word: concept for concept in question.concepts}
    assert concepts["ex-atm"].scene and concepts["ex-atm"].aside  # set aside, not asked
    assert not concepts["income"].aside
    assert "rate" not in concepts  # "growth rate" asks for the growth, not a rate


@pytest.mark.parametrize(("question", "label"), [("What did the ATM unit lose?", "loss"), ("Contractors on SI?", "personnel")])
def test_plain_words_meet_the_decks_labels(question, label):
    assert label in parse_question(question).search_text.split()


def test_what_a_measure_came_to_asks_its_amount():
    assert classify("What did SG&A expenses come to this quarter?") == "figure"


def test_beating_plan_is_measured_against_the_target():
    assert "beat target" in parse_question("Did operating income beat plan?").search_text


def test_what_is_left_aside_is_not_asked():
    question = parse_question("Leaving the ATM business aside, how did operating income move?")
    aside = {concept.word for concept in question.concepts if concept.aside}
    assert "atm" in aside and "operating" not in aside


@pytest.mark.parametrize(
    ("question", "wants_target"),
    [
        ("How many ATMs does IIJ eventually want?", True),
        ("Long term, how big will the network get?", True),
        ("Long-term borrowings at June 30?", False),
    ],
)
def test_an_eventual_or_long_term_number_is_a_plan(question, wants_target):
    assert parse_question(question).wants_target is wants_target


@pytest.mark.parametrize("question", ["Is the drop in 1Q profit against 4Q structural?", "Was the QoQ fall in margins seasonal?"])
def test_whether_a_change_is_a_pattern_asks_why(question):
    assert classify(question) == "why"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("G&A dropped almost 25% QoQ - one-off in the prior quarter?", "why"),
        ("Was that real cost reduction or a one-off in the prior quarter?", "why"),
        ("Is the margin gain sustainable or one-time?", "why"),
        ("What were one-time revenues?", "figure"),  # a measure, not a verdict on a change
        ("How much were one-off revenues in 1Q09?", "figure"),
    ],
)
def test_whether_a_change_was_a_one_off_asks_why(question, kind):
    assert classify(question) == kind


def test_in_deck_words_spells_out_terse_model_shorthand():
    assert in_deck_words("net inc attrib to IIJ vs tgt, corp vs home") == (
        "net income attributable to IIJ vs target, corporate vs home"
    )
    assert in_deck_words("contracts over 1 gigabit per second") == "contracts over 1 Gbps"
    assert in_deck_words("ATM biz, conn costs") == "ATM business, connectivity costs"
    # a company's "Inc." and "Corp." stay names
    assert in_deck_words("Trust Networks Inc. and Foo Corp.") == "Trust Networks Inc. and Foo Corp."


def test_up_or_down_asks_which_way_and_is_no_word_to_look_for():
    words = {c.word for c in parse_question("Did operating income go up or down YoY?").concepts}
    assert words == {"operating", "income", "yoy"}
    assert {c.word for c in parse_question("Was revenue higher or lower than a year ago?").concepts} == {"revenue"}


def test_a_target_in_shorthand_is_a_target_asked():
    assert parse_question("FY09 OI tgt?").wants_target


def test_a_why_question_does_not_ask_what_it_grants():
    concepts = {c.word: c for c in parse_question("Why did operating income fall while SI gross margin improved?").concepts}
    assert not concepts["operating"].scene and not concepts["fall"].scene
    assert concepts["si"].scene and concepts["gross"].scene and concepts["improved"].scene
    granted = {c.word: c for c in parse_question("If gross margin went up, why did operating income fall?").concepts}
    assert granted["gross"].scene and not granted["operating"].scene
    # outside a why question the clause is asked: "while" may be a time as well as a concession
    other = {c.word: c for c in parse_question("What was SI revenue while the ATM roll-out began?").concepts}
    assert not other["atm"].scene


def test_colloquial_names_of_recurring_revenue_and_operating_income():
    assert "recurring" in in_deck_words("What did the regular monthly services bring in?")
    assert "recurring income" in in_deck_words("steady repeat income by service")
    assert in_deck_words("profit from its main business in FY09?") == "operating income in FY09?"
    # a regular word elsewhere stays itself
    assert in_deck_words("Is there a regular dividend?") == "Is there a regular dividend?"


def test_leaving_aside_before_what_it_sets_aside_sets_it_aside():
    concepts = {c.word: c for c in parse_question("Leaving aside overheads, what did the ATM business cost?").concepts}
    assert concepts["overheads"].aside and not concepts["atm"].aside


def test_not_counting_sets_aside():
    concepts = {c.word: c for c in parse_question("How did SI operating profit (not counting the ATM stuff) do?").concepts}
    assert concepts["atm"].aside and not concepts["si"].aside


def test_equity_method_cos_are_the_investees():
    assert "equity method investees" in in_deck_words("equity-method cos?")


@pytest.mark.parametrize(
    "question", ["in the financing cash flow, what did the money get spent on?", "main financing outflows in 1Q?", "What went into operating cash flow?"]
)
def test_where_money_went_asks_for_the_parts(question):
    assert classify(question) == "list"
