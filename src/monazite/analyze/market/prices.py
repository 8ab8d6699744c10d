"""Latest prices per material and market, from confirmed price facts.

A price belongs to a material: the fact's ``material``, or its subject when the subject is
itself a material or element (``ndpr-oxide``). A company or a state body is never the key;
a price fact that names no material (a company's basket price) is left out. The market is
what the fact's sentence says nearest the figure (an assessor, a price floor, a place);
when it says none, the currency unit keeps unlike quotes apart. Facts below
``fact_confidence_threshold`` are candidates and are not used, unless an analyst accepted or
corrected them; a fact an analyst rejected is never used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.model import PartialDate
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.reviews import confirmed, visible

__all__ = ["PRICE_MARKETS", "PricePoint", "latest_prices", "price_market"]

MATERIAL_KINDS = ("material", "element")
# Market markers, as (label, pattern). The marker nearest the figure in its sentence names the
# market; on a tie the earlier entry wins. Assessors come before places so that "according to
# the U.S. Geological Survey" is not read as a U.S. market.
MARKET_MARKERS: tuple[tuple[str, str], ...] = (
    ("price floor", r"\bprice floor\b|\bfloor\b|\bminimum price\b|\bprice protection\b"),
    ("USGS annual average", r"\bU\.\s?S\. Geological Survey\b|\bUSGS\b"),
    ("China domestic (SMM)", r"\bShanghai Metals? Market\b|\bSMM\b"),
    ("Fastmarkets", r"\bFastmarkets\b"),
    ("Argus", r"\bArgus\b"),
    ("Asian Metal", r"\bAsian Metal\b"),
    ("Benchmark Mineral Intelligence", r"\bBenchmark Mineral Intelligence\b"),
    ("FOB China", r"\bfob China\b"),
    ("CIF Europe", r"\bcif (?:Rotterdam|Europe)\b"),
    ("China", r"\bdomestic prices?\b|\bChinese (?:domestic |spot )?(?:benchmark|prices?)\b|\bprices? in China\b"),
    ("Europe", r"\bEuropean (?:spot )?prices?\b|\bprices? in Europe\b|\bin Rotterdam\b"),
    ("producer realized", r"\breali[sz]ed (?:sales )?prices?\b|\baverage selling prices?\b"),
)
PRICE_MARKETS = tuple((label, re.compile(pattern, re.I)) for label, pattern in MARKET_MARKERS)


@dataclass
class PricePoint:
    """The latest confirmed price of one material in one market, with where it was read."""

    material: str
    material_name: str
    market: str | None
    value: float
    unit: str
    qualifier: str | None
    low: float | None
    high: float | None
    period: str | None
    published: str | None
    document_id: str
    fact_id: str
    start: int
    end: int
    quote: str
    source: str | None
    observations: int  # confirmed price facts in this material and market

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def price_market(quote: str, start: int, end: int) -> str | None:
    """The market the sentence ``quote`` names nearest the figure at ``start:end`` (offsets in the quote)."""
    best: tuple[int, int, str] | None = None
    for rank, (label, pattern) in enumerate(PRICE_MARKETS):
        for m in pattern.finditer(quote):
            gap = max(m.start() - end, start - m.end(), 0)
            if best is None or (gap, rank) < best[:2]:
                best = (gap, rank, label)
    return best[2] if best else None


def _sort_key(row: dict[str, Any]) -> tuple[dt.date, dt.date]:
    """Recency: the period the price is for (a price stated without one is as of its
    publication), then when it was published; what is unknown sorts oldest."""
    try:
        period = PartialDate.parse(row["period"]).as_date() if row["period"] else None
    except ValueError:
        period = None
    published = row["published_sort"] or dt.date.min
    return (period or published, published)


def latest_prices(conn: Connection, settings: Settings, limit: int | None = None) -> list[PricePoint]:
    """The latest price per (material, market, unit), most recent first."""
    f, d, s = t.facts, t.documents, t.sources
    mat = t.entities.alias("material")
    material_id = sa.case((f.c.material.is_not(None), f.c.material), else_=f.c.subject)
    stmt = (sa.select(f.c.id, f.c.document_id, f.c.value, f.c.unit, f.c.qualifier, f.c.low, f.c.high, f.c.period,
                      f.c.start, f.c.end, f.c.sentence_start, f.c.quote, material_id.label("material"),
                      mat.c.name.label("material_name"), d.c.published, d.c.published_sort,
                      s.c.name.label("source"))
            .select_from(f.join(d, d.c.id == f.c.document_id).outerjoin(s, s.c.id == d.c.source_id)
                         .join(mat, mat.c.id == material_id))
            .where(f.c.metric == "price", visible(f), confirmed(f, settings.fact_confidence_threshold),
                   mat.c.kind.in_(MATERIAL_KINDS), d.c.duplicate_of.is_(None))
            .order_by(f.c.id))
    groups: dict[tuple[str, str | None, str], list[dict[str, Any]]] = {}
    for row in conn.execute(stmt).mappings():
        offset = row["sentence_start"]
        market = price_market(row["quote"], row["start"] - offset, row["end"] - offset)
        groups.setdefault((row["material"], market, row["unit"]), []).append(dict(row, market=market))
    latest = sorted(((max(rows, key=_sort_key), len(rows)) for rows in groups.values()),
                    key=lambda pair: _sort_key(pair[0]), reverse=True)
    points = [PricePoint(r["material"], r["material_name"], r["market"], r["value"], r["unit"], r["qualifier"],
                         r["low"], r["high"], r["period"], r["published"], r["document_id"], r["id"], r["start"],
                         r["end"], r["quote"], r["source"], n) for r, n in latest]
    return points[:limit] if limit is not None else points
