"""E-mail over SMTP (``smtplib``): a plain-text part and an HTML part, optional STARTTLS and login.

``send_mail`` is the one place monazite speaks SMTP; settings ``smtp_host``, ``smtp_port``,
``smtp_from``, ``smtp_user``, ``smtp_password``, ``smtp_starttls`` and ``delivery_timeout``.
A 5xx answer or a refused recipient is permanent; a 4xx answer, a timeout or a dropped
connection is worth retrying.
"""

from __future__ import annotations

import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate

from monazite.deliver.channels.base import Channel, DeliveryError
from monazite.deliver.channels.message import AlertMessage
from monazite.errors import MonaziteError
from monazite.settings import Settings

__all__ = ["CHANNEL", "check_address", "send_mail", "transmit"]

PERMANENT_SMTP = 500  # SMTP reply codes from here up are permanent failures


def check_address(value: str) -> str:
    """One plain address (``name@domain``), refused when it could smuggle headers or recipients."""
    value = (value or "").strip()
    if any(c in value for c in "\r\n,;<> \t") or value.count("@") != 1:
        raise MonaziteError(f"{value!r} is not an e-mail address (name@domain)")
    local, domain = value.split("@")
    try:
        Address(username=local, domain=domain)
    except (ValueError, IndexError) as exc:
        raise MonaziteError(f"{value!r} is not an e-mail address: {exc}") from exc
    if not local or "." not in domain.strip("."):
        raise MonaziteError(f"{value!r} is not an e-mail address (name@domain)")
    return value


def send_mail(settings: Settings, to: str, subject: str, text: str, html: str, *,
              message_id: str | None = None) -> None:
    """Send one multipart/alternative mail; raises ``DeliveryError``."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = settings.smtp_from, to, " ".join(subject.split())
    msg["Date"] = formatdate(localtime=False)
    if message_id:
        msg["Message-ID"] = message_id
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    transmit(settings, msg)


def transmit(settings: Settings, msg: EmailMessage) -> None:
    """Hand a built message to ``settings.smtp_host`` (STARTTLS and login when set); raises
    ``DeliveryError``, ``permanent`` when the server's answer would not change on a retry.
    The digest mail and the alert mails both go through here."""
    if not settings.smtp_host:
        raise DeliveryError("smtp_host is not set (setting smtp_host, environment MONAZITE_SMTP_HOST)",
                            permanent=True)
    to = msg["To"]
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.delivery_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            refused = smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"SMTP {where} refused {to}: {exc.recipients}", permanent=True) from exc
    except smtplib.SMTPResponseException as exc:
        detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        raise DeliveryError(f"SMTP {where} answered {exc.smtp_code} {detail}",
                            permanent=exc.smtp_code >= PERMANENT_SMTP) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"SMTP {where}: {exc.__class__.__name__}: {exc}") from exc
    if refused:
        raise DeliveryError(f"SMTP {where} refused {', '.join(refused)}", permanent=True)


def _send(message: AlertMessage, target: str, settings: Settings) -> None:
    domain = settings.smtp_from.rpartition("@")[2] or "monazite.invalid"
    send_mail(settings, target, message.subject(), message.text(), message.html(),
              message_id=f"<{message.key}@{domain}>")


CHANNEL = Channel(name="email", help="an e-mail address, sent through smtp_host", check=check_address, send=_send)
