"""Atom 1.0 feeds for feed readers: the daily digests and each watchlist's alerts.

- ``/feeds/digest.atom?days=N``: one entry per day with ingested documents among the last
  ``N`` days (UTC), its content the digest's HTML (inline styles, no script);
- ``/feeds/watchlists/{name}.atom``: one entry per alert, newest first, linking to the
  document's own address when it is a web address, else to its page here.

The XML is written by ElementTree, so every piece of text is escaped; characters XML 1.0
cannot carry (control characters) are dropped. Digests are memoised per data version.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from monazite.deliver.digest import build_digest
from monazite.deliver.digest.render import render_html_body
from monazite.deliver.web.app import web_state
from monazite.store import schema as t
from monazite.store.watchlists import get_watchlist, list_alerts

__all__ = ["ATOM_TYPE", "DIGEST_FEED_DAYS", "WATCHLIST_FEED_ENTRIES", "router"]

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
DIGEST_FEED_DAYS = 14  # days of digests a feed reader sees by default
MAX_DIGEST_FEED_DAYS = 90  # each day is one digest to build: bounded
WATCHLIST_FEED_ENTRIES = 100  # newest alerts per watchlist feed
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

router = APIRouter()


def _text(value: Any) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def _stamp(value: dt.datetime | str | None) -> str:
    if value is None:
        value = dt.datetime.now(dt.timezone.utc)
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _add(parent: ET.Element, tag: str, text: Any = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _text(text)
    return el


def _feed(request: Request, feed_id: str, title: str, entries: list[dict[str, Any]]) -> Response:
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _add(feed, "id", feed_id)
    _add(feed, "title", title)
    _add(feed, "updated", max((e["updated"] for e in entries), default=_stamp(None)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=str(request.url))
    _add(_add(feed, "author"), "name", "monazite")
    _add(feed, "generator", "monazite")
    for e in entries:
        entry = _add(feed, "entry")
        _add(entry, "id", e["id"])
        _add(entry, "title", e["title"])
        _add(entry, "updated", e["updated"])
        if e.get("link"):
            _add(entry, "link", rel="alternate", href=e["link"])
        if e.get("summary"):
            _add(entry, "summary", e["summary"])
        if e.get("content"):
            _add(entry, "content", e["content"], type="html")
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type=ATOM_TYPE)


def _ingest_days(engine: Any, since: dt.datetime) -> dict[dt.date, dt.datetime]:
    """Each UTC day with ingested documents since ``since``, with its latest ingest time."""
    d = t.documents.c
    days: dict[dt.date, dt.datetime] = {}
    with engine.connect() as conn:
        for (stamp,) in conn.execute(sa.select(d.ingested_at).where(d.ingested_at >= since)):
            stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)
            day = stamp.astimezone(dt.timezone.utc).date()
            days[day] = max(days.get(day, stamp), stamp)
    return days


@router.get("/feeds/digest.atom", include_in_schema=False)
def digest_feed(request: Request,
                days: int = Query(DIGEST_FEED_DAYS, ge=1, le=MAX_DIGEST_FEED_DAYS)) -> Response:
    state = web_state(request)
    today = dt.datetime.now(dt.timezone.utc).date()
    since = dt.datetime.combine(today - dt.timedelta(days=days - 1), dt.time(), tzinfo=dt.timezone.utc)

    def entries() -> list[dict[str, Any]]:
        out = []
        for day, latest in sorted(_ingest_days(state.engine, since).items(), reverse=True):
            digest = build_digest(state.engine, state.settings, day)
            headlines = "; ".join(s["headline"] for s in digest["stories"][:3])
            out.append({"id": f"urn:monazite:digest:{day.isoformat()}", "updated": _stamp(latest),
                        "title": f"Rare-earth digest {day.isoformat()}: {len(digest['stories'])} stories",
                        "summary": headlines, "content": render_html_body(digest)})
        return out

    found = state.memo.get(("digest.atom", today, days), entries)
    return _feed(request, "urn:monazite:feed:digest", "monazite: rare-earth digests", found)


@router.get("/feeds/watchlists/{name}.atom", include_in_schema=False)
def watchlist_feed(request: Request, name: str) -> Response:
    state = web_state(request)
    with state.engine.connect() as conn:
        watchlist = get_watchlist(conn, name)  # NotFound: 404
        alerts = list_alerts(conn, watchlist=name)[:WATCHLIST_FEED_ENTRIES]
        ids = list({a["document_id"] for a in alerts})
        origins = dict(conn.execute(sa.select(t.documents.c.id, t.documents.c.origin)
                                    .where(t.documents.c.id.in_(ids))).all()) if ids else {}
    base = str(request.base_url).rstrip("/")
    entries = []
    for a in alerts:
        origin = origins.get(a["document_id"]) or ""
        link = origin if origin.lower().startswith(("http://", "https://")) else f"{base}/documents/{a['document_id']}"
        priority = f"[{a['priority']}] " if a.get("priority") else ""
        entries.append({"id": f"urn:monazite:alert:{a['id']}", "updated": _stamp(a["created_at"]),
                        "title": a["title"] or a["document_id"], "link": link,
                        "summary": f"{priority}{a['reason']} ({a['document_id']})"})
    return _feed(request, f"urn:monazite:feed:watchlist:{watchlist.id}", f"monazite watchlist: {watchlist.name}",
                 entries)
