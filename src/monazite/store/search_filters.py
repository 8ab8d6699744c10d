"""Search filters as SQL conditions on ``documents``.

Filters name entities the way an analyst types them (``CNRE``, ``China Northern Rare
Earth``, ``china-northern-rare-earth``); they are resolved through the alias table, so
the filter means "documents that mention this entity", whatever spelling the text used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from monazite.errors import NotFound
from monazite.store import schema as t
from monazite.store.corrections import canonical_map, entity_members
from monazite.store.entities import alias_key

__all__ = ["SearchFilters", "filter_conditions", "resolve_entity_ids"]

ORG_KINDS = ("company", "state_body", "agency", "research_institute", "university")
ELEMENT_KINDS = ("element", "material")


@dataclass(frozen=True)
class SearchFilters:
    """What narrows a search. Empty fields do not filter."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    org: str | None = None
    country: str | None = None
    element: str | None = None
    event_type: str | None = None
    source_kind: str | None = None

    @property
    def active(self) -> bool:
        return any(v not in (None, "") for v in asdict(self).values())

    def to_dict(self) -> dict[str, str | None]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(self).items()}


def resolve_entity_ids(conn: Connection, name: str, kinds: tuple[str, ...], label: str) -> list[str]:
    """Entity ids an analyst's spelling stands for, restricted to ``kinds``; NotFound if none."""
    key = alias_key(name)
    by_alias = sa.select(t.entity_aliases.c.entity_id).where(t.entity_aliases.c.alias_key == key)
    rows = conn.execute(
        sa.select(t.entities.c.id).where(
            sa.or_(t.entities.c.id == name.strip().lower(), t.entities.c.id.in_(by_alias)),
            t.entities.c.kind.in_(kinds),
        )
    ).scalars().all()
    if not rows:
        raise NotFound(f"unknown {label}: {name!r}")
    # Documents mention the ids the extractor gave; after an analyst's merge they belong to the survivor.
    canon = canonical_map(conn)
    return sorted({m for r in rows for m in entity_members(canon, canon.get(r, r))})


def _mentions_any(ids: list[str] | sa.Select) -> ColumnElement[bool]:
    d = t.documents
    return sa.exists().where(t.mentions.c.document_id == d.c.id, t.mentions.c.entity_id.in_(ids))


def filter_conditions(conn: Connection, filters: SearchFilters | None) -> list[ColumnElement[bool]]:
    """SQL conditions on ``documents`` for ``filters``; near-duplicates are always left out."""
    d = t.documents
    conds: list[ColumnElement[bool]] = [d.c.duplicate_of.is_(None)]
    if filters is None:
        return conds
    if filters.date_from:
        conds.append(d.c.published_sort >= filters.date_from)
    if filters.date_to:
        conds.append(d.c.published_sort <= filters.date_to)
    if filters.org:
        conds.append(_mentions_any(resolve_entity_ids(conn, filters.org, ORG_KINDS, "organization")))
    if filters.country:
        ids = resolve_entity_ids(conn, filters.country, ("country", "region"), "country")
        # A country filter also finds documents about that country's organizations.
        members = sa.select(t.entities.c.id).where(t.entities.c.country.in_(ids))
        conds.append(sa.or_(_mentions_any(ids), _mentions_any(members)))
    if filters.element:
        ids = resolve_entity_ids(conn, filters.element, ELEMENT_KINDS, "element or material")
        in_events = sa.exists().where(
            t.events.c.document_id == d.c.id,
            t.events.c.id == t.event_entities.c.event_id,
            t.event_entities.c.entity_id.in_(ids),
        )
        conds.append(sa.or_(_mentions_any(ids), in_events))
    if filters.event_type:
        conds.append(sa.exists().where(t.events.c.document_id == d.c.id, t.events.c.type == filters.event_type))
    if filters.source_kind:
        kinds = sa.select(t.sources.c.id).where(t.sources.c.kind == filters.source_kind)
        conds.append(d.c.source_id.in_(kinds))
    return conds
