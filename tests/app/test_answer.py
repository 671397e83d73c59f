"""The answer engine on the bundled deck: each question kind, abstention, and the faithfulness guard."""

import pytest

from resultsqa.app.answer import NOT_IN_DOCUMENT, answer, retrieve
from resultsqa.app.faithfulness import unsupported_numbers
from resultsqa.errors import QuestionError
from resultsqa.eval.gold import DEFAULT_GOLD_PATH, load_gold

pytestmark = pytest.mark.slow


def test_figure_question_states_value_with_change_and_citation(deck_index):
    result = answer("What were recurring revenues in the quarter?", deck_index)
    assert not result.abstained
    assert "13,887" in result.text and "6.4%" in result.text
    assert "[II-2]" in result.text
    assert any(f.metric == "Recurring revenues" for f in result.figures)


def test_table_figure_is_composed_with_unit_period_and_change(deck_index):
    result = answer("What was total revenue?", deck_index)
    assert result.sentences[0].text == "Total Revenues were JPY15.8 billion in 1Q09, down 3.0% YoY [II-1]."


def test_why_question_leads_with_the_change_then_the_documents_reasons(deck_index):
    result = answer("Why did SI revenue fall?", deck_index)
    assert "40.6%" in result.sentences[0].text
    assert result.sentences[0].citations[0].section_id == "II-5"
    reasons = " ".join(s.text for s in result.sentences[1:])
    assert "Revenue decreased compared to 1Q08, when the economy had not yet deteriorated" in reasons
    assert 2 <= len(result.sentences) <= 6


def test_comparison_states_both_sides(deck_index):
    result = answer("Were more graduates hired this year than last year?", deck_index)
    assert "77" in result.text and "92" in result.text


def test_two_sided_comparison_finds_a_figure_for_each_side(deck_index):
    result = answer("How did SI costs move against connectivity and outsourcing costs?", deck_index)
    assert "19.1%" in result.text and "8.3%" in result.text
    assert {f.metric for f in result.figures} >= {"Cost of SI", "Cost of connectivity and outsourcing service"}


@pytest.mark.parametrize("question", ["IIJ's stakes in Trust Networks and GDX Japan?", "what % of trust networks and gdx japan does iij own"])
def test_two_companies_named_side_by_side_get_a_figure_each_in_any_case(deck_index, question):
    result = answer(question, deck_index)
    assert "72.3%" in result.text and "60.2%" in result.text


def test_the_sides_of_a_comparison_may_follow_the_measure_and_for(deck_index):
    # "the gross margin ratio … for A versus B": the measure is both sides', each side's ratio is stated
    result = answer("How did the gross margin ratio move YoY for connectivity & outsourcing versus SI?", deck_index)
    assert "0.3 points" in result.text and "4.1 points" in result.text
    # a right side that names the measure again is cut at the start: each backlog is its own side
    result = answer("How did the order backlog for systems construction move YoY versus the backlog for operation and maintenance?", deck_index)
    assert "24.3%" in result.text and "6.3%" in result.text


def test_target_question_is_answered_from_the_forecast_not_the_actual(deck_index):
    result = answer("What operating profit is the company forecasting for FY2009?", deck_index)
    assert result.figures[0].period == "FY09 target"
    assert "3.3" in result.sentences[0].text and "[III-1]" in result.sentences[0].text


@pytest.mark.parametrize(
    ("question", "stated", "not_stated"),
    [
        # the half-year target stands first in the table, but a full year is asked
        ("What operating income is planned for the full year?", "3.3", "0.8"),
        ("Full-year EPS guidance?", "8,393", "1,481"),
        ("What is the net profit goal for the entire fiscal year?", "1.7", "1H09"),
        # one quarter compared with is the basis against the deck's own quarter: the lead states that change only
        ("net income is up or down compare to 1q08", "up 6.7", "83.1%"),
        ("What pushed sales & marketing expense up vs 4Q08?", "up 17.8% QoQ", "13.0%"),
    ],
)
def test_the_lead_states_the_period_asked_not_its_neighbour(deck_index, question, stated, not_stated):
    lead = answer(question, deck_index).sentences[0].text
    assert stated in lead and not_stated not in lead


@pytest.mark.parametrize(
    ("question", "stated", "not_stated"),
    [
        # the ownership cells of the wholly owned rows are merged and blank: the rows below 100% are read
        ("Which of the consolidated subsidiaries are only partly owned by IIJ, and what are the stakes?", ["72.3%", "60.2%"], ["31%", "100%"]),
        ("List the subs IIJ does not fully own.", ["Trust Networks", "GDX Japan"], ["Multifeed"]),
        # group companies are investees too
        ("Which group companies does IIJ hold at less than 100%?", ["72.3%", "60.2%", "31%", "30%", "45%"], ["100%"]),
    ],
)
def test_rows_below_full_ownership_are_listed(deck_index, question, stated, not_stated):
    result = answer(question, deck_index)
    assert all(item in result.text for item in stated) and not any(item in result.text for item in not_stated)


def test_wholly_owned_asks_the_ownership(deck_index):
    assert "100%" in answer("Is IIJ Technology a wholly owned sub?", deck_index).text


@pytest.mark.parametrize(
    "question",
    ["Why do Q1 margins normally trail Q4?", "Is SI revenue always weakest in the first quarter, and why?"],
)
def test_a_question_about_what_usually_happens_is_answered_by_the_tendency_the_deck_states(deck_index, question):
    result = answer(question, deck_index)
    assert not result.abstained and "seasonal factors" in result.text


def test_a_company_is_known_by_what_the_group_table_says_it_does(deck_index):
    # Trust Networks "Operates ATM network systems…": the ATM slide's count is its count…
    result = answer("What number of ATMs did Trust Networks have in service at the end of June?", deck_index)
    assert not result.abstained and "26" in result.sentences[0].text
    # …but not the messaging company's
    assert answer("How many ATMs does GDX Japan have running?", deck_index).abstained


def test_whether_a_drop_was_a_one_off_is_answered_by_the_decks_reason(deck_index):
    result = answer("G&A dropped almost 25% QoQ - one-off in the prior quarter?", deck_index)
    assert "24.7%" in result.text and "424" in result.text and "cost control" in result.text


def test_a_lab_is_the_laboratory_and_whered_is_where_did(deck_index):
    result = answer("where'd the research lab get moved to?", deck_index)
    assert not result.abstained and "IIJ Innovation Institute" in result.sentences[0].text


def test_what_the_money_was_spent_on_lists_the_parts(deck_index):
    result = answer("in the financing cash flow, what did the money get spent on?", deck_index)
    assert all(part in result.text for part in ("930", "200", "203"))


def test_business_internet_is_corporate_use(deck_index):
    result = answer("business internet vs home internet, which one grew faster from a year ago?", deck_index)
    assert "10.9%" in result.text and "6.4%" in result.text


def test_how_much_operating_income_grew_is_not_answered_by_its_ratio(deck_index):
    # II-10's line gives both "Operating income: up 21.9% YoY" and "operating income ratio was up 0.8 points"
    result = answer(
        "Leaving the new ventures aside, how much did operating income from connectivity, outsourcing and SI grow versus 1Q08?",
        deck_index,
    )
    assert "21.9%" in result.sentences[0].text or "584" in result.sentences[0].text
    assert "ratio" not in result.sentences[0].text


@pytest.mark.parametrize(
    "question", ["operating income went down?? how much percent vs last year", "OP yoy %?"]
)
def test_a_percent_beside_a_basis_asks_the_change_not_the_ratio_column(deck_index, question):
    # II-1's "Operating Income 2.2% 0.4 2.5% 0.4 (14.7%)" gives the ratio to revenues beside the amount
    result = answer(question, deck_index)
    assert "14.7%" in result.sentences[0].text
    assert "% of revenues" not in result.sentences[0].text and "2.2%" not in result.sentences[0].text


def test_an_expectation_asked_without_an_amount_is_answered_by_the_expected_change(deck_index):
    result = answer("what are they expecting from systems construction over the full year?", deck_index)
    assert not result.abstained and "2 billion" in result.text


def test_where_a_count_stands_now_is_set_against_its_target(deck_index):
    result = answer("Trust Networks: ATMs now vs the long-term target?", deck_index)
    assert "8,000" in result.text and "26 ATMs" in result.text


def test_a_percent_of_something_beside_a_basis_is_still_a_ratio(deck_index):
    result = answer("operating income as % of revenues vs last year?", deck_index)
    assert "2.2%" in result.text


@pytest.mark.parametrize(
    "question", ["Number of ATMs deployed by Trust Networks as of end of June '09", "how many atms had trust networks deployed by the end of june"]
)
def test_a_company_named_by_its_table_row_meets_the_figure_of_its_business(deck_index, question):
    # "Operates 26 ATMs" meets "Trust Networks": the group table says it operates ATM network systems
    result = answer(question, deck_index)
    assert not result.abstained and "26" in result.sentences[0].text


