"""extract_document: pure, deterministic, every span indexes the text, writable to a store."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from monazite.extract import extract_document
from monazite.store import schema as t
from monazite.store.documents import insert_document
from monazite.store.engine import open_store
from monazite.store.extractions import write_extraction
from monazite.vocab import load_vocabulary
from tests.extract.helpers_extract import make_doc


def _doc(fixtures_dir):
    return make_doc((fixtures_dir / "facts" / "lynas_kalgoorlie.txt").read_text(encoding="utf-8"), "2025-01-28")


def test_deterministic_and_spans_index_the_text(fixtures_dir) -> None:
    vocab = load_vocabulary()
    doc = _doc(fixtures_dir)
    first, second = extract_document(doc, vocab), extract_document(doc, vocab)
    assert [f.to_dict() for f in first.facts] == [f.to_dict() for f in second.facts]
    assert [e.to_dict() for e in first.events] == [e.to_dict() for e in second.events]
    assert first.facts and first.mentions
    for m in first.mentions:
        assert doc.text[m.start:m.end] == m.text
    for f in first.facts:
        assert doc.text[f.start:f.end] == f.value_text
        assert doc.text[f.sentence_start:f.sentence_end] == f.quote
        assert f.sentence_start <= f.start < f.end <= f.sentence_end
    for e in first.events:
        assert doc.text[e.sentence_start:e.sentence_end] == e.quote
    assert first.document_id == doc.id


def test_extraction_writes_to_a_store(fixtures_dir, store_url) -> None:
    vocab = load_vocabulary()
    doc = _doc(fixtures_dir)
    ex = extract_document(doc, vocab)
    engine = open_store(store_url)
    try:
        with engine.begin() as conn:
            insert_document(conn, doc)
            write_extraction(conn, ex)
        with engine.connect() as conn:
            stored = conn.execute(sa.select(t.facts.c.id)).scalars().all()
    finally:
        engine.dispose()
    assert sorted(stored) == sorted({f.id for f in ex.facts})


_WORDS = ["China", "Lynas", "its", "the company", "exports", "rose", "over", "60%", "of", "global", "refining",
          "8,000-ton", "US$60/kg", "first-quarter", "2024", "export controls", "dysprosium", "(", ")", ",", ".",
          "\n", "\u2019s", "it", "nearly a quarter", "joint venture", "In July", "between 5 and 6 tonnes"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=60), st.text(max_size=40))
def test_never_crashes_and_spans_stay_inside(words: list[str], noise: str) -> None:
    vocab = load_vocabulary()
    text = " ".join(words) + noise
    ex = extract_document(make_doc(text), vocab)
    for f in ex.facts:
        assert text[f.start:f.end] == f.value_text and 0 <= f.sentence_start <= f.start
    for e in ex.events:
        assert text[e.sentence_start:e.sentence_end] == e.quote


def test_crowded_sentences_extract_every_figure() -> None:
    """A paragraph crowded with names and figures (the shape that once took quadratic time;
    its speed is measured by ``bench/bench_extract.py``, not asserted here)."""
    vocab = load_vocabulary()
    text = ("Lynas China " * 3000 + "revenue rose 5%, " + "the company said production reached 5 tonnes in 2024, " * 2000
            + "and China imposed export controls.")
    ex = extract_document(make_doc(text), vocab)
    assert len(ex.facts) >= 2000
