"""``monazite feeds add|list|remove``, ``poll`` and ``monitor`` through the real CLI, on a real
SQLite file, against feeds served on 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from tests.pipeline.feed_server import feed_server


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback allowed, no embeddings, short timeouts: set through the environment, as a user would."""
    for name, value in {"ALLOW_PRIVATE_HOSTS": "true", "SEMANTIC_SEARCH": "false", "FEED_TIMEOUT": "1",
                        "FEED_RETRIES": "0", "FEED_HOST_DELAY": "0"}.items():
        monkeypatch.setenv(f"MONAZITE_{name}", value)


def test_add_list_remove(cli, sqlite_url: str) -> None:
    code, out, err = cli("--db", sqlite_url, "feeds", "add", "https://wire.example/rss.xml", "--name", "wire",
                         "--every", "15m", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert (added["name"], added["url"], added["every_s"], added["failures"]) == ("wire", "https://wire.example/rss.xml",
                                                                                 900, 0)
    code, out, err = cli("--db", sqlite_url, "feeds", "add", "https://digest.example/atom")
    assert code == 0 and "feed 'digest.example' added: https://digest.example/atom, every 1h" in out
    code, out, _ = cli("--db", sqlite_url, "feeds", "list", "--json")
    assert [(f["name"], f["every_s"]) for f in json.loads(out)] == [("digest.example", 3600), ("wire", 900)]
    code, out, _ = cli("--db", sqlite_url, "feeds", "list")
    assert code == 0 and "2 feeds" in out and "15m" in out
    code, out, _ = cli("--db", sqlite_url, "feeds", "remove", "wire")
    assert code == 0 and "feed 'wire' removed" in out
    code, out, _ = cli("--db", sqlite_url, "feeds", "list", "--json")
    assert [f["name"] for f in json.loads(out)] == ["digest.example"]


@pytest.mark.parametrize(("args", "message"), [
    (["feeds", "add", "file:///etc/passwd"], "only http and https"),
    (["feeds", "add", "https://a.example/rss", "--every", "soon"], "--every: expected a duration"),
    (["feeds", "add", "https://a.example/rss", "--every", "0s"], "at least 1 second"),
    (["feeds", "remove", "nothing-here"], "no feed named 'nothing-here'"),
    (["poll", "--feed", "nothing-here"], "no feed named 'nothing-here'"),
])
def test_bad_input_exits_2_with_a_clear_message(cli, sqlite_url: str, args: list[str], message: str) -> None:
    code, _, err = cli("--db", sqlite_url, *args)
    assert code == 2 and message in err, err


def test_a_url_subscribed_twice_is_refused(cli, sqlite_url: str) -> None:
    assert cli("--db", sqlite_url, "feeds", "add", "https://a.example/rss")[0] == 0
    code, _, err = cli("--db", sqlite_url, "feeds", "add", "https://a.example/rss", "--name", "again")
    assert code == 2 and "already subscribed" in err


def test_poll_reports_each_feed_and_exits_1_when_one_failed(cli, sqlite_url: str, env) -> None:
    with feed_server() as server:
        for name, path in (("wire", "/wire.xml"), ("down", "/down.xml"), ("laughs", "/laughs.xml")):
            assert cli("--db", sqlite_url, "feeds", "add", server.url(path), "--name", name)[0] == 0
        code, out, _ = cli("--db", sqlite_url, "poll", "--no-extract", "--json")
        assert code == 1
        report = json.loads(out)
        by = {f["feed"]: f for f in report["feeds"]}
        assert (by["wire"]["status"], by["wire"]["new_items"], len(by["wire"]["documents"])) == ("ok", 2, 2)
        assert by["down"]["reason"] == "HTTP 500 Internal Server Error" and by["down"]["http_status"] == 500
        assert by["laughs"]["reason"].startswith("unsafe XML refused")
        assert report["counts"] == {"ok": 1, "not_modified": 0, "failed": 2} and report["documents"] == 2
        code, out, _ = cli("--db", sqlite_url, "poll", "--feed", "wire", "--no-extract")  # due or not
        assert code == 0 and "not_modified (304)" in out and "0 documents stored" in out
        code, out, _ = cli("--db", sqlite_url, "poll", "--no-extract")  # nothing due
        assert code == 0 and "0 feeds polled" in out
        code, out, _ = cli("--db", sqlite_url, "feeds", "list", "--json")
        feeds = {f["name"]: f for f in json.loads(out)}
        assert feeds["wire"]["items_total"] == 2 and feeds["wire"]["last_status"] == 304
        assert feeds["down"]["failures"] == 1 and feeds["down"]["last_error"].startswith("HTTP 500")


def test_monitor_polls_on_schedule_for_a_bounded_number_of_cycles(cli, sqlite_url: str, env) -> None:
    with feed_server() as server:
        assert cli("--db", sqlite_url, "feeds", "add", server.url("/wire.xml"), "--name", "wire", "--every", "1s")[0] == 0
        code, out, err = cli("--db", sqlite_url, "monitor", "--max-cycles", "2", "--no-extract", "--json")
        assert code == 0, err
        cycles = [json.loads(line) for line in out.splitlines()]
        assert [c["cycle"] for c in cycles] == [1, 2]
        assert [[f["status"] for f in c["feeds"]] for c in cycles] == [["ok"], ["not_modified"]]
        assert server.requests["/wire.xml"] == 2 and server.bodies["/wire.xml"] == 1
        code, out, _ = cli("--db", sqlite_url, "monitor", "--once", "--no-extract")
        assert code == 0 and "monitor stopped after 1 polls" in out


def test_monitor_sends_the_alerts_its_polls_raise(cli, sqlite_url: str, env, tmp_path) -> None:
    outbox = tmp_path / "alerts.jsonl"
    code, _, err = cli("--db", sqlite_url, "watch", "add", "terbium-news", "--keyword", "terbium",
                       "--file", str(outbox))
    assert code == 0, err
    with feed_server() as server:
        assert cli("--db", sqlite_url, "feeds", "add", server.url("/wire.xml"), "--name", "wire")[0] == 0
        code, out, err = cli("--db", sqlite_url, "monitor", "--once", "--no-extract", "--json")
        assert code == 0, err
        [cycle] = [json.loads(line) for line in out.splitlines()]
        assert cycle["deliveries"]["sent"] >= 1 and cycle["deliveries"]["failed"] == 0
        lines = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
        assert lines and all(line["watchlist"] == "terbium-news" for line in lines)
        assert any("Terbium oxide price" in json.dumps(line) for line in lines)
        code, out, _ = cli("--db", sqlite_url, "monitor", "--once", "--no-extract", "--no-deliver", "--json")
        assert code == 0 and json.loads(out)["deliveries"] is None
    assert len(outbox.read_text(encoding="utf-8").splitlines()) == len(lines)  # each hit delivered once