def test_a_bare_quarter_is_a_period_not_a_word_to_match(deck_index):
    result = answer("What was pre-tax profit in Q1?", deck_index)
    assert result.figures[0].metric.startswith("Income before Income Tax")
    assert result.figures[0].period == "1Q09"


def test_paraphrased_question_is_met_by_meaning(deck_index):
    # Few words shared with "Had approx. 20 thousands of simultaneous access"; the line vectors carry it.
    result = answer("How big was the audience for the eclipse stream at its peak?", deck_index)
    assert not result.abstained
    assert "20 thousands" in result.text


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("What was the SI business's gross margin ratio in 1Q09?", "only the change"),
        ("How much money did the MVNO service earn?", "count"),
        # a segment the deck labels as one ("Cost of connectivity and outsourcing service"), in either order,
        # is not answered by the company's gross margin ratio
        ("In percent, what gross margin ratio did connectivity and outsourcing services earn in 1Q09?", "connectivity and outsourcing"),
        ("What was the outsourcing and connectivity gross margin ratio in percent?", "outsourcing and connectivity"),
        ("How many yen of gross margin did connectivity & outsourcing make in 1Q09?", "connectivity and outsourcing"),
        # pay is money: a count of the people hired is no salary, whatever figure or line is found
        ("What salary does IIJ pay the graduates it hired this year?", "amount of money"),
        ("What's the starting salary of a new graduate at IIJ?", "amount of money"),
        # "Employees working for Trust Networks" is a narrower measure than the one asked about.
        ("What is IIJ's total number of employees?", "only the change"),
        ("How many LaIT contracts does the company have today?", "only a target"),
        # revenues of the quarter that ends on March 31, 2009 (4Q08) are given only as a change
        ("What were consolidated revenues at March 31, 2009?", "no figure for the period asked about"),
        # the question leaves out what the only figure includes
        ("Excluding SI, what operating income did connectivity and outsourcing make in 1Q09?", "includes SI"),
        # a part is not the whole
        ("How many connectivity contracts does IIJ have in total?", "not the total"),
        # a payment during the quarter is not the balance at its end
        ("What was the balance of capital lease obligations at June 30, 2009?", "Principle payments under capital leases"),
        # a topic in two words the deck puts together, absent from the only figure's line
        ("How much revenue did the contents delivery service bring in during 1Q09?", "contents delivery"),
        # a subsidiary the deck names once, whose revenue it never gives
        ("How much revenue did hi-ho bring in during 1Q09?", "hi-ho"),
        # a brand the deck never mentions, lower-case or not
        ("How many subscribers does xo-yo have?", "xo-yo"),
        # a breakdown needs a figure per side
        ("How are the MVNO lines split between corporate and home users?", "no split"),
        # "in yen" needs an amount of money
        ("How much commission, in yen, does Trust Networks earn per ATM withdrawal?", "per ATM"),  # a rate, and no amount of money either
        # neither the 1Q08 figure nor a year-on-year change
        ("How many MVNO lines were there a year ago, at the end of 1Q08?", "period asked about"),
        # the forecast gives total revenues for FY09, nothing for the ATM business alone
        ("How much revenue does the ATM business expect for FY2009?", "ATM"),
        # a figure whose label lacks the money word asked about
        ("What was net working capital (current assets less current liabilities) at June 30, 2009?", "not the assets asked about"),
        # equity-method losses are given for 1Q09 only ("slightly up compared to 1Q08" is no amount of 1Q08);
        # 1Q08's yen figure on that slide is another line's
        ("In yen, what were the equity-method losses in the same quarter last year (1Q08)?", "period asked about"),
        # one part of a split the deck gives only in total
        (
            "Of the net loss attributable to noncontrolling interests, how much comes from GDX Japan and how much from Trust Networks?",
            "no split",
        ),
        # the cash flow statement has no 1Q08 column: the second quarter named is never reached
        ("How did operating cash flow in 1Q09 compare with 1Q08?", "period asked about"),
        # this quarter's capital spending is not last year's; a line beside SG&A is not SG&A
        ("How much did IIJ spend buying new equipment in the same quarter last year?", "earlier period"),
        ("How much was SG&A in the previous quarter?", "earlier period"),
        # a count is not a percentage, a description, or another company's headcount
        ("How many people does IIJ Technology employ?", "not for Technology"),
        # a stake is a percentage, not the price paid for it
        ("How much did IIJ pay for its Trust Networks stake?", "not an amount of money"),
        ("How many employees does IIJ Technology, the systems integration subsidiary, have?", "not a count"),
        # a count of ATMs is no count of withdrawals
        ("How many ATM withdrawals per day does Trust Networks get?", "not a count"),
        # "total" asks the whole group, however the question is put
        ("What was total group headcount at the end of June 2009?", "only Trust Networks'"),
        # a name asked of in a "what is" question too: the investees' loss is not Multifeed's stake
        ("What is the carrying amount of the equity-method investment in Internet Multifeed at June 30, 2009?", "but not for"),
        ("How many shares of Internet Revolution does IIJ hold?", "not a count"),
        # a ratio is not a yen amount, nor another ratio that meets too little of what is asked
        ("What was the current ratio (current assets over current liabilities) at end-June 2009?", "not what is asked"),
        # a "when" needs a date: the deck gives the dividend per share, never the day it is paid
        ("When is the year-end dividend paid?", "no date"),
        # "who were the nominees" needs a person's name; a title-case headline is none
        ("The board nominations were announced in May. Who are the new directors?", "name of a person"),
        # a year is no count: "…in July 2009 to strengthen R&D" counts no researchers
        ("How many researchers moved to the IIJ Innovation Institute?", "count"),
        # R&D's fall is stated, but the only reasons beside it explain G&A and operating income
        ("What drove the QoQ drop in R&D?", "no reason"),
        # the deck says where ATMs are placed, never why there: a line on withdrawals is no reason for Kansai
        ("Why did the ATM business begin in Kansai?", "no reason"),
        # the balance moved and no line explains it (the chunk's first line is a figure, not its heading)
        ("What explanation does management give for the drop in current deferred tax assets?", "no reason"),
        # 1H09 is there (a target); the first half of FY2008 is not
        ("What did revenue in the first half of FY2008 come to, against the 1H09 target?", "1H08"),
        ("Of the rise in prepaid expenses, how much of that is bonus payments vs SI maintenance?", "no split"),
        # the year to March 2011 is FY10, which the deck never reports
        ("What revenue did IIJ report for the year to March 2011?", "2011"),
        # "…are not expected to increase largely" is a forecast, not a reason
        ("Why did IIJ hire fewer graduates this year than last?", "no reason"),
        # a reported quarter does not vouch for another year the question names
        ("What were revenues in 1Q09 compared with 2005?", "2005"),
        # the deck reports short-term borrowings only, in a comparison and in an open question read from lines
        ("Long-term debt: June 30, 2009 vs March 31, 2009?", "Short-term"),
        ("How did long-term debt move between March 31 and June 30, 2009?", "not long-term as asked"),
        # II-9 gives the noncontrolling interests' loss of GDX Japan and Trust Networks together
        ("What was Trust Networks' standalone loss attributable to noncontrolling interests?", "alone"),
        # …also when the name is typed in lower case, or first in the question
        ("how much did gdx japan lose by itself last quarter?", "GDX Japan Inc. alone"),
        ("GDX's loss on its own in 1Q09?", "GDX Japan Inc. alone"),
        # a rate needs a line that states one
        ("Average ATM withdrawals per ATM in 1Q09?", "per ATM"),
        # the deck says corporate and home use both increased, never how many lines each has
        ("How many of the 28,000 MVNO lines are home users or corporate users?", "no split"),
        # III-3 names the AT TOKYO data center in a release dated 7/9: a date is no count
        ("How many data centres does IIJ operate?", "count"),
        # II-15 gives the eclipse stream's simultaneous access, no money it brought in
        ("How much revenue did the solar eclipse stream bring in?", "no amount of money"),
        # II-4 counts contracts of over 1Gbps; the total bandwidth is never given in Gbps
        ("total contracted bandwidth in gbps?", "not in gbps"),
    ],
)
def test_an_amount_the_document_does_not_give_is_not_answered_with_something_else(deck_index, question, reason):
    result = answer(question, deck_index)
    assert result.abstained
    assert reason in result.reason


@pytest.mark.parametrize(
    ("question", "count"),
    [
        # the count may be written in other words, or after the label that names the thing counted
        ("solar eclipse stream: how many viewers at the same time?", "20 thousands"),
        ("how many full-time outside contractors work on SI now?", "222 people"),
    ],
)
def test_a_count_asked_is_answered_by_a_count_of_that_thing(deck_index, question, count):
    result = answer(question, deck_index)
    assert not result.abstained and count in result.text


def test_a_breakdown_named_by_its_abbreviated_parts_lists_them(deck_index):
    result = answer("breakdown of other investments (AFS, nonmarketable, others)?", deck_index)
    assert all(part in result.text for part in ("900", "861", "364"))


