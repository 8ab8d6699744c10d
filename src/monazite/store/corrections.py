"""An analyst's corrections to entities: merges and extra aliases.

Corrections are kept as rows in ``corrections`` and replayed by ``apply_corrections``
after every ingest or re-extraction. Re-extraction re-inserts the aliases a document
taught us and the vocabulary sync rewrites entity rows, so a correction applied only
once would quietly come undone; replaying the log makes it stick.

Facts keep the subject the extractor gave them: queries map a subject to its canonical
entity through ``entities.merged_into`` (see ``canonical_map``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.errors import NotFound, StoreError
from monazite.model import slugify
from monazite.store import schema as t
from monazite.store.entities import alias_key, insert_alias

__all__ = [
    "apply_corrections", "canonical_id", "canonical_map", "entity_members", "list_corrections", "record_alias",
    "record_merge", "resolve_entity", "stored_aliases", "with_store_aliases",
]

MAX_MERGE_CHAIN = 64  # longest merged_into chain followed; longer means a cycle crept in


def resolve_entity(conn: Connection, name: str) -> str:
    """The entity id an analyst means by ``name``: an id, a canonical name, an alias or a ticker.

    Raises ``NotFound`` when nothing matches and when an alias is shared by several
    entities that are not merged into one (the analyst must then use the id).
    """
    text = name.strip()
    row = conn.execute(sa.select(t.entities.c.id).where(t.entities.c.id.in_({text, slugify(text)}))).first()
    if row is not None:
        return canonical_id(conn, row.id)
    key = alias_key(text)
    ids = {r.entity_id for r in conn.execute(
        sa.select(t.entity_aliases.c.entity_id).where(t.entity_aliases.c.alias_key == key))}
    ids |= {r.id for r in conn.execute(sa.select(t.entities.c.id, t.entities.c.name)).all()
            if alias_key(r.name) == key}
    canon = {canonical_id(conn, i) for i in ids}
    if not canon:
        raise NotFound(f"no entity named {name!r}")
    if len(canon) > 1:
        raise NotFound(f"{name!r} is ambiguous: {', '.join(sorted(canon))}; use an entity id")
    return canon.pop()


def entity_members(canon: dict[str, str], entity_id: str) -> set[str]:
    """The entity and every entity merged into it (``canon`` from ``canonical_map``): rows stored
    under a merged-away id still belong to the survivor when filtering by it."""
    return {entity_id, *(k for k, v in canon.items() if v == entity_id)}


def canonical_map(conn: Connection) -> dict[str, str]:
    """Every merged entity id mapped to the id it finally resolves to (unmerged ids are absent)."""
    parents = {r.id: r.merged_into for r in conn.execute(
        sa.select(t.entities.c.id, t.entities.c.merged_into).where(t.entities.c.merged_into.is_not(None)))}
    return {eid: _follow(parents, eid) for eid in parents}


def canonical_id(conn: Connection, entity_id: str) -> str:
    return canonical_map(conn).get(entity_id, entity_id)


def _follow(parents: dict[str, str], eid: str) -> str:
    seen = [eid]
    while eid in parents and len(seen) <= MAX_MERGE_CHAIN:
        eid = parents[eid]
        if eid in seen:
            raise StoreError(f"entity merge cycle: {' -> '.join([*seen, eid])}")
        seen.append(eid)
    return eid


def record_merge(conn: Connection, keep: str, absorb: str) -> tuple[str, str]:
    """Merge entity ``absorb`` into ``keep`` (names or ids) and log it; returns the two ids."""
    a, b = resolve_entity(conn, keep), resolve_entity(conn, absorb)
    if a == b:
        raise NotFound(f"{keep!r} and {absorb!r} are already the same entity ({a})")
    conn.execute(t.corrections.insert().values(action="merge", a=a, b=b, created_at=_now()))
    _apply_merge(conn, a, b)
    return a, b


def record_alias(conn: Connection, name: str, alias: str) -> str:
    """Teach ``alias`` as a name of entity ``name`` and log it; returns the entity id."""
    if not alias_key(alias):
        raise NotFound(f"alias {alias!r} has no letters or digits")
    eid = resolve_entity(conn, name)
    conn.execute(t.corrections.insert().values(action="alias", a=eid, b=alias, created_at=_now()))
    _apply_alias(conn, eid, alias)
    return eid


def stored_aliases(conn: Connection, origins: tuple[str, ...] = ("learned", "analyst")) -> dict[str, str]:
    """Aliases the store knows beyond the vocabulary (alias -> canonical entity id).

    What one document taught (apposition) and what an analyst added, for an extractor that
    wants them to serve every later document. An alias claimed by two entities is left out.
    """
    canon = canonical_map(conn)
    query = sa.select(t.entity_aliases.c.alias, t.entity_aliases.c.alias_key, t.entity_aliases.c.entity_id).where(
        t.entity_aliases.c.origin.in_(origins)).order_by(t.entity_aliases.c.alias)
    owners: dict[str, set[str]] = {}
    spelling: dict[str, str] = {}
    for row in conn.execute(query):
        owners.setdefault(row.alias_key, set()).add(canon.get(row.entity_id, row.entity_id))
        spelling.setdefault(row.alias_key, row.alias)
    return {spelling[key]: ids.pop() for key, ids in owners.items() if len(ids) == 1}


def with_store_aliases(vocab: Any, conn: Connection) -> Any:
    """The vocabulary plus the store's learned and analyst aliases, so they serve every document.

    Only aliases of vocabulary entities the vocabulary does not already resolve are added
    (an alias never overrides the vocabulary). Returns ``vocab`` itself when nothing is
    added; otherwise a new ``Vocabulary`` with fresh indexes (the original is untouched).
    """
    from monazite.vocab import AliasSpec

    extra = [AliasSpec(text=alias, entity_id=eid, form="alias") for alias, eid in stored_aliases(conn).items()
             if eid in vocab.entities and vocab.resolve(alias) is None]
    if not extra:
        return vocab
    return replace(vocab, alias_specs=[*vocab.alias_specs, *extra], _by_exact={}, _by_key={}, _memo={})


def list_corrections(conn: Connection) -> list[dict]:
    rows = conn.execute(sa.select(t.corrections).order_by(t.corrections.c.id)).mappings()
    return [dict(r) for r in rows]


def apply_corrections(conn: Connection) -> int:
    """Replay every recorded correction in order; idempotent. Returns how many were applied.

    Called by the ingest pipeline after each batch, so merges and aliases survive the
    vocabulary sync and re-extraction that the batch performed.
    """
    applied = 0
    for row in list_corrections(conn):
        present = {r.id for r in conn.execute(
            sa.select(t.entities.c.id).where(t.entities.c.id.in_({row["a"], row["b"]})))}
        if row["action"] == "merge" and {row["a"], row["b"]} <= present:
            _apply_merge(conn, row["a"], row["b"])
            applied += 1
        elif row["action"] == "alias" and row["a"] in present:
            _apply_alias(conn, row["a"], row["b"])
            applied += 1
    return applied


def _apply_merge(conn: Connection, keep: str, absorb: str) -> None:
    _follow({**_merged(conn), absorb: keep}, absorb)  # raises StoreError when the merge would make a cycle
    conn.execute(t.entities.update().where(t.entities.c.id == absorb).values(merged_into=keep))
    name = conn.execute(sa.select(t.entities.c.name).where(t.entities.c.id == absorb)).scalar_one()
    moved = conn.execute(sa.select(t.entity_aliases).where(t.entity_aliases.c.entity_id == absorb)).mappings().all()
    for alias in moved:
        insert_alias(conn, keep, alias["alias"], alias["origin"], alias["document_id"])
    conn.execute(t.entity_aliases.delete().where(t.entity_aliases.c.entity_id == absorb))
    insert_alias(conn, keep, name, "analyst", None)


def _merged(conn: Connection) -> dict[str, str]:
    return {r.id: r.merged_into for r in conn.execute(
        sa.select(t.entities.c.id, t.entities.c.merged_into).where(t.entities.c.merged_into.is_not(None)))}


def _apply_alias(conn: Connection, entity_id: str, alias: str) -> None:
    insert_alias(conn, canonical_id(conn, entity_id), alias, "analyst", None)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
