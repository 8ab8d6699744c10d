"""The dossier's capacity and projects table.

A row is a capacity claim (what the entity says it is building, with its sources) joined
to the project events told about it: the event in the same sentence, and phase events in
the same paragraph or table row ("8000-Ton ... Expansion | ... The second phase, launched
in February 2025 ..."). Dated project events that name no capacity get rows of their own.
Beside each row: production reported later for the same material, so a claimed capacity
can be read against what was built or produced.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.analyze.claims.build import Claim, period_sort_key
from monazite.store import schema as t

__all__ = ["CAPACITY_METRICS", "OUTPUT_METRICS", "PROJECT_EVENT_TYPES", "project_rows"]

CAPACITY_METRICS = frozenset({"capacity"})
OUTPUT_METRICS = frozenset({"production"})
PROJECT_EVENT_TYPES = frozenset({"capacity_expansion", "plant_opening"})
PROJECT_NAME_CHARS = 80  # event-only rows are named by the start of their sentence
# The extractor's status words (vocab/units.yaml ``statuses``) on the dossier's scale.
STATUS_SCALE = {
    "announced": "announced", "planned": "announced", "launched": "under construction",
    "under_construction": "under construction", "under construction": "under construction",
    "completed": "commissioned", "commissioned": "commissioned", "producing": "producing",
}
# Status read from the sentence when no event gave one, most advanced first.
STATUS_CUES = (
    ("producing", ("in production", "producing", "now produces")),
    ("commissioned", ("completed", "commissioned", "put into operation", "came online")),
    ("under construction", ("under construction", "construction", "building", "rolling out", "ramping",
                            "launched", "launching")),
    ("announced", ("announced", "plans", "planned", "will add", "initiated")),
)


def project_rows(conn: Connection, claims: list[Claim], events: list[dict], names: dict[str, str]) -> list[dict]:
    """Rows of the projects table for one entity's capacity claims and project events."""
    project_events = [e for e in events if e["type"] in PROJECT_EVENT_TYPES]
    capacity = [c for c in claims if c.metric in CAPACITY_METRICS]
    output = [c for c in claims if c.metric in OUTPUT_METRICS]
    docs = {f.document_id for c in capacity for f in c.facts} | {e["document_id"] for e in project_events}
    texts = _texts(conn, docs)
    rows, used = [], set()
    for c in capacity:
        matched = _events_for(c, project_events, texts)
        used |= {e["id"] for e in matched}
        rows.append(_row(c, matched, names, output, texts))
    for ev in project_events:
        attrs = ev["attributes"]
        if ev["id"] not in used and (ev["date"] or attrs.get("phase") or attrs.get("project")):
            rows.append(_row(None, [ev], names, output, texts))
    return sorted(rows, key=lambda r: (period_sort_key(r["date"]), r["project"]))


def _texts(conn: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    query = sa.select(t.documents.c.id, t.documents.c.text).where(t.documents.c.id.in_(sorted(ids)))
    return {r.id: r.text for r in conn.execute(query)}


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _events_for(c: Claim, events: list[dict], texts: dict[str, str]) -> list[dict]:
    """Events in a fact's sentence, then project-phase events in its paragraph or table row."""
    found: dict[str, dict] = {}
    for f in c.facts:
        for ev in events:
            if ev["document_id"] == f.document_id and ev["sentence_start"] <= f.start < ev["sentence_end"]:
                found[ev["id"]] = ev
        p_start, p_end = _paragraph(texts.get(f.document_id, ""), f.start)
        for ev in events:
            if (ev["document_id"] == f.document_id and p_start <= ev["start"] < p_end
                    and ev["attributes"].get("phase") and ev["id"] not in found):
                found[ev["id"]] = ev
    return list(found.values())


def _row(c: Claim | None, evs: list[dict], names: dict[str, str], output: list[Claim],
         texts: dict[str, str]) -> dict[str, Any]:
    dated = sorted((e for e in evs if e["date"]), key=lambda e: period_sort_key(e["date"]))
    latest = dated[-1] if dated else (evs[0] if evs else None)
    attrs: dict[str, Any] = {}
    for ev in evs:
        attrs = {**{k: v for k, v in ev["attributes"].items() if v is not None}, **attrs}
    if latest is not None:
        attrs.update({k: v for k, v in latest["attributes"].items() if v is not None})
    quote = c.facts[0].quote if c else evs[0]["quote"]
    material = c.material if c else next(iter(evs[0]["materials"]), None)
    date = (latest["date"] if latest else None) or (c.period if c else None)
    later = [o for o in output if (material is None or o.material == material)
             and period_sort_key(o.period) > period_sort_key(date)]
    status_word = attrs.get("status")
    return {
        "project": attrs.get("project") or _name(c, evs, material, names, texts),
        "material": material, "material_name": names.get(material, material) if material else None,
        "capacity": c.value if c else attrs.get("capacity"), "unit": c.unit if c else attrs.get("unit"),
        "qualifier": c.facts[0].qualifier if c else None, "basis": c.basis if c else attrs.get("basis"),
        "phase": attrs.get("phase"),
        "status": STATUS_SCALE.get(status_word, status_word) if status_word else _status_from(quote),
        "date": date, "claim_status": c.status if c else None, "claim_id": c.id if c else None,
        "sources": [f.to_dict() for f in c.facts] if c else [_event_source(e) for e in evs],
        "events": [e["id"] for e in evs],
        "reported_later": [{"metric": o.metric, "value": o.value, "unit": o.unit, "period": o.period,
                            "status": o.status, "claim_id": o.id, "sources": o.sources} for o in later],
    }


def _name(c: Claim | None, evs: list[dict], material: str | None, names: dict[str, str],
          texts: dict[str, str]) -> str:
    """A table row's first cell when the figure (or event) sits in one; else figure and material."""
    doc, pos = (c.facts[0].document_id, c.facts[0].start) if c else (evs[0]["document_id"], evs[0]["start"])
    text = texts.get(doc, "")
    p_start, p_end = _paragraph(text, pos)
    line = text[p_start:p_end].strip()
    cells = [x.strip() for x in line.strip("|").split("|")] if line.startswith("|") else []
    if cells and cells[0] and (c is None or c.facts[0].value_text in cells[0]):
        return cells[0]
    if c is None:
        return " ".join(evs[0]["quote"].split())[:PROJECT_NAME_CHARS]
    what = names.get(material, material) if material else (c.basis or "capacity")
    return f"{c.facts[0].value_text} {what}".strip()


def _status_from(quote: str) -> str | None:
    low = quote.casefold()
    for status, cues in STATUS_CUES:
        if any(cue in low for cue in cues):
            return status
    return None


def _event_source(ev: dict) -> dict[str, Any]:
    return {"document_id": ev["document_id"], "source": ev["source_name"] or ev["title"] or ev["origin"],
            "quote": ev["quote"], "span": {"start": ev["start"], "end": ev["end"],
                                           "sentence_start": ev["sentence_start"],
                                           "sentence_end": ev["sentence_end"]}}
