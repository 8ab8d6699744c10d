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
    """
    for e in entities:
        row = {
            "id": e.id, "name": e.name, "kind": e.kind, "country": e.country, "parent": e.parent,
            "tickers": list(e.tickers), "attributes": dict(e.attributes), "reviewed": e.reviewed,
            "origin": origin,
        }
        existing = conn.execute(sa.select(t.entities.c.origin).where(t.entities.c.id == e.id)).first()
        if existing is None:
            insert_ignore(conn, t.entities, row)  # another ingest may be adding it at this moment
        elif origin == "vocab" and existing.origin != "analyst":
            row.pop("id")
            conn.execute(t.entities.update().where(t.entities.c.id == e.id).values(**row))
        for alias in [e.name, *e.aliases, *e.tickers]:
            insert_alias(conn, e.id, alias, "vocab" if origin == "vocab" else "learned", None)
