"""Documents in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from monazite.errors import NotFound
from monazite.ingest.dedup import simhash
from monazite.model import Document, PartialDate, Source, document_id, sha256_hex
from monazite.ingest.dedup import MINHASH_BANDS, simhash_band_count
from monazite.settings import Settings
from monazite.store.documents import (
    document_dict, ensure_fingerprint_bands, find_by_raw_hash, find_near_duplicate, get_document,
    get_or_create_source, insert_document, list_documents, log_ingest, store_summary,
)
from monazite.store.engine import open_store
from monazite.store import schema as t

import sqlalchemy as sa

TEXT = (
    "Neo Performance Materials opened a sintered magnet plant in Narva, Estonia, in September 2025. The plant is "
    "designed to make about 2,000 tonnes of rare earth magnets a year in its first phase and could be expanded "
    "later. Its customers include makers of electric vehicle motors and wind turbines in Germany and France. "
    "Neo also runs a rare earth separation plant in Sillamae, Estonia, that processes feedstock from several "
    "sources, and it has said it wants a supply chain for magnets that does not depend on Chinese processors. "
    "European officials attended the opening and cited the Critical Raw Materials Act as the policy behind it. "
    "The company said the site was chosen for its skilled workforce, its port and its proximity to the separation "
    "plant, which lets it move oxides and metals between the two without long shipments. Production started with "
    "a small number of customer qualification batches, and volumes are to rise as automotive buyers approve parts. "
    "Executives said long-term contracts would be priced on a cost-plus basis rather than on Chinese spot prices, "
    "an arrangement that several Western magnet projects have sought in order to survive price swings."
)


def make_doc(text: str = TEXT, origin: str = "neo.txt", **kw) -> Document:
    return Document(id=document_id(text), origin=origin, text=text, raw_sha256=sha256_hex(origin + text),
                    title="Neo opens Narva plant", fingerprint=simhash(text), **kw)


def test_insert_get_list(store_url: str) -> None:
    engine = open_store(store_url)
    doc = make_doc(published=PartialDate(2025, 9), published_source="cli", source=Source("Reuters", "independent"),
                   repairs=["cp874_utf8:3"], language="en", encoding="utf-8")
    with engine.begin() as conn:
        insert_document(conn, doc)
    with engine.connect() as conn:
        assert find_by_raw_hash(conn, doc.raw_sha256) == doc.id
        assert find_by_raw_hash(conn, "0" * 64) is None
        back = get_document(conn, doc.id)
        assert back.text == TEXT and back.published == PartialDate(2025, 9) and back.fingerprint == doc.fingerprint
        assert back.source == Source("Reuters", "independent") and back.repairs == ["cp874_utf8:3"]
        (row,) = list_documents(conn)
        assert {k: row[k] for k in ("id", "origin", "title", "published", "source", "duplicate_of")} == {
            "id": doc.id, "origin": "neo.txt", "title": "Neo opens Narva plant", "published": "2025-09",
            "source": "Reuters", "duplicate_of": None}
        assert "text" not in row
        assert document_dict(conn, doc.id)["text"] == TEXT
        with pytest.raises(NotFound):
            get_document(conn, "doc_missing")
        bands = conn.execute(sa.select(sa.func.count()).select_from(t.fingerprint_bands)).scalar()
        assert bands == simhash_band_count(Settings().near_duplicate_bits) + MINHASH_BANDS


def test_sources_created_once_and_kind_upgraded(store_url: str) -> None:
    engine = open_store(store_url)
    with engine.begin() as conn:
        a = get_or_create_source(conn, Source("Metals Wire"))
        b = get_or_create_source(conn, Source("Metals Wire", "independent"))
        assert a == b
        kind = conn.execute(sa.select(t.sources.c.kind).where(t.sources.c.id == a)).scalar()
        assert kind == "independent"


def test_near_duplicate_found_and_unrelated_not(store_url: str) -> None:
    engine = open_store(store_url)
    settings = Settings()
    original = make_doc()
    with engine.begin() as conn:
        insert_document(conn, original)
    copy_text = ("From our partners at Baltic Business News.\n" + TEXT.replace("about", "roughly", 1)
                 .replace("later", "afterwards", 1) + "\nShare this article. All rights reserved.")
    unrelated = make_doc("Lynas Rare Earths reported higher sales of NdPr oxide from Malaysia this quarter. " * 6,
                         origin="lynas.txt")
    with engine.connect() as conn:
        assert find_near_duplicate(conn, make_doc(copy_text, origin="copy.txt"), settings) == original.id
        assert find_near_duplicate(conn, unrelated, settings) is None


def test_bands_rebuilt_when_distance_setting_changes(store_url: str) -> None:
    engine = open_store(store_url)
    with engine.begin() as conn:
        insert_document(conn, make_doc())
    with engine.begin() as conn:
        assert ensure_fingerprint_bands(conn, Settings(near_duplicate_bits=3)) == 1
        assert conn.execute(sa.select(sa.func.count()).select_from(t.fingerprint_bands)).scalar() == simhash_band_count(3) + MINHASH_BANDS
        assert ensure_fingerprint_bands(conn, Settings(near_duplicate_bits=3)) == 0


def test_log_and_summary(store_url: str) -> None:
    engine = open_store(store_url)
    with engine.begin() as conn:
        insert_document(conn, make_doc())
        log_ingest(conn, "run1", "neo.txt", "new", None, None)
        with pytest.raises(ValueError):
            log_ingest(conn, "run1", "neo.txt", "exploded", None, None)
    with engine.connect() as conn:
        summary = store_summary(conn)
        assert summary["documents"] == 1 and summary["facts"] == 0 and summary["top_organizations"] == []
        assert conn.execute(sa.select(t.ingest_log.c.status)).scalars().all() == ["new"]


def test_page_count_is_the_last_page_number_even_when_a_page_is_missing(store_url: str) -> None:
    from monazite.model import Page

    text = "First page text.\n\nThird page text."
    doc = make_doc(text, origin="gaps.pdf", pages=[Page(1, 0, 18), Page(3, 18, len(text))])
    engine = open_store(store_url)
    with engine.begin() as conn:
        insert_document(conn, doc)
    with engine.connect() as conn:
        assert document_dict(conn, doc.id)["page_count"] == 3
