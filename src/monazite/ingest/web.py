"""Fetching a URL: bounded in size, time and redirects; content type taken from the header
and the bytes. Hosts that resolve to private, loopback, link-local or otherwise non-public
addresses are refused (every redirect target is checked again) unless the setting
``allow_private_hosts`` is on, so a link in a feed cannot make monazite probe the network it
runs in."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from monazite.errors import FetchError, UnsupportedInput
from monazite.settings import Settings

__all__ = ["Fetched", "check_host", "fetch_url", "kind_from_content_type"]

USER_AGENT = "monazite/0.1 (+https://github.com/monazite; rare-earth news ingest)"
MAX_REDIRECTS = 5  # a longer chain is a loop or a tracker maze

_TYPES: tuple[tuple[str, str], ...] = (
    ("application/rss+xml", "feed"), ("application/atom+xml", "feed"), ("application/x-ndjson", "jsonl"),
    ("application/jsonl", "jsonl"), ("text/html", "html"),
    ("application/xhtml+xml", "html"), ("text/markdown", "markdown"), ("text/x-markdown", "markdown"),
    ("application/xml", "xml"), ("text/xml", "xml"), ("text/plain", "text"),
    ("application/pdf", "pdf"), ("text/csv", "csv"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
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


def check_host(url: str, settings: Settings) -> None:
    """Refuse ``url`` unless it is http(s) to a public address (or ``allow_private_hosts``)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(url, f"refused: malformed URL ({exc})") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "refused: only http and https URLs with a host are fetched")
    if settings.allow_private_hosts:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"unreachable: cannot resolve {parts.hostname}: {exc}") from exc
    for info in infos:
        address = _embedded_ipv4(ipaddress.ip_address(info[4][0].split("%", 1)[0]))
        if not address.is_global or address.is_multicast:
            raise FetchError(url, f"refused: {parts.hostname} resolves to the non-public address {address} "
                                  "(setting allow_private_hosts)")


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64, IPv4-compatible), so that
    "::ffff:127.0.0.1" or "2002:7f00:1::" is judged as 127.0.0.1."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in _NAT64 or (int(address) >> 32 == 0 and int(address) > 1):
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def fetch_url(url: str, settings: Settings, client: httpx.Client | None = None) -> Fetched:
    """GET ``url``; raises ``FetchError`` when refused, unreachable or not OK, ``UnsupportedInput``
    when too large. Redirects are followed by hand, each target checked like the first."""
    own = client is None
    client = client or httpx.Client(timeout=settings.fetch_timeout, follow_redirects=False,
                                    headers={"User-Agent": USER_AGENT})
    try:
        for _ in range(MAX_REDIRECTS + 1):
            check_host(url, settings)
            with client.stream("GET", url) as response:
                if response.is_redirect and response.headers.get("location"):
                    url = urljoin(url, response.headers["location"])
                    continue
                return _read(url, response, settings)
        raise FetchError(url, f"unreachable: more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException as exc:
        raise FetchError(url, f"unreachable: timed out after {settings.fetch_timeout:g} s") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(url, f"unreachable: {exc.__class__.__name__}: {exc}") from exc
    finally:
        if own:
            client.close()


def _read(url: str, response: httpx.Response, settings: Settings) -> Fetched:
    """The body of a final (non-redirect) response, within the size limit."""
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
