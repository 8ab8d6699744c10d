"""Entities and aliases in the store: the vocabulary's, those discovered in text, and an
analyst's corrections (which are kept as rows in ``corrections`` and re-applied after
every sync, so they survive re-extraction)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.model import Entity
from monazite.store import schema as t
from monazite.vocab.defs import alias_key  # one key for vocabulary lookups and stored aliases

__all__ = ["alias_key", "upsert_entities"]


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
            conn.execute(t.entities.insert().values(**row))
        elif origin == "vocab" and existing.origin != "analyst":
            row.pop("id")
            conn.execute(t.entities.update().where(t.entities.c.id == e.id).values(**row))
        names = [e.name, *e.aliases, *e.tickers]
        for alias in names:
            key = alias_key(alias)
            if not key:
                continue
            present = conn.execute(sa.select(t.entity_aliases.c.origin).where(
                t.entity_aliases.c.alias_key == key, t.entity_aliases.c.entity_id == e.id)).first()
            if present is None:
                conn.execute(t.entity_aliases.insert().values(
                    alias_key=key, entity_id=e.id, alias=alias,
                    origin="vocab" if origin == "vocab" else "learned", document_id=None))
