"""Extracted share claims held against reference figures.

A claim such as "China produces over 60% of the world's rare earths" is a ``market_share``
fact with a stage and a country subject. It is compared with the reference share for the
same stage, country and year (the fact's period, else its document's publication year, else
the latest reference year), or the nearest year the reference has, and that substitution
is stated. Qualifiers are read as intervals (``analyze.agreement``): "over 60%" agrees with
69.2%, "nearly 25%" does not agree with 40%.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monazite.analyze.claims.agreement import agree
from monazite.analyze.market.concentration import market_shares
from monazite.errors import AnalysisError
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.reviews import visible
from monazite.vocab import load_vocabulary

__all__ = ["ClaimCheck", "check_claims"]

SHARE_METRIC = "market_share"
COUNTRY_KIND = "country"
VERDICTS = ("consistent", "inconsistent", "no-reference")


@dataclass
class ClaimCheck:
    verdict: str  # consistent | inconsistent | no-reference
    subject: str
    stage: str
    claim: dict[str, Any]  # value, qualifier, unit, period, year used
    document: dict[str, Any]  # id, title, source, quote, span
    reference: dict[str, Any] | None  # value, year, dataset, url, row, note, other_figures
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _year(text: str | None) -> int | None:
    return int(text[:4]) if text and text[:4].isdigit() else None


def _facts(engine: Engine) -> list[dict[str, Any]]:
    subject = t.entities.alias("subject_entity")
    query = (sa.select(t.facts, t.documents.c.title, t.documents.c.published, t.documents.c.origin,
                       t.sources.c.name.label("source_name"), t.sources.c.kind.label("source_kind"),
                       subject.c.kind.label("subject_kind"), subject.c.name.label("subject_name"))
             .select_from(t.facts.join(t.documents, t.documents.c.id == t.facts.c.document_id)
                          .outerjoin(t.sources, t.sources.c.id == t.documents.c.source_id)
                          .outerjoin(subject, subject.c.id == t.facts.c.subject))
             .where(t.facts.c.metric == SHARE_METRIC, t.facts.c.stage.is_not(None), visible(t.facts))
             .order_by(t.facts.c.document_id, t.facts.c.start))
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def _check(f: dict[str, Any], settings: Settings) -> ClaimCheck:
    claim_year = _year(f["period"]) or _year(f["published"])
    year_from = "fact period" if _year(f["period"]) else "document publication date" if claim_year else None
    claim = {"value": f["value"], "qualifier": f["qualifier"], "unit": f["unit"], "value_text": f["value_text"],
             "period": f["period"], "year": claim_year, "year_from": year_from, "material": f["material"]}
    document = {"id": f["document_id"], "title": f["title"], "origin": f["origin"], "source": f["source_name"],
                "source_kind": f["source_kind"], "quote": f["quote"], "start": f["start"], "end": f["end"],
                "sentence_start": f["sentence_start"], "sentence_end": f["sentence_end"]}
    name = f["subject_name"] or f["subject"]
    material = f["material"] if f["material"] not in (None, "rare-earths", "rare-earth-oxide") else None
    try:
        ref = market_shares(f["stage"], material=material, year=claim_year, settings=settings)
    except AnalysisError as exc:
        return ClaimCheck("no-reference", f["subject"], f["stage"], claim, document, None, str(exc))
    row = next((c for c in ref.countries if c["country_id"] == f["subject"]), None)
    if row is None:
        return ClaimCheck("no-reference", f["subject"], f["stage"], claim, document, None,
                          f"the {ref.stage} reference for {ref.year} lists no share for {name}")
    notes = [n for n in ref.notes if "nearest" in n]
    if claim_year is None:
        notes.append(f"The claim states no year; the latest reference year ({ref.year}) is used.")
    reference = {"value": row["share_pct"], "year": ref.year, "tonnes": row.get("tonnes"),
                 "denominator": ref.denominator, **row["source"], "year_note": " ".join(notes) or None}
    stated_fact = {"value": f["value"], "qualifier": f["qualifier"], "low": f["low"], "high": f["high"]}

    def agrees(value: float) -> bool:
        return agree(stated_fact, {"value": value, "qualifier": None}, settings.share_tolerance_pct, True, True)

    ok = agrees(row["share_pct"])
    # Other publishers' figures for the same year are shown beside the verdict, not folded into it.
    reference["other_figures"] = [{"value": a["share_pct"], "agrees": agrees(a["share_pct"]), **a["source"]}
                                  for a in ref.alternatives if a["country_id"] == f["subject"]]
    stated = " ".join(x for x in (f["qualifier"], f"{f['value']:g}%") if x)
    verdict = "consistent" if ok else "inconsistent"
    explanation = (f"{name} {ref.stage} share: claim '{stated}' vs reference {row['share_pct']:g}% "
                   f"({ref.year}, {row['source']['dataset']}); {verdict} within "
                   f"{settings.share_tolerance_pct:g} percentage points.")
    backing = [o for o in reference["other_figures"] if o["agrees"] != ok]
    if backing:
        explanation += " Other published figures for the year {} it: {}.".format(
            "support" if not ok else "contradict", "; ".join(f"{o['value']:g}% ({o['url']})" for o in backing))
    if notes:
        explanation += " " + " ".join(notes)
    return ClaimCheck(verdict, f["subject"], ref.stage, claim, document, reference, explanation)


def check_claims(engine: Engine, settings: Settings | None = None) -> list[ClaimCheck]:
    """Every stored market-share fact about a country, with its verdict against the reference."""
    settings = settings or Settings()
    facts = _facts(engine)
    if any(f["subject_kind"] is None for f in facts):  # subject not synced to the store: ask the vocabulary
        vocab = load_vocabulary()
        for f in facts:
            ent = vocab.entities.get(f["subject"]) if f["subject_kind"] is None else None
            if ent is not None:
                f["subject_kind"], f["subject_name"] = ent.kind, ent.name
    return [_check(f, settings) for f in facts if f["subject_kind"] == COUNTRY_KIND]
