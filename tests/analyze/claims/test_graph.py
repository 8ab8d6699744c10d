"""The entity graph: vocabulary parents, extracted partnerships, merges folded in."""

from __future__ import annotations

from monazite.analyze.claims.graph import build_graph, neighbours, rebuild_relations, sync_vocab_relations
from monazite.analyze.queries import load_relations
from monazite.store.corrections import record_merge
from monazite.store.engine import open_store
from tests.fixtures.knowledge.builders import add_document, event, seed_entities, write

AGREEMENT = ("The event served as a platform for signing cooperation agreements between Baogang Group and "
             "Baotou Rare Earth Research Institute. Lynas and MP Materials formed a joint venture.")


def _setup(url: str):
    engine = open_store(url)
    with engine.begin() as conn:
        seed_entities(conn)
        doc = add_document(conn, AGREEMENT)
        write(conn, doc, events=[
            event(doc, AGREEMENT, "cooperation agreements", "partnership",
                  ["baogang-group", "baotou-rare-earth-research-institute", "china"]),
            event(doc, AGREEMENT, "joint venture", "joint_venture", ["lynas-rare-earths", "mp-materials"]),
        ])
        assert rebuild_relations(conn) == 2
    return engine, doc


def test_partnership_events_become_persisted_partner_relations(store_url: str) -> None:
    engine, doc = _setup(store_url)
    with engine.begin() as conn:
        rel = load_relations(conn)
        assert set(zip(rel["subject"], rel["predicate"], rel["object"], rel["origin"], strict=True)) == {
            ("baogang-group", "partner", "baotou-rare-earth-research-institute", "extracted"),
            ("lynas-rare-earths", "joint_venture", "mp-materials", "extracted")}
        assert set(rel["document_id"]) == {doc}
        assert rebuild_relations(conn) == 2  # rebuilt, not duplicated
        assert len(load_relations(conn)) == 2


def test_graph_has_parent_and_partner_edges(sqlite_url: str) -> None:
    engine, _ = _setup(sqlite_url)
    with engine.begin() as conn:
        graph = build_graph(conn)
    assert graph.has_edge("baogang-group", "china-northern-rare-earth", key="parent_of")
    assert graph.has_edge("baogang-group", "baotou-rare-earth-research-institute", key="partner")
    assert graph.nodes["china-northern-rare-earth"]["tickers"] == "600111.SS"
    seen = {(r["predicate"], r["direction"], r["entity"]) for r in neighbours(graph, "baogang-group")}
    assert ("parent_of", "out", "china-northern-rare-earth") in seen
    assert ("partner", "out", "baotou-rare-earth-research-institute") in seen


def test_vocab_relations_and_merges(sqlite_url: str) -> None:
    engine, _ = _setup(sqlite_url)
    with engine.begin() as conn:
        assert sync_vocab_relations(conn, [("mp-materials", "supplier_of", "lynas-rare-earths"),
                                           ("mp-materials", "partner", "unknown-entity")]) == 1
        record_merge(conn, "Baogang", "Baotou Rare Earth Research Institute")
        graph = build_graph(conn)
    assert "baotou-rare-earth-research-institute" not in graph
    assert not graph.has_edge("baogang-group", "baogang-group")
    assert graph.has_edge("mp-materials", "lynas-rare-earths", key="supplier_of")
