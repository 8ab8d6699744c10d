"""Search on both backends: BM25 full text, filters, passages, semantic and hybrid (RRF)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import sqlalchemy as sa

from monazite.errors import ConfigError, NotFound
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store
from monazite.store.search import Searcher, SearchFilters, search
from monazite.store.search_fulltext import parse_query

NOW = dt.datetime(2025, 5, 1, tzinfo=dt.timezone.utc)
DOCS = [
    ("doc_a", "Terbium export licences tighten", "2025-04-04",
     "Beijing added terbium and dysprosium to its export control list in April, requiring licences "
     "for every shipment of the heavy rare earths.", "independent", ["china", "terbium", "dysprosium"],
     "export_control"),
    ("doc_b", "Magnet plant opens in Texas", "2025-01-15",
     "MP Materials began trial production of NdFeB magnets at its Fort Worth plant, a first step "
     "towards a domestic magnet supply chain.", "company", ["mp-materials", "united-states"], "plant_opening"),
    ("doc_c", "Quota season", "2024-02-10",
     "China's first batch of mining quotas kept output flat, while terbium prices rose on reports of "
     "tighter supply from Myanmar.", "government", ["china", "terbium"], None),
]
ENTITIES = [
    ("china", "China", "country", None), ("united-states", "United States", "country", None),
    ("terbium", "Terbium", "element", None), ("dysprosium", "Dysprosium", "element", None),
    ("mp-materials", "MP Materials", "company", "united-states"),
]


def seed(url: str) -> sa.Engine:
    engine = open_store(url)
    with engine.begin() as conn:
        for kind in ("independent", "company", "government"):
            conn.execute(t.sources.insert().values(name=f"{kind} wire", kind=kind))
        src = dict(conn.execute(sa.select(t.sources.c.kind, t.sources.c.id)).all())
        for eid, name, kind, country in ENTITIES:
            conn.execute(t.entities.insert().values(id=eid, name=name, kind=kind, country=country,
                                                    tickers=[], attributes={}))
            conn.execute(t.entity_aliases.insert().values(alias_key=name.lower(), entity_id=eid, alias=name,
                                                          origin="vocab"))
        for doc_id, title, published, text, kind, mentioned, event in DOCS:
            conn.execute(t.documents.insert().values(
                id=doc_id, origin=f"{doc_id}.txt", title=title, published=published, published_precision="day",
                published_sort=dt.date.fromisoformat(published), ingested_at=NOW, raw_sha256=doc_id * 4,
                text=text, source_id=src[kind], repairs=[]))
            for ent in mentioned:
                conn.execute(t.mentions.insert().values(document_id=doc_id, entity_id=ent, text=ent, start=0,
                                                        end=len(ent), kind="x", extractor="test"))
            if event:
                conn.execute(t.events.insert().values(
                    id=f"ev_{doc_id}", document_id=doc_id, type=event, actors=[], materials=[], attributes={},
                    start=0, end=10, sentence_start=0, sentence_end=10, quote=text[:10], extractor="test"))
    return engine


def fulltext_only() -> Settings:
    return Settings(semantic_search=False)


def test_bm25_ranks_title_and_body_matches(store_url: str) -> None:
    engine = seed(store_url)
    res = search(engine, "terbium", fulltext_only(), mode="fulltext")
    ids = [h.document_id for h in res.hits]
    assert set(ids) == {"doc_a", "doc_c"}
    assert ids[0] == "doc_a"  # in the title and twice in the body
    assert res.hits[0].score > res.hits[1].score
    assert res.hits[0].source_kind == "independent"


def test_all_words_must_match_then_any_word(store_url: str) -> None:
    engine = seed(store_url)
    assert [h.document_id for h in search(engine, "terbium prices", fulltext_only(), mode="fulltext").hits] == ["doc_c"]
    either = search(engine, "magnets zirconium", fulltext_only(), mode="fulltext").hits
    assert [h.document_id for h in either] == ["doc_b"]


def test_hostile_query_syntax_is_quoted_not_run(store_url: str) -> None:
    engine = seed(store_url)
    for q in ['terbium" OR "', "terbium*", "NEAR(terbium quota)", "terbium'; DROP TABLE documents; --"]:
        hits = search(engine, q, fulltext_only(), mode="fulltext").hits
        assert {h.document_id for h in hits} <= {"doc_a", "doc_b", "doc_c"}
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.documents)).scalar_one() == 3


def test_filters_narrow_results(store_url: str) -> None:
    engine = seed(store_url)
    run = lambda **f: {h.document_id for h in search(engine, "terbium", fulltext_only(), mode="fulltext",  # noqa: E731
                                                     filters=SearchFilters(**f)).hits}
    assert run(date_from=dt.date(2025, 1, 1)) == {"doc_a"}
    assert run(date_to=dt.date(2024, 12, 31)) == {"doc_c"}
    assert run(event_type="export_control") == {"doc_a"}
    assert run(source_kind="government") == {"doc_c"}
    assert run(element="Dysprosium") == {"doc_a"}
    assert run(country="china") == {"doc_a", "doc_c"}
    assert {h.document_id for h in search(engine, "magnet", fulltext_only(), mode="fulltext",
                                          filters=SearchFilters(country="United States")).hits} == {"doc_b"}
    assert {h.document_id for h in search(engine, "magnet", fulltext_only(), mode="fulltext",
                                          filters=SearchFilters(org="mp materials")).hits} == {"doc_b"}
    with pytest.raises(NotFound, match="unknown organization"):
        run(org="Nobody Mining")


def test_passage_marks_query_words(store_url: str) -> None:
    engine = seed(store_url)
    hit = search(engine, "export licences", fulltext_only(), mode="fulltext").hits[0]
    marked = [s for s, m in hit.passage.segments if m]
    assert "export" in marked and "licences" in marked
    doc_text = DOCS[0][3]
    for a, b in hit.passage.to_dict()["highlights"]:
        assert doc_text[a:b].lower().startswith(("export", "licence"))


def test_bad_arguments_are_refused(sqlite_url: str) -> None:
    engine = seed(sqlite_url)
    for kwargs in ({"mode": "fuzzy"}, {"limit": 0}, {"limit": 501}, {"offset": -1}):
        with pytest.raises(ConfigError):
            search(engine, "terbium", fulltext_only(), **kwargs)
    for q in ("", "   ", "!!!", "x" * 501):
        with pytest.raises(ConfigError):
            search(engine, q, fulltext_only())


def test_parse_query_keeps_phrases() -> None:
    p = parse_query('"rare earth" Terbium terbium')
    assert p.words == ("terbium",) and p.phrases == (("rare", "earth"),)
    assert p.fts5() == '"terbium" "rare earth"'


def _axis_embedder(texts):  # a deterministic embedder: terbium-ish texts point one way, magnets another
    out = []
    for text in texts:
        low = text.lower()
        v = np.array([("terbium" in low) + ("heavy" in low), ("magnet" in low) + 0.1, 0.05], dtype=np.float32)
        out.append(v / np.linalg.norm(v))
    return np.array(out)


def _store_vectors(engine: sa.Engine, embedder) -> None:
    with engine.begin() as conn:
        for doc_id, title, _p, text, *_ in DOCS:
            v = embedder([f"{title}\n{text}"])[0]
            conn.execute(t.embeddings.insert().values(document_id=doc_id, model="all-MiniLM-L6-v2", dim=3,
                                                      vector=v.tobytes()))


def test_semantic_and_hybrid_fusion(store_url: str) -> None:
    engine = seed(store_url)
    _store_vectors(engine, _axis_embedder)
    searcher = Searcher(engine, Settings(embedding_model="all-MiniLM-L6-v2"), embedder=_axis_embedder)
    sem = searcher.search("heavy rare earth", mode="semantic")
    assert sem.hits[0].document_id in {"doc_a", "doc_c"} and sem.used == ["semantic"]
    hyb = searcher.search("magnets", mode="hybrid")
    assert hyb.used == ["fulltext", "semantic"]
    assert hyb.hits[0].document_id == "doc_b"
    assert hyb.hits[0].fulltext_rank == 1 and hyb.hits[0].semantic_rank == 1
    filtered = searcher.search("heavy rare earth", mode="semantic", filters=SearchFilters(source_kind="government"))
    assert [h.document_id for h in filtered.hits] == ["doc_c"]


def test_new_documents_are_indexed_by_trigger(store_url: str) -> None:
    engine = seed(store_url)
    with engine.begin() as conn:
        conn.execute(t.documents.update().where(t.documents.c.id == "doc_b").values(text="Samarium cobalt output"))
        conn.execute(t.documents.delete().where(t.documents.c.id == "doc_c"))
    assert [h.document_id for h in search(engine, "samarium", fulltext_only(), mode="fulltext").hits] == ["doc_b"]
    assert [h.document_id for h in search(engine, "terbium", fulltext_only(), mode="fulltext").hits] == ["doc_a"]


def test_near_duplicates_never_appear(store_url: str) -> None:
    engine = seed(store_url)
    with engine.begin() as conn:
        for i in range(30):  # more copies than one page: the unfiltered fast path must fall back
            conn.execute(t.documents.insert().values(
                id=f"dup_{i:02d}", origin=f"dup{i}", title="Terbium terbium terbium", ingested_at=NOW,
                raw_sha256=f"{i:064d}", text="terbium terbium terbium licences", repairs=[], duplicate_of="doc_a"))
    hits = search(engine, "terbium", fulltext_only(), mode="fulltext", limit=2).hits
    assert [h.document_id for h in hits] == ["doc_a", "doc_c"]
