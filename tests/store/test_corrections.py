"""Analyst corrections: merges and aliases, recorded and replayed after re-extraction."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from monazite.errors import NotFound, StoreError
from monazite.model import Entity
from monazite.store import schema as t
from monazite.store.corrections import (
    apply_corrections, canonical_map, list_corrections, record_alias, record_merge, resolve_entity,
    stored_aliases,
)
from monazite.store.engine import open_store
from monazite.store.entities import upsert_entities
from tests.fixtures.knowledge.builders import add_document, seed_entities, write

SHADOW = Entity("northern-re-hi-tech", "Northern RE Hi-Tech", "company", aliases=["NRE Hi-Tech"], reviewed=False)


def _aliases(conn, eid: str) -> set[str]:
    return set(conn.execute(sa.select(t.entity_aliases.c.alias).where(t.entity_aliases.c.entity_id == eid)).scalars())


def test_resolve_by_id_name_alias_and_ticker(store_url: str) -> None:
    engine = open_store(store_url)
    with engine.begin() as conn:
        seed_entities(conn)
        for name in ("china-northern-rare-earth", "China Northern Rare Earth", "cnre", "600111.SS"):
            assert resolve_entity(conn, name) == "china-northern-rare-earth"
        with pytest.raises(NotFound):
            resolve_entity(conn, "Nonexistent Mining Co")


def test_merge_moves_aliases_and_is_logged(store_url: str) -> None:
    engine = open_store(store_url)
    with engine.begin() as conn:
        seed_entities(conn)
        upsert_entities(conn, [SHADOW], origin="extracted")
        assert record_merge(conn, "CNRE", "NRE Hi-Tech") == ("china-northern-rare-earth", "northern-re-hi-tech")
        assert canonical_map(conn) == {"northern-re-hi-tech": "china-northern-rare-earth"}
        assert {"NRE Hi-Tech", "Northern RE Hi-Tech"} <= _aliases(conn, "china-northern-rare-earth")
        assert _aliases(conn, "northern-re-hi-tech") == set()
        assert resolve_entity(conn, "NRE Hi-Tech") == "china-northern-rare-earth"
        assert [r["action"] for r in list_corrections(conn)] == ["merge"]


def test_corrections_survive_vocabulary_sync_and_re_extraction(sqlite_url: str) -> None:
    text = "Northern RE Hi-Tech, also called NRE Hi-Tech, opened a line."
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        upsert_entities(conn, [SHADOW], origin="extracted")
        doc = add_document(conn, text)
        record_merge(conn, "China Northern Rare Earth", "northern-re-hi-tech")
        record_alias(conn, "Lynas", "Lynas Corp")
    with engine.begin() as conn:  # a re-ingest: vocabulary sync, re-extraction teaching the alias again
        seed_entities(conn)
        write(conn, doc, learned={"NRE HiTech Co": "northern-re-hi-tech"})
        assert "NRE HiTech Co" in _aliases(conn, "northern-re-hi-tech")
        assert apply_corrections(conn) == 2
        assert "NRE HiTech Co" in _aliases(conn, "china-northern-rare-earth")
        assert _aliases(conn, "northern-re-hi-tech") == set()
        assert resolve_entity(conn, "lynas corp") == "lynas-rare-earths"
        assert apply_corrections(conn) == 2  # idempotent
        assert canonical_map(conn) == {"northern-re-hi-tech": "china-northern-rare-earth"}


def test_merge_refuses_same_entity_and_cycles(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        with pytest.raises(NotFound):
            record_merge(conn, "CNRE", "North Rare Earth")
        record_merge(conn, "Baogang", "CNRE")
        with pytest.raises(NotFound):  # CNRE now resolves to Baogang: the same entity
            record_merge(conn, "CNRE", "Baogang")


def test_chained_merges_resolve_to_the_last(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        upsert_entities(conn, [SHADOW], origin="extracted")
        record_merge(conn, "CNRE", "northern-re-hi-tech")
        record_merge(conn, "Baogang", "CNRE")
        assert canonical_map(conn)["northern-re-hi-tech"] == "baogang-group"
        conn.execute(t.entities.update().where(t.entities.c.id == "baogang-group").values(
            merged_into="northern-re-hi-tech"))
        with pytest.raises(StoreError):
            canonical_map(conn)


def test_alias_needs_letters(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        with pytest.raises(NotFound):
            record_alias(conn, "Lynas", "--")


def test_stored_aliases_for_extraction(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        upsert_entities(conn, [SHADOW], origin="extracted")
        doc = add_document(conn, "MP Materials (MPM) and Lynas (LRE) both ship oxide.")
        write(conn, doc, learned={"MPM": "mp-materials", "LRE": "lynas-rare-earths"})
        record_alias(conn, "Lynas", "Lynas Corp")
        record_alias(conn, "MP Materials", "LRE")  # now claimed by two entities: left out
        record_merge(conn, "CNRE", "northern-re-hi-tech")
        aliases = stored_aliases(conn)
    assert aliases["MPM"] == "mp-materials" and aliases["Lynas Corp"] == "lynas-rare-earths"
    assert "LRE" not in aliases
    assert aliases["NRE Hi-Tech"] == "china-northern-rare-earth"  # moved by the merge, resolved canonically