@pytest.mark.parametrize("question", ["NCI loss in 1Q09: amount and which subs?", "Which subsidiaries' losses sit in the noncontrolling interests line?"])
def test_which_companies_is_answered_by_the_line_that_names_them(deck_index, question):
    result = answer(question, deck_index)
    assert "93" in result.text and "GDX Japan Inc." in result.text and "Trust Networks Inc." in result.text


def test_what_the_company_aimed_for_asks_no_company_name(deck_index):
    assert not answer("was operating profit better or worse than what the company was aiming for?", deck_index).abstained


def test_list_question_quotes_the_items(deck_index):
    result = answer("What makes up recurring revenue?", deck_index)
    for item in ("Connectivity service", "Outsourcing service", "Systems operation and maintenance"):
        assert item in result.text


@pytest.mark.parametrize(
    "question",
    [
        "What was Google's revenue in the quarter?",
        "What is IIJ's share price?",
        "What net income did IIJ report for FY2011?",
        "What exchange rate does the forecast assume?",
        "What were home internet sales in yen for the quarter?",
        # a ratio the deck has, qualified by a word it never uses
        "What was the quick ratio of IIJ in 1Q09?",
        # the deck's cash flow slide gives 1Q09 only; 1Q08's ATM loss is no cash flow
        "OCF in 1Q08, for a yoy comp",
        # the deck names no shareholder
        "Who are IIJ's largest shareholders?",
        # borrowings the deck has, but never a bank loan
        "Does Trust Networks have bank loans?",
        # a remark after the comma lists no third measure
        "what is depreciation and amortization for 1Q09, i see the slide title but no number",
        "How much depreciation and amortization was booked in 1Q09?",
        "What were depreciation and amortization in the first quarter?",
        # a price per unit needs an amount of money, not the line saying a commission is charged
        "What fee does Trust Networks charge for each ATM transaction?",
        "What monthly fee does IIJ charge for LaIT Private Ethernet?",
        # "how much money", "how much does it charge": the best lines hold no amount of money
        "How much money has the LaIT brand made to date?",
        "How much does IIJ charge for LaIT Rental Server?",
        # a scene sentence before "What was the 1Q09 … target?" does not make the amount asked a comparison
        "Revenue came in line with plan. What was the 1Q09 revenue target?",
        # a bare name asks for its amount: the group's revenues are not IIJ America's
        "IIJ America revenue 1Q09?",
        "D&A 1Q09?",
        "d&a for the quarter in yen?",
        # a target is a target for something: the dividend's is not SG&A's
        "What's the 1H09 target for SG&A?",
        # a three-year target is no revenue brought in, and a launch "in July 2009" is no amount
        "How much revenue has LaIT brought in so far?",
        # one earlier quarter named for comparison: this quarter's amount alone compares nothing
        "Net cash from operating activities in 1Q08, for comparison?",
        # a total is not one subsidiary's count; a split is not the total with "both increased"
        "How many staff does the whole IIJ group have in total?",
        "MVNO lines: split corporate vs home?",
        "Of the MVNO lines, how many are corporate and how many are home use?",
        # a balance on the books is no money brought in; a headline in title case is no product's name
        "How much did IIJ bring in from selling property and equipment in 1Q09?",
        "What is the proprietary data terminal announced on 5/20 called?",
        # a bracketed formula spells what would be computed, not a line the deck states
        "FCF (CFO minus capex) in 1Q09?",
        # a change the question declines is no answer; "of the N, how many are A versus B" asks a split
        "How many people did IIJ employ at June 30, 2009 (the number itself, not the change)?",
        "Of the 28,000 MVNO lines, how many are home users versus corporate?",
        # a rate asked of lines that state none; a ratio asked of an amount of money
        "avg withdrawals per ATM per week",
        "What is backbone cost as a % of connectivity service revenue?",
        # a table's header row of dates and periods states nothing
        "liabilities, 6/30/09?",
        # "6/30" is a date, not two numbers met by any June 30 balance: the deck gives only the change in staff
        "total headcount at 6/30?",
        # an expenditure is money asked: capital lease payments meet "capital" only; a two-word label is named, not spelled
        "What was IIJ's capital expenditure in 1Q FY2009?",
        "How much interest expense did they pay on the short-term borrowings this quarter?",
        # a count asked ("subscriber count") is not answered by a company's description
        "What is hi-ho's subscriber count?",
        # a split asked without a verb ("how many corporate and how many home"); a company's revenue that lines
        # about revenue alone do not give
        "Of the 28k MVNO lines, how many corporate and how many home?",
        "rev contribution of IIJ America?",
        # an actual set against its target needs the actual
        "How many LaIT contracts have been won so far, against the 20,000 target?",
    ],
)
def test_unanswerable_questions_abstain_and_name_closest_sections(deck_index, question):
    result = answer(question, deck_index)
    assert result.abstained
    assert result.text.startswith(NOT_IN_DOCUMENT)
    assert result.reason and not result.citations
    assert "Closest sections: [" in result.text


@pytest.mark.parametrize("question", ["", "   ", "x" * 2001, "売上高は？"])


def test_bad_questions_raise_a_clear_question_error(deck_index, question):
    with pytest.raises(QuestionError):
        answer(question, deck_index)


def test_gibberish_abstains(deck_index):
    assert answer("qwzx plorb vintu?", deck_index).abstained


def test_every_sentence_is_cited_and_markers_match(deck_index):
    result = answer("Why did general and administrative expenses drop from the previous quarter?", deck_index)
    for sentence in result.sentences:
        assert sentence.citations
        assert all(c.marker in sentence.text for c in sentence.citations)
        assert all(c.chunk_id in {p.chunk.id for p in result.passages} for c in sentence.citations)


def test_faithfulness_guard_holds_over_the_whole_gold_set(deck_index):
    """Every number of every answer occurs in the passages that answer cites."""
    for question in load_gold(DEFAULT_GOLD_PATH):
        result = answer(question.question, deck_index)
        assert unsupported_numbers(result.text, result.cited_text()) == [], question.id


def test_retrieve_meets_colloquial_words_with_the_documents(deck_index):
    passages = retrieve("How much did systems integration sales drop from a year earlier?", deck_index, k=5)
    assert any("down 40.6% YoY" in p.text for p in passages)


def test_a_list_is_read_from_the_line_whose_items_follow_it(deck_index):
    # "Net cash provided by (used in) financing activities" is a chart label with no items under it.
    result = answer("Where did the money used in financing activities go?", deck_index)
    assert "capital leases" in result.text and "Dividend payment" in result.text
    assert result.sentences[0].text.startswith("Net cash used in financing activities")


def test_an_email_question_quotes_the_line_with_the_address(deck_index):
    result = answer("What e-mail address does investor relations use?", deck_index)
    assert "ir@iij.ad.jp" in result.text


def test_a_generic_abbreviation_is_not_an_unknown_name(deck_index):
    result = answer("Why did G&A costs come down from the previous quarter?", deck_index)
    assert not result.abstained
    assert "24.7%" in result.sentences[0].text
    assert "overall cost control" in result.text


def test_why_passages_rank_the_lines_that_give_causes_first(deck_index):
    top = retrieve("What pushed marketing spending up from the previous quarter?", deck_index, k=1)[0]
    assert "customer relationship of non-amortized intangible assets" in top.text
    assert "lines" in top.retrievers


def test_a_reason_that_opens_with_the_opposite_move_comes_after_the_one_that_agrees(deck_index):
    result = answer("What pushed marketing spending up from the previous quarter?", deck_index)
    assert "17.8%" in result.sentences[0].text
    assert "customer relationship" in result.sentences[1].text


def test_a_sub_bullet_is_read_under_its_parent(deck_index):
    # " - Target 20,000 contracts and revenues of JPY1 billion in 3 years" never names LaIT itself.
    result = answer("What goals were set for the LaIT brand?", deck_index)
    assert "20,000" in result.text and "JPY1 billion" in result.text


def test_calendar_months_become_the_decks_fiscal_period(deck_index):
    # "1H09 Target (09/4~09/9)" in the forecast table tells the engine that April-September 2009 is 1H09.
    result = answer("What revenue does the company plan for April through September 2009?", deck_index)
    assert not result.abstained
    assert result.figures[0].period == "1H09 target"
    assert "33.5" in result.sentences[0].text


