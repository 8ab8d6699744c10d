"""The daily digest over documents the real pipeline ingested: provenance, conflicts, hits, escaping."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from monazite.deliver.digest import build_digest, render_digest
from monazite.pipeline import run_ingest
from monazite.settings import Settings, load_settings
from monazite.store.engine import open_store
from monazite.store.schema import documents
from monazite.store.watchlists import WatchQuery, add_watchlist



def _ingest_day(url: str) -> dt.date:
    """The UTC day the fixture documents were ingested on (robust to a run that spans midnight)."""
    engine = open_store(url)
    try:
        with engine.connect() as conn:
            stamp = conn.execute(sa.select(sa.func.max(documents.c.ingested_at))).scalar_one()
    finally:
        engine.dispose()
    return (stamp if isinstance(stamp, dt.datetime) else dt.datetime.fromisoformat(str(stamp))).date()


@pytest.fixture
def kb(sqlite_url: str, fixtures_dir: Path) -> tuple[str, Settings]:
    settings = load_settings(env={}, db=sqlite_url, semantic_search=False)
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        add_watchlist(conn, "refining", WatchQuery(keywords=["refining"]))
    engine.dispose()
    watch = fixtures_dir / "watch"
    for path, source in [(watch / "conflict" / "refining_low.txt", "Separation Review"),
                         (watch / "conflict" / "refining_high.txt", "Oxide Market Watch"),
                         (watch / "articles" / "script_title.jsonl", None)]:
        assert run_ingest([str(path)], settings, source=source, progress=False).ok
    return sqlite_url, settings


def _digest(kb: tuple[str, Settings], day: dt.date | None = None, days: int = 1) -> dict:
    day = day or _ingest_day(kb[0])
    engine = open_store(kb[0])
    try:
        return build_digest(engine, kb[1], day, days)
    finally:
        engine.dispose()


def test_digest_lists_documents_with_provenance_conflicts_and_hits(kb: tuple[str, Settings]) -> None:
    digest = _digest(kb)
    docs = {d["title"]: d for d in digest["documents"]}
    assert set(docs) == {"China's share of rare earth refining edges lower",
                         "Refiners outside China struggle to gain ground", "Magnets <script>alert(1)</script> report"}
    low = docs["China's share of rare earth refining edges lower"]
    assert (low["source"], low["published"]) == ("Separation Review", "2025-08-10")
    [share] = [f for f in low["facts"] if f["metric"] == "market_share"]
    assert (share["value"], share["unit"], share["subject"]) == (85, "%", "China")
    doc_id, span = share["provenance"].split("@")
    start, end = (int(x) for x in span.split("-"))
    assert doc_id == low["id"] and start < end and "85%" in share["quote"]
    [conflict] = digest["conflicts"]
    assert (conflict["subject_id"], conflict["metric"], conflict["period"]) == ("china", "market_share", "2024")
    assert sorted(f["value"] for side in conflict["sides"] for f in side["facts"]) == [85, 91]
    assert {h["watchlist"] for h in digest["watch_hits"]} == {"refining"}
    assert low["alerts"] and low["alerts"][0]["reason"].startswith("keyword 'refining' (")


def test_window_is_by_ingest_day(kb: tuple[str, Settings]) -> None:
    day = _ingest_day(kb[0])
    assert _digest(kb, day - dt.timedelta(days=1))["documents"] == []
    assert len(_digest(kb, day + dt.timedelta(days=1), days=2)["documents"]) == 3


def test_html_escapes_untrusted_text_and_keeps_provenance(kb: tuple[str, Settings]) -> None:
    digest = _digest(kb)
    html = render_digest(digest, "html")
    assert "<script>" not in html
    assert "Magnets &lt;script&gt;alert(1)&lt;/script&gt; report" in html
    for doc in digest["documents"]:
        for fact in doc["facts"]:
            assert fact["provenance"] in html
    assert "New conflicts" in html and "Watchlist hits" in html


def test_markdown_and_json_forms(kb: tuple[str, Settings]) -> None:
    digest = _digest(kb)
    markdown = render_digest(digest, "markdown")
    provenance = digest["documents"][0]["facts"][0]["provenance"]
    assert f"[{provenance}]" in markdown and "## New conflicts" in markdown
    assert "<script>" not in markdown
    assert json.loads(render_digest(digest, "json")) == json.loads(json.dumps(digest, default=str))


def test_review_decisions_show_in_the_digest(kb: tuple[str, Settings]) -> None:
    from monazite import KnowledgeBase

    with KnowledgeBase(kb[0], kb[1]) as base:
        facts = base.facts(metric="market_share").sort_values("value")
        assert list(facts["value"]) == [85, 91]
        base.review(facts.iloc[0]["id"], "reject", reviewer="ana")
        base.review(facts.iloc[-1]["id"], "accept", reviewer="ana")
    digest = _digest(kb)
    shares = [f for d in digest["documents"] for f in d["facts"] if f["metric"] == "market_share"]
    assert [(f["value"], f["review"]) for f in shares] == [(91, "accepted")]  # the rejected 85% is gone
    assert digest["conflicts"] == []  # one side rejected: no conflict left
    text = render_digest(digest, "markdown")
    assert "verified by an analyst]" in text
    assert "verified by an analyst" in render_digest(digest, "html")
