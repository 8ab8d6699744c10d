"""Property tests over the whole extractor: for any text (domain words, numbers, units,
currencies, punctuation, table bars, line breaks, stray Unicode), extraction raises
nothing and every record points at the text it came from."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monazite.extract import extract_document
from monazite.vocab import load_vocabulary

from .helpers_extract import make_doc

VOCAB = load_vocabulary()
WORDS = ["Lynas", "Rare", "Earths", "China", "China's", "MP", "Materials", "Ministry", "of", "Commerce",
         "the", "company", "it", "produced", "exports", "rose", "fell", "quota", "capacity", "price", "per",
         "tonnes", "t/yr", "kg", "%", "$", "US$", "A$", "¥", "₹", "crore", "million", "billion", "half", "first",
         "in", "2024", "Q3", "H1", "2025-04-04", "April", "4,", "(ASX:", "LYC)", "dysprosium", "NdPr", "oxide",
         "said", "signed", "an", "agreement", "with", "Resources", "Ltd", "Inc.", "began", "production",
         "1e309", "99999999999999999999", "-", "–", "—", "|", ".", ",", ";", ":", "?", "\n", "\n\n", "’s",
         "\u00a0", "\u200b", "é", "稀土"]
NUMBERS = st.one_of(st.integers(min_value=0, max_value=10**12).map(str),
                    st.floats(min_value=0, max_value=1e9, allow_nan=False).map(lambda f: f"{f:,.2f}"))
TOKENS = st.one_of(st.sampled_from(WORDS), NUMBERS, st.text(max_size=3))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TOKENS, max_size=80).map(" ".join), st.sampled_from([None, "2025-03-05", "2024"]))
def test_extraction_never_fails_and_every_record_points_at_its_text(text: str, published: str | None) -> None:
    ex = extract_document(make_doc(text, published), VOCAB)
    n = len(text)
    for m in ex.mentions:
        assert 0 <= m.start < m.end <= n and text[m.start:m.end] == m.text
    for f in ex.facts:
        assert 0 <= f.sentence_start <= f.start < f.end <= f.sentence_end <= n
        assert f.quote == text[f.sentence_start:f.sentence_end]
        assert text[f.start:f.end] == f.value_text
        assert f.value == f.value and abs(f.value) != float("inf")  # no NaN, no infinity
        assert 0.0 <= f.confidence <= 1.0
    for e in ex.events:
        assert 0 <= e.sentence_start <= e.start < e.end <= e.sentence_end <= n
        assert e.quote == text[e.sentence_start:e.sentence_end]
        for (s, end), quote in zip(e.attributes.get("spans") or [], e.attributes.get("quotes") or []):
            assert text[s:end] == quote
        assert 0.0 <= e.confidence <= 1.0
