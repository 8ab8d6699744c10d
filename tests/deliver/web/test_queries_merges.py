"""The web listings resolve names with the store's rules: after an analyst merges B into A,
filtering by A (or by B's old name) returns the rows extracted under B too."""

from __future__ import annotations

import pytest

from monazite.deliver.web import queries
from monazite.errors import NotFound
from monazite.model import Entity
from monazite.store.corrections import record_merge
from monazite.store.engine import open_store
from monazite.store.entities import upsert_entities
from tests.fixtures.knowledge.builders import add_document, event, fact, seed_entities, write

SHADOW = Entity("nre-hi-tech", "NRE Hi-Tech", "company", reviewed=False)
TEXT = "NRE Hi-Tech will add 5,000 tonnes of oxide capacity. NRE Hi-Tech also signed a partnership."


def test_filters_follow_merges(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        upsert_entities(conn, [SHADOW], origin="extracted")
        doc = add_document(conn, TEXT)
        write(conn, doc, facts=[fact(doc, TEXT, "5,000 tonnes", "nre-hi-tech", "capacity", 5000, "t/yr")],
              events=[event(doc, TEXT, "partnership", "partnership", ["nre-hi-tech"])])
        record_merge(conn, "China Northern Rare Earth", "NRE Hi-Tech")
    with engine.connect() as conn:
        for name in ("CNRE", "NRE Hi-Tech", "china-northern-rare-earth"):
            assert queries.resolve_entity(conn, name)["id"] == "china-northern-rare-earth"
            assert [f["value"] for f in queries.list_facts(conn, limit=10, offset=0, entity=name).items] == [5000]
            assert [e["type"] for e in queries.list_events(conn, limit=10, offset=0, entity=name).items] == ["partnership"]
        with pytest.raises(NotFound):
            queries.resolve_entity(conn, "Nobody Mining")
    engine.dispose()
