"""The daily digest: what came in during a window of days, for an analyst's morning read.

Documents are chosen by when they were ingested (not published), so a late-arriving
story about last year still shows up the day it lands. Every figure carries its
``document_id@start-end`` provenance and quoted sentence; conflicting claims are those
whose subject a window document reports on, with each side's sources and quotes.
HTML is rendered by Jinja2 with autoescape on: article titles and quotes are untrusted.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from jinja2 import Environment
from sqlalchemy.engine import Connection, Engine

from monazite.analyze.claims.agreement import load_metric_info
from monazite.analyze.claims.build import claims_from_store
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.corrections import canonical_map
from monazite.store.reviews import visible
from monazite.store.watchlists import entity_names, list_alerts

__all__ = ["DIGEST_FORMATS", "build_digest", "render_digest", "render_html", "render_markdown"]

DIGEST_FORMATS = ("markdown", "html", "json")
TOP_FACTS = 5  # figures shown per document, most confident first
TOP_EVENTS = 5  # events shown per document, in reading order


def _window(day: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.timezone.utc)
    return end - dt.timedelta(days=max(1, days)), end


def _prov(row: Any) -> str:
    return f"{row.document_id}@{row.start}-{row.end}"


def _documents(conn: Connection, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    d, s = t.documents, t.sources
    query = (sa.select(d.c.id, d.c.title, d.c.origin, d.c.published, d.c.ingested_at,
                       s.c.name.label("source"), s.c.kind.label("source_kind"))
             .select_from(d.outerjoin(s, d.c.source_id == s.c.id))
             .where(d.c.ingested_at >= start, d.c.ingested_at < end, d.c.duplicate_of.is_(None))
             .order_by(d.c.ingested_at, d.c.id))
    return [{"id": r.id, "title": r.title or r.origin, "source": r.source, "source_kind": r.source_kind or "unknown",
             "published": r.published, "ingested_at": r.ingested_at.isoformat(), "facts": [], "events": [],
             "unconfirmed_facts": 0, "alerts": []} for r in conn.execute(query)]


def _attach_facts(conn: Connection, docs: dict[str, dict[str, Any]], canon: dict[str, str],
                  threshold: float) -> set[str]:
    """The top confirmed facts of each document; unconfirmed candidates are only counted."""
    f = t.facts.c
    rows = conn.execute(sa.select(t.facts).where(f.document_id.in_(list(docs)), visible(t.facts))
                        .order_by(f.document_id, f.confidence.desc(), f.start)).all()
    sure = {r.id for r in rows if r.confidence >= threshold or r.review in ("accepted", "corrected")}
    for r in rows:
        if r.id not in sure:
            docs[r.document_id]["unconfirmed_facts"] = docs[r.document_id].get("unconfirmed_facts", 0) + 1
    rows = [r for r in rows if r.id in sure]
    names = entity_names(conn, list({canon.get(r.subject, r.subject) for r in rows}))
    subjects: set[str] = set()
    for r in rows:
        subject = canon.get(r.subject, r.subject)
        subjects.add(subject)
        shown = docs[r.document_id]["facts"]
        if len(shown) < TOP_FACTS:
            shown.append({"subject": names.get(subject, subject), "subject_id": subject, "metric": r.metric,
                          "value": r.value, "unit": r.unit, "value_text": r.value_text, "qualifier": r.qualifier,
                          "period": r.period, "stage": r.stage, "quote": r.quote, "provenance": _prov(r),
                          "review": r.review})
    return subjects


def _attach_events(conn: Connection, docs: dict[str, dict[str, Any]], canon: dict[str, str]) -> None:
    e = t.events.c
    rows = conn.execute(sa.select(t.events).where(e.document_id.in_(list(docs)), visible(t.events))
                        .order_by(e.document_id, e.start)).all()
    names = entity_names(conn, list({canon.get(a, a) for r in rows for a in (r.actors or [])}))
    for r in rows:
        shown = docs[r.document_id]["events"]
        if len(shown) < TOP_EVENTS:
            actors = list(dict.fromkeys(canon.get(a, a) for a in r.actors or []))
            shown.append({"type": r.type, "date": r.date, "actors": [names.get(a, a) for a in actors],
                          "quote": r.quote, "provenance": _prov(r)})


def _conflicts(conn: Connection, settings: Settings, subjects: set[str]) -> list[dict[str, Any]]:
    if not subjects:
        return []
    out = []
    for claim in claims_from_store(conn, settings, load_metric_info()):
        if claim.status != "conflicting" or claim.subject not in subjects:
            continue
        sides = [{"sources": list(dict.fromkeys(f.source for f in side)),
                  "facts": [{"value": f.value, "unit": f.unit, "quote": f.quote, "source": f.source,
                             "provenance": f"{f.document_id}@{f.start}-{f.end}"} for f in side]}
                 for side in claim.sides]
        out.append({"subject": claim.subject_name, "subject_id": claim.subject, "metric": claim.metric,
                    "period": claim.period, "stage": claim.stage, "unit": claim.unit, "sides": sides})
    return out


def build_digest(engine: Engine, settings: Settings, day: dt.date | None = None, days: int = 1) -> dict[str, Any]:
    """The digest of documents ingested in the ``days`` days ending with ``day`` (UTC; default today)."""
    day = day or dt.datetime.now(dt.timezone.utc).date()
    start, end = _window(day, days)
    with engine.connect() as conn:
        listed = _documents(conn, start, end)
        docs = {d["id"]: d for d in listed}
        subjects: set[str] = set()
        hits: list[dict[str, Any]] = []
        if docs:
            canon = canonical_map(conn)
            subjects = _attach_facts(conn, docs, canon, settings.fact_confidence_threshold)
            _attach_events(conn, docs, canon)
            hits = list_alerts(conn, document_ids=list(docs))
            for hit in hits:
                docs[hit["document_id"]]["alerts"].append({"watchlist": hit["watchlist"], "reason": hit["reason"]})
        conflicts = _conflicts(conn, settings, subjects)
    window = {"start": start.isoformat(), "end": end.isoformat()}
    return {"date": day.isoformat(), "days": max(1, days), "window": window,
            "documents": listed, "conflicts": conflicts, "watch_hits": hits}


def _md(text: str | None) -> str:
    """Untrusted text for Markdown: angle brackets escaped so a renderer cannot pass HTML through."""
    return (text or "").replace("<", "\\<").replace(">", "\\>")


def _fact_line(f: dict[str, Any]) -> str:
    value = f"{f['qualifier']} " if f["qualifier"] else ""
    period = f" ({f['period']})" if f["period"] else ""
    checked = {"accepted": " (verified by an analyst)", "corrected": " (corrected by an analyst)"}.get(f.get("review"), "")
    return (f"{f['subject']} {f['metric']}{period}: {value}{f['value']:g} {f['unit']}{checked} "
            f"[{f['provenance']}] \"{_md(f['quote'])}\"")


def render_markdown(digest: dict[str, Any]) -> str:
    lines = [f"# Rare-earth digest {digest['date']}", "",
             f"{len(digest['documents'])} documents ingested from {digest['window']['start']} "
             f"to {digest['window']['end']}.", ""]
    for doc in digest["documents"]:
        lines += [f"## {_md(doc['title'])}", "",
                  f"- id: {doc['id']}; source: {doc['source'] or 'unknown'} ({doc['source_kind']}); "
                  f"published: {doc['published'] or 'undated'}"]
        lines += [f"- figure: {_fact_line(f)}" for f in doc["facts"]]
        if doc.get("unconfirmed_facts"):
            lines.append(f"- {doc['unconfirmed_facts']} unconfirmed figure candidate(s) below the confidence "
                         f"threshold, not listed (see `monazite facts --unconfirmed`)")
        lines += [f"- event {e['type']} {e['date'] or ''} {', '.join(e['actors'])} [{e['provenance']}] "
                  f"\"{_md(e['quote'])}\"" for e in doc["events"]]
        lines += [f"- watchlist {a['watchlist']}: {a['reason']}" for a in doc["alerts"]]
        lines.append("")
    if digest["conflicts"]:
        lines += ["## Conflicting claims", ""]
        for c in digest["conflicts"]:
            lines.append(f"- {c['subject']} {c['metric']} {c['period'] or ''} {c['stage'] or ''}".rstrip())
            for side in c["sides"]:
                lines += [f"  - {f['value']:g} {f['unit']} ({f['source']}) [{f['provenance']}] \"{_md(f['quote'])}\""
                          for f in side["facts"]]
        lines.append("")
    if digest["watch_hits"]:
        lines += ["## Watchlist hits", ""]
        lines += [f"- {h['watchlist']}: {_md(h['title'] or h['document_id'])} ({h['document_id']}): {h['reason']}"
                  for h in digest["watch_hits"]]
        lines.append("")
    return "\n".join(lines) + "\n"


HTML_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rare-earth digest {{ d.date }}</title></head>
<body>
<h1>Rare-earth digest {{ d.date }}</h1>
<p>{{ d.documents|length }} documents ingested from {{ d.window.start }} to {{ d.window.end }}.</p>
{% for doc in d.documents %}
<section class="document" id="doc-{{ doc.id }}">
<h2>{{ doc.title }}</h2>
<p>{{ doc.id }} &middot; {{ doc.source or "unknown" }} ({{ doc.source_kind }}) &middot; published {{ doc.published or "undated" }}</p>
{% if doc.facts %}<ul class="facts">{% for f in doc.facts %}
<li>{{ f.subject }} {{ f.metric }}{% if f.period %} ({{ f.period }}){% endif %}: {{ f.qualifier or "" }} {{ "%g"|format(f.value) }} {{ f.unit }}
{% if f.review == "accepted" %}<strong>verified by an analyst</strong> {% elif f.review == "corrected" %}<strong>corrected by an analyst</strong> {% endif %}<code>{{ f.provenance }}</code> <q>{{ f.quote }}</q></li>{% endfor %}</ul>{% endif %}
{% if doc.unconfirmed_facts %}<p class="unconfirmed">{{ doc.unconfirmed_facts }} unconfirmed figure candidate(s) below the confidence threshold, not listed.</p>{% endif %}
{% if doc.events %}<ul class="events">{% for e in doc.events %}
<li>{{ e.type }} {{ e.date or "" }} {{ e.actors|join(", ") }} <code>{{ e.provenance }}</code> <q>{{ e.quote }}</q></li>{% endfor %}</ul>{% endif %}
{% for a in doc.alerts %}<p class="alert">watchlist {{ a.watchlist }}: {{ a.reason }}</p>{% endfor %}
</section>
{% endfor %}
{% if d.conflicts %}<h2>Conflicting claims</h2><ul>{% for c in d.conflicts %}
<li>{{ c.subject }} {{ c.metric }} {{ c.period or "" }} {{ c.stage or "" }}<ul>{% for side in c.sides %}{% for f in side.facts %}
<li>{{ "%g"|format(f.value) }} {{ f.unit }} ({{ f.source }}) <code>{{ f.provenance }}</code> <q>{{ f.quote }}</q></li>{% endfor %}{% endfor %}</ul></li>{% endfor %}</ul>{% endif %}
{% if d.watch_hits %}<h2>Watchlist hits</h2><ul>{% for h in d.watch_hits %}
<li>{{ h.watchlist }}: {{ h.title or h.document_id }} ({{ h.document_id }}): {{ h.reason }}</li>{% endfor %}</ul>{% endif %}
</body></html>
"""


def render_html(digest: dict[str, Any]) -> str:
    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(HTML_TEMPLATE).render(d=digest)


def render_digest(digest: dict[str, Any], fmt: str) -> str:
    """The digest as Markdown, HTML or JSON text."""
    if fmt == "html":
        return render_html(digest)
    if fmt == "json":
        return json.dumps(digest, ensure_ascii=False, indent=2, default=str) + "\n"
    return render_markdown(digest)
