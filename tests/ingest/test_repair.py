from __future__ import annotations

from monazite.ingest.repair import MOJIBAKE_REVERSE, has_thai_mojibake, repair_text

CLEAN = ("China’s largest producer said the plant — built in 2024 — will add 5,000 tonnes. "
         "It’s “new capacity”, officials said.\u00a0Baogang’s share rose.")


def full_form(text: str) -> str:
    """UTF-8 bytes read as Windows-874 with best-fit glyphs; 0x9D (undefined everywhere) lost."""
    reverse = {byte: ch for ch, byte in MOJIBAKE_REVERSE.items()}
    out = []
    for byte in text.encode("utf-8"):
        if byte < 0x80:
            out.append(chr(byte))
        elif byte in reverse:
            out.append(reverse[byte])
    return "".join(out)


def lossy_form(text: str) -> str:
    """The same, but every byte in 0x80-0xA0 dropped (the one-character form)."""
    return "".join(ch for ch in full_form(text) if not (0x80 <= MOJIBAKE_REVERSE.get(ch, 0) <= 0xA0))


def test_table_built_from_codecs() -> None:
    assert MOJIBAKE_REVERSE["โ"] == 0xE2
    assert MOJIBAKE_REVERSE["€"] == 0x80
    assert MOJIBAKE_REVERSE["™"] == 0x99  # best-fit byte Python's cp874 lacks
    assert MOJIBAKE_REVERSE["ย"] == 0xC2


def test_full_form_round_trips() -> None:
    broken = full_form(CLEAN)
    assert "โ€™" in broken and "โ€”" in broken
    fixed, repairs = repair_text(broken)
    assert fixed == CLEAN
    assert any(r.startswith("cp874_utf8:") for r in repairs)
    assert any(r.startswith("cp874_lost_byte:") for r in repairs)  # the closing ” lost its 0x9D


def test_lossy_form_decided_by_context() -> None:
    fixed, repairs = repair_text(lossy_form(CLEAN))
    assert "China’s largest" in fixed and "It’s" in fixed and "Baogang’s" in fixed
    assert "plant — built" in fixed or "plant—built" in fixed.replace(" ", "")
    assert "“new capacity”" in fixed or "“new capacity," in fixed
    assert "\u0e42" not in fixed and "\u0e22" not in fixed
    assert any(r.startswith("cp874_lossy_apostrophe:") for r in repairs)


def test_lossy_dash_between_words_and_clauses() -> None:
    text = "The unit (CNRE)\u0e42one of the largest\u0e42is about business\u0e42it\u0e42s growing annually\u0e42up 5%."
    fixed, _ = repair_text(text + " More Latin text follows here for context.")
    assert "(CNRE)—one of the largest—is about business—it’s growing annually—up 5%." in fixed


def test_stray_debris_removed() -> None:
    fixed, repairs = repair_text("Western supply chains.\u0e22\u0e29 More text about magnets and mines.")
    assert "\u0e22\u0e29" not in fixed
    assert any(r.startswith("cp874_stray_removed:") for r in repairs)


def test_genuine_thai_untouched(fixtures_dir) -> None:
    thai = (fixtures_dir / "ingest" / "thai_genuine.txt").read_text(encoding="utf-8")
    assert not has_thai_mojibake(thai)
    fixed, repairs = repair_text(thai)
    assert fixed == thai
    assert repairs == []


def test_thai_words_quoted_in_english_untouched() -> None:
    text = "The Thai word for rare earth is แร่หายาก and a factory is โรงงาน, reporters noted in Bangkok."
    fixed, _ = repair_text(text)
    assert "แร่หายาก" in fixed and "โรงงาน" in fixed


def test_clean_text_unchanged() -> None:
    assert repair_text(CLEAN) == (CLEAN, [])


def test_ftfy_runs_after_and_keeps_curly_quotes() -> None:
    fixed, repairs = repair_text("Lynasâ€™ plant")  # classic cp1252 mojibake, ftfy's domain
    assert fixed == "Lynas’ plant"
    assert any(r.startswith("ftfy_") for r in repairs)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_REPAIR_TEXT = st.text(alphabet=st.one_of(st.characters(codec="utf-8"),
                                          st.sampled_from(list("\u0e40\u0e22\u0e23\u00e2\u20ac\u2122\u00c3\u00a9"))),
                       max_size=300)


@settings(max_examples=300, deadline=None)
@given(_REPAIR_TEXT)
def test_repair_never_fails_and_is_stable_on_its_own_output(text: str) -> None:
    repaired, _ = repair_text(text)
    assert isinstance(repaired, str)
    again, _ = repair_text(repaired)
    assert again == repaired  # repairing twice changes nothing more


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=300))
def test_plain_ascii_is_never_changed(text: str) -> None:
    assert repair_text(text)[0] == text
