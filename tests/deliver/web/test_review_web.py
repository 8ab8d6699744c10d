"""The review loop in the browser: the queue page, buttons behind the write token, and a
decision made in headless Chromium showing in the CLI, the claims page and the document page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from monazite.deliver.cli import _load_commands, app
from monazite.deliver.web import create_app
from monazite.pipeline.local import run_ingest
from monazite.settings import Settings
from tests.deliver.web.chromium import ARTIFACTS, TIMEOUT_MS, launch
from tests.deliver.web.conftest import serve_app

TOKEN = "review-token-for-tests"
ARTICLES = ("company_output", "company_output_low", "pentagon_equity", "pentagon_equity_low")


def _cli(db: str, *args: str) -> str:
    _load_commands()
    result = CliRunner().invoke(app, ["--db", db, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def review_db(sqlite_url: str, fixtures_dir: Path) -> str:
    for name in ARTICLES:
        run_ingest([str(fixtures_dir / "claims" / f"{name}.txt")], Settings(db=sqlite_url, semantic_search=False),
                   source=f"Outlet {name}", progress=False)
    return sqlite_url


def test_writes_need_the_token_and_reads_do_not(review_db: str) -> None:
    with TestClient(create_app(Settings(db=review_db, semantic_search=False))) as c:
        queue = c.get("/api/v1/review/queue").json()["items"]
        assert queue and queue[0]["reason"].startswith("conflicting")
        assert c.post(f"/api/v1/review/{queue[0]['id']}", json={"decision": "accept"}).status_code in (404, 405)
        page = c.get("/review").text
        assert "api-token" in page and "review-btn" not in page  # no buttons without a token
    settings = Settings(db=review_db, semantic_search=False, api_token=TOKEN)
    with TestClient(create_app(settings)) as c:
        target = queue[0]["id"]
        for headers in ({}, {"Authorization": "Bearer wrong"}):
            assert c.post(f"/api/v1/review/{target}", json={"decision": "reject"}, headers=headers).status_code == 403
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert c.post(f"/api/v1/review/{target}", json={"decision": "maybe"}, headers=auth).status_code == 422
        bad = c.post(f"/api/v1/review/{target}", json={"decision": "correct", "changes": {"metric": "mood"}},
                     headers=auth)
        assert bad.status_code == 400 and "unknown metric" in bad.json()["error"]
        assert c.post("/api/v1/review/fact_0000000000000000", json={"decision": "accept"},
                      headers=auth).status_code == 404
        ok = c.post(f"/api/v1/review/{target}", json={"decision": "reject", "reviewer": "api-user"}, headers=auth)
        assert ok.status_code == 200 and ok.json()["decision"] == "reject"
        assert c.get("/api/v1/reviews").json()["items"][0]["reviewer"] == "api-user"
        facts = c.get("/api/v1/facts", params={"limit": 500}).json()["items"]
        assert target not in {f["id"] for f in facts}
        everything = c.get("/api/v1/facts", params={"limit": 500, "include_rejected": "true"}).json()["items"]
        assert next(f for f in everything if f["id"] == target)["review"] == "rejected"


@pytest.fixture
def browser() -> Iterator[object]:
    with launch() as b:
        yield b


def test_a_decision_made_in_the_browser_shows_in_the_cli(browser, review_db: str) -> None:  # noqa: ANN001
    queue = json.loads(_cli(review_db, "review", "queue", "--json"))
    low = next(i for i in queue if "41,000" in i["label"])
    deal = next(i for i in queue if "$350 million" in i["label"])
    settings = Settings(db=review_db, semantic_search=False, api_token=TOKEN)
    with serve_app(settings) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{url}/review")
        page.fill("#review-name", "browser-ana")
        page.fill("#review-secret", TOKEN)
        page.dispatch_event("#review-name", "change")
        card = page.locator(f"#q-{low['id']}")
        card.locator("button[data-decision=reject]").click()
        page.wait_for_selector(f"#q-{low['id']} .review-controls[data-done=reject]")
        assert card.locator(".review-status").inner_text().startswith("rejected: saved as review")
        # a correction through the form
        deal_card = page.locator(f"#q-{deal['id']}")
        deal_card.locator("summary").click()
        deal_card.locator("input[name=value]").fill("400000000")
        deal_card.locator("button[type=submit]").click()
        page.wait_for_selector(f"#q-{deal['id']} .review-controls[data-done=correct]")
        page.screenshot(path=str(ARTIFACTS / "review-queue.png"), full_page=True)

        log = json.loads(_cli(review_db, "review", "list", "--json"))
        assert [(r["record_id"], r["decision"], r["reviewer"]) for r in log] == [
            (low["id"], "reject", "browser-ana"), (deal["id"], "correct", "browser-ana")]
        assert json.loads(_cli(review_db, "claims", "--status", "conflicting", "--json")) == []

        page.goto(f"{url}/documents/{low['document_id']}")
        badge = page.locator(f"#rec-{low['id']} .badge-rejected")
        assert badge.inner_text() == "rejected by browser-ana"
        page.goto(f"{url}/claims")
        assert page.locator(".status-conflicting").count() == 0
        assert page.locator(".badge-corrected").all_inner_texts() == ["corrected"]  # the claim's corrected side
        page.screenshot(path=str(ARTIFACTS / "review-claims.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 900})  # a phone: controls wrap, nothing overflows
        for path in ("/review", f"/documents/{low['document_id']}", "/claims"):
            page.goto(url + path)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        page.screenshot(path=str(ARTIFACTS / "review-claims-390.png"), full_page=True)
        page.close()
