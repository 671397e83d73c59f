from resultsqa.index.lexical import LexicalIndex

TEXTS = ["Revenues: down 40.6% YoY", "Net cash provided by operating activities", "the and of"]


def test_stemming_lets_word_forms_meet():
    hits = LexicalIndex(TEXTS).search("revenue decreased", k=3)
    assert [row for row, _ in hits] == [0]


def test_only_rows_sharing_a_term_are_returned_and_k_may_exceed_the_corpus():
    hits = LexicalIndex(TEXTS).search("cash operations", k=10)
    assert [row for row, _ in hits] == [1]
    assert hits[0][1] > 0


def test_allowed_rows_filter_before_the_cut():
    index = LexicalIndex(TEXTS + ["revenue revenue revenue"])
    assert [row for row, _ in index.search("revenue", k=1)] == [3]
    assert [row for row, _ in index.search("revenue", k=1, allowed=[0, 1])] == [0]


def test_stopword_only_query_and_empty_corpus_return_nothing():
    assert LexicalIndex(TEXTS).search("the of and", k=3) == []
    assert LexicalIndex([]).search("revenue", k=3) == []
