"""``monazite poll`` against a real HTTP server on 127.0.0.1 serving good, slow, broken and
hostile feeds: good items are ingested once across polls, bad feeds are reported and backed
off, a 304 costs no download, and no feed stops the others."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
import sqlalchemy as sa

from monazite.pipeline.poll import Poller, run_poll
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store
from monazite.store.feeds import add_feed, get_feed, list_feeds
from tests.pipeline.feed_server import Route, feed_server

TIMEOUT_S = 1.0
GOOD = ("wire", "digest", "notes", "teasers")
BAD = ("down", "hang", "broken", "laughs")
PATHS = {"wire": "/wire.xml", "digest": "/digest.atom", "notes": "/notes.rdf", "teasers": "/teasers.xml",
         "down": "/down.xml", "hang": "/hang.xml", "broken": "/broken.xml", "laughs": "/laughs.xml"}
GOOD_ITEMS = {"wire": 2, "digest": 2, "notes": 2, "teasers": 3}


def _settings(db: str, **overrides) -> Settings:
    values = {"db": db, "allow_private_hosts": True, "semantic_search": False, "feed_timeout": TIMEOUT_S,
              "feed_retries": 1, "feed_host_delay": 0.0}
    return Settings(**{**values, **overrides})


def _subscribe(settings: Settings, server, names=GOOD + BAD, every_s: int = 3600, paths: dict | None = None) -> None:
    paths = {**PATHS, **(paths or {})}
    engine = open_store(settings.db)
    with engine.begin() as conn:
        for name in names:
            add_feed(conn, server.url(paths[name]), every_s, name=name)
    engine.dispose()


def _documents(settings: Settings) -> list[tuple[str, str, str]]:
    engine = open_store(settings.db)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.documents.c.id, t.documents.c.origin, t.documents.c.text)).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def _feeds(settings: Settings) -> dict:
    engine = open_store(settings.db)
    with engine.connect() as conn:
        found = {f.name: f for f in list_feeds(conn)}
    engine.dispose()
    return found


@pytest.fixture
def server():
    with feed_server() as srv:
        yield srv


def test_one_poll_ingests_the_good_feeds_and_reports_the_bad(sqlite_url: str, server) -> None:
    settings = _settings(sqlite_url)
    _subscribe(settings, server)
    started = time.monotonic()
    report = run_poll(settings, extract=False)
    elapsed = time.monotonic() - started
    by = {o.feed: o for o in report.outcomes}
    assert set(by) == set(GOOD + BAD)
    for name in GOOD:
        assert (by[name].status, by[name].items, by[name].new_items) == ("ok", GOOD_ITEMS[name], GOOD_ITEMS[name]), name
        assert len(by[name].documents) == GOOD_ITEMS[name], by[name]
    assert (by["down"].status, by["down"].http_status, by["down"].attempts) == ("failed", 500, 2)
    assert by["down"].reason == "HTTP 500 Internal Server Error (after 2 attempts)"
    assert by["hang"].reason == f"unreachable: timed out after {TIMEOUT_S:g} s (after 2 attempts)"
    assert by["broken"].reason.startswith("malformed XML")
    assert by["laughs"].reason.startswith("unsafe XML refused")
    assert report.counts == {"ok": 4, "not_modified": 0, "failed": 4} and not report.ok
    # the hanging feed cost its two deadlines and one wait between them, not the poll
    assert by["hang"].elapsed_s < 2 * TIMEOUT_S + 0.5 + 1.5
    assert elapsed < 15
    docs = _documents(settings)
    assert len(docs) == sum(GOOD_ITEMS.values())
    assert any("second heavy rare earth separation circuit" in text for _, _, text in docs)  # RSS 2.0
    assert any("White Mesa mill in Utah" in text for _, _, text in docs)  # Atom
    assert any("Silmet separation plant at Sillamae" in text for _, _, text in docs)  # RSS 1.0
    feeds = _feeds(settings)
    assert feeds["wire"].items_total == 2 and feeds["wire"].last_status == 200 and feeds["wire"].etag == '"wire-v1"'
    assert feeds["down"].failures == 1 and feeds["down"].last_status == 500
    assert feeds["hang"].last_error.startswith("unreachable: timed out") and feeds["hang"].last_success_at is None
    assert report.to_dict()["ingest"]["counts"]["new"] == sum(GOOD_ITEMS.values())
    engine = open_store(settings.db)
    with engine.connect() as conn:  # each failed feed is a line in the ingest log, under the poll's run
        logged = conn.execute(sa.select(t.ingest_log.c.origin, t.ingest_log.c.reason)
                              .where(t.ingest_log.c.status == "failed")).all()
    engine.dispose()
    assert sorted(origin for origin, _ in logged) == sorted(server.url(PATHS[n]) for n in BAD)
    assert any(reason.startswith("feed laughs: unsafe XML refused") for _, reason in logged)


def test_repeated_polls_ingest_each_item_once_and_a_304_costs_no_download(sqlite_url: str, server) -> None:
    settings = _settings(sqlite_url)
    _subscribe(settings, server, GOOD)
    first = run_poll(settings, extract=False)
    assert first.documents == sum(GOOD_ITEMS.values())
    bodies = dict(server.bodies)
    second = run_poll(settings, force=True, extract=False)
    by = {o.feed: o for o in second.outcomes}
    assert {n: by[n].status for n in GOOD} == {"wire": "not_modified", "digest": "not_modified", "notes": "ok",
                                               "teasers": "not_modified"}
    assert by["wire"].http_status == 304 and second.documents == 0
    # the validators went back: If-None-Match for the ETag, If-Modified-Since for Last-Modified
    assert server.conditional["/wire.xml"][-1]["if-none-match"] == '"wire-v1"'
    assert server.conditional["/digest.atom"][-1]["if-modified-since"] == "Fri, 02 May 2025 09:00:00 GMT"
    assert server.conditional["/wire.xml"][0] == {"if-none-match": None, "if-modified-since": None}
    # a 304 sent no body, and no article page behind a teaser was fetched again
    for path in ("/wire.xml", "/digest.atom", "/teasers.xml", "/articles/scandium-refinery.html"):
        assert server.bodies[path] == bodies[path], path
    # a feed without validators is downloaded again, but its items are known
    assert server.bodies["/notes.rdf"] == bodies["/notes.rdf"] + 1 and by["notes"].new_items == 0
    # the feed changes: only the new item goes in
    wire = server.routes["/wire.xml"]
    text = server.body_of(wire)
    extra = (b"<item><title>Neodymium magnet plant starts in Texas</title><guid isPermaLink=\"false\">wire-2025-0420"
             b"</guid><link>" + server.base.encode() + b"/wire/texas-magnets</link><content:encoded><![CDATA[<p>A "
             b"sintered neodymium magnet factory in Texas began production this week, its owner said, using oxide "
             b"bought from separation plants in Australia and Malaysia.</p>]]></content:encoded></item></channel>")
    server.routes["/wire.xml"] = Route(body=text.replace(b"</channel>", extra), etag='"wire-v2"')
    third = run_poll(settings, force=True, extract=False)
    by = {o.feed: o for o in third.outcomes}
    assert (by["wire"].status, by["wire"].items, by["wire"].new_items, len(by["wire"].documents)) == ("ok", 3, 1, 1)
    assert third.documents == 1
    assert len(_documents(settings)) == sum(GOOD_ITEMS.values()) + 1
    assert _feeds(settings)["wire"].items_total == 3 and _feeds(settings)["wire"].etag == '"wire-v2"'


def test_summary_only_items_bring_the_full_article_or_say_why_not(sqlite_url: str, server) -> None:
    settings = _settings(sqlite_url)
    _subscribe(settings, server, ("teasers",))
    report = run_poll(settings)  # extraction on: the whole pipeline
    [teasers] = report.outcomes
    assert teasers.status == "ok" and len(teasers.documents) == 3
    assert teasers.summaries_kept == [{"link": server.url("/articles/cerium-polishing.html"),
                                       "reason": "HTTP 404 Not Found"}]
    texts = {origin.rsplit("/", 1)[-1]: text for _, origin, text in _documents(settings)}
    assert "titanium dioxide slag plant" in texts["scandium-refinery.html"]  # only on the page, not in the teaser
    assert "Sign up for our newsletter" not in texts["scandium-refinery.html"]
    assert "discarded fluorescent lamps" in texts["yttrium-recycling.html"]
    assert "cerium oxide polishing powder" in texts["cerium-polishing.html"]  # the summary, kept
    assert server.requests["/articles/scandium-refinery.html"] == 1


def test_failing_feeds_back_off_and_recover(sqlite_url: str, server) -> None:
    # a generous deadline: here only the server's answers may cause retries, never a busy machine
    settings = _settings(sqlite_url, feed_max_backoff="3h", feed_retries=2, feed_timeout=15.0)
    server.routes["/gone.xml"] = Route(status=404, ctype="text/plain", body=b"gone")
    engine = open_store(settings.db)
    with engine.begin() as conn:
        add_feed(conn, server.url("/down.xml"), 3600, name="down")
        add_feed(conn, server.url("/gone.xml"), 3600, name="gone")
    engine.dispose()
    waits = []
    for _ in range(4):
        before = dt.datetime.now(dt.timezone.utc)
        report = run_poll(settings, force=True, extract=False)
        by = {o.feed: o for o in report.outcomes}
        waits.append(round((by["down"].next_due_at - before).total_seconds() / 3600))
    assert waits == [1, 2, 3, 3]  # the interval, then doubling, up to feed_max_backoff
    assert by["down"].attempts == 3 and server.requests["/down.xml"] == 12  # 5xx: retried feed_retries times
    assert by["gone"].attempts == 1 and server.requests["/gone.xml"] == 4  # 4xx: never retried
    assert by["gone"].reason == "HTTP 404 Not Found" and by["gone"].http_status == 404
    assert _feeds(settings)["down"].failures == 4
    server.routes["/down.xml"] = server.routes["/wire.xml"]
    report = run_poll(settings, names=["down"], extract=False)
    assert [(o.feed, o.status, o.new_items) for o in report.outcomes] == [("down", "ok", 2)]
    down = _feeds(settings)["down"]
    assert down.failures == 0 and down.last_error.startswith("HTTP 500")  # the last error stays on record


def test_a_trickling_feed_is_cut_at_its_deadline_and_the_rest_go_on(sqlite_url: str, server) -> None:
    settings = _settings(sqlite_url, feed_retries=0)
    server.routes["/slow.xml"] = Route("lanthanide_wire.xml", trickle_s=0.05)
    _subscribe(settings, server, ("slow", "wire"), paths={"slow": "/slow.xml"})
    started = time.monotonic()
    report = run_poll(settings, extract=False)
    by = {o.feed: o for o in report.outcomes}
    assert by["slow"].status == "failed" and "within 1 s" in by["slow"].reason
    assert by["wire"].status == "ok" and len(by["wire"].documents) == 2
    assert time.monotonic() - started < TIMEOUT_S + 3


def test_requests_to_one_host_are_spaced_by_the_host_delay(sqlite_url: str, server) -> None:
    settings = _settings(sqlite_url, feed_host_delay=0.3)
    _subscribe(settings, server, ("wire", "digest", "teasers"))
    run_poll(settings, extract=False)
    times = [when for when, _ in server.times]
    assert len(times) == 6  # three feeds and the three article pages behind the teasers (one a 404)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.28, gaps


def test_private_hosts_are_refused_unless_allowed(sqlite_url: str, server) -> None:
    settings = _settings(sqlite_url, allow_private_hosts=False)
    _subscribe(settings, server, ("wire",))
    [outcome] = run_poll(settings, extract=False).outcomes
    assert outcome.status == "failed" and "non-public address 127.0.0.1" in outcome.reason
    assert server.requests["/wire.xml"] == 0


def test_only_due_feeds_are_polled(sqlite_url: str, server) -> None:
    settings = _settings(sqlite_url)
    _subscribe(settings, server, ("wire", "digest"))
    assert len(run_poll(settings, extract=False).outcomes) == 2
    with Poller(settings, extract=False) as poller:
        assert poller.poll().outcomes == []  # nothing due for an hour
        assert poller.next_due() > dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=59)
    assert server.requests["/wire.xml"] == 1


def test_two_polls_at_once_store_each_item_once(sqlite_url: str, server) -> None:
    settings = _settings(sqlite_url)
    _subscribe(settings, server, GOOD)
    reports, errors = [], []
    barrier = threading.Barrier(2)

    def poll(force: bool) -> None:
        try:
            barrier.wait()
            reports.append(run_poll(settings, force=force, extract=False))
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=poll, args=(True,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    docs = _documents(settings)
    assert len(docs) == len({d[0] for d in docs}) == sum(GOOD_ITEMS.values())
    assert sum(r.documents for r in reports) == sum(GOOD_ITEMS.values())  # each item stored by one of them
    engine = open_store(settings.db)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.feed_items)).scalar() == sum(GOOD_ITEMS.values())
        assert get_feed(conn, "wire").items_total == 2
    engine.dispose()


def test_two_scheduled_polls_at_once_fetch_each_feed_once(sqlite_url: str, server) -> None:
    settings = _settings(sqlite_url)
    _subscribe(settings, server, GOOD)
    barrier = threading.Barrier(2)
    reports = []

    def poll() -> None:
        barrier.wait()
        reports.append(run_poll(settings, extract=False))

    threads = [threading.Thread(target=poll) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(o.feed for r in reports for o in r.outcomes) == sorted(GOOD)  # claimed by one poller each
    assert all(server.requests[PATHS[name]] == 1 for name in GOOD)
    assert len(_documents(settings)) == sum(GOOD_ITEMS.values())


def test_an_item_whose_parser_crashed_is_retried_next_poll_despite_the_feeds_etag(
        sqlite_url: str, server, monkeypatch: pytest.MonkeyPatch) -> None:
    import monazite.pipeline.poll as poll_module

    settings = _settings(sqlite_url)
    _subscribe(settings, server, ("wire",))
    real = poll_module.parse_feed_item
    calls = {"n": 0}

    def crash_once(item, *args, **kwargs):  # noqa: ANN001, ANN202 - a parser bug on the first item only
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("parser bug")
        return real(item, *args, **kwargs)

    monkeypatch.setattr(poll_module, "parse_feed_item", crash_once)
    [outcome] = run_poll(settings, extract=False).outcomes
    assert outcome.status == "ok" and outcome.retry_pending and len(outcome.documents) == 1
    assert "internal error: RuntimeError: parser bug" in outcome.item_failures[0]["reason"]
    assert _feeds(settings)["wire"].etag is None  # not saved: a 304 must not hide the item
    monkeypatch.setattr(poll_module, "parse_feed_item", real)
    [again] = run_poll(settings, extract=False, force=True).outcomes
    assert again.status == "ok" and len(again.documents) == 1 and not again.retry_pending
    assert len(_documents(settings)) == GOOD_ITEMS["wire"]
    assert _feeds(settings)["wire"].etag == '"wire-v1"'
