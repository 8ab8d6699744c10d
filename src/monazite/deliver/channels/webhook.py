"""Webhook: the alert as a JSON POST (``httpx``), with ``Idempotency-Key`` set to the alert's key.

The target host is checked like any URL monazite fetches (``ingest.web.check_host``:
http(s) only, no private, loopback or link-local address unless ``allow_private_hosts``),
and redirects are not followed, so a webhook cannot be bent towards an internal service.
A 2xx answer is success; 408, 425, 429 and 5xx answers, timeouts and connection errors are
retried; any other answer is permanent.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from monazite.deliver.channels.base import Channel, DeliveryError
from monazite.deliver.channels.message import AlertMessage
from monazite.errors import FetchError, MonaziteError
from monazite.ingest.web import check_host
from monazite.settings import Settings

__all__ = ["CHANNEL", "check_url", "post_json"]

RETRYABLE = frozenset({408, 425, 429})  # client-error answers that mean "later", not "never"
USER_AGENT = "monazite-alerts"


def check_url(value: str) -> str:
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError as exc:
        raise MonaziteError(f"{value!r} is not a URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MonaziteError(f"a webhook must be an http(s) URL with a host, got {value!r}")
    return value


def post_json(url: str, body: dict, settings: Settings, *, key: str) -> None:
    """POST ``body`` as JSON to ``url``; raises ``DeliveryError``."""
    try:
        check_host(url, settings)
    except FetchError as exc:
        raise DeliveryError(exc.reason, permanent=exc.reason.startswith("refused")) from exc
    try:
        with httpx.Client(timeout=settings.delivery_timeout, follow_redirects=False) as client:
            response = client.post(url, json=body, headers={"Idempotency-Key": key, "User-Agent": USER_AGENT})
    except httpx.TimeoutException as exc:
        raise DeliveryError(f"{url}: timed out after {settings.delivery_timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise DeliveryError(f"{url}: {exc.__class__.__name__}: {exc}") from exc
    if response.is_success:
        return
    status = response.status_code
    raise DeliveryError(f"{url} answered {status} {response.reason_phrase}".strip(),
                        permanent=not (status in RETRYABLE or status >= 500))


def _send(message: AlertMessage, target: str, settings: Settings) -> None:
    post_json(target, message.to_json(), settings, key=message.key)


CHANNEL = Channel(name="webhook", help="an http(s) URL that receives each alert as a JSON POST",
                  check=check_url, send=_send)
