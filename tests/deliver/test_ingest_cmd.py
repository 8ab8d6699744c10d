"""The ``ingest``, ``documents``, ``show`` and ``summary`` commands through the real CLI."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(autouse=True)
def _no_embeddings(monkeypatch) -> None:
    monkeypatch.setenv("MONAZITE_SEMANTIC_SEARCH", "false")


def test_ingest_list_show(cli, sqlite_url, seeds_dir) -> None:
    code, out, _ = cli("--db", sqlite_url, "ingest", str(seeds_dir), "--no-extract", "--json")
    assert code == 0
    assert json.loads(out)["counts"] == {"new": 5, "duplicate": 0, "near_duplicate": 0, "failed": 0}
    code, out, _ = cli("--db", sqlite_url, "documents", "--json")
    docs = json.loads(out)
    assert code == 0 and len(docs) == 5
    assert {"id", "origin", "title", "published", "source", "duplicate_of"} <= set(docs[0])
    assert docs[0]["published"] == "2025-04-18"  # newest first, undated last
    code, out, _ = cli("--db", sqlite_url, "documents", "--json", "--limit", "2")
    assert len(json.loads(out)) == 2
    code, out, _ = cli("--db", sqlite_url, "show", docs[0]["id"], "--json")
    shown = json.loads(out)
    assert code == 0 and "China’s largest producer" in shown["text"] and shown["id"] == docs[0]["id"]
    code, out, _ = cli("--db", sqlite_url, "show", docs[0]["id"])
    assert code == 0 and "Baogang Group Signals Escalation" in out
    code, out, _ = cli("--db", sqlite_url, "documents")
    assert code == 0 and "5 documents" in out


def test_failures_exit_1_and_table(cli, sqlite_url, seeds_dir, tmp_path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, _ = cli("--db", sqlite_url, "ingest", str(seeds_dir / "000_9424af1b5b02da29.txt"),
                       str(tmp_path / "empty.txt"), "--no-extract")
    assert code == 1
    assert "Failed" in out and "empty file" in out
    code, out, _ = cli("--db", sqlite_url, "ingest", str(seeds_dir / "000_9424af1b5b02da29.txt"), "--no-extract")
    assert code == 0 and "Duplicate" in out


def test_usage_errors_exit_2(cli, sqlite_url, seeds_dir) -> None:
    code, _, err = cli("--db", sqlite_url, "ingest", str(seeds_dir), "--published", "18/04/2025")
    assert code == 2 and "--published" in err
    code, _, err = cli("--db", sqlite_url, "ingest")
    assert code == 2 and "nothing to ingest" in err
    code, _, err = cli("--db", sqlite_url, "show", "doc_0000000000000000")
    assert code == 2 and "no document" in err


def test_published_and_source_flags(cli, sqlite_url, seeds_dir) -> None:
    code, _, _ = cli("--db", sqlite_url, "ingest", str(seeds_dir / "002_62f7bfaccd25a840.txt"), "--no-extract",
                     "--published", "2025-03-05", "--source", "Rare Earth Exchanges")
    assert code == 0
    (doc,) = json.loads(cli("--db", sqlite_url, "documents", "--json")[1])
    assert (doc["published"], doc["source"], doc["source_kind"]) == ("2025-03-05", "Rare Earth Exchanges",
                                                                      "independent")


def test_sample_and_summary(cli, sqlite_url) -> None:
    code, out, _ = cli("--db", sqlite_url, "ingest", "--sample", "--no-extract", "--json")
    report = json.loads(out)
    assert code == 0 and report["counts"]["new"] >= 15 and report["counts"]["failed"] == 0
    assert not any("README" in o["origin"] for o in report["outcomes"])
    code, out, _ = cli("--db", sqlite_url, "summary", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["documents"] == report["counts"]["new"] + report["counts"]["near_duplicate"]
    code, out, _ = cli("--db", sqlite_url, "summary")
    assert code == 0 and "Knowledge base" in out
