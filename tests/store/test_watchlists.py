"""Watchlist CRUD and alert bookkeeping on both backends, over documents the real pipeline stored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from monazite.errors import NotFound, StoreError
from monazite.pipeline import run_ingest
from monazite.settings import load_settings
from monazite.store.engine import open_store
from monazite.store.watchlists import (
    WatchQuery, add_watchlist, document_evidence, get_watchlist, list_alerts, list_watchlists, record_alert,
    remove_watchlist,
)


@pytest.fixture
def stored(store_url: str, fixtures_dir: Path) -> dict[str, str]:
    """Ingest the watch fixtures; returns title -> document id."""
    settings = load_settings(env={}, db=store_url, semantic_search=False)
    report = run_ingest([str(fixtures_dir / "watch" / "articles")], settings, progress=False)
    assert report.ok, report.failed
    return {o.title: o.document_id for o in report.outcomes}


def test_add_get_list_remove(store_url: str) -> None:
    engine = open_store(store_url)
    try:
        with engine.begin() as conn:
            wl = add_watchlist(conn, " lynas ", WatchQuery(entities=["lynas-rare-earths"], keywords=["Kuantan"]))
            add_watchlist(conn, "controls", WatchQuery(event_types=["export_control"], min_date="2025-01-01"))
        with engine.begin() as conn:
            assert wl.name == "lynas"
            expected = WatchQuery(entities=["lynas-rare-earths"], keywords=["Kuantan"])
            assert get_watchlist(conn, "lynas").query == expected
            assert [w.name for w in list_watchlists(conn)] == ["controls", "lynas"]
            assert get_watchlist(conn, "controls").query.min_date == "2025-01-01"
            remove_watchlist(conn, "lynas")
            assert [w.name for w in list_watchlists(conn)] == ["controls"]
            with pytest.raises(NotFound):
                remove_watchlist(conn, "lynas")
    finally:
        engine.dispose()


def test_taken_name_and_empty_query_are_refused(store_url: str) -> None:
    engine = open_store(store_url)
    try:
        with engine.begin() as conn:
            add_watchlist(conn, "gallium", WatchQuery(keywords=["gallium"]))
            with pytest.raises(StoreError, match="already exists"):
                add_watchlist(conn, "gallium", WatchQuery(keywords=["germanium"]))
            with pytest.raises(StoreError, match="at least one"):
                add_watchlist(conn, "nothing", WatchQuery())
            with pytest.raises(StoreError, match="name"):
                add_watchlist(conn, "  ", WatchQuery(keywords=["x"]))
    finally:
        engine.dispose()


def test_alerts_are_recorded_once_and_filtered(store_url: str, stored: dict[str, str]) -> None:
    lynas = stored["Lynas Rare Earths lifts heavy rare earth output in Malaysia"]
    gallium = stored["Gallium prices climb in Rotterdam trading"]
    engine = open_store(store_url)
    try:
        with engine.begin() as conn:
            a = add_watchlist(conn, "a", WatchQuery(keywords=["Kuantan"]))
            b = add_watchlist(conn, "b", WatchQuery(keywords=["gallium"]))
            assert record_alert(conn, a.id, lynas, "keyword 'Kuantan' (1-2)")
            assert not record_alert(conn, a.id, lynas, "keyword 'Kuantan' (1-2)")
            assert record_alert(conn, b.id, gallium, "keyword 'gallium' (0-7)")
        with engine.connect() as conn:
            every = list_alerts(conn)
            assert {(x["watchlist"], x["document_id"]) for x in every} == {("a", lynas), ("b", gallium)}
            [only] = list_alerts(conn, watchlist="b")
            assert (only["title"], only["published"]) == ("Gallium prices climb in Rotterdam trading", "2025-06-02")
            tomorrow = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)
            assert list_alerts(conn, since=tomorrow) == []
            assert len(list_alerts(conn, since=tomorrow - dt.timedelta(days=2))) == 2
            with pytest.raises(NotFound):
                list_alerts(conn, watchlist="missing")
        with engine.begin() as conn:
            assert remove_watchlist(conn, "a") == 1
            assert [x["watchlist"] for x in list_alerts(conn)] == ["b"]
    finally:
        engine.dispose()


def test_document_evidence_carries_mentions_events_and_dates(store_url: str, stored: dict[str, str]) -> None:
    doc_id = stored["China widens export controls on rare earth technology"]
    engine = open_store(store_url)
    try:
        with engine.connect() as conn:
            [ev] = document_evidence(conn, [doc_id])
    finally:
        engine.dispose()
    assert ev.published == dt.date(2025, 10, 9)
    assert ("export_control" in {e[0] for e in ev.events})
    china = [m for m in ev.mentions if m[0] == "china"]
    assert china and ev.text[china[0][1]:china[0][2]] == "China"
