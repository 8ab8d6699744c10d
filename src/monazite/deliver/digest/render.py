"""The digest as Markdown, plain text, JSON and mail-ready HTML.

The HTML is meant for mail clients as much as browsers: every style is an inline
``style`` attribute (clients drop ``<style>`` blocks and never load stylesheets), there is
no script, and links come only from http(s) document addresses. Jinja2 autoescapes
everything: titles, quotes, outlet and watchlist names are untrusted.
"""

from __future__ import annotations

import json
import re
from typing import Any

from jinja2 import DictLoader, Environment

__all__ = ["DIGEST_FORMATS", "SECTION_TITLES", "STORY_SECTIONS", "render_digest", "render_html", "render_html_body",
           "render_markdown", "render_text"]

DIGEST_FORMATS = ("markdown", "html", "json", "text")
STORY_SECTIONS = ("top_stories", "export_controls", "capacity", "other")  # each story is in one of these
SECTION_TITLES = {"top_stories": "Top stories", "export_controls": "Export controls and policy",
                  "capacity": "Capacity and projects", "other": "Other stories",
                  "companies": "New figures per company", "conflicts": "New conflicts",
                  "watch_hits": "Watchlist hits"}
STATUS_LABELS = {"corroborated": "corroborated", "single-source": "single source", "company-only": "company only",
                 "conflicting": "conflicting", "uncertain": "uncertain"}
REVIEW_LABELS = {"accepted": "verified by an analyst", "corrected": "corrected by an analyst"}


def _value(f: dict[str, Any]) -> str:
    qualifier = f"{f['qualifier']} " if f.get("qualifier") else ""
    return f"{qualifier}{f['value']:g} {f['unit']}"


def _figure_text(f: dict[str, Any], esc: Any) -> str:
    period = f" ({f['period']})" if f.get("period") else ""
    status = STATUS_LABELS.get(f.get("status") or "", "no claim")
    checked = f", {REVIEW_LABELS[f['review']]}" if f.get("review") in REVIEW_LABELS else ""
    return (f"{esc(f['subject'])} {f['metric']}{period}: {_value(f)} [{status}{checked}] "
            f"source: {esc(f['source'])} [{f['provenance']}] \"{esc(f['quote'])}\"")


def _event_text(e: dict[str, Any], esc: Any) -> str:
    who = ", ".join(esc(a) for a in e["actors"] + e.get("materials", []))
    return (f"{e['type']} {e['date'] or 'undated'} {who} source: {esc(e['source'])} [{e['provenance']}] "
            f"\"{esc(e['quote'])}\"")


def _story_lines(st: dict[str, Any], esc: Any) -> list[str]:
    lines = [f"### {esc(st['headline'])}", ""]
    for src in st["sources"]:
        where = f" <{src['url']}>" if src["url"] else ""
        lines.append(f"- source: {esc(src['source'])}, {src['published'] or 'undated'}: "
                     f"{esc(src['title'])} ({src['document_id']}){where}")
    lines += [f"- event: {_event_text(e, esc)}" for e in st["events"]]
    lines += [f"- figure: {_figure_text(f, esc)}" for f in st["figures"]]
    lines += [f"- watchlist {esc(a['watchlist'])}: {esc(a['reason'])}" for a in st["alerts"]]
    return lines + [""]


def _lines(digest: dict[str, Any], esc: Any) -> list[str]:
    by_id = {s["id"]: s for s in digest["stories"]}
    lines = [f"# Rare-earth digest {digest['date']}", "",
             f"{len(digest['documents'])} documents in {len(digest['stories'])} stories, ingested from "
             f"{digest['window']['start']} to {digest['window']['end']}.", ""]
    for key in STORY_SECTIONS:
        ids = digest["sections"][key]
        if key == "other" and not ids:
            continue
        lines += [f"## {SECTION_TITLES[key]}", ""]
        for sid in ids:
            lines += _story_lines(by_id[sid], esc)
        if not ids:
            lines += ["Nothing new.", ""]
    lines += [f"## {SECTION_TITLES['companies']}", ""]
    for c in digest["companies"]:
        lines += [f"### {esc(c['subject'])}", ""] + [f"- {_figure_text(f, esc)}" for f in c["figures"]] + [""]
    if not digest["companies"]:
        lines += ["Nothing new.", ""]
    lines += [f"## {SECTION_TITLES['conflicts']}", ""]
    for c in digest["conflicts"]:
        lines.append(f"- {esc(c['subject'])} {c['metric']} {c['period'] or ''} {c['stage'] or ''}".rstrip())
        lines += [f"  - {f['value']:g} {f['unit']} source: {esc(f['source'])} [{f['provenance']}] "
                  f"\"{esc(f['quote'])}\"" for side in c["sides"] for f in side["facts"]]
    lines += [""] if digest["conflicts"] else ["Nothing new.", ""]
    lines += [f"## {SECTION_TITLES['watch_hits']}", ""]
    lines += [f"- {esc(h['watchlist'])}: {esc(h['title'] or h['document_id'])} ({h['document_id']}): {esc(h['reason'])}"
              for h in digest["watch_hits"]]
    lines += [""] if digest["watch_hits"] else ["Nothing new.", ""]
    return lines


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|])")


