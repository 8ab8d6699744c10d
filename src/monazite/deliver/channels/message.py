"""An alert as it leaves monazite: one hit, rendered as JSON, plain text and HTML.

Everything in it but the numbers came from an article or an analyst, so the HTML form
escapes every value (a title with ``<script>`` arrives as text) and links only http(s)
origins. ``key`` is the same on every attempt and every channel of one alert
(``monazite-alert-<id>``): a webhook receives it as ``Idempotency-Key`` and in the body, a
mail as its Message-ID, a file in each line, so a receiver can drop a repeat.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlsplit

__all__ = ["AlertMessage"]

SUBJECT_CHARS = 160  # a mail subject longer than this is cut (titles can be long)


@dataclass(frozen=True)
class AlertMessage:
    alert_id: int
    watchlist: str
    kind: str
    priority: str
    score: float
    reason: str
    document_id: str
    title: str | None
    published: str | None
    origin: str | None
    created_at: dt.datetime | None
    detail: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_delivery(cls, row: dict[str, Any]) -> AlertMessage:
        """From a row of ``store.deliveries.due_deliveries``."""
        return cls(alert_id=row["alert_id"], watchlist=row["watchlist"], kind=row["kind"], priority=row["priority"],
                   score=row["score"], reason=row["reason"], document_id=row["document_id"], title=row["title"],
                   published=row["published"], origin=row["origin"], created_at=row["alert_created_at"],
                   detail=dict(row["detail"] or {}))

    @property
    def key(self) -> str:
        return f"monazite-alert-{self.alert_id}"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.key, "alert_id": self.alert_id, "watchlist": self.watchlist, "kind": self.kind,
                "priority": self.priority, "score": self.score, "reason": self.reason, "detail": self.detail,
                "document": {"id": self.document_id, "title": self.title, "published": self.published,
                             "origin": self.origin},
                "created_at": self.created_at.isoformat() if self.created_at else None}

    def subject(self) -> str:
        title = " ".join((self.title or self.document_id).split())
        text = f"[monazite] {self.priority}: {self.watchlist}: {title}"
        return text if len(text) <= SUBJECT_CHARS else text[:SUBJECT_CHARS - 1] + "…"

    def text(self) -> str:
        lines = [f"Watchlist: {self.watchlist} ({self.priority} priority, {self.kind})",
                 f"Document: {self.title or '(untitled)'} [{self.document_id}]",
                 f"Published: {self.published or 'undated'}", f"Why: {self.reason}"]
        if self.detail.get("quote"):
            lines.append(f"Quote: {self.detail['quote']}")
        if self.origin:
            lines.append(f"Origin: {self.origin}")
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        title = escape(self.title or "(untitled)")
        if self.origin and urlsplit(self.origin).scheme in ("http", "https"):
            title = f'<a href="{escape(self.origin, quote=True)}" style="color:#1d4ed8">{title}</a>'
        rows = [("Watchlist", escape(f"{self.watchlist} ({self.priority} priority, {self.kind})")),
                ("Document", f"{title} <code>{escape(self.document_id)}</code>"),
                ("Published", escape(self.published or "undated")), ("Why", escape(self.reason))]
        if self.detail.get("quote"):
            rows.append(("Quote", f"<q>{escape(str(self.detail['quote']))}</q>"))
        cells = "".join(f'<tr><th style="text-align:left;padding:4px 12px 4px 0;vertical-align:top">{k}</th>'
                        f'<td style="padding:4px 0">{v}</td></tr>' for k, v in rows)
        return ('<!DOCTYPE html><html><body style="font-family:sans-serif;color:#111">'
                f'<h2 style="font-size:18px">{escape(self.watchlist)}: {escape(self.title or self.document_id)}</h2>'
                f'<table style="border-collapse:collapse">{cells}</table></body></html>')
