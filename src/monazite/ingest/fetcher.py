"""A polite, bounded HTTP client for polling: conditional GET, a deadline per request, retries
with backoff for transient failures, and a minimum delay between requests to one host.

Every URL, and every redirect target, passes ``web.check_host`` (no private addresses unless
``allow_private_hosts``) and the body is held to ``max_file_bytes``, as at ingest. The deadline
covers the whole request, body included, so a server that trickles bytes is cut like one
that never answers.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from monazite.errors import FetchError, UnsupportedInput
from monazite.ingest.web import MAX_REDIRECTS, USER_AGENT, Fetched, check_host, kind_from_content_type
from monazite.settings import Settings

__all__ = ["Answer", "Fetcher", "HttpStatusError"]

RETRY_BASE_S = 0.5  # wait before the first retry; doubles for each further one
RETRY_MAX_S = 30.0  # no single wait between retries is longer than this


class HttpStatusError(FetchError):
    """The server answered with an error status; ``status`` says which."""

    def __init__(self, origin: str, reason: str, status: int) -> None:
        super().__init__(origin, reason)
        self.status = status


def _after(error: FetchError, attempts: int) -> FetchError:
    """The last attempt's error, saying how many attempts were made."""
    if attempts == 1:
        return error
    reason = f"{error.reason} (after {attempts} attempts)"
    if isinstance(error, HttpStatusError):
        return HttpStatusError(error.origin, reason, error.status)
    return FetchError(error.origin, reason)


class _Transient(Exception):
    """A failure worth another attempt (timeout, connection error, 5xx); carries the final error."""

    def __init__(self, error: FetchError) -> None:
        super().__init__(error.reason)
        self.error = error


@dataclass(frozen=True)
class Answer:
    url: str  # after redirects
    status: int  # 200 (or another 2xx) with a body, or 304: unchanged since the validators sent
    data: bytes  # empty for a 304
    kind: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: dt.datetime
    attempts: int

    def as_fetched(self) -> Fetched:
        return Fetched(url=self.url, data=self.data, kind=self.kind, fetched_at=self.fetched_at)


class Fetcher:
    """One per poll; thread-safe. ``get`` for feeds (conditional), ``fetch`` for article pages
    (the signature of ``web.fetch_url``, so ingest can follow a feed item's link through it)."""

    def __init__(self, settings: Settings, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.timeout = settings.feed_timeout
        self.retries = max(0, settings.feed_retries)
        self.host_delay = max(0.0, settings.feed_host_delay)
        self._sleep = sleep
        self._client = httpx.Client(timeout=self.timeout, follow_redirects=False,
                                    headers={"User-Agent": USER_AGENT})
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}  # host -> monotonic time its next request may start

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, settings: Settings | None = None) -> Fetched:
        """An article page: GET with retries, raising ``FetchError``/``UnsupportedInput``."""
        return self.get(url).as_fetched()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Answer:
        """GET ``url`` with ``If-None-Match``/``If-Modified-Since`` when validators are given;
        transient failures are retried ``feed_retries`` times with doubling waits, 4xx never."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._once(url, etag, last_modified, attempt)
            except (FetchError, UnsupportedInput) as error:  # refused, 4xx, oversized: never retried
                error.attempts = attempt
                raise
            except _Transient as failure:
                if attempt > self.retries:
                    error = _after(failure.error, attempt)
                    error.attempts = attempt
                    raise error from None
                self._sleep(min(RETRY_BASE_S * 2 ** (attempt - 1), RETRY_MAX_S))

    def _wait_for_host(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = start + self.host_delay
        if start > now:
            self._sleep(start - now)

    def _once(self, url: str, etag: str | None, last_modified: str | None, attempt: int) -> Answer:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = None
        try:
            for _ in range(MAX_REDIRECTS + 1):
                check_host(url, self.settings)
                self._wait_for_host(url)
                deadline = deadline or time.monotonic() + self.timeout  # redirects share the first deadline
                with self._client.stream("GET", url, headers=headers) as response:
                    if response.is_redirect and response.headers.get("location"):
                        url = urljoin(url, response.headers["location"])
                        continue
                    return self._read(url, response, deadline, attempt)
            raise FetchError(url, f"unreachable: more than {MAX_REDIRECTS} redirects")
        except httpx.TimeoutException as exc:
            raise _Transient(FetchError(url, f"unreachable: timed out after {self.timeout:g} s")) from exc
        except (httpx.TransportError, httpx.RemoteProtocolError) as exc:
            raise _Transient(FetchError(url, f"unreachable: {exc.__class__.__name__}: {exc}")) from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise FetchError(url, f"unreachable: {exc.__class__.__name__}: {exc}") from exc

    def _read(self, url: str, response: httpx.Response, deadline: float, attempt: int) -> Answer:
        status = response.status_code
        if status >= 400:
            error = HttpStatusError(url, f"HTTP {status} {response.reason_phrase}".rstrip(), status)
            if status >= 500:
                raise _Transient(error)
            raise error
        headers = response.headers
        common = {"url": str(response.url), "status": status, "kind": kind_from_content_type(headers.get("content-type")),
                  "etag": headers.get("etag"), "last_modified": headers.get("last-modified"), "attempts": attempt}
        if status == 304:
            return Answer(data=b"", fetched_at=dt.datetime.now(dt.timezone.utc), **common)
        limit = self.settings.max_file_bytes
        declared = headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise UnsupportedInput(url, f"oversized: {declared} bytes > limit {limit} (setting max_file_bytes)")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise UnsupportedInput(url, f"oversized: more than {limit} bytes (setting max_file_bytes)")
            if time.monotonic() > deadline:
                raise _Transient(FetchError(url, f"unreachable: body not received within {self.timeout:g} s"))
            chunks.append(chunk)
        return Answer(data=b"".join(chunks), fetched_at=dt.datetime.now(dt.timezone.utc), **common)
