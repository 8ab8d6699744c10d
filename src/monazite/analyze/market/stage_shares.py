"""Choosing country shares for a supply-chain stage from reported-share datasets.

Reported shares (IEA, press, EU assessments) differ from USGS tonnages: several sources
report overlapping figures for the same year, some give only a publication year, some are
projections. This module decides which rows stand for a (stage, material, year) and says
why, so the concentration figures built on them are reproducible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from monazite.analyze.market.reference import country_id, datasets_of_shape
from monazite.settings import Settings

__all__ = ["STAGE_ROWS", "ShareRow", "normalise_stage", "select_rows", "share_rows"]

# Stage names monazite uses -> stage labels as written in the reference files.
STAGE_ROWS: dict[str, tuple[str, ...]] = {
    "mining": ("mining", "mining (global supply, eu crm 2020 assessment)"),
    "refining": ("separation/refining",),
    "metal": (),  # no metal-stage country shares were found (reference README, "Missing" 3)
    "magnet": ("magnet production",),
}
STAGE_SYNONYMS = {"separation": "refining", "refinery": "refining", "magnets": "magnet", "mine": "mining"}
DEFAULT_MATERIAL = "rare earth"  # matches "rare earth elements", "rare earths", "rare earth oxide ..."
_PROJECTION = re.compile(r"projection", re.I)
_PUBLICATION_YEAR = re.compile(r"publication year", re.I)
_SECONDARY = re.compile(r"\bsecondary\b", re.I)
_AGGREGATE = re.compile(r"^(top \d|world|other\b)", re.I)


@dataclass(frozen=True)
class ShareRow:
    dataset: str
    row: int  # line number in the CSV (header = line 1)
    stage: str
    material: str
    country: str
    share_pct: float
    year: int
    url: str
    note: str

    @property
    def projection(self) -> bool:
        return bool(_PROJECTION.search(self.note))

    @property
    def data_year_known(self) -> bool:
        return not _PUBLICATION_YEAR.search(self.note)

    @property
    def secondary(self) -> bool:
        return bool(_SECONDARY.search(self.note))

    @property
    def aggregate(self) -> bool:
        return bool(_AGGREGATE.match(self.country))

    def source(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "row": self.row, "url": self.url, "note": self.note}

    def to_dict(self) -> dict[str, Any]:
        return {"country": self.country, "country_id": country_id(self.country), "share_pct": self.share_pct,
                "year": self.year, "source": self.source()}


def normalise_stage(stage: str) -> str:
    key = stage.strip().lower()
    return STAGE_SYNONYMS.get(key, key)


def _year(text: str) -> int | None:
    # "2020-2023" is a period; its last year stands for it.
    found = re.findall(r"\d{4}", text or "")
    return int(found[-1]) if found else None


def _material_matches(material: str, wanted: str | None) -> bool:
    return (wanted or DEFAULT_MATERIAL).casefold() in material.casefold()


def share_rows(stage: str, material: str | None, settings: Settings | None) -> list[ShareRow]:
    """Every reported-share row for the stage and material, across bundled and user datasets."""
    labels = STAGE_ROWS.get(stage, ())
    out: list[ShareRow] = []
    for ds in datasets_of_shape("stage_shares", settings):
        for idx, rec in ds.frame.iterrows():
            if str(rec["stage"]).strip().lower() not in labels:
                continue
            if not _material_matches(str(rec["material"]), material):
                continue
            year = _year(str(rec["year"]))
            try:
                share = float(rec["share_pct"])
            except (TypeError, ValueError):
                continue
            if year is None:
                continue
            note = rec.get("note")
            out.append(ShareRow(ds.name, int(idx) + 2, str(rec["stage"]), str(rec["material"]),
                                str(rec["country"]), share, year, str(rec["source_url"]),
                                "" if pd.isna(note) else str(note)))
    return out


def default_year(rows: list[ShareRow]) -> int | None:
    """Latest year backed by a primary, dated figure; else the latest non-projection year."""
    observed = [r for r in rows if not r.projection]
    firm = [r.year for r in observed if r.data_year_known and not r.secondary]
    if firm:
        return max(firm)
    return max((r.year for r in observed), default=None)


def select_rows(rows: list[ShareRow], year: int) -> tuple[list[ShareRow], list[ShareRow], list[ShareRow]]:
    """(chosen source's country rows, its aggregate rows, other sources' rows) for ``year``.

    One source is used per year so shares are never mixed across publishers: the one with
    primary rather than secondary, with a stated data year, and the most countries listed.
    """
    in_year = [r for r in rows if r.year == year and not r.projection]
    by_url: dict[str, list[ShareRow]] = {}
    for r in in_year:
        by_url.setdefault(r.url, []).append(r)
    if not by_url:
        return [], [], []

    def score(url: str) -> tuple[int, int, int]:
        rs = by_url[url]
        return (int(not any(r.secondary for r in rs)), int(all(r.data_year_known for r in rs)),
                sum(not r.aggregate for r in rs))

    best = max(by_url, key=score)  # max keeps file order on ties
    chosen = [r for r in by_url[best] if not r.aggregate]
    aggregates = [r for r in by_url[best] if r.aggregate]
    others = [r for u, rs in by_url.items() if u != best for r in rs]
    return sorted(chosen, key=lambda r: -r.share_pct), aggregates, others