@pytest.mark.parametrize(
    ("question", "amount"),
    [
        # a balance-sheet date is the quarter it closes
        ("What were total assets in 1Q FY2009?", "50,671"),
        # "how many yen" asks for money, and "add since March" is answered by a change
        ("How many yen did the operation and maintenance order backlog add since March?", "489"),
        # "share of losses" meets "Equity in net loss"
        ("What was the share of losses of equity-method investees in 1Q09?", "32"),
        # a currency is not a segment the figure must name
        ("In JPY, how much did personnel related costs rise QoQ?", "333"),
        # "in JPY million" names a unit, not words the figure's line must hold ("JPY501 million" of another line)
        ("Total assets at end of 1Q FY2009 (June 30, 2009), in JPY million?", "50,671"),
        # "in JPY bn" asks the amount, not the percentage change of the same label
        ("What did total cost of revenues come to in 1Q09, in JPY bn?", "12.8"),
        # a question that spells the line out asks that line, whatever money word it adds
        ("Capex in 1Q09, i.e. the cash spent on purchase of property and equipment?", "1,094"),
        ("How much principal was repaid under capital lease obligations in 1Q09?", "930"),
        # every target meets "target"; its measure is what must be met
        ("What's the 1H revenue target they're working to?", "33.5"),
        # a name in brackets names again what precedes it
        ("What was the gross loss of the ATM operation business (Trust Networks) in 1Q09?", "184"),
        # PP&E, EBIT and EBT are the deck's property and equipment, operating income, income before income tax
        ("How much did IIJ pay out for PP&E purchases in 1Q09?", "1,094"),
        ("EBIT for 1Q09, in JPY?", "351 million"),
        ("EBT in 1Q09?", "300 million"),
        # "paid" is the label's "payments": the question spells the line out
        ("What was paid as principal on capital lease obligations in 1Q09?", "930"),
        # a bullet under a statement's total is read with it ("Net cash used in investing activities: …")
        ("How much went on buying property and equipment within investing activities in 1Q09?", "1,094"),
        # the amount of the very label a change is of answers, however the change scores
        ("ATM business cost, 1Q09?", "192"),
        # "total" with a label's column in brackets: "(% of revenues)" names no part of the total
        ("Total COGS in 1Q09 as % of revenues?", "81.1%"),
        # DC and NOC are the deck's data center and network operation
        ("Which DC will IIJ provide Internet connectivity in?", "AT TOKYO"),
        ("What NOC services does Net Care offer?", "monitoring"),
        # "and how many were added" asks a change, not a split between two sides
        ("How many MVNO lines were there at quarter end, and how many were added since 4Q08?", "5,000"),
        # "lose" asks for the operating loss, "contractors" for the outsourcing personnel
        ("How much money did the ATM business lose at the operating line?", "233"),
        ("How many contractors work full time on the SI side?", "222"),
    ],
)
def test_an_amount_asked_in_other_words_is_answered(deck_index, question, amount):
    result = answer(question, deck_index)
    assert not result.abstained
    assert amount in result.text


def test_the_issuers_own_name_does_not_steer_retrieval(deck_index):
    # "IIJ" is on every slide of IIJ's deck; searched for, it pulled the cover and press releases first.
    result = answer("How much cash did IIJ have at the end of 1Q09?", deck_index)
    assert "9,897" in result.sentences[0].text
    assert result.sentences[0].citations[0].section_id == "II-12"
    assert retrieve("What does IIJ America do?", deck_index, k=3)[0].section_id == "III-2"


def test_a_question_that_spells_yoy_is_answered(deck_index):
    result = answer("systems ops & maintenance revenue growth YoY?", deck_index)
    assert not result.abstained


def test_a_fiscal_year_written_in_full_is_the_period_asked(deck_index):
    # The deck says "during FY2008"; the question says FY08.
    result = answer("How many ATMs did IIJ operate in FY08?", deck_index)
    assert not result.abstained
    assert "10" in result.sentences[0].text


def test_the_other_side_of_a_split_metric_is_not_the_answer(deck_index):
    # Only short-term borrowings are on the balance sheet slide.
    result = answer("How much long-term debt was there at the end of June 2009?", deck_index)
    assert result.abstained
    assert "Short-term" in result.reason and "long-term" in result.reason
    assert not answer("How much short-term debt was there at the end of June 2009?", deck_index).abstained


def test_a_figure_in_another_unit_does_not_answer(deck_index):
    # "Contracts of over 1Gbps: 102 contracts" counts contracts; it is no bandwidth in Gbps.
    result = answer("What is the total contracted bandwidth, in Gbps?", deck_index)
    assert result.abstained
    assert "not in Gbps" in result.reason


def test_a_dated_balance_asks_for_its_period_not_for_its_day_and_year(deck_index):
    # "30" and "2009" are the date, not words: total assets' "June 30, 2009" header no longer answers.
    result = answer("How many people did IIJ employ in total as of June 30, 2009?", deck_index)
    assert result.abstained
    assert "only the change of Number of employees" in result.reason


def test_a_pair_the_deck_heads_as_one_is_asked_whole(deck_index):
    # The deck has a "Depreciation and Amortization" heading but no amount; an amortized asset is not it.
    result = answer("How much depreciation and amortization was booked in 1Q09?", deck_index)
    assert "nothing on depreciation and amortization" in result.reason


def test_a_heading_is_not_an_amount(deck_index):
    # "Other Financial Data (CAPEX etc.)" names capex, but the slide's numbers were charts the text lost.
    result = answer("How big is the capex budget for FY2009?", deck_index)
    assert result.abstained


def test_a_count_does_not_answer_a_loss(deck_index):
    result = answer("What operating loss did the ATM business make in FY2008?", deck_index)
    assert result.abstained


def test_callouts_under_a_table_explain_the_row_they_annotate(deck_index):
    # The balance-sheet slide prints its explanations after the table, in row order, without labels.
    result = answer("What caused the drop in accounts receivable?", deck_index)
    assert "Decreased correspondingly to decreases in SI projects" in result.text
    result = answer("Why did short-term borrowings decrease?", deck_index)
    assert "Repayment of short term borrowings" in result.text


def test_a_table_rows_parts_are_its_callouts(deck_index):
    result = answer("Which items make up other investments?", deck_index)
    assert all(amount in result.text for amount in ("900", "861", "364"))


def test_a_change_since_a_month_is_read_at_the_latest_date(deck_index):
    result = answer("How much have prepaid expenses grown since March?", deck_index)
    assert "2,611" in result.sentences[0].text and "839" in result.sentences[0].text


def test_a_half_year_target_is_not_the_quarters_target(deck_index):
    result = answer("What was the operating income target for Q1?", deck_index)
    assert result.abstained
    assert not answer("What is the operating income target for the first half?", deck_index).abstained


def test_a_dated_list_answers_what_happened_in_a_month(deck_index):
    result = answer("Which press releases came out in April 2009?", deck_index)
    assert all(word in result.text for word in ("SkillUpJapan", "URL Filtering", "IPv6"))
    assert "5/15" not in result.text


def test_an_eps_target_is_stated_as_a_target_beside_last_years_actual(deck_index):
    result = answer("How does the FY09 EPS target compare with FY08 earnings per share?", deck_index)
    first = result.sentences[0].text
    assert "8,393" in first and "target" in first.lower()
    assert "6,918" in result.text


def test_as_fast_as_compares_two_sides(deck_index):
    result = answer("Did the cost of SI fall as fast as SI revenue QoQ?", deck_index)
    assert "30.7%" in result.text and "61.2%" in result.text


def test_consumer_is_the_decks_home_use(deck_index):
    result = answer("How did consumer connectivity revenue grow QoQ?", deck_index)
    assert "1.2%" in result.sentences[0].text


def test_finance_shorthand_meets_the_decks_wording(deck_index):
    assert "13,109" in answer("What was PP&E at the end of June 2009?", deck_index).sentences[0].text
    reasons = answer("What's pushing staff costs up quarter on quarter?", deck_index).text
    assert "newly graduates" in reasons


def test_a_span_of_months_with_a_target_asks_for_figures_not_events(deck_index):
    result = answer("What EPS does IIJ target for Apr-Sep '09?", deck_index)
    assert "1,481" in result.text
    assert "5/15" not in result.text


def test_a_list_led_by_a_sub_bullet_starts_with_its_parent(deck_index):
    result = answer("List the LaIT targets", deck_index)
    assert result.sentences[0].text.startswith("Launched new service brand")


def test_pre_tax_profit_is_income_before_income_tax(deck_index):
    assert "3.1%" in answer("How much did pre-tax profit fall YoY?", deck_index).sentences[0].text


def test_a_yearly_headcount_change_needs_a_count_not_a_yen_change(deck_index):
    # The deck gives the headcount change against 4Q08 only; personnel costs have a YoY change in yen.
    result = answer("By how many employees did headcount rise year on year?", deck_index)
    assert result.abstained
    assert not answer("By how many people did headcount grow over the quarter?", deck_index).abstained


def test_events_between_two_months_are_the_relevant_dated_lines(deck_index):
    result = answer("Which security products were announced between April and June 2009?", deck_index)
    assert "Laptop Security" in result.text and "iiMail" in result.text
    assert len(result.sentences) <= 6


def test_a_past_figure_the_deck_does_not_give_is_not_answered_with_the_current_one(deck_index):
    result = answer("How many contracts above 1Gbps were there at the end of March 2009?", deck_index)
    assert result.abstained


