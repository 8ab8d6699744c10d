"""``watch add`` with conditions and channels, ``alerts`` by priority, ``deliver`` and ``deliveries``
through the real CLI on a real SQLite file, delivering to a real webhook server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.deliver.hook_server import hook_server

ALERTS = Path(__file__).resolve().parents[1] / "fixtures" / "alerts"


@pytest.fixture(autouse=True)
def _loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONAZITE_ALLOW_PRIVATE_HOSTS", "true")
    monkeypatch.setenv("MONAZITE_SEMANTIC_SEARCH", "false")
    monkeypatch.setenv("MONAZITE_DELIVERY_BACKOFF", "0.05")


def test_rule_with_channels_then_deliver_and_list_the_outbox(cli, sqlite_url: str, tmp_path: Path) -> None:
    out = tmp_path / "alerts.jsonl"
    with hook_server(fail_first=2) as hooks:
        code, added, err = cli("--db", sqlite_url, "watch", "add", "big-plants", "--threshold", "capacity>5000t",
                               "--priority", "high", "--webhook", hooks.url, "--file", str(out), "--json")
        assert code == 0, err
        rule = json.loads(added)
        assert rule["priority"] == "high" and rule["query"]["thresholds"] == [
            {"metric": "capacity", "op": ">", "value": 5000.0, "unit": "t"}]
        assert [c["channel"] for c in rule["channels"]] == ["webhook", "file"]
        code, _, err = cli("--db", sqlite_url, "ingest", str(ALERTS / "capacity"))
        assert code == 0, err
        code, listed, _ = cli("--db", sqlite_url, "alerts", "--json")
        [hit] = json.loads(listed)
        assert hit["kind"] == "threshold" and hit["priority"] == "high" and hit["score"] > 0
        code, report, err = cli("--db", sqlite_url, "deliver", "--wait", "10", "--json")
        assert code == 0, err
        assert json.loads(report) | {"errors": []} == {"sent": 2, "retried": 2, "failed": 0, "withdrawn": 0,
                                                        "errors": [], "requeued": 0}
        code, outbox, _ = cli("--db", sqlite_url, "deliveries", "--json")
        assert {(d["channel"], d["status"], d["attempts"]) for d in json.loads(outbox)} == {
            ("webhook", "sent", 3), ("file", "sent", 1)}
        code, table, _ = cli("--db", sqlite_url, "deliveries")
        assert code == 0 and "2 deliveries" in table
    assert len(hooks.accepted) == 1 and len(out.read_text(encoding="utf-8").splitlines()) == 1
    code, watched, _ = cli("--db", sqlite_url, "watch", "list")
    assert code == 0 and "big-plants" in watched and "high" in watched


@pytest.mark.parametrize(("args", "message"), [
    (["--threshold", "capacity is big"], "METRIC OP NUMBER"),
    (["--threshold", "capacty>5t"], "unknown metric"),
    (["--on-claim-status", "contested"], "unknown claim status"),
    (["--keyword", "x", "--priority", "urgent"], "priority"),
    (["--keyword", "x", "--email", "ana@example.org\nBcc: eve@example.org"], "e-mail address"),
    (["--keyword", "x", "--webhook", "ftp://example.org/x"], "http(s) URL"),
])
def test_bad_rules_are_refused_with_exit_2(cli, sqlite_url: str, args: list[str], message: str) -> None:
    code, _, err = cli("--db", sqlite_url, "watch", "add", "bad", *args)
    assert code == 2 and message in err
    code, listed, _ = cli("--db", sqlite_url, "watch", "list", "--json")
    assert json.loads(listed) == []  # nothing half-stored


def test_deliver_exits_1_when_a_delivery_is_given_up(cli, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONAZITE_SMTP_HOST", "")
    code, _, err = cli("--db", sqlite_url, "watch", "add", "moves", "--threshold", "price_change>10%",
                       "--email", "ana@example.org")
    assert code == 0, err
    assert cli("--db", sqlite_url, "ingest", str(ALERTS / "prices"))[0] == 0
    code, _, err = cli("--db", sqlite_url, "deliver")
    assert code == 1 and "smtp_host is not set" in err
    code, failed, _ = cli("--db", sqlite_url, "deliveries", "--status", "failed", "--json")
    [row] = json.loads(failed)
    assert row["target"] == "ana@example.org" and row["attempts"] == 1
    assert cli("--db", sqlite_url, "deliveries", "--status", "lost")[0] == 2
