"""Fetching a URL: bounded in size and time, content type taken from the header and the bytes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import httpx

from monazite.errors import FetchError, UnsupportedInput
from monazite.settings import Settings

__all__ = ["Fetched", "fetch_url", "kind_from_content_type"]

USER_AGENT = "monazite/0.1 (+https://github.com/monazite; rare-earth news ingest)"
MAX_REDIRECTS = 5  # a longer chain is a loop or a tracker maze

_TYPES: tuple[tuple[str, str], ...] = (
    ("application/rss+xml", "feed"), ("application/atom+xml", "feed"), ("application/x-ndjson", "jsonl"),
    ("application/jsonl", "jsonl"), ("text/html", "html"),
    ("application/xhtml+xml", "html"), ("text/markdown", "markdown"), ("text/x-markdown", "markdown"),
    ("application/xml", "xml"), ("text/xml", "xml"), ("text/plain", "text"),
)


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    kind: str | None  # from the Content-Type header; None when the header says nothing useful
    fetched_at: dt.datetime


def kind_from_content_type(value: str | None) -> str | None:
    media = (value or "").split(";", 1)[0].strip().lower()
    for prefix, kind in _TYPES:
        if media == prefix:
            return kind
    return None


def fetch_url(url: str, settings: Settings, client: httpx.Client | None = None) -> Fetched:
    """GET ``url``; raises ``FetchError`` when unreachable or not OK, ``UnsupportedInput`` when too large."""
    own = client is None
    client = client or httpx.Client(timeout=settings.fetch_timeout, follow_redirects=True,
                                    max_redirects=MAX_REDIRECTS, headers={"User-Agent": USER_AGENT})
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > settings.max_file_bytes:
                raise UnsupportedInput(url, f"oversized: {declared} bytes > limit {settings.max_file_bytes}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.max_file_bytes:
                    raise UnsupportedInput(url, f"oversized: more than {settings.max_file_bytes} bytes")
                chunks.append(chunk)
            return Fetched(url=str(response.url), data=b"".join(chunks),
                           kind=kind_from_content_type(response.headers.get("content-type")),
                           fetched_at=dt.datetime.now(dt.timezone.utc))
    except httpx.TimeoutException as exc:
        raise FetchError(url, f"unreachable: timed out after {settings.fetch_timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchError(url, f"unreachable: {exc.__class__.__name__}: {exc}") from exc
    finally:
        if own:
            client.close()
