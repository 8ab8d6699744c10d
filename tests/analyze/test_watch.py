"""Watchlist matching: the pure rule on hand-made evidence, then end to end through the ingest pipeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from monazite.analyze.watch import build_query, match_document, match_new_documents, match_watchlist
from monazite.errors import NotFound
from monazite.pipeline import run_ingest
from monazite.settings import load_settings
from monazite.store import schema as t
from monazite.store.engine import open_store
from monazite.store.watchlists import DocumentEvidence, WatchQuery, add_watchlist, list_alerts
from monazite.vocab import load_vocabulary

TEXT = "Lynas Rare Earths opened a plant. Export controls on gallium followed; Gallium-rich ore was scarce."
DOC = DocumentEvidence("doc_x", TEXT, dt.date(2025, 5, 14), mentions=[("lynas-rare-earths", 0, 17)],
                       events=[("export_control", 34, 49)])


def test_reason_names_each_match_with_its_span() -> None:
    query = WatchQuery(entities=["lynas-rare-earths"], event_types=["export_control"], keywords=["GALLIUM"])
    reason = match_document(query, DOC, {"lynas-rare-earths": "Lynas Rare Earths"})
    assert reason == "mentions Lynas Rare Earths (0-17); event export_control (34-49); keyword 'GALLIUM' (53-60)"
    assert TEXT[53:60] == "gallium"


def test_keywords_match_whole_words_only() -> None:
    assert match_document(WatchQuery(keywords=["gall"]), DOC) is None
    start = TEXT.index("ore was")
    assert match_document(WatchQuery(keywords=["ore was"]), DOC) == f"keyword 'ore was' ({start}-{start + 7})"
    assert match_document(WatchQuery(keywords=["rich"]), DOC) is not None  # "Gallium-rich": hyphen is a boundary


def test_nothing_listed_matches_nothing_and_min_date_excludes_older() -> None:
    assert match_document(WatchQuery(entities=["mp-materials"], event_types=["offtake"]), DOC) is None
    assert match_document(WatchQuery(keywords=["gallium"], min_date="2025-06-01"), DOC) is None
    assert match_document(WatchQuery(keywords=["gallium"], min_date="2025-05-14"), DOC) is not None


def test_build_query_resolves_names_and_refuses_unknown(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)  # a fresh store: names resolve through the vocabulary
    vocab = load_vocabulary()
    try:
        with engine.connect() as conn:
            q = build_query(conn, entities=["Lynas", "Lynas Rare Earths"], elements=["Dysprosium"],
                            event_types=["export_control"], keywords=[" gallium ", ""], min_date="2025-01-01",
                            vocab=vocab)
            assert q == WatchQuery(entities=["lynas-rare-earths"], elements=["dysprosium"],
                                   event_types=["export_control"], keywords=["gallium"], min_date="2025-01-01")
            with pytest.raises(NotFound, match="no entity named"):
                build_query(conn, entities=["Nowhere Mining Corp"], vocab=vocab)
            with pytest.raises(NotFound, match="not an element"):
                build_query(conn, elements=["China"], vocab=vocab)
            with pytest.raises(NotFound, match="unknown event type"):
                build_query(conn, event_types=["moon_landing"], vocab=vocab)
            with pytest.raises(NotFound, match="YYYY-MM-DD"):
                build_query(conn, keywords=["x"], min_date="May 2025", vocab=vocab)
    finally:
        engine.dispose()


def test_ingest_records_alerts_for_new_documents_once(store_url: str, fixtures_dir: Path) -> None:
    settings = load_settings(env={}, db=store_url, semantic_search=False)
    engine = open_store(store_url)
    try:
        with engine.begin() as conn:
            add_watchlist(conn, "controls", WatchQuery(event_types=["export_control"]))
            add_watchlist(conn, "lynas", WatchQuery(entities=["lynas-rare-earths"], keywords=["Kuantan"]))
        report = run_ingest([str(fixtures_dir / "watch" / "articles")], settings, progress=False)
        assert report.ok
        with engine.connect() as conn:
            hits = {a["watchlist"]: a for a in list_alerts(conn)}
        assert set(hits) == {"controls", "lynas"}
        assert hits["lynas"]["title"] == "Lynas Rare Earths lifts heavy rare earth output in Malaysia"
        assert hits["lynas"]["reason"].startswith("mentions Lynas Rare Earths (0-17); keyword 'Kuantan' (")
        assert hits["controls"]["reason"].startswith("event export_control (")
        ids = [o.document_id for o in report.outcomes]
        with engine.begin() as conn:
            assert match_new_documents(conn, ids) == 0  # the unique pair: a re-run adds nothing
        assert run_ingest([str(fixtures_dir / "watch" / "articles")], settings, progress=False).counts["new"] == 0
        with engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(t.alerts)).scalar() == 2
    finally:
        engine.dispose()


def test_new_watchlist_matches_stored_documents(sqlite_url: str, fixtures_dir: Path) -> None:
    run_ingest([str(fixtures_dir / "watch" / "articles")],
               load_settings(env={}, db=sqlite_url, semantic_search=False), progress=False)
    engine = open_store(sqlite_url)
    try:
        with engine.begin() as conn:
            wl = add_watchlist(conn, "minor", WatchQuery(keywords=["germanium"]))
            assert match_watchlist(conn, wl) == 1
            assert match_watchlist(conn, wl) == 0
            [hit] = list_alerts(conn, watchlist="minor")
        assert hit["title"] == "Gallium prices climb in Rotterdam trading"
    finally:
        engine.dispose()


def test_dask_executor_matches_too(sqlite_url: str, fixtures_dir: Path) -> None:
    engine = open_store(sqlite_url)
    try:
        with engine.begin() as conn:
            add_watchlist(conn, "gallium", WatchQuery(keywords=["gallium"]))
        settings = load_settings(env={}, db=sqlite_url, semantic_search=False, executor="dask", workers=1)
        assert run_ingest([str(fixtures_dir / "watch" / "articles")], settings, progress=False).ok
        with engine.connect() as conn:
            [hit] = list_alerts(conn)
        assert (hit["watchlist"], hit["reason"]) == ("gallium", "keyword 'gallium' (0-7)")
    finally:
        engine.dispose()


def test_watched_element_catches_materials_made_of_it(sqlite_url: str, fixtures_dir: Path) -> None:
    doc = DocumentEvidence("doc_y", "Dy oxide shipments rose.", None, mentions=[("dysprosium-oxide", 0, 8)])
    query = WatchQuery(elements=["dysprosium"])
    assert match_document(query, doc) is None
    assert match_document(query, doc, {"dysprosium-oxide": "Dysprosium oxide"},
                          {"dysprosium": ["dysprosium-oxide"]}) == "mentions Dysprosium oxide (0-8)"
    run_ingest([str(fixtures_dir / "watch" / "articles")],
               load_settings(env={}, db=sqlite_url, semantic_search=False), progress=False)
    engine = open_store(sqlite_url)
    try:
        with engine.begin() as conn:
            wl = add_watchlist(conn, "dy", query)
            match_watchlist(conn, wl)
            hits = {a["title"]: a["reason"] for a in list_alerts(conn)}
        lynas = hits["Lynas Rare Earths lifts heavy rare earth output in Malaysia"]
        assert lynas.startswith("mentions Dysprosium oxide (")
        assert "Gallium prices climb in Rotterdam trading" not in hits
    finally:
        engine.dispose()


def test_match_all_needs_each_kind_and_an_event_involving_the_element() -> None:
    text = "Terbium demand rose. China put export controls on gallium."
    doc = DocumentEvidence("doc_y", text, dt.date(2025, 3, 14), mentions=[("terbium", 0, 7), ("china", 21, 26)],
                           events=[("export_control", 31, 46)], event_entities=[frozenset({"china", "gallium"})])
    terbium_controls = WatchQuery(elements=["terbium"], event_types=["export_control"], match="all")
    assert match_document(terbium_controls, doc) is None  # the control is on gallium
    assert match_document(WatchQuery(elements=["terbium"], event_types=["export_control"]), doc) is not None  # any
    on_terbium = DocumentEvidence("doc_z", text, None, mentions=[("terbium", 0, 7)],
                                  events=[("export_control", 31, 46)], event_entities=[frozenset({"terbium"})])
    assert match_document(terbium_controls, on_terbium) == "mentions terbium (0-7); event export_control (31-46)"
    assert match_document(WatchQuery(entities=["china"], keywords=["magnet"], match="all"), doc) is None


def test_terbium_export_control_rule_fires_on_the_announcement_not_on_an_unrelated_article(store_url: str,
                                                                                        fixtures_dir: Path) -> None:
    engine = open_store(store_url)
    try:
        with engine.begin() as conn:
            query = build_query(conn, elements=["terbium"], event_types=["export_control"], match="all",
                                vocab=load_vocabulary())
            add_watchlist(conn, "terbium-controls", query, priority="high")
        settings = load_settings(env={}, db=store_url, semantic_search=False)
        assert run_ingest([str(fixtures_dir / "alerts" / "terbium")], settings, progress=False).ok
        with engine.connect() as conn:
            [hit] = list_alerts(conn, watchlist="terbium-controls")
            # The unrelated article names terbium and an export control (on gallium): no hit.
            assert conn.execute(sa.select(sa.func.count()).select_from(t.documents)).scalar() == 2
    finally:
        engine.dispose()
    assert hit["title"] == "China restricts terbium exports under new licensing rules"
    assert hit["priority"] == "high" and "event export_control (" in hit["reason"]
