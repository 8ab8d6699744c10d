"""The feeds page and ``GET /api/v1/feeds``: each feed's last success, last error and items,
over a store filled by a real poll of feeds served on 127.0.0.1; a hostile feed name and error
are shown as text, never as markup."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from monazite.deliver.web import create_app
from monazite.pipeline.poll import run_poll
from monazite.settings import Settings
from monazite.store.engine import open_store
from monazite.store.feeds import add_feed
from tests.deliver.web.chromium import ARTIFACTS, TIMEOUT_MS, launch
from tests.deliver.web.conftest import serve_app
from tests.pipeline.feed_server import feed_server

HOSTILE = '<script>alert("feed")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def feeds_db(sqlite_url: str) -> Iterator[str]:
    settings = Settings(db=sqlite_url, allow_private_hosts=True, semantic_search=False, feed_timeout=1.0,
                        feed_retries=0, feed_host_delay=0.0)
    with feed_server() as server:
        server.routes["/hostile.xml"] = server.routes["/down.xml"]
        engine = open_store(sqlite_url)
        with engine.begin() as conn:
            add_feed(conn, server.url("/wire.xml"), 3600, name="Lanthanide Wire")
            add_feed(conn, server.url("/hostile.xml") + "?q=<b>bold</b>", 900, name=HOSTILE)
        engine.dispose()
        report = run_poll(settings, extract=False)
        assert report.counts == {"ok": 1, "not_modified": 0, "failed": 1}, report.to_dict()
    yield sqlite_url


def test_the_page_shows_health_and_items_and_escapes_names(feeds_db: str) -> None:
    with TestClient(create_app(Settings(db=feeds_db, semantic_search=False))) as client:
        page = client.get("/feeds")
        assert page.status_code == 200
        html = page.text
        assert '<a href="/feeds">Feeds</a>' in html  # in the navigation
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(&#34;feed&#34;)&lt;/script&gt;" in html
        assert "HTTP 500 Internal Server Error" in html
        assert "Lynas Rare Earths adds a second heavy rare earth circuit in Malaysia" in html
        assert 'href="/documents/doc_' in html
        data = client.get("/api/v1/feeds").json()
        assert data["count"] == 2
        by = {f["name"]: f for f in data["items"]}
        wire, hostile = by["Lanthanide Wire"], by[HOSTILE]
        assert (wire["items_total"], wire["last_status"], wire["failures"], wire["every"]) == (2, 200, 0, "1h")
        assert wire["last_success_at"] and wire["last_error"] is None and len(wire["items"]) == 2
        assert {i["title"] for i in wire["items"]} >= {"Terbium oxide price steady as buyers wait for export licences"}
        assert (hostile["failures"], hostile["last_status"], hostile["last_success_at"]) == (1, 500, None)
        assert hostile["last_error"] == "HTTP 500 Internal Server Error" and hostile["every"] == "15m"
        assert client.get("/api/v1/feeds", params={"items": 0}).json()["items"][0]["items"] == []
        assert client.get("/api/v1/feeds", params={"items": 1000}).status_code == 422


def test_an_empty_registry_says_how_to_start(sqlite_url: str) -> None:
    with TestClient(create_app(Settings(db=sqlite_url, semantic_search=False))) as client:
        assert "No feeds yet" in client.get("/feeds").text
        assert client.get("/api/v1/feeds").json() == {"count": 0, "items": []}


def test_the_page_in_chromium_runs_no_feed_markup_and_fits_a_phone(feeds_db: str) -> None:
    with launch() as browser, serve_app(Settings(db=feeds_db, semantic_search=False)) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{url}/feeds")
        assert HOSTILE in page.locator("#feeds").inner_text()
        assert page.locator("#feeds script, #feeds img").count() == 0 and dialogs == []
        page.screenshot(path=str(ARTIFACTS / "feeds.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 900})
        page.goto(f"{url}/feeds")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.close()
