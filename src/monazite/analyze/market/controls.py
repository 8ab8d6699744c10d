"""Dated export-control measures, for a reader who wants to know what is in force and when.

The reference list of measures (``export-controls`` dataset) gives the rows. A confirmed
extracted ``export_control`` event (at or above ``event_confidence_threshold``, or accepted by
an analyst; never one an analyst rejected) whose own date agrees
with a reference measure of the same jurisdiction is folded into that measure as a report
of it; one that agrees with none becomes a measure of its own when the text dates it at
least to the month. An event dated only by its document's publication, or only to a year,
is a sentence about controls, not a dated measure, and is left out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from monazite.analyze.market.exposure import ControlEntry, export_control_timeline
from monazite.settings import Settings
from monazite.vocab import Vocabulary, load_vocabulary

__all__ = ["CONTROL_KINDS", "Measure", "dated_controls", "dates_agree"]

# Reference kinds that restrict exports (tariffs, quotas on production and industrial policy are not).
CONTROL_KINDS = ("export_control", "technology_control", "suspension")
MONTH_ISO_CHARS = 7  # "2025-04": an extracted event must be dated at least to the month to stand alone


@dataclass
class Measure:
    """One dated measure: what, when, on which materials, by whom, and where that is written."""

    date: str
    measure: str
    materials: str
    imposed_by: str
    jurisdiction_id: str
    kind: str
    status: str  # active | suspended | historical (reference) | reported (extracted)
    origin: str  # reference | extracted
    source: dict[str, Any]  # reference: dataset, row, url; extracted: document_id, event_id, start, end, quote
    reports: list[dict[str, Any]] = field(default_factory=list)  # extracted events reporting this measure

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _plain_iso(date: str) -> bool:
    """Year, year-month or full date; quarters, halves and yearless dates do not place a measure."""
    parts = date.split("-")
    return (1 <= len(parts) <= 3 and len(parts[0]) == 4 and all(p.isdigit() for p in parts)
            and all(len(p) == 2 for p in parts[1:]))


def dates_agree(reference: str, reported: str) -> bool:
    """Whether an event's date can be the reference measure's: equal, or one a prefix of the
    other with the shorter dated at least to the month (a year alone matches only a year)."""
    if not (_plain_iso(reference) and _plain_iso(reported)):
        return False
    if reference == reported:
        return True
    shorter, longer = sorted((reference, reported), key=len)
    return len(shorter) >= MONTH_ISO_CHARS and longer.startswith(shorter + "-")


def _report(entry: ControlEntry) -> dict[str, Any]:
    s = entry.source
    return {"document_id": s["document_id"], "event_id": s["event_id"], "title": s["title"], "start": s["start"],
            "end": s["end"], "quote": s["quote"], "date": s["event_date"], "confidence": s["confidence"]}


def _add_report(measure: Measure, entry: ControlEntry) -> None:
    """One report per document: its most confident event (events arrive most confident first)."""
    shown = {measure.source.get("document_id")} | {r["document_id"] for r in measure.reports}
    if entry.source["document_id"] not in shown:
        measure.reports.append(_report(entry))


def _names(ids: list[str], vocab: Vocabulary) -> str:
    return ", ".join(vocab.entities[i].name if i in vocab.entities else i for i in ids)


def _imposed_by(entry: ControlEntry, vocab: Vocabulary) -> str:
    """The bodies named as acting (a ministry before its country), else the jurisdiction."""
    actors = [vocab.entities[a] for a in entry.source.get("actors", []) if a in vocab.entities]
    bodies = [a.name for a in actors if a.kind != "country" and a.country == entry.jurisdiction_id]
    return f"{', '.join(bodies)} ({entry.jurisdiction})" if bodies else entry.jurisdiction


def _extracted_measure(entry: ControlEntry, vocab: Vocabulary) -> Measure:
    materials = entry.source.get("materials") or []
    return Measure(entry.source["event_date"], entry.measure, _names(materials, vocab) or entry.materials,
                   _imposed_by(entry, vocab), entry.jurisdiction_id, entry.kind, entry.status, "extracted",
                   _report(entry))


def dated_controls(engine: Engine | None, settings: Settings, vocab: Vocabulary | None = None) -> list[Measure]:
    """Reference export-control measures and confirmed extracted ones, newest first."""
    vocab = vocab or load_vocabulary()
    entries = export_control_timeline(engine, settings, vocab,
                                      min_event_confidence=settings.event_confidence_threshold)
    measures = [Measure(e.date, e.measure, e.materials, e.jurisdiction, e.jurisdiction_id, e.kind, e.status,
                        "reference", dict(e.source))
                for e in entries if e.origin == "reference" and e.kind in CONTROL_KINDS and e.date]
    extracted = sorted((e for e in entries if e.origin == "extracted" and e.source.get("event_date")),
                       key=lambda e: -float(e.source["confidence"]))
    standalone: dict[tuple[str, str], Measure] = {}
    for entry in extracted:
        date = entry.source["event_date"]
        agreeing = [m for m in measures if m.jurisdiction_id == entry.jurisdiction_id and dates_agree(m.date, date)]
        for m in agreeing:
            _add_report(m, entry)
        if agreeing or len(date) < MONTH_ISO_CHARS or not _plain_iso(date):
            continue
        key = (entry.jurisdiction_id, date)
        if key in standalone:
            _add_report(standalone[key], entry)
        else:
            standalone[key] = _extracted_measure(entry, vocab)
    out = measures + list(standalone.values())
    out.sort(key=lambda m: (m.date, m.origin == "reference"), reverse=True)
    return out
