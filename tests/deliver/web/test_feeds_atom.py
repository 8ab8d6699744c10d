"""Atom feeds of the digests and of each watchlist, parsed by feedparser: valid Atom 1.0, escaped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient

from monazite.pipeline import run_ingest
from monazite.settings import load_settings
from monazite.store.engine import open_store
from monazite.store.watchlists import WatchQuery, add_watchlist

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="module")
def feeds_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from monazite.deliver.web import create_app

    db = f"sqlite:///{tmp_path_factory.mktemp('atom') / 'kb.db'}"
    settings = load_settings(env={}, db=db, semantic_search=False)
    engine = open_store(db)
    with engine.begin() as conn:
        add_watchlist(conn, "ndpr", WatchQuery(keywords=["neodymium"]))
    engine.dispose()
    for path in (FIXTURES / "stories" / "heldout.jsonl", FIXTURES / "watch" / "articles" / "script_title.jsonl"):
        assert run_ingest([str(path)], settings, progress=False).ok
    with TestClient(create_app(settings)) as client:
        yield client


def _parse(response) -> feedparser.FeedParserDict:  # noqa: ANN001 - an httpx response
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert b"<script" not in response.content  # untrusted text is escaped in the XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_digest_feed_has_one_entry_per_day_with_the_digest(feeds_client: TestClient) -> None:
    feed = _parse(feeds_client.get("/feeds/digest.atom"))
    [entry] = feed.entries  # everything was ingested today
    assert entry.title.startswith("Rare-earth digest ") and entry.title.endswith(" stories")
    assert entry.id.startswith("urn:monazite:digest:")
    html = entry.content[0].value
    assert "Top stories" in html and "Watchlist hits" in html
    assert "Apple commits $500 million to recycled magnets from MP Materials" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the hostile title, still escaped once decoded
    assert feeds_client.get("/feeds/digest.atom", params={"days": 0}).status_code == 422


def test_watchlist_feed_has_one_entry_per_alert(feeds_client: TestClient) -> None:
    feed = _parse(feeds_client.get("/feeds/watchlists/ndpr.atom"))
    assert feed.feed.title == "monazite watchlist: ndpr"
    titles = {e.title for e in feed.entries}
    assert "Magnets <script>alert(1)</script> report" in titles  # text, as the feed reader shows it
    assert len({e.id for e in feed.entries}) == len(feed.entries) >= 2
    for entry in feed.entries:
        assert entry.link.startswith(("https://", "http://testserver/documents/doc_"))
        assert "keyword 'neodymium'" in entry.summary
    assert feeds_client.get("/feeds/watchlists/nothing-here.atom").status_code == 404
