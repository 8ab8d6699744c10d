"""Markdown form of a dossier, rendered from its JSON form so the two never disagree."""

from __future__ import annotations

from typing import Any

__all__ = ["render_markdown"]

QUOTE_CHARS = 160  # quotes longer than this are shortened in tables (the JSON keeps them whole)


def render_markdown(d: dict[str, Any]) -> str:
    ident = d["identity"]
    lines = [f"# {ident['name']}", "", f"- **Id:** `{ident['id']}` ({ident['kind']})"]
    if ident["aliases"]:
        lines.append(f"- **Also known as:** {', '.join(ident['aliases'])}")
    if ident["tickers"]:
        lines.append(f"- **Tickers:** {', '.join(ident['tickers'])}")
    if ident["country"]:
        lines.append(f"- **Country:** {ident['country']['name']}")
    if ident["parent"]:
        lines.append(f"- **Parent:** {ident['parent']['name']}")
    if ident["subsidiaries"]:
        lines.append(f"- **Subsidiaries:** {', '.join(s['name'] for s in ident['subsidiaries'])}")
    for rel in ident["relations"]:
        predicate = rel["predicate"].replace("_", " ")
        lines.append(f"- {ident['name']} **{predicate}** {rel['name']}" if rel["direction"] == "out"
                     else f"- {rel['name']} **{predicate}** {ident['name']}")
    lines += ["", "## Latest figures", ""]
    lines += _metrics_table(d["metrics"])
    for rel in d["related"]:
        if rel["metrics"]:
            lines += ["", f"## Figures of {rel['relation']} {rel['name']}", ""]
            lines += _metrics_table(rel["metrics"])
    lines += ["", "## Capacity and projects", ""]
    lines += _projects_table(d["projects"])
    for rel in d["related"]:
        if rel["projects"]:
            lines += ["", f"### Projects of {rel['relation']} {rel['name']}", ""]
            lines += _projects_table(rel["projects"])
    lines += ["", "## Events", ""]
    for ev in d["events"]:
        when = ev["date"] or ev["published"] or "undated"
        lines.append(f"- {when} — **{ev['type']}**: {_short(ev['quote'])} (`{ev['document_id']}` "
                     f"{ev['span']['start']}-{ev['span']['end']})")
    if not d["events"]:
        lines.append("No events recorded.")
    lines += ["", "## Mentions by month", ""]
    lines += [f"- {m['month']}: {m['mentions']}" for m in d["mention_volume"]] or ["No mentions."]
    lines += ["", "## Documents most about it", ""]
    lines += [f"- `{doc['document_id']}` {doc['title'] or doc['origin']} ({doc['mentions']} mentions)"
              for doc in d["documents"]] or ["None."]
    return "\n".join(lines) + "\n"


def _projects_table(projects: list[dict[str, Any]]) -> list[str]:
    if not projects:
        return ["No capacity figures or projects recorded."]
    out = ["| Project | Capacity | Phase | Status | Date | Claim | Sources |", "|---|---|---|---|---|---|---|"]
    for p in projects:
        cap = "" if p["capacity"] is None else f"{_num(p['capacity'])} {p['unit'] or ''}".strip()
        out.append(_row([p["project"], cap, p["phase"] or "", p["status"] or "", p["date"] or "",
                         p["claim_status"] or "", _cite(p["sources"])]))
    return out


def _metrics_table(sections: list[dict[str, Any]]) -> list[str]:
    if not sections:
        return ["No figures recorded."]
    out = ["| Metric | Value | Period | Status | Sources |", "|---|---|---|---|---|"]
    for s in sections:
        c = s["latest"]
        qualifier = c["facts"][0]["qualifier"] if c["facts"] else None
        value = f"{qualifier + ' ' if qualifier else ''}{_num(c['value'])} {c['unit']}"
        out.append(_row([s["label"], value, c["period"] or "", c["status"], _cite(c["facts"])]))
    return out


def _cite(facts: list[dict[str, Any]]) -> str:
    return "; ".join(f"{f.get('source') or f['document_id']} `{f['document_id']}`@{f['span']['start']}"
                     for f in facts)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
