"""Market structure: who holds what share of each supply-chain stage, and how concentrated it is.

Mining shares of rare earths (REO) are computed from USGS tonnages: each country's mine
production divided by the USGS world total *as published* (rounded), so shares of the
named countries can sum to slightly more than 100%. USGS "Other countries" is reported as
a residual line and is not a country: it is left out of HHI and CR figures. For a year
published in several editions the newest edition is used and named.

Other stages (and mining of a specific material) use reported shares
(``stage_shares``); there HHI covers only the countries the source lists, so it is a
lower bound and labelled so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from monazite.analyze.market.reference import ReferenceDataset, country_id, datasets_of_shape
from monazite.analyze.market.stage_shares import (
    DEFAULT_MATERIAL, STAGE_ROWS, default_year, normalise_stage, select_rows, share_rows,
)
from monazite.errors import AnalysisError
from monazite.settings import Settings

__all__ = ["SharesResult", "concentration_ratio", "hhi", "market_shares", "usgs_year"]

HHI_SCALE_MAX = 10_000  # HHI on percentage shares: 10,000 = one country holds 100%
TOP_N = 3  # CR3
REO_MATERIALS = {"", "reo", "rare earth", "rare earths", "rare-earth", "rare earth oxide", "ree"}


def hhi(shares_pct: list[float]) -> float:
    """Herfindahl-Hirschman index on the 0-10,000 scale (sum of squared percentage shares)."""
    return round(sum(s * s for s in shares_pct), 1)


def concentration_ratio(shares_pct: list[float], n: int) -> float:
    return round(sum(sorted(shares_pct, reverse=True)[:n]), 2)


@dataclass
class SharesResult:
    stage: str
    material: str
    year: int
    countries: list[dict[str, Any]]
    hhi: float
    cr1: float
    cr3: float
    hhi_basis: str
    denominator: dict[str, Any]
    residual: dict[str, Any] | None = None
    trend: list[dict[str, Any]] = field(default_factory=list)
    projections: list[dict[str, Any]] = field(default_factory=list)
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    requested_year: int | None = None

    @property
    def sources(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.countries:
            seen[c["source"]["url"]] = None
        if self.residual:
            seen[self.residual["source"]["url"]] = None
        return list(seen)

    def share_of(self, country: str) -> float | None:
        key = country_id(country)
        return next((c["share_pct"] for c in self.countries if c["country_id"] == key), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage, "material": self.material, "year": self.year,
            "requested_year": self.requested_year, "countries": self.countries,
            "hhi": self.hhi, "hhi_scale": f"0-{HHI_SCALE_MAX:,}", "hhi_basis": self.hhi_basis,
            "cr1": self.cr1, "cr3": self.cr3, "denominator": self.denominator, "residual": self.residual,
            "trend": self.trend, "projections": self.projections, "alternatives": self.alternatives,
            "sources": self.sources, "notes": self.notes,
        }


# ---- mining from USGS tonnages -------------------------------------------------------

def _edition(ds: ReferenceDataset, url: str) -> tuple[str, int, bool]:
    for rule in ds.options.get("editions", []):
        if rule["match"] in url:
            return rule["edition"], int(rule["rank"]), bool(rule.get("primary", True))
    d = ds.options.get("default_edition", {"edition": ds.version or ds.name, "rank": 0, "primary": False})
    return d["edition"], int(d["rank"]), bool(d.get("primary", False))


def _usgs_rows(settings: Settings | None) -> list[dict[str, Any]]:
    rows = []
    for ds in datasets_of_shape("production", settings):
        for idx, rec in ds.frame.iterrows():
            try:
                tonnes = float(rec["mine_production_t_reo"])
                year = int(str(rec["year"]).strip())
            except (TypeError, ValueError):
                continue
            edition, rank, primary = _edition(ds, str(rec["source_url"]))
            rows.append({"country": str(rec["country"]).strip(), "year": year, "tonnes": tonnes,
                         "source": {"dataset": ds.name, "row": int(idx) + 2, "url": str(rec["source_url"]),
                                    "edition": edition, "primary": primary}, "rank": rank})
    return rows


def usgs_year(year: int, settings: Settings | None = None) -> dict[str, Any]:
    """Country tonnages for ``year`` from the newest edition that publishes a world total."""
    rows = [r for r in _usgs_rows(settings) if r["year"] == year]
    ranks = sorted({r["rank"] for r in rows if r["country"] == "World"}, reverse=True)
    if not ranks:
        raise AnalysisError(f"no USGS world total for {year}: mining shares cannot be computed for that year")
    chosen = [r for r in rows if r["rank"] == ranks[0]]
    world = next(r for r in chosen if r["country"] == "World")
    other = next((r for r in chosen if r["country"] == "Other"), None)
    named = [r for r in chosen if r["country"] not in ("World", "Other")]
    skipped_editions = sorted({r["source"]["edition"] for r in rows if r["rank"] != ranks[0]})
    return {"world": world, "other": other, "named": named, "edition": world["source"]["edition"],
            "superseded": skipped_editions}


def _usgs_result(year: int, settings: Settings | None) -> SharesResult:
    data = usgs_year(year, settings)
    world_t = data["world"]["tonnes"]
    named = sorted((r for r in data["named"] if r["tonnes"] > 0), key=lambda r: -r["tonnes"])
    countries = [{"country": r["country"], "country_id": country_id(r["country"]),
                  "share_pct": round(100 * r["tonnes"] / world_t, 2), "tonnes": r["tonnes"],
                  "source": r["source"]} for r in named]
    exact = [100 * r["tonnes"] / world_t for r in named]
    notes = [f"Edition used for {year}: {data['edition']}."]
    if data["superseded"]:
        notes.append(f"Rows from {', '.join(data['superseded'])} for {year} were superseded by the newer edition.")
    total_named = sum(r["tonnes"] for r in named)
    notes.append(
        f"Denominator: USGS world total as published (rounded), {world_t:,.0f} t REO; named countries sum to "
        f"{total_named:,.0f} t, so their shares can add up to more than 100%.")
    zero = [r["country"] for r in data["named"] if r["tonnes"] == 0]
    if zero:
        notes.append(f"No reported production (USGS dash): {', '.join(zero)}.")
    residual = None
    if data["other"] is not None:
        o = data["other"]
        residual = {"label": "Other countries (USGS)", "tonnes": o["tonnes"],
                    "share_pct": round(100 * o["tonnes"] / world_t, 2), "source": o["source"],
                    "in_hhi": False}
    return SharesResult(
        stage="mining", material="rare earths (REO)", year=year, countries=countries,
        hhi=hhi(exact), cr1=concentration_ratio(exact, 1), cr3=concentration_ratio(exact, TOP_N),
        hhi_basis="named countries over the published world total; 'Other countries' excluded",
        denominator={"label": "USGS world total (rounded)", "tonnes": world_t, "source": data["world"]["source"]},
        residual=residual, notes=notes)


def _usgs_years(settings: Settings | None) -> list[int]:
    return sorted({r["year"] for r in _usgs_rows(settings)})


# ---- reported shares -----------------------------------------------------------------

def _reported_result(stage: str, material: str | None, year: int | None,
                     settings: Settings | None) -> SharesResult:
    rows = share_rows(stage, material, settings)
    label = material or f"{DEFAULT_MATERIAL}s"
    if not rows:
        raise AnalysisError(f"no reference shares for stage {stage!r} and material {label!r}"
                            + (" (no metal-stage country shares were found in the reference data)"
                               if stage == "metal" else ""))
    years = sorted({r.year for r in rows if not r.projection})
    notes: list[str] = []
    chosen_year = year if year is not None else default_year(rows)
    if chosen_year not in years:
        nearest = min(years, key=lambda y: (abs(y - chosen_year), y))
        notes.append(f"No reported {stage} shares for {chosen_year}; nearest year {nearest} used.")
        chosen_year = nearest
    chosen, aggregates, others = select_rows(rows, chosen_year)
    shares = [r.share_pct for r in chosen]
    covered = round(sum(shares), 2)
    cr3 = concentration_ratio(shares, TOP_N)
    cr3_basis = "sum of the three largest listed shares"
    top3 = next((a for a in aggregates if a.country.lower().startswith("top 3")), None)
    if len(chosen) < TOP_N and top3 is not None:
        cr3, cr3_basis = top3.share_pct, f"reported by the source as '{top3.country}'"
    elif len(chosen) < TOP_N:
        cr3_basis = "lower bound: fewer than three countries listed"
    if any(not r.data_year_known for r in chosen):
        notes.append("The source gave no data year; the year is the publication year.")
    result = SharesResult(
        stage=stage, material=chosen[0].material if chosen else label, year=chosen_year,
        countries=[{**r.to_dict(), "tonnes": None} for r in chosen],
        hhi=hhi(shares), cr1=concentration_ratio(shares, 1), cr3=cr3,
        hhi_basis=f"lower bound over the countries the source lists (covering {covered}%)",
        denominator={"label": "world total as reported by the source", "tonnes": None,
                     "source": chosen[0].source() if chosen else None},
        residual={"label": "not attributed by the source", "tonnes": None,
                  "share_pct": round(max(0.0, 100 - covered), 2), "source": chosen[0].source(),
                  "in_hhi": False} if chosen else None,
        alternatives=[r.to_dict() for r in others], notes=notes)
    result.notes.append(f"CR3 basis: {cr3_basis}.")
    result.trend = []
    for y in years:
        c, _, _ = select_rows(rows, y)
        if c:
            s = [r.share_pct for r in c]
            result.trend.append({"year": y, "leader": c[0].country, "cr1": concentration_ratio(s, 1),
                                 "hhi": hhi(s), "countries_listed": len(c), "source": c[0].url})
    result.projections = [r.to_dict() for r in rows if r.projection]
    return result


def market_shares(stage: str, material: str | None = None, year: int | None = None,
                  settings: Settings | None = None) -> SharesResult:
    """Country shares, HHI, CR1, CR3 and their trend for one stage; raises AnalysisError when no data."""
    stage = normalise_stage(stage)
    if stage not in STAGE_ROWS:
        raise AnalysisError(f"unknown stage {stage!r}; use one of {', '.join(STAGE_ROWS)}")
    if stage != "mining" or (material or "").strip().lower() not in REO_MATERIALS:
        return _reported_result(stage, material, year, settings)
    years = [y for y in _usgs_years(settings) if _has_world(y, settings)]
    if not years:
        raise AnalysisError("no USGS production figures with a world total in the reference data")
    target = year if year is not None else max(years)
    notes = []
    if target not in years:
        nearest = min(years, key=lambda y: (abs(y - target), y))
        notes.append(f"No USGS world total for {target}; nearest year {nearest} used.")
        target = nearest
    result = _usgs_result(target, settings)
    result.requested_year = year
    result.notes = notes + result.notes
    for y in _usgs_years(settings):
        if _has_world(y, settings):
            r = _usgs_result(y, settings)
            result.trend.append({"year": y, "leader": r.countries[0]["country"], "cr1": r.cr1, "cr3": r.cr3,
                                 "hhi": r.hhi, "world_t": r.denominator["tonnes"],
                                 "edition": r.denominator["source"]["edition"]})
        else:
            result.trend.append({"year": y, "note": "no USGS world total published in the bundled editions"})
    return result


def _has_world(year: int, settings: Settings | None) -> bool:
    return any(r["country"] == "World" and r["year"] == year for r in _usgs_rows(settings))
