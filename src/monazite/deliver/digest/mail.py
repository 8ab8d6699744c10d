"""The digest as an e-mail: multipart/alternative with a plain-text part and an HTML part
(inline styles only, no script), sent over SMTP with the ``smtp_*`` settings.

Nothing is sent when ``smtp_host`` is unset; an SMTP failure is raised as a
``DeliveryError`` naming the server and what it answered, never swallowed.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, localtime, make_msgid
from typing import Any

from monazite.deliver.channels.base import DeliveryError as ChannelError
from monazite.deliver.channels.mail import transmit
from monazite.deliver.digest.render import render_html, render_text
from monazite.errors import MonaziteError
from monazite.settings import Settings

__all__ = ["DeliveryError", "digest_message", "send_digest"]


class DeliveryError(MonaziteError):
    """The digest could not be handed to the mail server (or no server is configured)."""


def _address(value: str, what: str) -> str:
    value = (value or "").strip()
    try:
        if not value or any(c in value for c in "\r\n,;") or "@" not in value:
            raise ValueError
        return str(Address(addr_spec=value))
    except (ValueError, IndexError) as exc:
        raise DeliveryError(f"{what} {value!r} is not one e-mail address") from exc


def digest_message(digest: dict[str, Any], settings: Settings, to: str) -> EmailMessage:
    """The digest mail to ``to``: text part first, the HTML alternative second."""
    msg = EmailMessage()
    msg["Subject"] = f"Rare-earth digest {digest['date']}: {len(digest['stories'])} stories"
    msg["From"] = _address(settings.smtp_from, "smtp_from")
    msg["To"] = _address(to, "--email")
    msg["Message-ID"] = make_msgid(domain=settings.smtp_from.rsplit("@", 1)[-1].strip() or "localhost")
    msg["Date"] = format_datetime(localtime())
    msg.set_content(render_text(digest), subtype="plain", charset="utf-8")
    msg.add_alternative(render_html(digest), subtype="html", charset="utf-8")
    return msg


def send_digest(digest: dict[str, Any], settings: Settings, to: str) -> EmailMessage:
    """Send the digest to ``to`` through ``settings.smtp_host`` (the alerts' mail path,
    ``channels.mail.transmit``); returns the message sent."""
    if not settings.smtp_host:
        raise DeliveryError("no mail server: set smtp_host (MONAZITE_SMTP_HOST or monazite.toml) to send the digest")
    msg = digest_message(digest, settings, to)
    try:
        transmit(settings, msg)
    except ChannelError as exc:
        raise DeliveryError(f"mail server {settings.smtp_host}:{settings.smtp_port} did not take the digest: "
                            f"{exc}") from exc
    return msg