def test_which_table_rows_moved_is_read_from_the_change_column(deck_index):
    rose = answer("Which balance sheet items increased between March and June 2009?", deck_index).text
    assert "Prepaid Expenses" in rose and "Other Investments" in rose
    assert "Accounts Receivable" not in rose
    fell = answer("Which balance sheet lines fell the most from March to June 2009?", deck_index)
    assert "Accounts Receivable" in fell.sentences[0].text or "Accounts Receivable" in fell.text
    assert "Total Assets" not in fell.text and len(fell.sentences) == 3


def test_analysts_shorthand_finds_the_deck_lines(deck_index):
    assert "2,254" in answer("Non-current DTAs at 6/30/09?", deck_index).text
    result = answer("NCI losses, 1Q09 vs 1Q08?", deck_index)
    assert "93" in result.text and "55" in result.text


def test_spending_is_met_by_a_purchase(deck_index):
    result = answer("How much did IIJ spend on equipment in the quarter?", deck_index)
    assert not result.abstained
    assert "1,094" in result.sentences[0].text


def test_an_earlier_periods_amount_is_that_periods_or_none(deck_index):
    assert "16.3" in answer("What were revenues in the same quarter last year?", deck_index).sentences[0].text
    assert "52,301" in answer("What were total assets a quarter ago?", deck_index).sentences[0].text


def test_two_named_quarters_are_compared_on_the_basis_between_them(deck_index):
    qoq = answer("How did operating income in 1Q09 compare with 4Q08?", deck_index)
    assert "67.3%" in qoq.sentences[0].text and "QoQ" in qoq.sentences[0].text
    yoy = answer("How did total revenues in 1Q09 compare with 1Q08?", deck_index)
    assert "15.8" in yoy.text and "16.3" in yoy.text


def test_a_ratio_asked_is_answered_by_a_percentage(deck_index):
    assert "18.9%" in answer("What percentage of revenues was gross margin in 1Q09?", deck_index).sentences[0].text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("When does IIJ expect to begin placing ATMs in Kanto?", ["3Q09"]),
        ("What's the investor relations telephone number?", ["03-5259-6500"]),
        # a form named in a scene-setting sentence is still asked
        ("I want to fax the IR office. Which number do I use?", ["03-5259-6311"]),
        ("Where is IIJ putting its ATMs?", ["Kansai"]),
        # "the deck", "define" are words about the document, not in it
        ("How does the deck define QoQ — which quarter is the comparison base?", ["QoQ = 1Q09 compared to 4Q08"]),
        # a line that dates its slide answers "as of what date"
        ("As of what date is the IIJ group company / ownership table presented?", ["July 31, 2009"]),
        # how a business earns is a description, not a figure that mentions it
        ("How does Trust Networks actually earn its revenue?", ["commission for each withdrawal"]),
        # "OP margin" is the operating income ratio
        ("OP margin this quarter vs last year?", ["2.2%", "2.5%"]),
        # the lead-in's "on last year" asks for no earlier period, and its words count less
        ("Revenue from systems construction fell sharply on last year. What kind of projects did SI win?", ["network related projects"]),
        # a reason under the metric's heading; a purpose is a reason
        ("Why did systems operation and maintenance revenue decline QoQ?", ["one-time revenue in 4Q08"]),
        ("Why was the research laboratory moved to a new company?", ["to strengthen R&D"]),
        # with no figure, a reason's own subject is what is asked: profitability, not operating income
        ("Operating profit fell sharply from the March quarter. What typically pulls first-quarter profitability below the fourth?", ["seasonal factors"]),
        # July 2009 is 2Q09, a label the deck never prints; its press releases are dated 7/1…7/14
        ("Which announcements came out in July 2009?", ["AT TOKYO"]),
        # a money word of a scene-setting sentence does not reject the figure
        ("SG&A and R&D costs are reported as one line. What did that line come to in 1Q09?", ["2.6"]),
        # "more … than" compares two balances
        ("Is there more cash on hand than short-term debt?", ["9,897", "7,150"]),
        # a minority stake is an equity-method investment; minority interests are noncontrolling
        ("How much did IIJ lose on its minority stakes this quarter?", ["32", "equity method"]),
        ("What is behind the drop in total assets since March?", ["Accounts Receivable: Decreased correspondingly to decreases in SI projects [II-12]."]),
        ("Dividends paid in the quarter vs net income: did the payout exceed 1Q earnings?", ["Dividend payment was JPY203 million [II-13]."]),
        ("What was the receivables balance at March-end 2009?", ["10,257"]),  # a month's end is a date, not a name
        ("Investing outflow vs financing outflow in 1Q?", ["1,105", "1,332"]),
        ("What date did IIJ announce its security solution for notebook PCs?", ["6/1"]),
        ("OCI balance at March 31, 2009?", ["321"]),
        ("S&M vs G&A QoQ?", ["17.8%", "24.7%"]),
        # "BS" is the balance sheet
        ("Other investments on the BS is ~JPY2.1bn - what's in it?", ["900", "861", "364"]),
        # each side's figure stands under a "◆" heading naming that side, not on the line about both at once
        ("Which improved more YoY in gross margin ratio terms, connectivity & outsourcing or SI?", ["0.3 points", "4.1 points"]),
        # "gm" and "op" are gross margin and operating, in lower case too
        ("gm ratio improvement yoy: SI vs connectivity/outsourcing, which improved more", ["0.3 points", "4.1 points"]),
        ("op cash flow for the quarter?", ["2,164"]),
        ("How many cash machines does IIJ operate?", ["26 ATMs"]),
        ("How much is invested in unlisted shares?", ["861"]),
        ("Why did one-off SI revenue drop QoQ?", ["one-time revenue in 4Q08"]),
        # "the year to March 2010" is FY09, which the deck reports without writing 2010
        ("What EPS is planned for the year to March 2010?", ["8,393"]),
        # "CF" is cash flow: its "cash" is no money word a repayment line must carry
        ("1Q CF from financing: net repayment of short-term borrowings, JPY mn?", ["200"]),
        # two quarters named ask for both amounts, not the change between them
        ("ATM operation cost, 1Q08 vs 1Q09?", ["192", "15"]),
        # "1 Gbps" written apart is the deck's "1Gbps"
        ("How many contracts above 1 Gbps are there?", ["102"]),
        ("Op margin in 1Q09?", ["2.2%"]),
        # basis points are a ratio's move, not a count: the two ratios answer
        ("How many bps did operating margin compress YoY?", ["2.2%", "2.5%"]),
        # "JPY184m" is the deck's "JPY184 million"; "Loss increased as…" gives the reason
        ("Why did the ATM gross loss widen to JPY184m?", ["start up"]),
        # "exceed" weighs two amounts, not their changes
        ("Did the dividend paid out in 1Q exceed net income attributable to IIJ?", ["203", "180"]),
        # a list is the items a line heads: the bullets under the financing total
        ("What made up the cash used in financing?", ["930", "200million", "203"]),
        ("In which formats was the eclipse streamed?", ["Flash", "Silverlight"]),
        # an intake of graduates is the deck's "hired … newly graduates"
        ("How did the graduate intake this spring compare with the year before?", ["77", "92"]),
        # a ratio under the second "◆" heading of a slide is that heading's, not the slide's first one's
        ("How did the gross margin ratio of connectivity and outsourcing move YoY?", ["0.3 points"]),
        # the sides of a comparison follow the colon; the words before it are both sides' measure
        ("Cost change YoY: SI or connectivity and outsourcing?", ["19.1%", "8.3%"]),
        ("ATM business OP loss 1Q09?", ["233"]),
        ("What is the new email security solution called?", ['"iiMail Suite"']),
        # a count compared with last year: the same measure's earlier period on a line of its own, no yen change
        ("How many ATMs are running now compared with last year's trial?", ["26 ATMs", "10 ATMs"]),
        # a callout under a balance-sheet row is the row's explanation
        ("Prepaid expenses rose 839 since March: why?", ["Bonus payments"]),
        ("Connectivity revenue growth YoY split corporate vs home?", ["6.4%", "10.9%"]),
        # a portion of assets is a ratio: "assets" is what it divides, no word its label must carry
        ("What portion of total assets is shareholders' equity?", ["49.9%"]),
        ("Internet connections for households vs for businesses: growth YoY?", ["6.4%", "10.9%"]),
        ("Financing cash outflows in 1Q09: main items?", ["930", "203"]),
        ("July 2009 press releases?", ["AT TOKYO", "Solar Eclipse"]),
        ("Losses absorbed by outside shareholders in 1Q09?", ["93"]),
        # the closing balance of FY08 is the one at March 31, 2009
        ("Where did accumulated other comprehensive income stand at the end of FY08?", ["321"]),
        # "backbone network" is on topic in a "Backbone cost" line: the phrase's rarer word names the topic
        ("What was the cost of the backbone network in 1Q09?", ["919"]),
        # "which" before a plural asks for a list: the bullets under the stream's line
        ("For the eclipse stream, which video formats or devices were supported?", ["Flash Video", "Silverlight"]),
        # a name no press release of the month holds makes the month a setting: LaIT's own lines answer
        ("Which services did IIJ launch under the LaIT brand in July 2009?", ["rental server", "private ethernet"]),
        # a ratio moves in points: "how many points" is the ratio's change, not the income's 21.9%
        ("How many points did the operating income ratio of connectivity, outsourcing and SI gain YoY?", ["0.8 points"]),
        # cash brought in is what activities provided, not what financing used
        ("How much cash did the business actually bring in over the quarter?", ["Net cash provided by operating activities"]),
        # "what should lift" asks a reason to come; an open question reads its next best line too
        ("what should lift consumer connectivity sales in coming quarters", ["MVNO"]),
        # "A, B and C" lists three measures with one comma; the list starts after the last "in"
        ("What were the QoQ changes in connectivity service, outsourcing service and systems construction?", ["Connectivity service", "down 1.0% QoQ", "down 61.2% QoQ"]),
        # "the items behind" a total asks its parts, every one of them, though "behind" often asks why
        ("Break down the items behind the operating cash inflow.", ["JPY1,735 million", "JPY937 million", "JPY208 million"]),
        # a value line under its label line ("◆ Gross loss of ATM operation business:") means what the label means
        ("ATM business gross loss: 1Q09 against 1Q08?", ["JPY184 million", "JPY10 million"]),
        # a question naming a count and money ("contract and revenue goals") is answered by the count too
        ("What contract and revenue goals has IIJ set for LaIT?", ["20,000 contracts", "JPY1 billion"]),
        # "since 4Q08" is what a change is measured from, not the period asked: the deck's "compared to 4Q08"
        ("How many MVNO lines were added since 4Q08?", ["5,000 lines"]),
        # a press release row with an empty date cell is of the date above it ("7/1 … / IIJ Launches LaIT")
        ("Which press releases did IIJ put out during July 2009?", ["LaIT for SMEs", "AT TOKYO"]),
        # a table's group row heads the rows under it: the investees are all three companies
        ("Which firms are accounted for by the equity method?", ["Internet Multifeed", "Internet Revolution", "Taihei Computer"]),
        # "contractors" is no word of the deck; "(outsourced staff)" says what is counted
        ("How many full-time contractors (outsourced staff) worked in SI?", ["222 people"]),
        # SMB and SME are the deck's small enterprises; its own "SMEs" still counts
        ("What revenue target did IIJ set for its SMB brand?", ["JPY1 billion"]),
        ("Which services came with the SME brand launched in July?", ["Rental Server"]),
        # the aside's "operating income" is the asker's guess, not a second thing asked
        ("What cash did operating activities bring in during 1Q09? I guess that is roughly operating income in cash form", ["JPY2,164 million"]),
        # a line of the cash flow statement is cash
        ("How much cash went on buying property and equipment in the quarter?", ["JPY1,094 million"]),
        # an earnings call asks no telephone number; a phone does
        ("Ahead of the earnings call: what were total revenues in 1Q09?", ["JPY15.8 billion"]),
        ("What number should investors phone for IR?", ["03-5259-6500"]),
        # an actual against its target is answered when the deck says how it did
        ("How did 1Q09 operating income do against the company target?", ["above company target"]),
        # companies asked are listed from the group table; equity-method affiliates are its investees
        ("Which are IIJ's equity-method affiliates?", ["Internet Multifeed", "Internet Revolution", "Taihei Computer"]),
        ("What are the equity method investees and IIJ's stakes?", ["Internet Multifeed", "Internet Revolution", "Taihei Computer"]),
        # the other side of each abstention above is answered
        ("Short-term debt: June 30, 2009 vs March 31, 2009?", []),
        ("How did short-term debt move between March 31 and June 30, 2009?", []),
        ("What was the loss attributable to noncontrolling interests?", []),
        ("What is the FY09 target for net income per share?", []),
    ],
)
def test_questions_in_users_words_are_answered_from_the_deck(deck_index, question, expected):
    result = answer(question, deck_index)
    assert not result.abstained, result.reason
    assert all(item in result.text for item in expected)


