"""Writing one document's extraction. Called inside the document's own transaction, so a
crash leaves either all of a document's records or none of them.

Re-extraction replaces a document's mentions, facts and events wholesale: ids are
content-hashed, so the same text yields the same rows and re-runs change nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.model import Entity, Extraction
from monazite.store import schema as t
from monazite.store.entities import alias_key, upsert_entities
from monazite.store.upsert import insert_ignore


def write_extraction(conn: Connection, extraction: Extraction, *, fresh: bool = False) -> None:
    """``fresh``: the document row was inserted in this transaction, so it has no earlier
    records to replace (skips five deletes per document on the ingest path)."""
    doc_id = extraction.document_id
    if not fresh:
        delete_extraction(conn, doc_id)
    if extraction.entities:
        upsert_entities(conn, extraction.entities, origin="extracted")
    if extraction.learned_aliases:
        _insert_learned_aliases(conn, doc_id, extraction.learned_aliases.items())
    if extraction.mentions:
        conn.execute(t.mentions.insert(), [
            {"document_id": doc_id, "entity_id": m.entity_id, "text": m.text, "start": m.start,
             "end": m.end, "kind": m.kind, "extractor": m.extractor}
            for m in extraction.mentions
        ])
    if extraction.facts:
        rows = {}
        for f in extraction.facts:
            d = f.to_dict()
            d.pop("document_id")
            rows[d["id"]] = {"document_id": doc_id, **d}
        conn.execute(t.facts.insert(), list(rows.values()))
    if extraction.events:
        rows, links = {}, {}
        for e in extraction.events:
            d = e.to_dict()
            rows[d["id"]] = d
            for role, ids in (("actor", e.actors), ("material", e.materials)):
                for ent in ids:
                    links[(d["id"], ent, role)] = {"event_id": d["id"], "entity_id": ent, "role": role}
        conn.execute(t.events.insert(), list(rows.values()))
        if links:
            conn.execute(t.event_entities.insert(), list(links.values()))


def delete_extraction(conn: Connection, document_id: str) -> None:
    event_ids = sa.select(t.events.c.id).where(t.events.c.document_id == document_id)
    conn.execute(t.event_entities.delete().where(t.event_entities.c.event_id.in_(event_ids)))
    for table in (t.events, t.facts, t.mentions):
        conn.execute(table.delete().where(table.c.document_id == document_id))
    conn.execute(t.entity_aliases.delete().where(
        (t.entity_aliases.c.document_id == document_id) & (t.entity_aliases.c.origin == "learned")))


def _insert_learned_aliases(conn: Connection, doc_id: str, pairs: Iterable[tuple[str, str]]) -> None:
    """One insert for all of a document's learned aliases; the first form of each key wins."""
    rows = {}
    for alias, entity_id in pairs:
        key = alias_key(alias)
        if key and (key, entity_id) not in rows:
            rows[(key, entity_id)] = {"alias_key": key, "entity_id": entity_id, "alias": alias,
                                      "origin": "learned", "document_id": doc_id}
    insert_ignore(conn, t.entity_aliases, list(rows.values()))


__all__ = ["Entity", "delete_extraction", "write_extraction"]
