"""``monazite digest --email``: a real SMTP server on 127.0.0.1 (aiosmtpd) receives the mail."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

from monazite.settings import Settings


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001 - aiosmtpd's hook
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    monkeypatch.setenv("MONAZITE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MONAZITE_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("MONAZITE_SMTP_FROM", "digest@monazite.test")
    try:
        yield inbox
    finally:
        controller.stop()


def test_digest_email_arrives_with_a_text_and_an_html_part(cli, smtp: Inbox,
                                                          digest_kb: tuple[str, Settings, dt.date]) -> None:
    db, _, day = digest_kb
    code, out, err = cli("--db", db, "digest", "--date", day.isoformat(), "--email", "ana@example.org")
    assert code == 0, err
    assert "sent to ana@example.org" in err and out == ""
    [(sender, recipients, raw)] = smtp.messages
    assert (sender, recipients) == ("digest@monazite.test", ["ana@example.org"])
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["Subject"].startswith(f"Rare-earth digest {day.isoformat()}: ")
    plain, html = (msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content())
    assert "Top stories" in plain and "Neo opens Europe's largest rare earth magnet plant in Narva" in plain
    assert "Magnets <script>alert(1)</script> report" in plain  # text is never rendered
    assert "Magnets &lt;script&gt;alert(1)&lt;/script&gt; report" in html
    assert "<script" not in html and "<style" not in html
    assert "Capacity and projects</h2>" in html and "New figures per company</h2>" in html


def test_email_without_a_mail_server_or_with_a_bad_address_is_refused(cli, smtp: Inbox, monkeypatch,
                                                                      digest_kb: tuple[str, Settings, dt.date]) -> None:
    db, _, day = digest_kb
    code, _, err = cli("--db", db, "digest", "--date", day.isoformat(), "--email", "a@b.org, c@d.org\r\nBcc: x@y.z")
    assert code == 1 and "is not one e-mail address" in err
    monkeypatch.setenv("MONAZITE_SMTP_HOST", "")
    code, _, err = cli("--db", db, "digest", "--email", "ana@example.org")
    assert code == 2 and "set smtp_host" in err
    assert smtp.messages == []


def test_a_mail_server_that_is_down_is_reported(cli, monkeypatch, digest_kb: tuple[str, Settings, dt.date]) -> None:
    monkeypatch.setenv("MONAZITE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MONAZITE_SMTP_PORT", str(_free_port()))  # nothing listens there
    code, _, err = cli("--db", digest_kb[0], "digest", "--email", "ana@example.org")
    assert code == 1 and "did not take the digest" in err