def test_more_than_is_a_comparison(deck_index):
    assert answer("Is there more cash on hand than short-term debt?", deck_index).kind == "compare"


def test_the_issuers_name_in_a_label_does_not_count_against_it(deck_index):
    # "Net Income attributable to IIJ" is the bottom line; "attributable to IIJ" narrows nothing.
    result = answer("What bottom line does the company expect to earn for shareholders from April to September 2009?", deck_index)
    assert result.figures and result.figures[0].metric == "Net Income attributable to IIJ"
    assert "0.3" in result.sentences[0].text


def test_a_list_of_measures_gets_a_figure_for_each(deck_index):
    result = answer("What are the first-half targets to September 2009 for sales, operating profit, pre-tax profit and net profit?", deck_index)
    assert [f.period for f in result.figures[:4]] == ["1H09 target"] * 4
    assert all(value in result.text for value in ("33.5", "0.8", "0.6", "0.3"))


def test_a_listed_measure_is_the_label_that_spells_it(deck_index):
    # "pre-tax profit" is "income before income tax"; "Deferred tax expenses (income)" only shares words.
    result = answer("What were the headline numbers for sales, operating profit, pre-tax profit and net profit?", deck_index)
    assert [f.metric for f in result.figures[:4]] == [
        "Total Revenues", "Operating Income", "Income before Income Tax Expense", "Net Income Attributable to IIJ"
    ]


def test_a_list_in_brackets_is_the_list_and_a_joined_label_is_one_item(deck_index):
    # "O&M" is "operation and maintenance", which a label of the deck joins: one item, not two.
    result = answer("Give the YoY growth of each recurring revenue line (connectivity, outsourcing, systems O&M).", deck_index)
    assert [f.metric for f in result.figures[:3]] == ["Connectivity service", "Outsourcing service", "Systems operation and maintenance"]
    assert all(share in result.text for share in ("9.4%", "7.8%", "2.3%"))


def test_a_list_leads_with_the_line_headed_by_the_words_asked(deck_index):
    # The group companies table heads its rows "Equity Method Investees"; II-9's loss line only mentions them.
    result = answer("List the equity-method investees.", deck_index)
    assert all(name in result.text for name in ("Internet Multifeed", "Internet Revolution", "Taihei Computer"))


def test_measures_set_against_each_other_are_a_list_read_with_what_they_share(deck_index):
    # "operating vs investing vs financing" are three measures; "cash flows" belongs to each of them.
    result = answer("Break down 1Q09 cash flows: operating vs investing vs financing.", deck_index)
    assert [f.metric for f in result.figures[:3]] == [
        "Net cash provided by operating activities", "Net cash used in investing activities", "Net cash used in financing activities"
    ]


def test_a_figure_sentence_has_no_stray_tabs(deck_index):
    # The summary slide's columns are tab-separated: "Operating Income\tJPY\t351 million".
    result = answer("Operating income in JPY million?", deck_index)
    assert result.sentences[0].text.startswith("Operating Income was JPY 351 million")


def test_a_generic_label_is_named_by_the_heading_it_stands_under(deck_index):
    # Two "Gross margin ratio" lines on II-3, one under "◆ Cost of SI:", one under the connectivity heading.
    result = answer("How did the SI gross margin ratio move YoY?", deck_index)
    assert result.sentences[0].text.startswith("Gross margin ratio (Cost of SI) was up 4.1 points YoY")
    # the noun before the parenthesis decides the verb
    assert answer("Short-term borrowings at June 30, 2009?", deck_index).sentences[0].text.startswith("Borrowings (Short-term) were")
    assert answer("ATM gross loss in 1Q09?", deck_index).sentences[0].text.startswith("Gross loss of ATM operation business was")


def test_a_block_whose_heading_was_lost_is_named_by_its_twin_on_the_summary_slide(deck_index):
    # II-5's construction block lost its heading; its "Revenues: down 40.6% YoY, down 61.2% QoQ" is II-2's
    # "Systems construction" line, so the backlog and the reasons under it are construction's.
    result = answer("Order backlog of systems construction compared with systems operation and maintenance, YoY?", deck_index)
    assert "Order Backlog (Systems construction) was down 24.3% YoY" in result.text
    # the next block keeps its heading as its chunk's first line, and that names its figures too
    assert "Order Backlog (Systems operation and maintenance) was up 6.3% YoY" in result.text
    reasons = answer("Why did SI's systems construction revenues fall from a year earlier?", deck_index)
    assert reasons.sentences[0].text.startswith("Revenues (Systems construction) were down 40.6% YoY")
    assert "when the economy had not yet deteriorated" in reasons.text


def test_the_head_noun_of_a_label_decides_its_verb(deck_index):
    result = answer("What was CFO in 1Q09?", deck_index)
    assert result.sentences[0].text.startswith("Net cash provided by operating activities was JPY2,164 million")


