"""The e-mail channel against a real SMTP server on 127.0.0.1 (aiosmtpd)."""

from __future__ import annotations

import datetime as dt

import pytest

from monazite.deliver.channels import AlertMessage, DeliveryError, get_channel
from monazite.deliver.channels.mail import check_address
from monazite.errors import MonaziteError
from monazite.settings import Settings
from tests.deliver.mail_server import smtp_server

HOSTILE = AlertMessage(alert_id=7, watchlist="tb <b>controls</b>", kind="match", priority="high", score=4.0,
                       reason="keyword '<script>alert(1)</script>' (0-8)", document_id="doc_1",
                       title="Terbium <script>alert(2)</script> & co", published="2025-03-12",
                       origin="javascript:alert(3)", created_at=dt.datetime(2025, 3, 12, tzinfo=dt.timezone.utc),
                       detail={"quote": "a \"quoted\" <i>figure</i>"})


def test_alert_mail_has_a_text_part_and_an_escaped_html_part() -> None:
    with smtp_server() as inbox:
        settings = Settings(smtp_host=inbox.host, smtp_port=inbox.port, smtp_from="alerts@monazite.example")
        get_channel("email").send(HOSTILE, "ana@example.org", settings)
    [(sender, rcpts, msg)] = inbox.messages
    assert (sender, rcpts) == ("alerts@monazite.example", ["ana@example.org"])
    assert msg["Subject"].strip() == "[monazite] high: tb <b>controls</b>: Terbium <script>alert(2)</script> & co"
    assert msg["Message-ID"] == "<monazite-alert-7@monazite.example>"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Why: keyword '<script>alert(1)</script>' (0-8)" in text  # plain text stays as written
    assert "<script" not in html and "&lt;script&gt;alert(2)&lt;/script&gt; &amp; co" in html
    assert "&lt;b&gt;controls&lt;/b&gt;" in html and "&quot;quoted&quot;" in html
    assert "javascript:" not in html  # only http(s) origins become links


def test_no_server_configured_or_a_refused_connection() -> None:
    with pytest.raises(DeliveryError, match="smtp_host is not set") as refused:
        get_channel("email").send(HOSTILE, "ana@example.org", Settings())
    assert refused.value.permanent
    with smtp_server() as inbox:
        port = inbox.port
    with pytest.raises(DeliveryError, match=f"127.0.0.1:{port}") as down:  # the server is gone: retry later
        get_channel("email").send(HOSTILE, "ana@example.org", Settings(smtp_host="127.0.0.1", smtp_port=port))
    assert not down.value.permanent


@pytest.mark.parametrize("bad", ["ana", "ana@example.org\r\nBcc: eve@example.org", "a@b.org, c@d.org",
                                 "Ana <ana@example.org>", "ana@localhost", ""])
def test_an_address_that_could_smuggle_headers_is_refused(bad: str) -> None:
    with pytest.raises(MonaziteError, match="e-mail address"):
        check_address(bad)
    assert check_address(" ana@example.org ") == "ana@example.org"
