"""Sentence spans: exact, trimmed, never across cells, bullets or headings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from monazite.extract.sentences import MAX_SENTENCE_CHARS, split_sentences


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_decimals_and_initials_do_not_end_sentences() -> None:
    text = ("The U.S. Department of Commerce said on Jan. 5 that prices rose approx. 3.5% (e.g. for NdPr). "
            "Donald J. Trump signed it. Baotou Steel Co. Ltd. agreed with Dr. Li. Sales rose in the U.S. "
            "The firm said so! Did it? Yes.")
    assert _sentences(text) == [
        "The U.S. Department of Commerce said on Jan. 5 that prices rose approx. 3.5% (e.g. for NdPr).",
        "Donald J. Trump signed it.",
        "Baotou Steel Co. Ltd. agreed with Dr. Li.",
        "Sales rose in the U.S.",
        "The firm said so!",
        "Did it?",
        "Yes.",
    ]


def test_markdown_table_cells_are_units_and_separators_vanish() -> None:
    text = ("| Expansion Project | Summary |\n|---|---|\n"
            "| 8000-Ton Metal Expansion | It boosts output. The second phase began in February 2025. |\n")
    assert _sentences(text) == [
        "Expansion Project", "Summary", "8000-Ton Metal Expansion", "It boosts output.",
        "The second phase began in February 2025.",
    ]


def test_bullets_and_headings_are_their_own_units() -> None:
    text = ("Highlights\n- China's Baogang Group is expanding\n- Vietnam\n"
            "Strategic Implications for the U.S. and Allies\nBaogang's success underscores control.")
    assert _sentences(text) == [
        "Highlights", "China's Baogang Group is expanding", "Vietnam",
        "Strategic Implications for the U.S. and Allies", "Baogang's success underscores control.",
    ]


def test_wrapped_lines_are_joined_back_into_one_sentence() -> None:
    text = ("Lynas Rare Earths said on Tuesday that its Kalgoorlie plant had reached nameplate capacity\n"
            "for the first time. A second sentence\nfollows here.")
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Lynas Rare Earths said on Tuesday that its Kalgoorlie plant had reached nameplate capacity\n"
        "for the first time.",
        "A second sentence\nfollows here.",
    ]


def test_seed_sentence_with_figure_is_whole(seeds_dir) -> None:
    text = (seeds_dir / "000_9424af1b5b02da29.txt").read_text(encoding="utf-8")
    sentences = _sentences(text)
    hit = [s for s in sentences if "24.5%" in s and "nearly a quarter" in s]
    assert hit and hit[0].startswith("According to company disclosures in Baogang Daily")
    assert hit[0].endswith("raw material shipments.")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab A.B|-\n?!\u201d 3,")), max_size=200))
def test_spans_are_ordered_trimmed_and_inside_the_text(text: str) -> None:
    last_end = 0
    for start, end in split_sentences(text):
        assert last_end <= start < end <= len(text)
        chunk = text[start:end]
        assert chunk == chunk.strip() and chunk
        last_end = end


def test_a_run_without_sentence_ends_is_cut_into_bounded_pieces_at_spaces() -> None:
    text = "Output rose at the Lynas plant and the quota grew " * 400  # 20,000 chars, no full stop
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert all(text[s - 1] == " " for s, _ in spans[1:])  # every cut falls on a space, never inside a word
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")


def test_a_long_paragraph_splits_exactly_as_its_sentences_do_alone() -> None:
    sentence = "Lynas Rare Earths produced 10,500 t of NdPr in FY2025, the company said. "
    text = sentence * 2000
    spans = split_sentences(text)
    assert len(spans) == 2000
    assert {text[s:e] for s, e in spans} == {sentence.strip()}
