"""The webhook channel against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt

import pytest

from monazite.deliver.channels import AlertMessage, DeliveryError, get_channel
from monazite.errors import MonaziteError
from monazite.settings import Settings
from tests.deliver.hook_server import hook_server

MESSAGE = AlertMessage(alert_id=3, watchlist="big-plants", kind="threshold", priority="normal", score=2.0,
                       reason="Lynas capacity 6,000 tonnes (1-2) crosses capacity>5000t", document_id="doc_1",
                       title="Lynas plans a plant", published="2025-04-03", origin="https://example.org/a",
                       created_at=dt.datetime(2025, 4, 3, tzinfo=dt.timezone.utc), detail={"value": 6000.0})
LOOPBACK = Settings(allow_private_hosts=True, delivery_timeout=5.0)


def test_posts_the_alert_as_json_with_its_idempotency_key() -> None:
    with hook_server() as hooks:
        get_channel("webhook").send(MESSAGE, hooks.url, LOOPBACK)
    [got] = hooks.accepted
    assert got["headers"]["Idempotency-Key"] == "monazite-alert-3"
    assert got["json"]["id"] == "monazite-alert-3" and got["json"]["detail"] == {"value": 6000.0}
    assert got["json"]["document"] == {"id": "doc_1", "title": "Lynas plans a plant", "published": "2025-04-03",
                                       "origin": "https://example.org/a"}


@pytest.mark.parametrize(("status", "permanent"), [(500, False), (503, False), (429, False), (404, True), (400, True)])
def test_server_errors_are_retried_client_errors_are_not(status: int, permanent: bool) -> None:
    with hook_server(fail_first=1, status_on_fail=status) as hooks, pytest.raises(DeliveryError) as failed:
        get_channel("webhook").send(MESSAGE, hooks.url, LOOPBACK)
    assert failed.value.permanent is permanent and str(status) in str(failed.value)


def test_a_private_host_is_refused_unless_allowed() -> None:
    with hook_server() as hooks, pytest.raises(DeliveryError, match="refused") as refused:
        get_channel("webhook").send(MESSAGE, hooks.url, Settings())
    assert refused.value.permanent and hooks.requests == []
    with pytest.raises(MonaziteError, match="http"):
        get_channel("webhook").check("file:///etc/passwd")
