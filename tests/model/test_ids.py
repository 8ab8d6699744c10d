from __future__ import annotations

from monazite.model import Fact, content_id, document_id, slugify


def test_document_id_depends_only_on_text() -> None:
    assert document_id("Lynas shipped ore.") == document_id("Lynas shipped ore.")
    assert document_id("Lynas shipped ore.") != document_id("Lynas shipped ore!")


def test_slugify_is_ascii_and_stable() -> None:
    assert slugify("China Northern Rare Earth") == "china-northern-rare-earth"
    assert slugify("Bastnäsite") == "bastnasite"
    assert slugify("U.S. Department of Commerce") == "u-s-department-of-commerce"


def test_fact_id_is_content_hashed() -> None:
    kw = dict(document_id="doc_1", subject="lynas", metric="production", value=10.0, unit="t",
              value_text="10 tonnes", start=5, end=14, sentence_start=0, sentence_end=30,
              quote="Lynas made 10 tonnes.", extractor="x.v1", period="2024")
    assert Fact(**kw).id == Fact(**kw).id
    assert Fact(**{**kw, "value": 11.0}).id != Fact(**kw).id
    assert content_id("a", 1) != content_id("b", 1)
