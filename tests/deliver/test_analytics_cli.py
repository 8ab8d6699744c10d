"""The analytics commands end to end through the real CLI: JSON shapes, plots, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monazite.store.engine import open_store
from tests.fixtures.analytics.kb import add_document, fact, sync_vocab, text, write


def test_reference_list_and_show(cli) -> None:
    code, out, _ = cli("reference", "list", "--json")
    assert code == 0
    names = {d["name"] for d in json.loads(out)}
    assert {"usgs-production", "stage-shares", "export-controls"} <= names
    code, out, _ = cli("reference", "show", "usgs-production", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["rows"] == 48 and len(shown["data"]) == 48
    assert shown["data"][0]["source_url"].startswith("https://pubs.usgs.gov")
    code, _, err = cli("reference", "show", "nope")
    assert code == 2 and "no reference dataset named 'nope'" in err


def test_shares_json_and_plot(cli, tmp_path: Path) -> None:
    plot = tmp_path / "mining.png"
    code, out, _ = cli("shares", "--stage", "mining", "--year", "2024", "--json", "--plot", str(plot))
    assert code == 0
    d = json.loads(out)
    china = next(c for c in d["countries"] if c["country"] == "China")
    assert china["share_pct"] == pytest.approx(69.23) and china["tonnes"] == 270_000
    assert d["cr3"] == pytest.approx(88.72) and d["hhi"] == pytest.approx(5023.8)
    assert d["sources"] and d["trend"]
    assert plot.stat().st_size > 0
    code, _, err = cli("shares", "--stage", "metal")
    assert code == 2 and "metal" in err


def test_controls_and_exposure_json(cli, tmp_path: Path) -> None:
    db = str(tmp_path / "absent.db")
    code, out, _ = cli("--db", db, "controls", "--json")
    assert code == 0 and any(e["date"] == "2025-04-04" for e in json.loads(out))
    code, out, _ = cli("--db", db, "exposure", "--json")
    assert code == 0 and "dysprosium" in json.loads(out)["elements"]
    assert not Path(db).exists()  # reference-only commands do not create a knowledge base


def test_scenario_example_json_and_chart(cli, tmp_path: Path) -> None:
    plot = tmp_path / "scenario.svg"
    code, out, _ = cli("--db", str(tmp_path / "absent.db"), "scenario", "--restrict", "China:Dy,Tb:refining:1.0",
                       "--year", "2024", "--json", "--plot", str(plot))
    assert code == 0
    d = json.loads(out)
    short = {(s["stage"], s["element"]): s for s in d["shortfall"]}
    assert short[("refining", "terbium")]["shortfall_pct"] == 100.0
    assert short[("mining", "dysprosium")]["shortfall_t"] == 0
    assert plot.read_text().lstrip().startswith("<?xml")


@pytest.mark.parametrize("spec, message", [
    ("China:Dy,Tb:refining:2", "must be in"),
    ("China", "expected COUNTRY:ELEMENTS"),
    ("Narnia:Dy", "not a known country"),
])
def test_scenario_parse_errors_exit_2(cli, tmp_path: Path, spec: str, message: str) -> None:
    code, out, err = cli("--db", str(tmp_path / "absent.db"), "scenario", "--restrict", spec)
    assert code == 2 and message in err and out == ""


def test_check_claims_on_a_store(cli, sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    body = text("china_shares.txt")
    with engine.begin() as conn:
        sync_vocab(conn, ["china"])
        doc = add_document(conn, body)
        write(conn, doc, facts=[fact(doc, body, "over 60%", "china", "market_share", 60, "%", qualifier="over",
                                     stage="mining")])
    code, out, _ = cli("--db", sqlite_url, "check-claims", "--json")
    assert code == 0
    [check] = json.loads(out)
    assert check["verdict"] == "consistent" and check["reference"]["dataset"] == "usgs-production"
    assert check["document"]["id"] == doc


def test_check_claims_without_a_store_exits_2(cli, tmp_path: Path) -> None:
    code, _, err = cli("--db", str(tmp_path / "absent.db"), "check-claims")
    assert code == 2 and "no knowledge base" in err
