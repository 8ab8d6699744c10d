"""The knowledge commands through the real CLI: claims, dossier, entity merge/alias, export."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from monazite.model import Entity
from monazite.store.engine import open_store
from monazite.store.entities import upsert_entities
from tests.fixtures.knowledge.builders import add_document, fact, seed_entities, write

TEXT_A = "Independent survey data show China held 60% of global rare earth mining in 2024."
TEXT_B = "A rival survey put China's share of global rare earth mining at 69% in 2024."
TEXT_C = "According to company disclosures, NRE Hi-Tech exported 24.5% of China's rare earths in 2024."


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    engine = open_store(url)
    with engine.begin() as conn:
        seed_entities(conn)
        upsert_entities(conn, [Entity("nre-hi-tech", "NRE Hi-Tech", "company", reviewed=False)], origin="extracted")
        for text, source, value in ((TEXT_A, "Metals Weekly", 60), (TEXT_B, "Mining Journal", 69)):
            doc = add_document(conn, text, source=source)
            write(conn, doc, [fact(doc, text, f"{value}%", "china", "market_share", value, "%",
                                   period="2024", stage="mining")])
        doc = add_document(conn, TEXT_C, source="Rare Earth Wire")
        write(conn, doc, [fact(doc, TEXT_C, "24.5%", "nre-hi-tech", "export_share", 24.5, "%", period="2024")])
    engine.dispose()
    return url


def test_claims_json_and_filters(cli, db: str) -> None:
    code, out, _ = cli("--db", db, "claims", "--json")
    assert code == 0
    assert sorted(c["status"] for c in json.loads(out)) == ["company-only", "conflicting"]
    code, out, _ = cli("--db", db, "claims", "--status", "conflicting", "--entity", "PRC", "--json")
    [claim] = json.loads(out)
    assert sorted(s["sources"][0] for s in claim["sides"]) == ["Metals Weekly", "Mining Journal"]
    code, out, _ = cli("--db", db, "claims")
    assert code == 0 and "conflict" in out and "Metals" in out


def test_bad_status_and_unknown_entity_exit_2(cli, db: str) -> None:
    code, _, err = cli("--db", db, "claims", "--status", "rumoured")
    assert code == 2 and "--status" in err
    code, _, err = cli("--db", db, "dossier", "Atlantis Rare Earths")
    assert code == 2 and "Atlantis" in err


def test_merge_then_dossier_json_and_markdown(cli, db: str) -> None:
    code, out, _ = cli("--db", db, "entity", "merge", "CNRE", "NRE Hi-Tech", "--json")
    assert code == 0 and json.loads(out) == {"action": "merge", "into": "china-northern-rare-earth",
                                             "merged": "nre-hi-tech"}
    code, out, _ = cli("--db", db, "entity", "alias", "CNRE", "Northern RE Co", "--json")
    assert code == 0 and json.loads(out)["entity"] == "china-northern-rare-earth"
    code, out, _ = cli("--db", db, "dossier", "Northern RE Co", "--json")
    dossier = json.loads(out)
    assert dossier["identity"]["id"] == "china-northern-rare-earth"
    assert dossier["metrics"][0]["latest"]["value"] == 24.5
    assert dossier["metrics"][0]["latest"]["status"] == "company-only"
    code, out, _ = cli("--db", db, "dossier", "CNRE", "--markdown")
    assert code == 0 and out.startswith("# China Northern Rare Earth") and "24.5 %" in out
    code, out, _ = cli("--db", db, "entity", "corrections", "--json")
    assert [r["action"] for r in json.loads(out)] == ["merge", "alias"]


def test_export_formats(cli, db: str, tmp_path: Path) -> None:
    code, out, _ = cli("--db", db, "export", "--format", "graphml", "--out", str(tmp_path / "g"), "--json")
    [path] = json.loads(out)
    assert code == 0 and "china-northern-rare-earth" in nx.read_graphml(path)
    code, out, _ = cli("--db", db, "export", "--format", "jsonl", "--out", str(tmp_path / "j"), "--json")
    assert code == 0 and len(json.loads(out)) == 6
    code, _, err = cli("--db", db, "export", "--format", "xlsx")
    assert code == 2 and "--format" in err
