"""The daily digest: stories, sections, figures with their corroboration, conflicts and
watchlist hits (``build``), rendered as Markdown, text, JSON or mail-ready HTML
(``render``) and sent by e-mail (``mail``)."""

from __future__ import annotations

from monazite.deliver.digest.build import build_digest
from monazite.deliver.digest.mail import DeliveryError, digest_message, send_digest
from monazite.deliver.digest.render import (
    DIGEST_FORMATS,
    render_digest,
    render_html,
    render_markdown,
    render_text,
)

__all__ = ["DIGEST_FORMATS", "DeliveryError", "build_digest", "digest_message", "render_digest", "render_html",
           "render_markdown", "render_text", "send_digest"]
