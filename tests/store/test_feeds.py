"""The feeds registry on a real store (SQLite file and PostgreSQL): subscribe, list, remove,
what is due, claims, outcomes, and items remembered once."""

from __future__ import annotations

import datetime as dt

import pytest

from monazite.errors import ConfigError, NotFound
from monazite.model import sha256_hex
from monazite.store.engine import open_store
from monazite.store.feeds import (
    add_feed, claim_due, due_feeds, get_feed, list_feeds, mark_seen, next_due, record_failure, record_success,
    recent_items, remove_feed, seen_keys,
)

T0 = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def engine(store_url: str):
    engine = open_store(store_url)
    yield engine
    engine.dispose()


def test_add_list_get_remove(engine) -> None:
    with engine.begin() as conn:
        wire = add_feed(conn, "https://wire.example/rss", 3600, name="wire", now=T0)
        digest = add_feed(conn, " https://digest.example/atom.xml ", 900, now=T0)
    assert wire.name == "wire" and wire.every_s == 3600 and wire.next_due_at == T0 and wire.failures == 0
    assert digest.name == "digest.example" and digest.url == "https://digest.example/atom.xml"
    with engine.connect() as conn:
        assert [f.name for f in list_feeds(conn)] == ["digest.example", "wire"]
        assert get_feed(conn, "https://wire.example/rss").id == wire.id == get_feed(conn, wire.id).id
        assert get_feed(conn, "wire").to_dict()["next_due_at"] == "2025-06-01T12:00:00+00:00"
    with engine.begin() as conn:
        assert mark_seen(conn, wire.id, sha256_hex("a"), "https://wire.example/a", None, now=T0)
        assert remove_feed(conn, "wire") == 1
    with engine.connect() as conn:
        assert [f.name for f in list_feeds(conn)] == ["digest.example"]
        assert seen_keys(conn, wire.id, [sha256_hex("a")]) == set()
        with pytest.raises(NotFound, match="no feed named 'wire'"):
            get_feed(conn, "wire")


@pytest.mark.parametrize(("url", "name", "every", "message"), [
    ("ftp://wire.example/rss", None, 60, "only http and https"),
    ("javascript:alert(1)", None, 60, "only http and https"),
    ("https://", None, 60, "only http and https"),
    ("https://ok.example/feed", "x" * 201, 60, "1 to 200 characters"),
    ("https://ok.example/feed", None, 0, "at least 1 second"),
])
def test_bad_feeds_are_refused(engine, url: str, name: str | None, every: int, message: str) -> None:
    with engine.begin() as conn, pytest.raises(ConfigError, match=message):
        add_feed(conn, url, every, name=name)
    with engine.connect() as conn:
        assert list_feeds(conn) == []


def test_the_same_url_or_name_twice_is_refused(engine) -> None:
    with engine.begin() as conn:
        add_feed(conn, "https://wire.example/rss", 60, name="wire")
    with engine.begin() as conn, pytest.raises(ConfigError, match="URL 'https://wire.example/rss' is already"):
        add_feed(conn, "https://wire.example/rss", 60, name="other")
    with engine.begin() as conn, pytest.raises(ConfigError, match="name 'wire' is already"):
        add_feed(conn, "https://other.example/rss", 60, name="wire")


def test_due_claim_and_outcomes(engine) -> None:
    with engine.begin() as conn:
        a = add_feed(conn, "https://a.example/rss", 3600, name="a", now=T0)
        b = add_feed(conn, "https://b.example/rss", 3600, name="b", now=T0 + dt.timedelta(minutes=5))
    with engine.connect() as conn:
        assert due_feeds(conn, T0 - dt.timedelta(seconds=1)) == []
        assert [f.name for f in due_feeds(conn, T0 + dt.timedelta(hours=1))] == ["a", "b"]  # longest overdue first
        assert next_due(conn) == T0
    lease = T0 + dt.timedelta(minutes=15)
    with engine.begin() as conn:
        assert claim_due(conn, a, T0, lease)
        assert not claim_due(conn, a, T0, lease)  # a second poller finds it taken
    with engine.connect() as conn:
        assert [f.name for f in due_feeds(conn, T0 + dt.timedelta(minutes=10))] == ["b"]
    with engine.begin() as conn:
        record_success(conn, a.id, status=200, new_items=3, etag='"v1"', last_modified="Mon, 02 Jun 2025 10:00:00 GMT",
                       next_due_at=T0 + dt.timedelta(hours=1), now=T0)
        record_success(conn, a.id, status=304, new_items=0, next_due_at=T0 + dt.timedelta(hours=2),
                       now=T0 + dt.timedelta(hours=1))
        record_failure(conn, b.id, error="HTTP 500 Internal Server Error", status=500,
                       next_due_at=T0 + dt.timedelta(hours=1), now=T0)
        record_failure(conn, b.id, error="unreachable: timed out after 20 s", next_due_at=T0 + dt.timedelta(hours=3),
                       now=T0 + dt.timedelta(hours=1))
    with engine.connect() as conn:
        a, b = get_feed(conn, "a"), get_feed(conn, "b")
    assert (a.etag, a.last_modified) == ('"v1"', "Mon, 02 Jun 2025 10:00:00 GMT")  # a 304 keeps the validators
    assert (a.last_status, a.items_total, a.items_new_last, a.failures) == (304, 3, 0, 0)
    assert a.last_success_at == T0 + dt.timedelta(hours=1) and a.next_due_at == T0 + dt.timedelta(hours=2)
    assert (b.failures, b.last_status, b.last_success_at) == (2, None, None)
    assert b.last_error == "unreachable: timed out after 20 s" and b.last_error_at == T0 + dt.timedelta(hours=1)
    with engine.begin() as conn:  # a success clears the failure count and keeps the last error for the record
        record_success(conn, b.id, status=200, new_items=1, next_due_at=T0 + dt.timedelta(hours=4), now=T0)
    with engine.connect() as conn:
        b = get_feed(conn, "b")
    assert (b.failures, b.items_total, b.etag) == (0, 1, None) and b.last_error.startswith("unreachable")


def test_items_are_remembered_once(engine, sqlite_url: str) -> None:
    with engine.begin() as conn:
        feed = add_feed(conn, "https://a.example/rss", 60, name="a")
        other = add_feed(conn, "https://b.example/rss", 60, name="b")
    k1, k2 = sha256_hex("guid-1"), sha256_hex("guid-2")
    with engine.begin() as conn:
        assert mark_seen(conn, feed.id, k1, "https://a.example/1", None, now=T0)
        assert not mark_seen(conn, feed.id, k1, "https://a.example/1", None, now=T0)
        assert mark_seen(conn, other.id, k1, "https://a.example/1", None, now=T0)  # per feed
        assert mark_seen(conn, feed.id, k2, None, None, now=T0 + dt.timedelta(minutes=1))
    with engine.connect() as conn:
        assert seen_keys(conn, feed.id, [k1, k2, sha256_hex("guid-3")]) == {k1, k2}
        assert [i.item_key for i in recent_items(conn, feed.id)] == [k2, k1]
    with engine.begin() as conn, pytest.raises(ValueError, match="sha256"):
        mark_seen(conn, feed.id, "guid-1", None, None)
