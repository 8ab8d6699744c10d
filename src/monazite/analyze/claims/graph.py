"""The entity graph: who owns, partners with, supplies and regulates whom.

Edges come from three places, each kept with its origin in the ``relations`` table:
the vocabulary (``parent`` fields and ``relations.yaml``), an analyst, and extracted
events (a partnership, joint venture or offtake event makes its organisation actors
partners, joint-venture partners or customer and supplier). Extracted edges are always
rebuilt from events, so re-extraction never leaves a stale edge behind. Entities merged
by an analyst are folded into the entity they were merged into.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import networkx as nx
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.analyze.queries import load_entities, load_events, load_relations
from monazite.model import content_id
from monazite.store import schema as t
from monazite.store.upsert import insert_ignore

__all__ = [
    "EVENT_PREDICATES", "SYMMETRIC_PREDICATES", "build_graph", "neighbours", "rebuild_relations",
    "relations_from_events", "sync_vocab_relations",
]

# Event types that create a relation between their organisation actors, and its predicate.
EVENT_PREDICATES = {"partnership": "partner", "joint_venture": "joint_venture", "offtake": "customer_of"}
SYMMETRIC_PREDICATES = frozenset({"partner", "joint_venture"})
ORGANIZATION_KINDS = frozenset({"company", "state_body", "agency", "research_institute", "university"})


def relations_from_events(events: pd.DataFrame, kinds: dict[str, str]) -> list[dict]:
    """Relation rows implied by events; offtake edges need the buyer named in ``attributes``."""
    rows: dict[str, dict] = {}
    for ev in events.to_dict("records"):
        predicate = EVENT_PREDICATES.get(ev["type"])
        if predicate is None:
            continue
        orgs = [a for a in ev["actors"] if kinds.get(a) in ORGANIZATION_KINDS]
        if predicate == "customer_of":
            buyer = ev["attributes"].get("buyer")
            pairs = [(buyer, o) for o in orgs if buyer in orgs and o != buyer]
            if not pairs:
                pairs = list(combinations(sorted(orgs), 2))
                predicate = "partner"
        else:
            pairs = list(combinations(sorted(orgs), 2))
        for subject, obj in pairs:
            rid = content_id("rel", subject, predicate, obj, ev["id"])
            rows[rid] = {"id": rid, "subject": subject, "predicate": predicate, "object": obj,
                         "origin": "extracted", "document_id": ev["document_id"], "event_id": ev["id"]}
    return list(rows.values())


def rebuild_relations(conn: Connection) -> int:
    """Replace the extracted relations with those the current events imply; returns their number."""
    conn.execute(t.relations.delete().where(t.relations.c.origin == "extracted"))
    entities = load_entities(conn)
    kinds = dict(zip(entities["id"], entities["kind"], strict=True))
    rows = relations_from_events(load_events(conn), kinds)
    if rows:
        insert_ignore(conn, t.relations, rows)  # a concurrent batch may be rebuilding them too
    return len(rows)


def sync_vocab_relations(conn: Connection, triples: Iterable[tuple[str, str, str]]) -> int:
    """Replace the vocabulary's relations (``Vocabulary.relations``) with ``triples``."""
    conn.execute(t.relations.delete().where(t.relations.c.origin == "vocab"))
    known = {r.id for r in conn.execute(sa.select(t.entities.c.id))}
    rows = {}
    for subject, predicate, obj in triples:
        if subject in known and obj in known:
            rid = content_id("rel", subject, predicate, obj, "vocab")
            rows[rid] = {"id": rid, "subject": subject, "predicate": predicate, "object": obj,
                         "origin": "vocab", "document_id": None, "event_id": None}
    if rows:
        insert_ignore(conn, t.relations, list(rows.values()))
    return len(rows)


def build_graph(conn: Connection) -> nx.MultiDiGraph:
    """The entity graph; node and edge attributes are scalars, so it writes to GraphML as is."""
    entities = load_entities(conn)
    graph = nx.MultiDiGraph()
    for e in entities[entities["merged_into"].isna()].to_dict("records"):
        graph.add_node(e["id"], label=e["name"], kind=e["kind"], country=e["country"] or "",
                       tickers=";".join(e["tickers"] or []), origin=e["origin"])
    seen: set[tuple[str, str, str]] = set()

    def add(subject: str, predicate: str, obj: str, origin: str, document_id: str | None) -> None:
        if subject == obj or subject not in graph or obj not in graph:
            return
        a, b = sorted((subject, obj)) if predicate in SYMMETRIC_PREDICATES else (subject, obj)
        if (a, predicate, b) in seen:
            graph.edges[a, b, predicate]["documents"] = ";".join(filter(None, {
                *graph.edges[a, b, predicate]["documents"].split(";"), document_id or ""}))
            return
        seen.add((a, predicate, b))
        graph.add_edge(a, b, key=predicate, predicate=predicate, origin=origin, documents=document_id or "")

    for e in entities[entities["merged_into"].isna()].to_dict("records"):
        if e["parent"]:
            add(e["parent"], "parent_of", e["id"], e["origin"], None)
    for r in load_relations(conn).to_dict("records"):
        add(r["subject"], r["predicate"], r["object"], r["origin"], r["document_id"])
    return graph


def neighbours(graph: nx.MultiDiGraph, entity_id: str) -> list[dict]:
    """Every relation touching an entity, seen from it: predicate, direction, other entity."""
    if entity_id not in graph:
        return []
    out = []
    for _, other, data in graph.out_edges(entity_id, data=True):
        out.append({"predicate": data["predicate"], "direction": "out", "entity": other,
                    "name": graph.nodes[other]["label"], "origin": data["origin"]})
    for other, _, data in graph.in_edges(entity_id, data=True):
        out.append({"predicate": data["predicate"], "direction": "in", "entity": other,
                    "name": graph.nodes[other]["label"], "origin": data["origin"]})
    return sorted(out, key=lambda r: (r["predicate"], r["direction"], r["entity"]))
