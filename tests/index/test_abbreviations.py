from pathlib import Path

from resultsqa.index.abbreviations import GLOSSARY, expand, learn_abbreviations

DECK = Path(__file__).resolve().parents[2] / "data" / "iij_1q_fy2009_results.txt"


def test_learns_the_decks_abbreviations_from_its_own_text():
    learned = learn_abbreviations(DECK.read_text(encoding="utf-8"))
    assert learned["SI"] == "Systems Integration"
    assert learned["R&D"] == "Research and Development"
    assert learned["IIJ"] == "Internet Initiative Japan"
    assert learned["SEC"] == "Securities and Exchange Commission"
    # Roman section numbers and one-off capitals are not abbreviations.
    assert not {"II", "III", "ER", "IJ"} & learned.keys()


def test_learning_is_generic_not_a_list():
    text = "II-3. Cloud Storage (1) Revenues\nCS revenues: up 12%\nCS margin improved\n"
    assert learn_abbreviations(text) == {"CS": "Cloud Storage"}
    # The same words with no standalone abbreviation teach nothing.
    assert learn_abbreviations("II-3. Cloud Storage (1) Revenues\n") == {}


def test_parenthesised_definition_counts_even_when_used_once():
    text = "We run a Mobile Virtual Network Operator (MVNO) business."
    assert learn_abbreviations(text) == {"MVNO": "Mobile Virtual Network Operator"}


def test_definition_beats_a_more_frequent_accidental_match():
    text = "Cloud Services grew\nCloud Services again\nCustomer Success (CS) team\nCS headcount\n"
    assert learn_abbreviations(text)["CS"] == "Customer Success"


def test_expand_appends_counterparts_in_both_directions():
    pairs = {"SI": "Systems Integration"}
    assert expand("Why did SI revenue fall?", pairs) == "Why did SI revenue fall?\nSystems Integration"
    assert expand("II-5. systems integration revenues", pairs) == "II-5. systems integration revenues\nSI"


def test_expand_matches_whole_words_and_short_abbreviations_by_case():
    pairs = {"SI": "Systems Integration", "IT": "information technology"}
    assert expand("SIM cards and Silverlight", pairs) == "SIM cards and Silverlight"
    assert expand("is it true?", pairs) == "is it true?"
    assert expand("sign it", pairs) == "sign it"


def test_glossary_joins_finance_wordings():
    assert expand("revenue compared to a year earlier", GLOSSARY).endswith("YoY")
    assert "year over year" in expand("up 6.4% YoY", GLOSSARY)
    assert "YoY" in expand("How did revenue change year-on-year?", GLOSSARY)
    assert "selling, general and administrative" in expand("SG&A expenses", GLOSSARY)
    assert "capital expenditure" in expand("capex plans", GLOSSARY)
    assert "QoQ" in expand("versus the previous quarter", GLOSSARY)


def test_expand_leaves_text_without_matches_unchanged():
    assert expand("cash and cash equivalents", {"SI": "Systems Integration"}) == "cash and cash equivalents"