def test_a_comparison_of_two_named_quarters_states_both_amounts(deck_index):
    # the best line gives only the change ("up JPY177 million YoY"); II-1 has both quarters' amounts
    result = answer("ATM business costs: 1Q09 compared with 1Q08?", deck_index)
    assert "JPY192 mil in 1Q09" in result.text and "JPY15 mil in 1Q08" in result.text


def test_which_one_is_bigger_names_no_measure(deck_index):
    # "one" is the pronoun, not "One time revenues"; "bigger" asks the comparison
    result = answer("Total revenues 1Q09 vs 1Q08, which one is bigger?", deck_index)
    assert result.sentences[0].text.startswith("Total Revenues were JPY15.8 billion in 1Q09")
    assert "JPY16.3 billion in 1Q08" in result.text


def test_a_stake_is_a_figure_of_the_group_companies_table(deck_index):
    result = answer("What percentage of GDX Japan does IIJ hold?", deck_index)
    assert result.sentences[0].text.startswith("Ownership of GDX Japan Inc. was 60.2%")


def test_two_companies_named_side_by_side_get_a_figure_each(deck_index):
    result = answer("IIJ's ownership stakes in Internet Revolution and Internet Multifeed?", deck_index)
    assert "Ownership of Internet Revolution, Inc. was 30%" in result.text
    assert "Ownership of Internet Multifeed Co. was 31%" in result.text


def test_which_of_the_two_reads_its_sides_from_the_scene(deck_index):
    result = answer(
        "IIJ holds stakes in Taihei Computer and in Internet Revolution. In which of the two is its stake larger?", deck_index
    )
    assert "45%" in result.text and "30%" in result.text


@pytest.mark.parametrize(
    "question",
    [
        "Consolidated gross margin ratio for 1Q09 as a whole?",
        # the tag "right?" asks to confirm the asker's reading, not a second question
        "What was the company-wide gross margin ratio in 1Q09? That's gross margin over revenues, right?",
    ],
)
def test_a_percentage_of_revenues_is_the_ratio_asked(deck_index, question):
    result = answer(question, deck_index)
    assert result.sentences[0].text.startswith("Gross Margin (% of revenues) was 18.9% in 1Q09")


@pytest.mark.parametrize(
    "question",
    [
        "Break the YoY growth down across connectivity, outsourcing and systems ops & maintenance",
        # the list ends where "by YoY growth" begins, and "rank" names no measure
        "Recurring revenue: rank connectivity vs outsourcing vs systems O&M by YoY growth",
    ],
)
def test_a_list_across_measures_or_ranked_against_each_other_gets_each(deck_index, question):
    result = answer(question, deck_index)
    assert [f.metric for f in result.figures[:3]] == ["Connectivity service", "Outsourcing service", "Systems operation and maintenance"]


def test_residential_is_the_decks_home_use(deck_index):
    result = answer("YoY growth of residential connectivity revenue?", deck_index)
    assert result.sentences[0].text.startswith("Connectivity service for home use was up 6.4% YoY")


def test_a_rounded_table_amount_yields_to_the_same_amount_written_in_full(deck_index):
    # II-1's JPY-billion table rounds it to 0.4; the summary slide writes JPY351 million
    result = answer("What was operating income in 1Q09?", deck_index)
    assert "351 million" in result.sentences[0].text
    assert result.sentences[0].citations[0].section_id == "I"
    # another measure never takes a figure's place: net income stays net income
    assert "180 million" in answer("What was net income attributable to IIJ in 1Q09?", deck_index).sentences[0].text


def test_what_a_question_sets_aside_is_not_what_it_asks(deck_index):
    result = answer("G&A fell QoQ; apart from the 4Q08 disposal of PP&E, what else drove it?", deck_index)
    assert result.sentences[0].text.startswith("General and administrative expenses")
    assert "cost control" in result.text


def test_a_listed_measure_may_take_a_few_small_words(deck_index):
    result = answer("What were sales, operating profit, pre-tax profit and net profit attributable to the company in 1Q09?", deck_index)
    assert [f.metric for f in result.figures[:4]] == [
        "Total Revenues", "Operating Income", "Income before Income Tax Expense", "Net Income Attributable to IIJ"
    ]


def test_a_name_cut_short_is_the_name_the_deck_spells_out(deck_index):
    # "Research Lab" is the deck's "Research Laboratory", not a name it never mentions
    result = answer("What happened to the IIJ Research Lab in July 2009?", deck_index)
    assert not result.abstained
    assert "IIJ Innovation Institute" in result.text and "[I]" in result.text
    # a name that starts no word of the deck is still absent
    assert answer("What happened to the IIJ Robotics Lab in July 2009?", deck_index).abstained


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        # "the main cash outflows" asks for the items: capital lease principal and the dividend
        ("What were the main cash outflows in financing activities this quarter?", ("930", "203", "[II-13]")),
        # "what's inside", "composition" ask for a row's parts: the callouts that annotate it
        ("What's inside goodwill and other intangible assets at June 30?", ("5,418", "274")),
        ("Composition of other investments as of June 30, 2009?", ("900", "861", "364")),
        # what goes into a total is the lines listed under it
        ("What goes into the recurring revenues line?", ("Connectivity service", "Outsourcing service", "Systems operation and maintenance")),
    ],
)
def test_a_question_for_parts_lists_every_part(deck_index, question, parts):
    result = answer(question, deck_index)
    assert all(part in result.text for part in parts)


def test_a_ratio_asked_is_the_ratio_column_of_the_whole_company(deck_index):
    # "Gross Margin (% of revenues)" is the gross margin ratio; revenues are only its base, so the
    # company's 18.9% against 18.5% beats a segment's "Gross margin ratio: up 4.1points" under "◆ Cost of SI"
    result = answer("How did the company's gross margin ratio in 1Q09 stack up against the same quarter a year earlier?", deck_index)
    assert "18.9%" in result.text and "18.5%" in result.text
    # the ratio column answers the words "ratio" and "percentage": no other ratio is stated beside it
    assert "SG&A" not in result.text
    assert "SG&A" not in answer("What was the gross margin as a percentage of revenues in 1Q09 versus 1Q08?", deck_index).text


def test_a_change_asked_is_read_where_the_same_fact_is_stated_with_its_change(deck_index):
    # the summary gives "reached 28,000 lines" alone; the MVNO slide adds "(up 5,000 lines compared to 4Q08.)"
    result = answer("What's the MVNO mobile data line count, and how many lines were added since 4Q08?", deck_index)
    assert "28,000" in result.sentences[0].text and "5,000" in result.sentences[0].text
    assert "[II-4]" in result.sentences[0].text


def test_a_segment_set_aside_with_ex_is_not_asked_for(deck_index):
    result = answer("How much operating income did connectivity/outsourcing and SI (ex-ATM) earn in 1Q09, and what was the growth rate YoY?", deck_index)
    assert "584" in result.text and "21.9%" in result.text
    assert "ATM operation business" not in result.text  # what is set aside gets no figure of its own


def test_a_change_asked_is_stated_with_the_amount_it_is_the_change_of(deck_index):
    # "Net income attributable to IIJ: up 6.7% YoY, down 83.1% QoQ" gives the change alone; the summary's
    # "JPY 180 million (up 6.7\t% YoY)" gives the amount with it, its "%" as printed, after a space
    lead = answer("How did net income attributable to IIJ move YoY, and to what amount?", deck_index).sentences[0]
    assert "JPY 180 million" in lead.text and "up 6.7 % YoY" in lead.text
    assert "[I]" in lead.text


def test_a_slide_of_headed_items_is_listed_by_its_headings(deck_index):
    # II-11 walks operating income by "◆ Gross margin of SI:", "♦ SG&A expenses:"… under "Unit: JPY million"
    result = answer("Operating income YoY change: which line items does the walk go through?", deck_index)
    assert "Gross margin of equipment sales" in result.text and "Gross loss of ATM operation business" in result.text
    assert "Unit: JPY million" not in result.text


def test_fiscal_year_end_shorthand_is_no_absent_name(deck_index):
    result = answer("Why did prepaid expenses rise since FYE?", deck_index)
    assert not result.abstained and "Bonus payments" in result.text


def test_equity_over_assets_is_the_equity_ratio(deck_index):
    result = answer("What was stockholders' equity divided by total assets at June 30, 2009?", deck_index)
    assert not result.abstained and "49.9%" in result.text


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        ("Are there any covenants on the bank borrowings?", "covenants"),
        ("Has the auditor raised any concerns?", "auditor"),
        ("What P/E does the FY09 net income target imply?", "price earnings"),
        ("What is IIJ's share of the Japanese data center market?", "market share"),
        ("When will the ATM business break even?", "break even"),
        ("How much revenue comes from the largest five customers?", "customer concentration"),
    ],
)
def test_a_disclosure_the_deck_never_makes_is_not_read_from_the_words_around_it(deck_index, question, absent):
    result = answer(question, deck_index)
    assert result.abstained
    assert f"never mentions {absent}" in result.text


def test_a_plan_is_the_companys_target(deck_index):
    result = answer("Did operating income beat plan in the first quarter?", deck_index)
    assert "above company target" in result.text


