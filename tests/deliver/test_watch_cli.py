"""``monazite watch``, ``alerts`` and ``digest`` through the real CLI on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monazite.pipeline import run_ingest
from monazite.settings import load_settings


@pytest.fixture
def db(sqlite_url: str, fixtures_dir: Path) -> str:
    settings = load_settings(env={}, db=sqlite_url, semantic_search=False)
    report = run_ingest([str(fixtures_dir / "watch" / "articles")], settings, progress=False)
    assert report.ok
    return sqlite_url


def test_add_matches_existing_documents_then_list_alerts_remove(cli, db: str) -> None:
    code, out, err = cli("--db", db, "watch", "add", "lynas", "--entity", "Lynas", "--keyword", "Kuantan", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert added["query"]["entities"] == ["lynas-rare-earths"] and added["alerts"] == 1
    code, _, err = cli("--db", db, "watch", "add", "controls", "--event-type", "export_control")
    assert code == 0, err
    code, out, _ = cli("--db", db, "watch", "list", "--json")
    assert {w["name"]: w["alerts"] for w in json.loads(out)} == {"controls": 1, "lynas": 1}
    code, out, _ = cli("--db", db, "alerts", "--watchlist", "lynas", "--json")
    [hit] = json.loads(out)
    assert hit["title"] == "Lynas Rare Earths lifts heavy rare earth output in Malaysia"
    assert hit["published"] == "2025-05-14" and hit["document_id"].startswith("doc_")
    assert hit["reason"].startswith("mentions Lynas Rare Earths (0-17); keyword 'Kuantan' (")
    code, out, _ = cli("--db", db, "alerts")
    assert code == 0 and "2 alerts" in out
    code, _, _ = cli("--db", db, "watch", "remove", "lynas")
    assert code == 0
    code, out, _ = cli("--db", db, "alerts", "--json")
    assert [a["watchlist"] for a in json.loads(out)] == ["controls"]


def test_bad_input_exits_2_with_a_clear_message(cli, db: str) -> None:
    code, _, err = cli("--db", db, "watch", "add", "x", "--entity", "Nowhere Mining Corp")
    assert code == 2 and "no entity named 'Nowhere Mining Corp'" in err
    code, _, err = cli("--db", db, "watch", "add", "x", "--event-type", "moon_landing")
    assert code == 2 and "unknown event type" in err
    code, _, err = cli("--db", db, "watch", "add", "x")
    assert code == 2 and "at least one" in err
    code, _, err = cli("--db", db, "watch", "remove", "missing")
    assert code == 2 and "no watchlist named 'missing'" in err
    code, _, err = cli("--db", db, "alerts", "--since", "yesterday")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = cli("--db", db, "digest", "--format", "pdf")
    assert code == 2 and "--format" in err
    code, _, _ = cli("--db", db, "watch", "list", "--json")
    assert code == 0


def test_digest_formats_and_out_file(cli, db: str, tmp_path: Path) -> None:
    cli("--db", db, "watch", "add", "minor", "--keyword", "germanium")
    code, out, _ = cli("--db", db, "digest", "--format", "json")
    digest = json.loads(out)
    assert code == 0 and len(digest["documents"]) == 4
    assert [h["watchlist"] for h in digest["watch_hits"]] == ["minor"]
    code, out, _ = cli("--db", db, "digest")
    assert out.startswith("# Rare-earth digest") and "\\<script\\>" in out
    target = tmp_path / "digest.html"
    code, out, _ = cli("--db", db, "digest", "--format", "html", "--out", str(target))
    html = target.read_text(encoding="utf-8")
    assert code == 0 and out == "" and "&lt;script&gt;" in html and "<script>" not in html
    code, out, _ = cli("--db", db, "digest", "--date", "2001-01-01", "--format", "json")
    assert json.loads(out)["documents"] == []
