"""Publishers end to end: files through the real pipeline into a real SQLite store, then the
``summary`` and ``documents`` commands on that store."""

from __future__ import annotations

import json
import shutil

import pytest
import sqlalchemy as sa

from monazite.pipeline import run_ingest
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store

WIRE = ("{title}\nSource: {url}\n\n{body}\n")
WIRE_STORIES = {
    "wire_com.txt": ("Magnet exports recover in August", "https://www.reuters.com/markets/commodities/magnets-recover",
                     "Chinese exports of rare earth permanent magnets recovered in August as more licences were "
                     "granted, customs figures showed, though shipments to some defence buyers stayed low."),
    "wire_couk.txt": ("European carmakers build magnet stocks", "https://www.reuters.co.uk/business/autos/magnet-stocks",
                      "European carmakers said they were holding several months of rare earth magnets in reserve "
                      "after supply interruptions earlier in the year forced brief stoppages at two plants."),
}


@pytest.fixture(autouse=True)
def _no_embeddings(monkeypatch) -> None:
    monkeypatch.setenv("MONAZITE_SEMANTIC_SEARCH", "false")


def _stored_sources(url: str) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str, str | None]]]:
    """({document origin: (source name, kind)}, [every sources row])."""
    engine = open_store(url)
    try:
        with engine.connect() as conn:
            d, s = t.documents, t.sources
            per_doc = {row.origin: (row.name, row.kind) for row in conn.execute(
                sa.select(d.c.origin, s.c.name, s.c.kind).join(s, d.c.source_id == s.c.id))}
            rows = [tuple(row) for row in conn.execute(sa.select(s.c.name, s.c.kind, s.c.url).order_by(s.c.name))]
    finally:
        engine.dispose()
    return per_doc, rows


def test_publishers_stored_and_counted(cli, sqlite_url, fixtures_dir, tmp_path) -> None:
    batch = tmp_path / "batch"
    shutil.copytree(fixtures_dir / "ingest" / "publishers", batch)
    for name, (title, url, body) in WIRE_STORIES.items():
        (batch / name).write_text(WIRE.format(title=title, url=url, body=body), encoding="utf-8")
    report = run_ingest([str(batch)], Settings(db=sqlite_url, semantic_search=False), progress=False)
    assert report.counts == {"new": 10, "duplicate": 0, "near_duplicate": 0, "failed": 0}

    per_doc, rows = _stored_sources(sqlite_url)
    by_file = {origin.rsplit("/", 1)[-1]: source for origin, source in per_doc.items()}
    assert by_file["og_site_name.html"] == ("Lanthanide Ledger", "unknown")
    assert by_file["json_ld.html"] == ("Terbium Times", "unknown")
    assert by_file["url_only.html"] == ("example-news.com", "unknown")
    assert by_file["masthead.txt"] == ("Mining Weekly", "independent")
    assert by_file["masthead_unknown.txt"] == ("Refinery Metals Gazette", "unknown")
    assert by_file["hostile_site_name.html"] == ("Cerium Courier", "unknown")
    assert by_file["hostile_site_name_refused.html"] == ("hostile-wire.example", "unknown")
    # a "Source: URL" line: the URL is the stored origin, its host the publisher
    assert per_doc["https://www.example-news.com/markets/dysprosium-oxide-prices-ease"] == ("example-news.com",
                                                                                           "unknown")
    # reuters.com and reuters.co.uk are one organisation in the registry: one source
    for _, url, _ in WIRE_STORIES.values():
        assert per_doc[url] == ("Reuters", "independent")

    assert rows == [
        ("Cerium Courier", "unknown", "https://cerium-courier.example"),
        ("Lanthanide Ledger", "unknown", "https://lanthanide-ledger.example"),
        ("Mining Weekly", "independent", "https://miningweekly.com"),
        ("Refinery Metals Gazette", "unknown", None),
        ("Reuters", "independent", "https://reuters.com"),
        ("Terbium Times", "unknown", "https://terbium-times.example"),
        ("example-news.com", "unknown", "https://example-news.com"),
        ("hostile-wire.example", "unknown", "https://hostile-wire.example"),
    ]
    code, out, _ = cli("--db", sqlite_url, "summary", "--json")
    assert code == 0 and json.loads(out)["sources"] == len(rows)


def test_sample_corpus_counts_its_sources(cli, sqlite_url) -> None:
    code, out, _ = cli("--db", sqlite_url, "ingest", "--sample", "--no-extract", "--json")
    assert code == 0 and json.loads(out)["counts"]["failed"] == 0
    code, out, _ = cli("--db", sqlite_url, "summary", "--json")
    assert code == 0 and json.loads(out)["sources"] > 0

    per_doc, rows = _stored_sources(sqlite_url)
    assert json.loads(out)["sources"] == len(rows)
    for name, _kind, _url in rows:
        assert "http" not in name.lower() and "source:" not in name.lower() and "/" not in name
    by_file = {origin.rsplit("/", 1)[-1]: name for origin, (name, _) in per_doc.items()}
    assert by_file["china_processing_grip.html"] == "Magnet Markets Weekly"  # og:site_name
    assert by_file["lynas_fy25_results.txt"] == "Pacific Resources Review"  # masthead
    feed_items = [name for origin, (name, _) in per_doc.items() if "rare-earth-brief.example" in origin]
    assert feed_items and set(feed_items) == {"Rare Earth Brief"}  # the feed's title, items on its own site
