"""Review decisions written as annotations in the gold set's shape, so every correction also
measures the extractor (``make eval REVIEWS=DIR``).

``export_reviews`` writes ``DIR/articles/<document id>.txt`` (the stored, repaired text the
decisions' spans point into) and ``DIR/reviews.json``:

- ``facts`` and ``events``: what analysts accepted, and the corrected form of what they
  corrected, as gold annotations (``doc``, ``subject``, ``value``, ``unit``, ``metric``,
  ``quote_contains``...);
- ``rejected_facts`` and ``rejected_events``: what analysts rejected, and the original form
  of a correction that changed what the scorer compares; an extractor that still produces
  one of these is wrong on a reviewed statement;
- ``exhaustive: false``: reviews cover some statements, not every one, so precision is
  measured on reviewed statements only (``monazite.extract.scoring.score_reviewed``);
- ``decisions``: the log itself (who, when, what), for the record.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.store import schema as t
from monazite.store.reviews import list_reviews

__all__ = ["export_reviews", "reviews_as_annotations"]

QUOTE_CHARS = 60  # the stretch of the sentence around a figure a gold entry quotes


def reviews_as_annotations(conn: Connection) -> tuple[dict[str, Any], dict[str, str]]:
    """(annotations, {file name: document text}) for the latest decision on every fact and event."""
    latest = [r for r in list_reviews(conn, latest_only=True) if r.kind in ("fact", "event")]
    doc_ids = sorted({r.document_id for r in latest if r.document_id})
    docs = {row.id: row for row in conn.execute(
        sa.select(t.documents.c.id, t.documents.c.text, t.documents.c.published).where(t.documents.c.id.in_(doc_ids)))}
    names = {row.id: row.name for row in conn.execute(sa.select(t.entities.c.id, t.entities.c.name))}
    out: dict[str, Any] = {
        "about": "Analysts' review decisions exported by `monazite review export`, in the gold set's shape "
                 "(tests/fixtures/gold/gold.json). Not exhaustive: precision is measured on reviewed statements.",
        "exhaustive": False, "documents": {}, "entities": [], "facts": [], "events": [],
        "rejected_facts": [], "rejected_events": [], "decisions": [],
    }
    texts: dict[str, str] = {}
    for review in latest:
        doc = docs.get(review.document_id or "")
        if doc is None:
            continue  # its document was removed from the store since
        fname = f"{doc.id}.txt"
        texts[fname] = doc.text
        out["documents"][fname] = {"published": doc.published}
        original = _entry(review.kind, review.original, fname, doc.text, names)
        out["decisions"].append({"file": fname, **review.to_dict()})
        plural = review.kind + "s"
        if review.decision == "reject":
            out[f"rejected_{plural}"].append(original)
        elif review.decision == "accept":
            out[plural].append(original)
        else:
            corrected = _entry(review.kind, {**review.original, **review.changes}, fname, doc.text, names)
            out[plural].append(corrected)
            if _scored(review.kind, corrected) != _scored(review.kind, original):
                out[f"rejected_{plural}"].append(original)
    return out, texts


def export_reviews(conn: Connection, directory: Path) -> dict[str, int]:
    """Write the annotations and their articles under ``directory``; returns counts."""
    annotations, texts = reviews_as_annotations(conn)
    articles = directory / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for fname, text in texts.items():
        (articles / fname).write_text(text, encoding="utf-8")
    (directory / "reviews.json").write_text(json.dumps(annotations, indent=1, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    return {key: len(annotations[key]) for key in ("facts", "events", "rejected_facts", "rejected_events")} | {
        "documents": len(texts)}


def _entry(kind: str, rec: dict[str, Any], fname: str, text: str, names: dict[str, str]) -> dict[str, Any]:
    quote = _quote(text, rec.get("start"), rec.get("end"))
    if kind == "fact":
        subject = rec.get("subject") or ""
        entry = {"doc": fname, "subject": [names.get(subject, subject), subject], "value": rec.get("value"),
                 "unit": rec.get("unit"), "metric": rec.get("metric"), "quote_contains": quote}
        for key in ("period", "stage"):
            if rec.get(key):
                entry[key] = rec[key]
        return entry
    entry = {"doc": fname, "type": rec.get("type"), "quote_contains": quote,
             "actors": [names.get(a, a) for a in rec.get("actors") or []],
             "materials": [names.get(m, m) for m in rec.get("materials") or []]}
    if rec.get("date"):
        entry["date"] = rec["date"]
    return entry


def _scored(kind: str, entry: dict[str, Any]) -> tuple:
    """What the scorer compares: a correction that changes none of it leaves the original right."""
    if kind == "fact":
        return (entry["subject"][1], entry["value"], entry["unit"])
    return (entry["type"], entry.get("date"), tuple(entry["actors"]))


def _quote(text: str, start: Any, end: Any) -> str:
    """The figure's own text: the span itself (unique enough with the document to find it)."""
    if start is None or end is None:
        return ""
    return " ".join(text[int(start):int(end)].split())[:QUOTE_CHARS]
