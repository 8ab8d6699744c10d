"""`monazite extract` (no store) and `facts`, `events`, `entities` (reading a real store)."""

from __future__ import annotations

import json
import shutil

import pytest

from monazite.ingest import read_documents
from monazite.model import sha256_hex
from monazite.settings import Settings


@pytest.fixture
def article(fixtures_dir, tmp_path):
    path = tmp_path / "lynas.txt"
    shutil.copy(fixtures_dir / "facts" / "lynas_kalgoorlie.txt", path)
    return path


def test_extract_prints_the_issue_shape_without_a_store(cli, article, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("extract", str(article), "--published", "2025-01-28", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"document", "entities", "facts", "events"}
    assert data["document"]["published"] == "2025-01-28"
    (doc,) = read_documents([str(article)], Settings())
    assert data["document"]["text_sha256"] == sha256_hex(doc.text)
    assert data["document"]["title"] == doc.title
    names = {e["canonical"] for e in data["entities"]}
    assert "Lynas Rare Earths" in names and "China" in names
    for e in data["entities"]:
        assert {"canonical", "type", "mentions"} <= set(e)
    fact = next(f for f in data["facts"] if f["metric"] == "capacity")
    assert {"subject", "metric", "value", "unit", "qualifier", "period", "quote", "start", "end"} <= set(fact)
    assert (fact["subject"], fact["value"], fact["unit"], fact["basis"]) == ("Lynas Rare Earths", 12000, "t/yr", "REO")
    assert "12,000 tonnes" in fact["quote"]
    assert not list(tmp_path.glob("*.db")), "extract must not create a knowledge base"


def test_extract_errors(cli, tmp_path) -> None:
    code, _, err = cli("extract", str(tmp_path / "missing.txt"), "--json")
    assert code == 2 and "not found" in err
    path = tmp_path / "a.txt"
    path.write_text("Lynas Rare Earths said its output rose 5%.", encoding="utf-8")
    code, _, err = cli("extract", str(path), "--published", "yesterday")
    assert code == 2 and "--published" in err


def test_store_listings(cli, fixtures_dir, store_url) -> None:
    code, _, err = cli("--db", store_url, "ingest", str(fixtures_dir / "facts"), "--published", "2025-01-28")
    assert code == 0, err
    code, out, _ = cli("--db", store_url, "facts", "--entity", "Lynas", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows and {r["subject"] for r in rows} == {"Lynas Rare Earths"}
    assert all(r["quote"][r["start"] - r["sentence_start"]:r["end"] - r["sentence_start"]] == r["value_text"]
               for r in rows)
    code, out, _ = cli("--db", store_url, "facts", "--metric", "market_share", "--json")
    assert {r["subject"] for r in json.loads(out)} == {"China"}
    code, out, _ = cli("--db", store_url, "events", "--type", "partnership", "--json")
    events = json.loads(out)
    assert events and "MP Materials" in events[0]["actors"]
    code, out, _ = cli("--db", store_url, "entities", "--json")
    assert "lynas-rare-earths" in {r["id"] for r in json.loads(out)}
    code, _, err = cli("--db", store_url, "facts", "--entity", "No Such Company Ltd")
    assert code == 2 and "no entity" in err


def test_facts_lists_confirmed_ones_by_default_and_candidates_on_request(cli, fixtures_dir, store_url) -> None:
    code, _, err = cli("--db", store_url, "ingest", str(fixtures_dir / "facts"), "--published", "2025-01-28")
    assert code == 0, err
    everything = json.loads(cli("--db", store_url, "facts", "--all", "--json")[1])
    confirmed = json.loads(cli("--db", store_url, "facts", "--json")[1])
    candidates = json.loads(cli("--db", store_url, "facts", "--unconfirmed", "--json")[1])
    threshold = Settings().fact_confidence_threshold
    assert all(r["confirmed"] and r["confidence"] >= threshold for r in confirmed)
    assert all(not r["confirmed"] and r["confidence"] < threshold for r in candidates)
    assert sorted(r["id"] for r in everything) == sorted(r["id"] for r in confirmed + candidates)
    code, out, _ = cli("--db", store_url, "facts", "--all")
    assert code == 0 and "Confidence" in out
