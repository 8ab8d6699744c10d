"""Export controls over time, and which end uses they reach.

The timeline merges the reference list of measures (``export-controls`` dataset) with
export-control events extracted from the news. The exposure matrix crosses each controlled
element with the end-use sectors that depend on it (vocabulary ``sectors``) and the country
controlling it, with that country's share of separation/refining as the measure of how much
supply its controls reach.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monazite.analyze.market.concentration import market_shares
from monazite.analyze.market.reference import country_id, datasets_of_shape
from monazite.errors import AnalysisError
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.reviews import confirmed, visible
from monazite.vocab import Vocabulary, load_vocabulary

__all__ = ["ControlEntry", "ExposureMatrix", "export_control_timeline", "exposure_matrix"]

# Measure kinds, first match wins, read from the dataset's `scope` then `measure` text.
KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("suspension", re.compile(r"^\s*suspension", re.I)),
    ("production_quota", re.compile(r"production quota", re.I)),
    ("export_control", re.compile(r"export control|export licen|dual-use|export quota|export ban|licensing", re.I)),
    ("technology_control", re.compile(r"technology export|know-how", re.I)),
    ("trade_investigation", re.compile(r"trade-remedy|investigation", re.I)),
    ("tariff", re.compile(r"tariff", re.I)),
    ("regulation", re.compile(r"regulation", re.I)),
    ("industrial_policy", re.compile(r"industrial policy|price", re.I)),
)
SUSPENDED = re.compile(r"\bsuspended\s+(?:on\s+)?\d|\bsuspended until\b", re.I)  # "suspended 7 Nov 2025 until ..."
HISTORICAL_BEFORE_YEAR = 2015  # measures older than this are context (e.g. the 2010 quota cut), not in force
SUPPLY_STAGE = "refining"  # a controlling country's reach is measured by its separation/refining share


@dataclass
class ControlEntry:
    date: str | None
    jurisdiction: str
    jurisdiction_id: str
    measure: str
    kind: str
    status: str  # active | suspended | historical
    elements: list[str]
    materials: str
    source: dict[str, Any]
    origin: str = "reference"  # reference | extracted

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ExposureMatrix:
    cells: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"elements": sorted({c["element"] for c in self.cells}),
                "sectors": sorted({c["sector"] for c in self.cells}),
                "countries": sorted({c["country"] for c in self.cells}),
                "cells": self.cells, "notes": self.notes}


def _kind(scope: str, measure: str) -> str:
    for text in (scope, measure):
        for kind, pattern in KIND_PATTERNS:
            if pattern.search(text):
                return kind
    return "other"


def _element_patterns(vocab: Vocabulary) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for ent in vocab.by_kind("element"):
        names = [re.escape(ent.name)] + [re.escape(a) for a in ent.aliases if len(a) > 2]
        symbol = ent.attributes.get("symbol")
        pattern = r"(?i:\b(?:" + "|".join(names) + r")\b)"
        if symbol:
            pattern += r"|\b" + re.escape(symbol) + r"\b"  # symbols match with their exact case
        out.append((ent.id, re.compile(pattern)))
    return out


def _elements_in(text: str, patterns: list[tuple[str, re.Pattern[str]]]) -> list[str]:
    return [eid for eid, pat in patterns if pat.search(text)]


def _reference_entries(settings: Settings | None, vocab: Vocabulary) -> list[ControlEntry]:
    patterns = _element_patterns(vocab)
    out = []
    for ds in datasets_of_shape("export_controls", settings):
        for idx, rec in ds.frame.iterrows():
            scope, measure, materials = (str(rec[k]) for k in ("scope", "measure", "materials"))
            date = str(rec["date"]).strip() or None
            year = int(date[:4]) if date and date[:4].isdigit() else None
            status = ("suspended" if SUSPENDED.search(scope)
                      else "historical" if year is not None and year < HISTORICAL_BEFORE_YEAR else "active")
            jurisdiction = str(rec["jurisdiction"]).strip()
            out.append(ControlEntry(date, jurisdiction, country_id(jurisdiction), measure, _kind(scope, measure),
                                    status, _elements_in(materials, patterns), materials,
                                    {"dataset": ds.name, "row": int(idx) + 2, "url": str(rec["source_url"]),
                                     "scope": scope}))
    return out


def _extracted_entries(engine: Engine, vocab: Vocabulary, min_confidence: float | None) -> list[ControlEntry]:
    query = (sa.select(t.events, t.documents.c.published, t.documents.c.title)
             .select_from(t.events.join(t.documents, t.documents.c.id == t.events.c.document_id))
             .where(t.events.c.type == "export_control").order_by(t.events.c.document_id, t.events.c.start))
    if min_confidence is not None:  # confirmed events: confident enough or accepted, never rejected
        query = query.where(visible(t.events), confirmed(t.events, min_confidence))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    out = []
    for e in rows:
        jurisdiction = None
        for actor in e["actors"] or []:
            ent = vocab.entities.get(actor)
            if ent is not None and ent.kind == "country":
                jurisdiction = ent
                break
            if ent is not None and ent.country and jurisdiction is None:
                jurisdiction = vocab.entities.get(ent.country)
        elements = [m for m in e["materials"] or [] if (vocab.entities.get(m) is not None
                                                         and vocab.entities[m].kind == "element")]
        name = jurisdiction.name if jurisdiction else ((e["actors"] or ["unknown"])[0])
        out.append(ControlEntry(
            e["date"] or e["published"], name, jurisdiction.id if jurisdiction else country_id(name),
            e["quote"], "export_control", "reported", elements, ", ".join(e["materials"] or []),
            {"document_id": e["document_id"], "event_id": e["id"], "event_date": e["date"],
             "confidence": e["confidence"], "actors": list(e["actors"] or []),
             "materials": list(e["materials"] or []),
             "title": e["title"], "start": e["start"], "end": e["end"],
             "sentence_start": e["sentence_start"], "sentence_end": e["sentence_end"], "quote": e["quote"],
             "date_from": "event" if e["date"] else "document published date" if e["published"] else None},
            origin="extracted"))
    return out


def _reach(reach: Any, cid: str) -> dict[str, Any]:
    row = next((c for c in reach.countries if c["country_id"] == cid), None) if reach else None
    return {"supply_share_pct": row["share_pct"] if row else None,
            "supply_share_source": row["source"] if row else None}


def export_control_timeline(engine: Engine | None = None, settings: Settings | None = None,
                            vocab: Vocabulary | None = None,
                            min_event_confidence: float | None = None) -> list[ControlEntry]:
    """Reference measures plus, when an engine is given, extracted export-control events
    (when ``min_event_confidence`` is given, only confirmed ones: at or above it or accepted
    by an analyst, and none an analyst rejected); by date."""
    vocab = vocab or load_vocabulary()
    entries = _reference_entries(settings, vocab)
    if engine is not None:
        entries += _extracted_entries(engine, vocab, min_event_confidence)
    return sorted(entries, key=lambda e: (e.date is None, e.date or "", e.jurisdiction))


def exposure_matrix(engine: Engine | None = None, settings: Settings | None = None,
                    sectors: Mapping[str, Any] | None = None,
                    vocab: Vocabulary | None = None) -> ExposureMatrix:
    """Element x end-use sector x controlling country, for export controls naming elements."""
    vocab = vocab or load_vocabulary()
    sectors = vocab.sectors if sectors is None else sectors
    if not sectors:
        raise AnalysisError("no end-use sector definitions (vocabulary sectors.yaml) to build the matrix")
    notes = []
    try:
        reach = market_shares(SUPPLY_STAGE, settings=settings)
        notes.append(f"supply_share_pct: the controlling country's {SUPPLY_STAGE} share in {reach.year}.")
    except AnalysisError as exc:
        reach = None
        notes.append(f"no {SUPPLY_STAGE} shares: {exc}")
    cells: dict[tuple[str, str, str], dict[str, Any]] = {}
    for entry in export_control_timeline(engine, settings, vocab):
        if entry.kind != "export_control" or entry.status == "historical" or not entry.elements:
            continue
        for element in entry.elements:
            for name, sector in sectors.items():
                if element not in getattr(sector, "elements", []):
                    continue
                key = (element, name, entry.jurisdiction_id)
                cell = cells.setdefault(key, {
                    "element": element, "sector": name, "sector_label": getattr(sector, "label", name),
                    "country": entry.jurisdiction, "country_id": entry.jurisdiction_id, "status": entry.status,
                    **_reach(reach, entry.jurisdiction_id),
                    "measures": []})
                if entry.status in ("active", "reported"):
                    cell["status"] = "active"
                cell["measures"].append({"date": entry.date, "status": entry.status, "origin": entry.origin,
                                         "measure": entry.measure[:200], "source": entry.source})
    ordered = sorted(cells.values(), key=lambda c: (c["status"] != "active", c["element"], c["sector"], c["country"]))
    return ExposureMatrix(ordered, notes)