def test_the_summarys_revenue_is_the_tables_total_for_the_earlier_period(deck_index):
    result = answer("Revenue 1Q09 vs 1Q08?", deck_index)
    assert "16.3" in result.text and "down 3.0% YoY" in result.text


def test_a_target_set_against_the_quarter_is_stated_with_the_quarters_actual(deck_index):
    result = answer("Operating income in the quarter vs the 1H09 target?", deck_index)
    assert "1H09 target" in result.text and "0.8 billion" in result.text
    assert "351 million" in result.text


def test_a_plan_over_years_is_stated_with_its_span(deck_index):
    result = answer("What revenue goal does LaIT have?", deck_index)
    assert "The 3-year target for revenues is JPY1 billion [I]" in result.text


def test_a_reason_asked_after_the_scene_is_a_reason_for_the_scene(deck_index):
    # the asking sentence names only a reason; what it is a reason for is set out before it
    result = answer("The company guided 1Q09 operating income to come in below 1Q08. What reason did it give?", deck_index)
    assert not result.abstained
    assert "4 new subsidiaries" in result.text


def test_at_the_same_time_is_the_decks_simultaneous(deck_index):
    result = answer("How many viewers watched the eclipse stream at the same time?", deck_index)
    assert "20 thousands of simultaneous access" in result.text


def test_an_eventual_number_is_the_planned_one_with_its_span(deck_index):
    result = answer("How many ATMs does IIJ ultimately hope to run?", deck_index)
    assert "The 4-5-year target for ATMs to introduce is 8,000 ATMs [II-6]" in result.text


def test_whether_a_change_is_structural_gets_the_decks_tendency(deck_index):
    result = answer("Is the 4Q-to-1Q decline in gross margin structural?", deck_index)
    assert "1Q profitability tend to decline compared to 4Q due to decrease in SI revenue from seasonal factors" in result.text


def test_a_date_asked_leads_with_the_dated_line_not_an_amount(deck_index):
    result = answer("When is the Kanto roll-out of ATMs expected to begin?", deck_index)
    assert "Introduction to Kanto is expected to begin from 3Q09" in result.sentences[0].text
    assert not result.figures


def test_a_bare_revenue_is_the_total_not_a_part_of_it(deck_index):
    result = answer("How much revenue did the company book in the June quarter?", deck_index)
    assert result.sentences[0].text.startswith("Total Revenues were JPY15.8 billion in 1Q09")
    result = answer("Was revenue higher or lower than a year earlier?", deck_index)
    assert "down 3.0% YoY" in result.sentences[0].text


def test_two_kinds_of_use_compared_get_a_figure_each(deck_index):
    result = answer("corp vs home connectivity growth y/y?", deck_index)
    assert "10.9%" in result.text and "6.4%" in result.text


def test_a_result_against_plan_is_the_decks_own_verdict(deck_index):
    result = answer("Q1 revenue against the company target: beat or miss?", deck_index)
    assert result.sentences[0].text.startswith("Revenue in line with original target")
    # a new brand's plan over three years is no yardstick for one quarter
    assert "in 3 years" not in result.text and "3-year target" not in result.text


def test_a_why_granting_a_rise_gets_the_reason_of_the_fall(deck_index):
    result = answer("Why did operating income drop when conn/SI gross margin got better?", deck_index)
    assert "operating loss related to ATM operation business increased" in result.text


@pytest.mark.parametrize("question", ["What did revenue come to in Q2?", "Q4 operating income?"])
def test_a_bare_quarter_the_deck_does_not_report_is_not_answered_with_its_own(deck_index, question):
    # in a 1Q09 deck, "Q2" and "Q4" are 2Q08 and 4Q08, for which it has no such figure
    result = answer(question, deck_index)
    assert result.abstained and "1Q09" not in result.text


def test_a_part_set_aside_in_shorthand_is_set_aside(deck_index):
    result = answer("OI 1Q09 for SI on its own (ex conn/outsourcing)?", deck_index)
    assert result.abstained and "which includes connectivity" in result.text


def test_money_brought_in_is_revenue_and_lt_debt_is_not_short_term(deck_index):
    result = answer("How much money did the ATM unit bring in during the quarter?", deck_index)
    assert result.sentences[0].text.startswith("ATM operation business revenues were JPY7 million")
    result = answer("LT borrowings outstanding at June 30?", deck_index)
    assert result.abstained and "Short-term" in result.text


def test_a_forecast_slides_amount_answers_the_forecast_year(deck_index):
    result = answer("How big an operating loss from its 4 new subsidiaries does IIJ see for FY09?", deck_index)
    assert "JPY1 billion" in result.text and not result.abstained


def test_a_number_asked_about_a_months_event_is_not_that_months_press_releases(deck_index):
    result = answer("How many people tuned in simultaneously to the July eclipse webcast?", deck_index)
    assert "20 thousands of simultaneous access" in result.sentences[0].text


def test_steady_repeat_income_is_the_recurring_revenue(deck_index):
    result = answer("How much did the steady repeat income grow from a year ago?", deck_index)
    assert result.sentences[0].text.startswith("Recurring revenues were JPY13,887 million, up 6.4% YoY")


def test_per_deck_is_according_to_it_not_a_rate(deck_index):
    result = answer("Operating income fell YoY although the connectivity and SI margins rose - reason per deck?", deck_index)
    assert not result.abstained and "operating loss related to ATM operation business increased" in result.text


def test_net_adds_against_the_quarter_before_answer_a_qoq_count(deck_index):
    # "up 5,000 lines compared with 4Q08" is the QoQ change of a 1Q09 count; "net adds" are no net income
    result = answer("How many MVNO lines at the end of June, and net adds QoQ?", deck_index)
    assert "28,000" in result.text and "5,000" in result.text and "Net income" not in result.text


def test_two_measures_under_one_slide_title_each_get_their_change(deck_index):
    # the "Operating Income and Net Income" title does not state net income's change for the OI line
    result = answer("Change QoQ in OP and NI, in %?", deck_index)
    assert "67.3%" in result.text and "83.1%" in result.text


def test_a_figures_direction_meets_the_direction_asked(deck_index):
    # "Total Revenues 15.8 16.3 (3.0%)" is down; a conversational "quick one" is no "One time revenues"
    result = answer("Quick one - what revenue did IIJ book for 1Q09, and how much was that down on last year?", deck_index)
    assert result.sentences[0].text.startswith("Total Revenues were JPY15.8 billion in 1Q09, down 3.0% YoY")


def test_fls_is_the_forward_looking_statements(deck_index):
    result = answer("What does the FLS disclaimer say about holding securities?", deck_index)
    assert not result.abstained and "holding securities" in result.text and "[III-3]" in result.text


def test_an_order_book_that_shrunk_is_the_order_backlog_down(deck_index):
    result = answer("The systems construction order book is smaller than a year ago. By what percentage has it shrunk?", deck_index)
    assert result.sentences[0].text.startswith("Order Backlog (Systems construction) was down 24.3% YoY")


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        ("Cash from operations and cash used in investing, 1Q09?", ("2,164", "1,105")),
        ("Shareholders equity ratio and total assets as of June 30?", ("49.9%", "50,671")),
        ("FY09 forecast for op income & revenues?", ("3.3", "73.0")),
        # II-13's investing line also lists the purchase: the joined measure is still stated
        ("investing CF and purchase of PP&E?", ("1,105", "1,094")),
        # the "total" of "total assets" is that measure's, not a whole asked of the equity ratio
        ("Equity ratio and total assets as of June 30?", ("49.9%", "50,671")),
        ("equity ratio + total assets, end of 1Q", ("49.9%", "50,671")),
        ("LaIT targets for contracts and revenue?", ("20,000", "JPY1 billion")),
    ],
)
def test_a_second_measure_joined_to_the_first_gets_its_own_figure(deck_index, question, figures):
    result = answer(question, deck_index)
    assert all(figure in result.text for figure in figures), result.text


def test_an_and_inside_a_label_or_before_another_question_adds_no_figure(deck_index):
    # "property and equipment" is one label; "what does it do" asks no measure
    assert [f.metric for f in answer("How much went on buying equipment and other property in the quarter?", deck_index).figures] == [
        "Purchase of property and equipment"
    ]
    result = answer("What share of Trust Networks does IIJ hold, and what does that company do?", deck_index)
    assert "31%" not in result.text and "72.3%" in result.text


def test_a_list_led_by_one_of_a_rows_callouts_is_all_of_that_rows_callouts(deck_index):
    result = answer("Which equity securities sit inside other investments?", deck_index)
    assert all(amount in result.text for amount in ("900", "861", "364")), result.text
    assert "intangible" not in result.text


def test_a_bare_how_after_a_contrast_gets_the_documents_reasons(deck_index):
    result = answer("SI sales dropped yet SI gross margin rose: how so?", deck_index)
    assert "cost control" in result.text and "[II-11]" in result.text
