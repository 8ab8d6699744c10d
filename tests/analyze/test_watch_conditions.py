"""Watchlist conditions end to end: our articles through the real pipeline into a real store,
then thresholds, a price move and a claim turning conflicting; rejected facts never fire."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from monazite.analyze.watch import build_query, match_new_documents
from monazite.errors import NotFound, StoreError
from monazite.pipeline import run_ingest
from monazite.settings import Settings, load_settings
from monazite.store import schema as t
from monazite.store.engine import open_store
from monazite.store.reviews import record_review
from monazite.store.watchlists import add_watchlist, list_alerts
from monazite.vocab import load_vocabulary

ALERTS = Path(__file__).resolve().parents[1] / "fixtures" / "alerts"


def _settings(url: str) -> Settings:
    return load_settings(env={}, db=url, semantic_search=False)


def _rule(url: str, name: str, **typed: object) -> None:
    engine = open_store(url)
    try:
        with engine.begin() as conn:
            add_watchlist(conn, name, build_query(conn, vocab=load_vocabulary(), **typed))
    finally:
        engine.dispose()


def _alerts(url: str, watchlist: str) -> list[dict]:
    engine = open_store(url)
    try:
        with engine.connect() as conn:
            return list_alerts(conn, watchlist=watchlist)
    finally:
        engine.dispose()


def test_capacity_threshold_fires_above_and_not_below(store_url: str) -> None:
    _rule(store_url, "big-plants", thresholds=["capacity>5000t"])
    _rule(store_url, "lynas-big", entities=["Lynas"], thresholds=["capacity>5000t"])
    _rule(store_url, "iluka-big", entities=["Iluka Resources"], thresholds=["capacity>5000t"])
    assert run_ingest([str(ALERTS / "capacity")], _settings(store_url), progress=False).ok
    [hit] = _alerts(store_url, "big-plants")
    assert hit["title"] == "Lynas Rare Earths plans a larger separation plant in Texas"  # 6,000 t, not Iluka's 400 t
    assert hit["kind"] == "threshold"
    assert hit["reason"].startswith("Lynas Rare Earths capacity 6,000 tonnes (")
    assert hit["reason"].endswith("crosses capacity>5000t")
    assert hit["detail"]["value"] == 6000 and hit["detail"]["unit"] == "t/yr" and hit["detail"]["facts"]
    assert len(_alerts(store_url, "lynas-big")) == 1 and _alerts(store_url, "iluka-big") == []
    # Re-running the batch's matching records nothing new.
    engine = open_store(store_url)
    try:
        with engine.begin() as conn:
            ids = [r.id for r in conn.execute(sa.select(t.documents.c.id))]
            assert match_new_documents(conn, ids, _settings(store_url)) == 0
    finally:
        engine.dispose()


def test_price_move_over_ten_percent(store_url: str) -> None:
    _rule(store_url, "moves", thresholds=["price_change>10%"])
    assert run_ingest([str(ALERTS / "prices")], _settings(store_url), progress=False).ok
    [hit] = _alerts(store_url, "moves")
    assert hit["title"] == "Dysprosium oxide prices jump after supply scare"  # 14%, not neodymium's 3%
    assert "price_change 14% (" in hit["reason"]


def test_claim_turning_conflicting_after_a_second_article(store_url: str) -> None:
    _rule(store_url, "conflicts", claim_statuses=["conflicting"])
    _rule(store_url, "other-company", entities=["Lynas"], claim_statuses=["conflicting"])
    settings = _settings(store_url)
    assert run_ingest([str(ALERTS / "conflict" / "first_report.txt")], settings, progress=False).ok
    assert _alerts(store_url, "conflicts") == []  # one report: a single-source claim
    assert run_ingest([str(ALERTS / "conflict" / "second_report.txt")], settings, progress=False).ok
    [hit] = _alerts(store_url, "conflicts")
    assert hit["kind"] == "claim_status" and hit["title"] == "Estonian magnet plant output questioned"
    assert hit["reason"].startswith("claim Neo Performance Materials production 2024 became conflicting: ")
    assert "400 tonnes" in hit["reason"] and "1,000 tonnes" in hit["reason"]
    assert hit["detail"]["previous"] == ["single-source"] and len(hit["detail"]["facts"]) == 2
    assert _alerts(store_url, "other-company") == []  # scoped to Lynas: Neo's conflict is not its business


def test_a_rejected_fact_never_fires(sqlite_url: str) -> None:
    settings = _settings(sqlite_url)
    report = run_ingest([str(ALERTS / "capacity" / "large_plant.txt")], settings, progress=False)
    [doc] = [o.document_id for o in report.outcomes]
    _rule(sqlite_url, "big-plants", thresholds=["capacity>5000t"])
    engine = open_store(sqlite_url)
    try:
        with engine.begin() as conn:
            [fact] = [r.id for r in conn.execute(sa.select(t.facts.c.id).where(t.facts.c.metric == "capacity"))]
            record_review(conn, fact, "reject", reviewer="ana", note="the plan was withdrawn")
            conn.execute(t.alerts.delete())  # the rule saw the back catalogue when added; start clean
            assert match_new_documents(conn, [doc], settings) == 0
        with engine.begin() as conn:  # accepted by an analyst, it fires whatever its confidence
            record_review(conn, fact, "accept", reviewer="ana")
            assert match_new_documents(conn, [doc], settings.with_overrides(fact_confidence_threshold=0.99)) == 1
    finally:
        engine.dispose()


def test_low_confidence_fact_does_not_fire(sqlite_url: str) -> None:
    settings = _settings(sqlite_url).with_overrides(fact_confidence_threshold=0.99)
    _rule(sqlite_url, "big-plants", thresholds=["capacity>5000t"])
    assert run_ingest([str(ALERTS / "capacity")], settings, progress=False).ok
    assert _alerts(sqlite_url, "big-plants") == []


def test_bad_conditions_are_refused_by_name(sqlite_url: str) -> None:
    with pytest.raises(NotFound, match="unknown metric 'capacty'"):
        _rule(sqlite_url, "x", thresholds=["capacty>5000t"])
    with pytest.raises(StoreError, match="METRIC OP NUMBER"):
        _rule(sqlite_url, "x", thresholds=["capacity is big"])
    with pytest.raises(StoreError, match="unknown claim status 'contested'"):
        _rule(sqlite_url, "x", claim_statuses=["contested"])
