"""Reading extracted records back: facts, events and entities as plain dicts, each fact
and event with its document id, character span and quoted sentence.

Subjects and actors are reported under their canonical entity (an analyst's merges
apply), with the canonical name beside the id.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.store import schema as t
from monazite.store.corrections import canonical_map, entity_members
from monazite.store.reviews import confirmed, visible

__all__ = ["list_entities", "list_events", "list_facts"]


def _names(conn: Connection) -> dict[str, str]:
    return {r.id: r.name for r in conn.execute(sa.select(t.entities.c.id, t.entities.c.name))}


def list_facts(conn: Connection, *, entity_id: str | None = None, metric: str | None = None,
               threshold: float = 0.0, which: str = "all", include_rejected: bool = False) -> list[dict[str, Any]]:
    """Stored facts; each says whether it is ``confirmed`` (confidence at or above
    ``threshold``, or accepted or corrected by an analyst). ``which`` is 'all', 'confirmed'
    or 'unconfirmed'. Rejected facts are left out unless ``include_rejected``."""
    if which not in ("all", "confirmed", "unconfirmed"):
        raise ValueError(f"which must be all, confirmed or unconfirmed, not {which!r}")
    canon, names = canonical_map(conn), _names(conn)
    f = t.facts.c
    query = sa.select(t.facts).where(visible(t.facts, include_rejected)).order_by(
        f.subject, f.metric, f.period, f.document_id, f.start)
    if entity_id is not None:
        query = query.where(f.subject.in_(entity_members(canon, entity_id)))
    if metric is not None:
        query = query.where(f.metric == metric)
    if which == "confirmed":
        query = query.where(confirmed(t.facts, threshold))
    elif which == "unconfirmed":
        query = query.where(sa.not_(confirmed(t.facts, threshold)))
    out = []
    for row in conn.execute(query).mappings():
        subject = canon.get(row["subject"], row["subject"])
        d = dict(row)
        d["confirmed"] = row["confidence"] >= threshold or row["review"] in ("accepted", "corrected")
        d["subject_id"] = subject
        d["subject"] = names.get(subject, subject)
        out.append(d)
    return out


def list_events(conn: Connection, *, type: str | None = None,  # noqa: A002 - mirrors the CLI option
                entity_id: str | None = None, include_rejected: bool = False) -> list[dict[str, Any]]:
    canon, names = canonical_map(conn), _names(conn)
    e = t.events.c
    query = sa.select(t.events).where(visible(t.events, include_rejected)).order_by(
        e.date.is_(None), e.date, e.document_id, e.start)
    if type is not None:
        query = query.where(e.type == type)
    if entity_id is not None:
        linked = sa.select(t.event_entities.c.event_id).where(
            t.event_entities.c.entity_id.in_(entity_members(canon, entity_id)))
        query = query.where(e.id.in_(linked))
    out = []
    for row in conn.execute(query).mappings():
        d = dict(row)
        for key in ("actors", "materials"):
            ids = list(dict.fromkeys(canon.get(i, i) for i in row[key] or []))
            d[f"{key[:-1]}_ids"] = ids
            d[key] = [names.get(i, i) for i in ids]
        out.append(d)
    return out


def list_entities(conn: Connection) -> list[dict[str, Any]]:
    """Entities that are mentioned in stored documents, most mentioned first."""
    m = t.mentions.c
    counts = sa.select(m.entity_id, sa.func.count().label("mentions"),
                       sa.func.count(sa.distinct(m.document_id)).label("documents")).group_by(m.entity_id).subquery()
    query = (sa.select(t.entities, counts.c.mentions, counts.c.documents)
             .join(counts, counts.c.entity_id == t.entities.c.id)
             .where(t.entities.c.merged_into.is_(None), visible(t.entities))
             .order_by(counts.c.mentions.desc(), t.entities.c.name))
    return [dict(r) for r in conn.execute(query).mappings()]