def _md(text: str | None) -> str:
    """Untrusted text for Markdown: every character a renderer reads as markup is escaped, so a
    title can carry neither HTML nor a live link (``[x](javascript:...)``)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def render_markdown(digest: dict[str, Any]) -> str:
    return "\n".join(_lines(digest, _md)) + "\n"


def render_text(digest: dict[str, Any]) -> str:
    """Plain text (the mail's text part): the Markdown layout with nothing escaped, since nothing renders it."""
    return "\n".join(_lines(digest, lambda s: s or "")) + "\n"


# Inline styles, one per kind of element; constants, never data.
STYLES = {
    "body": "margin:0;padding:0;background:#f4f4f1;color:#1d2327;font-family:Helvetica,Arial,sans-serif;"
            "font-size:15px;line-height:1.45;",
    "page": "max-width:760px;margin:0 auto;padding:20px;background:#ffffff;",
    "h1": "font-size:24px;margin:0 0 6px 0;color:#12372a;",
    "h2": "font-size:19px;margin:26px 0 8px 0;padding-bottom:4px;border-bottom:2px solid #12372a;color:#12372a;",
    "h3": "font-size:16px;margin:14px 0 4px 0;color:#1d2327;",
    "muted": "color:#5f6b73;font-size:13px;margin:0 0 8px 0;",
    "card": "margin:0 0 12px 0;padding:10px 12px;border:1px solid #d9ddd6;border-radius:4px;",
    "ul": "margin:4px 0 4px 18px;padding:0;",
    "li": "margin:0 0 6px 0;",
    "code": "font-family:Menlo,Consolas,monospace;font-size:12px;color:#5f6b73;",
    "quote": "color:#3b4750;font-style:italic;",
    "a": "color:#0b5cad;",
    "badge": "display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;color:#ffffff;",
}
STATUS_COLOURS = {"corroborated": "#2e7d32", "single-source": "#6b7280", "company-only": "#b45309",
                  "conflicting": "#b91c1c", "uncertain": "#6d28d9"}

HTML_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rare-earth digest {{ d.date }}</title></head>
<body style="{{ s.body }}">{% include "body" %}</body></html>
"""

BODY_TEMPLATE = """<div style="{{ s.page }}">
<h1 style="{{ s.h1 }}">Rare-earth digest {{ d.date }}</h1>
<p style="{{ s.muted }}">{{ d.documents|length }} documents in {{ d.stories|length }} stories, ingested from {{ d.window.start }} to {{ d.window.end }}.</p>
{%- macro status(f) -%}
<span style="{{ s.badge }}background:{{ colours.get(f.status, '#9ca3af') }};">{{ labels.get(f.status, 'no claim') }}</span>
{%- if f.review in reviews %} <strong>{{ reviews[f.review] }}</strong>{% endif %}
{%- endmacro %}
{%- macro figure(f, subject=True) -%}
<li style="{{ s.li }}">{% if subject %}{{ f.subject }} {% endif %}{{ f.metric }}{% if f.period %} ({{ f.period }}){% endif %}: <strong>{{ f.qualifier or "" }} {{ "%g"|format(f.value) }} {{ f.unit }}</strong>
{{ status(f) }} &middot; {% if f.url %}<a style="{{ s.a }}" href="{{ f.url }}">{{ f.source }}</a>{% else %}{{ f.source }}{% endif %}
<code style="{{ s.code }}">{{ f.provenance }}</code><br><q style="{{ s.quote }}">{{ f.quote }}</q></li>
{%- endmacro %}
{%- macro event(e) -%}
<li style="{{ s.li }}"><strong>{{ e.type }}</strong> {{ e.date or "undated" }} {{ (e.actors + e.materials)|join(", ") }} &middot; {{ e.source }}
<code style="{{ s.code }}">{{ e.provenance }}</code><br><q style="{{ s.quote }}">{{ e.quote }}</q></li>
{%- endmacro %}
{%- macro story(st) -%}
<div class="story" id="story-{{ st.id }}" style="{{ s.card }}">
<h3 style="{{ s.h3 }}">{{ st.headline }}</h3>
<p style="{{ s.muted }}">{{ st.sources|length }} source{{ "s" if st.sources|length != 1 else "" }}:
{% for src in st.sources %}{% if src.url %}<a class="source" style="{{ s.a }}" href="{{ src.url }}">{{ src.source }}</a>{% else %}<span class="source">{{ src.source }}</span>{% endif %} ({{ src.published or "undated" }}){{ "; " if not loop.last else "" }}{% endfor %}</p>
{% if st.events %}<ul style="{{ s.ul }}">{% for e in st.events %}{{ event(e) }}{% endfor %}</ul>{% endif %}
{% if st.figures %}<ul class="figures" style="{{ s.ul }}">{% for f in st.figures %}{{ figure(f) }}{% endfor %}</ul>{% endif %}
{% for a in st.alerts %}<p style="{{ s.muted }}">watchlist <strong>{{ a.watchlist }}</strong>: {{ a.reason }}</p>{% endfor %}
</div>
{%- endmacro %}
{% for key in parts %}{% if key != "other" or d.sections.other %}
<h2 id="{{ key|replace('_', '-') }}" style="{{ s.h2 }}">{{ titles[key] }}</h2>
{% for sid in d.sections[key] %}{{ story(by_id[sid]) }}
{% else %}<p style="{{ s.muted }}">Nothing new.</p>{% endfor %}
{% endif %}{% endfor %}
<h2 id="companies" style="{{ s.h2 }}">{{ titles.companies }}</h2>
{% for c in d.companies %}<h3 style="{{ s.h3 }}">{{ c.subject }}</h3>
<ul class="figures" style="{{ s.ul }}">{% for f in c.figures %}{{ figure(f, False) }}{% endfor %}</ul>
{% else %}<p style="{{ s.muted }}">Nothing new.</p>{% endfor %}
<h2 id="conflicts" style="{{ s.h2 }}">{{ titles.conflicts }}</h2>
{% if d.conflicts %}<ul style="{{ s.ul }}">{% for c in d.conflicts %}
<li style="{{ s.li }}"><strong>{{ c.subject }} {{ c.metric }}</strong> {{ c.period or "" }} {{ c.stage or "" }}
<ul style="{{ s.ul }}">{% for side in c.sides %}{% for f in side.facts %}
<li style="{{ s.li }}">{{ "%g"|format(f.value) }} {{ f.unit }} &middot; {{ f.source }} <code style="{{ s.code }}">{{ f.provenance }}</code><br><q style="{{ s.quote }}">{{ f.quote }}</q></li>{% endfor %}{% endfor %}</ul></li>{% endfor %}</ul>
{% else %}<p style="{{ s.muted }}">Nothing new.</p>{% endif %}
<h2 id="watch-hits" style="{{ s.h2 }}">{{ titles.watch_hits }}</h2>
{% if d.watch_hits %}<ul style="{{ s.ul }}">{% for h in d.watch_hits %}
<li style="{{ s.li }}"><strong>{{ h.watchlist }}</strong>: {{ h.title or h.document_id }} <code style="{{ s.code }}">{{ h.document_id }}</code>: {{ h.reason }}</li>{% endfor %}</ul>
{% else %}<p style="{{ s.muted }}">Nothing new.</p>{% endif %}
</div>
"""


def _render(template: str, digest: dict[str, Any]) -> str:
    env = Environment(loader=DictLoader({"page": HTML_TEMPLATE, "body": BODY_TEMPLATE}), autoescape=True,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(template).render(
        d=digest, s=STYLES, colours=STATUS_COLOURS, labels=STATUS_LABELS, reviews=REVIEW_LABELS,
        titles=SECTION_TITLES, by_id={s["id"]: s for s in digest["stories"]}, parts=STORY_SECTIONS)


def render_html(digest: dict[str, Any]) -> str:
    """A whole HTML page, as mailed."""
    return _render("page", digest)


def render_html_body(digest: dict[str, Any]) -> str:
    """The page's content alone (for an Atom entry's ``content``)."""
    return _render("body", digest)


def render_digest(digest: dict[str, Any], fmt: str) -> str:
    """The digest as Markdown, HTML, JSON or plain text."""
    if fmt == "html":
        return render_html(digest)
    if fmt == "json":
        return json.dumps(digest, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "text":
        return render_text(digest)
    return render_markdown(digest)
