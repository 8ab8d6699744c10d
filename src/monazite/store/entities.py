"""Entities and aliases in the store: the vocabulary's, those discovered in text, and an
analyst's corrections (which are kept as rows in ``corrections`` and re-applied after
every sync, so they survive re-extraction)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.model import Entity
from monazite.store import schema as t
from monazite.store.upsert import insert_ignore
from monazite.vocab.defs import alias_key  # one key for vocabulary lookups and stored aliases

__all__ = ["alias_key", "upsert_entities"]


def insert_alias(conn: Connection, entity_id: str, alias: str, origin: str, document_id: str | None) -> None:
    """Record ``alias`` for ``entity_id`` unless that (alias key, entity) pair is already there."""
    key = alias_key(alias)
    if key:
        insert_ignore(conn, t.entity_aliases, {"alias_key": key, "entity_id": entity_id, "alias": alias,
                                               "origin": origin, "document_id": document_id})


def upsert_entities(conn: Connection, entities: Iterable[Entity], *, origin: str) -> None:
    """Insert entities that are new; vocabulary entries also refresh their fields.

    Entities discovered in text (origin 'extracted') never overwrite a reviewed entity.
    Batched: one lookup of which ids exist, one insert of the new rows and one of every
    alias, whatever the number of entities (this runs in every document's transaction).
    """
    unique = list({e.id: e for e in entities}.values())
    if not unique:
        return
    existing: dict[str, str] = {}
    for start in range(0, len(unique), LOOKUP_CHUNK):
        ids = [e.id for e in unique[start:start + LOOKUP_CHUNK]]
        existing.update(conn.execute(sa.select(t.entities.c.id, t.entities.c.origin)
                                     .where(t.entities.c.id.in_(ids))).all())
    fresh = []
    for e in unique:
        row = {
            "id": e.id, "name": e.name, "kind": e.kind, "country": e.country, "parent": e.parent,
            "tickers": list(e.tickers), "attributes": dict(e.attributes), "reviewed": e.reviewed,
            "origin": origin,
        }
        if e.id not in existing:
            fresh.append(row)
        elif origin == "vocab" and existing[e.id] != "analyst":
            row.pop("id")
            conn.execute(t.entities.update().where(t.entities.c.id == e.id).values(**row))
    insert_ignore(conn, t.entities, fresh)  # another ingest may be adding some at this moment
    alias_origin = "vocab" if origin == "vocab" else "learned"
    aliases = {}
    for e in unique:
        for alias in [e.name, *e.aliases, *e.tickers]:
            key = alias_key(alias)
            if key and (key, e.id) not in aliases:
                aliases[(key, e.id)] = {"alias_key": key, "entity_id": e.id, "alias": alias,
                                        "origin": alias_origin, "document_id": None}
    insert_ignore(conn, t.entity_aliases, list(aliases.values()))


LOOKUP_CHUNK = 500  # ids per IN (...) lookup: well under SQLite's bound-parameter limit
