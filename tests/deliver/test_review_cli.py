"""`monazite review`: queue, accept, reject, correct, list, export, through the real CLI and store;
and `monazite reextract` keeping the decisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monazite.deliver.cli import _load_commands, app

ARTICLES = ("company_output", "company_output_low", "refining_share_undated_high", "refining_share_undated_low")


def run(db: str, *args: str, code: int = 0) -> str:
    _load_commands()
    result = CliRunner().invoke(app, ["--db", db, *args], catch_exceptions=False)
    assert result.exit_code == code, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def db(sqlite_url: str, fixtures_dir: Path) -> str:
    for name in ARTICLES:
        run(sqlite_url, "ingest", str(fixtures_dir / "claims" / f"{name}.txt"), "--source", f"Outlet {name}")
    return sqlite_url


def test_queue_puts_conflicts_first_then_uncertain_claims(db: str) -> None:
    queue = json.loads(run(db, "review", "queue", "--json"))
    reasons = [item["reason"].split(" claim")[0] for item in queue[:4]]
    assert reasons == ["conflicting", "conflicting", "uncertain", "uncertain"]
    assert [item["priority"] for item in queue] == sorted((item["priority"] for item in queue), reverse=True)
    assert "period" in queue[2]["reason"]
    table = run(db, "review", "queue")
    assert queue[0]["id"] in table  # ids are printed whole, to paste into accept/reject/correct


def test_decisions_from_the_cli_show_in_claims_and_the_log(db: str, tmp_path: Path) -> None:
    queue = json.loads(run(db, "review", "queue", "--json"))
    low = next(i for i in queue if "41,000" in i["label"])
    high = next(i for i in queue if "45,455" in i["label"])
    assert "rejected fact" in run(db, "review", "reject", low["id"], "--by", "ana", "--note", "estimate")
    assert "accepted fact" in run(db, "review", "accept", high["id"], "--by", "ana")
    claims = json.loads(run(db, "claims", "--json"))
    production = [c for c in claims if c["metric"] == "production"]
    assert len(production) == 1 and production[0]["value"] == 45455
    assert json.loads(run(db, "claims", "--status", "conflicting", "--json")) == []
    undated = next(i for i in json.loads(run(db, "review", "queue", "--json")) if i["reason"].startswith("uncertain"))
    out = run(db, "review", "correct", undated["id"], "--period", "2024", "--by", "ana")
    assert "period=2024" in out
    log = json.loads(run(db, "review", "list", "--json"))
    assert [(r["decision"], r["reviewer"]) for r in log] == [("reject", "ana"), ("accept", "ana"), ("correct", "ana")]
    assert log[0]["note"] == "estimate" and log[2]["changes"] == {"period": "2024"}
    reviewed = {r["record_id"] for r in log}
    assert not reviewed & {i["id"] for i in json.loads(run(db, "review", "queue", "--json"))}
    out = run(db, "review", "export", str(tmp_path / "reviews"))
    assert "2 facts" in out and (tmp_path / "reviews" / "reviews.json").is_file()
    # re-extraction keeps every decision
    report = json.loads(run(db, "reextract", "--json"))
    assert report["documents"] == len(ARTICLES) and report["failed"] == []
    facts = json.loads(run(db, "facts", "--all", "--json"))
    assert 41000 not in {f["value"] for f in facts}
    everything = json.loads(run(db, "facts", "--all", "--include-rejected", "--json"))
    assert {f["review"] for f in everything if f["value"] == 41000} == {"rejected"}
    assert {f["review"] for f in facts if f["value"] in (45455,)} == {"accepted"}


def test_bad_review_commands_fail_clearly(db: str) -> None:
    run(db, "review", "accept", "fact_0000000000000000", code=2)
    run(db, "review", "correct", "fact_0000000000000000", code=2)
    fact = json.loads(run(db, "review", "queue", "--json"))[0]["id"]
    run(db, "review", "correct", fact, "--value", "many", code=2)
    assert json.loads(run(db, "review", "list", "--json")) == []
