"""The polling client against a real HTTP server on 127.0.0.1: validators, redirects checked
hop by hop, size limit, and which failures are retried."""

from __future__ import annotations

import pytest

from monazite.errors import FetchError, UnsupportedInput
from monazite.ingest.fetcher import Fetcher, HttpStatusError
from monazite.settings import Settings
from tests.ingest.http_server import serve

FEED = b"<rss version='2.0'><channel><title>x</title></channel></rss>"


def _settings(**overrides) -> Settings:
    return Settings(**{"allow_private_hosts": True, "feed_timeout": 2.0, "feed_retries": 2, "feed_host_delay": 0.0,
                       **overrides})


def test_validators_and_redirects() -> None:
    routes = {"/old": (301, "text/plain", b"", {"Location": "/feed"}),
              "/feed": (200, "application/rss+xml", FEED, {"ETag": '"v7"', "Last-Modified": "Mon, 02 Jun 2025 10:00:00 GMT"})}
    with serve(routes) as base, Fetcher(_settings()) as fetcher:
        answer = fetcher.get(f"{base}/old")
    assert (answer.status, answer.url, answer.data, answer.kind) == (200, f"{base}/feed", FEED, "feed")
    assert (answer.etag, answer.last_modified, answer.attempts) == ('"v7"', "Mon, 02 Jun 2025 10:00:00 GMT", 1)


def test_a_redirect_to_a_private_host_is_refused() -> None:
    settings = _settings(allow_private_hosts=False)
    with Fetcher(settings) as fetcher, pytest.raises(FetchError, match="non-public address"):
        fetcher.get("http://127.0.0.1:9/feed")


def test_oversized_bodies_and_4xx_are_not_retried_5xx_are() -> None:
    waits: list[float] = []
    routes = {"/big": (200, "application/rss+xml", b"x" * 5000), "/missing": (404, "text/plain", b"no"),
              "/busy": (503, "text/plain", b"busy")}
    with serve(routes) as base, Fetcher(_settings(max_file_bytes=1000), sleep=waits.append) as fetcher:
        with pytest.raises(UnsupportedInput, match="oversized"):
            fetcher.get(f"{base}/big")
        with pytest.raises(HttpStatusError, match="HTTP 404") as missing:
            fetcher.get(f"{base}/missing")
        assert missing.value.status == 404 and missing.value.attempts == 1 and waits == []
        with pytest.raises(HttpStatusError, match=r"HTTP 503 Service Unavailable \(after 3 attempts\)") as busy:
            fetcher.get(f"{base}/busy")
    assert busy.value.attempts == 3 and waits == [0.5, 1.0]
