"""Reading what story clustering needs from the knowledge base: titles and leads, the
entities each document mentions, its confirmed events and figures, and its stored embedding.

Rejected records never count, nor do events and facts under their confidence thresholds; entity
ids are followed through analysts' merges, so "Northern Rare Earth Co" and "China
Northern Rare Earth" are one name here too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.analyze.stories import LEAD_CHARS, Story, StoryDocument, StoryEvent, cluster_stories
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.corrections import canonical_map
from monazite.store.reviews import confirmed, visible

__all__ = ["load_story_documents", "stories_for"]

BATCH = 500  # ids per IN (...) query


def _batches(ids: Sequence[str]) -> list[list[str]]:
    return [list(ids[i:i + BATCH]) for i in range(0, len(ids), BATCH)]


def load_story_documents(conn: Connection, settings: Settings, document_ids: Sequence[str]) -> list[StoryDocument]:
    """The clustering records of ``document_ids`` (unknown ids are skipped), in the order given."""
    canon = canonical_map(conn)
    d, m, e, f, emb = t.documents, t.mentions, t.events, t.facts, t.embeddings
    rows: dict[str, sa.Row] = {}
    entities: dict[str, set[str]] = defaultdict(set)
    events: dict[str, list[StoryEvent]] = defaultdict(list)
    figures: dict[str, set[tuple[float, str]]] = defaultdict(set)
    vectors: dict[str, np.ndarray] = {}
    for ids in _batches(list(document_ids)):
        for r in conn.execute(sa.select(d.c.id, d.c.title, d.c.origin, d.c.published,
                                        sa.func.substr(d.c.text, 1, LEAD_CHARS).label("lead"))
                              .where(d.c.id.in_(ids))):
            rows[r.id] = r
        for r in conn.execute(sa.select(m.c.document_id, m.c.entity_id).distinct().where(m.c.document_id.in_(ids))):
            entities[r.document_id].add(canon.get(r.entity_id, r.entity_id))
        for r in conn.execute(sa.select(e.c.document_id, e.c.type, e.c.date, e.c.actors, e.c.materials)
                              .where(e.c.document_id.in_(ids), visible(e),
                                     confirmed(e, settings.event_confidence_threshold))):
            events[r.document_id].append(StoryEvent(
                r.type, r.date, frozenset(canon.get(a, a) for a in r.actors or []),
                frozenset(canon.get(x, x) for x in r.materials or [])))
        for r in conn.execute(sa.select(f.c.document_id, f.c.value, f.c.unit)
                              .where(f.c.document_id.in_(ids), visible(f),
                                     confirmed(f, settings.fact_confidence_threshold))):
            figures[r.document_id].add((round(r.value, 6), r.unit))
        if settings.semantic_search:
            for r in conn.execute(sa.select(emb.c.document_id, emb.c.vector)
                                  .where(emb.c.document_id.in_(ids), emb.c.model == settings.embedding_model)):
                vectors[r.document_id] = np.frombuffer(bytes(r.vector), dtype=np.float32)
    return [StoryDocument(id=i, title=rows[i].title or rows[i].origin, lead=rows[i].lead or "",
                          published=rows[i].published, entities=frozenset(entities[i]),
                          events=tuple(events[i]), figures=frozenset(figures[i]), vector=vectors.get(i))
            for i in document_ids if i in rows]


def stories_for(conn: Connection, settings: Settings, document_ids: Sequence[str]) -> list[Story]:
    """The stories ``document_ids`` form, largest first."""
    return cluster_stories(load_story_documents(conn, settings, document_ids))
