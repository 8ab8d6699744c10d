"""Capacities of the scenario network: tonnes of one element each country can supply per stage.

Built from the reference data (USGS mine production, reported stage shares) and the
labelled assumptions in ``data/reference/scenario_assumptions.yaml`` (ore composition,
element-specific stage shares). Every capacity carries its derivation and sources so the
scenario output can show each input next to the figure it feeds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monazite.analyze.market.concentration import market_shares
from monazite.analyze.market.reference import BUNDLED_DIR, country_id, load_dataset
from monazite.errors import AnalysisError, ConfigError
from monazite.settings import Settings
from monazite.vocab.yamlio import YAMLError, load_yaml

__all__ = ["STAGES", "CapacityInput", "assumptions", "build_capacities", "modelled_elements", "world_mined"]

STAGES: tuple[str, ...] = ("mining", "refining", "metal", "magnet")
ASSUMPTIONS_FILE = BUNDLED_DIR / "scenario_assumptions.yaml"
REST_OF_WORLD = "Rest of world"
MIN_SHARE_PCT = 0.01  # residual shares below this are rounding, not a producer


@dataclass(frozen=True)
class CapacityInput:
    """One node capacity: stage x country x element, with how it was derived."""

    stage: str
    country: str
    country_id: str
    element: str
    tonnes: float
    derivation: str
    sources: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    assumption: bool = False
    origin: str = "reference"  # reference | addition

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "country": self.country, "country_id": self.country_id,
                "element": self.element, "tonnes": round(self.tonnes, 3), "derivation": self.derivation,
                "sources": list(self.sources), "assumption": self.assumption, "origin": self.origin}


@functools.lru_cache(maxsize=2)
def _read_assumptions(path: Path) -> dict[str, Any]:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read scenario assumptions: {exc}") from exc


def assumptions() -> dict[str, Any]:
    return _read_assumptions(ASSUMPTIONS_FILE)


def _row_url(dataset: str, row: int, settings: Settings | None) -> str:
    frame = load_dataset(dataset, settings).frame
    return str(frame.iloc[row - 2]["source_url"])


def _ore_mix(cid: str, settings: Settings | None) -> tuple[dict[str, float], str, list[dict[str, Any]], bool]:
    a = assumptions()
    spec = a["country_ores"].get(cid)
    if spec is None:
        return a["default_ore"], a["default_ore_note"], [], True
    sources = [{"dataset": d["dataset"], "row": d["row"], "url": _row_url(d["dataset"], d["row"], settings),
                "note": d["note"]} for d in spec.get("derived_from", [])]
    return spec["ores"], spec.get("note", ""), sources, bool(spec.get("assumption", False))


def _element_pct(ores: dict[str, float], element: str) -> float:
    types = assumptions()["ore_types"]
    return sum(frac * types[ore]["composition_pct"].get(element, 0.0) for ore, frac in ores.items())


def modelled_elements() -> set[str]:
    types = assumptions()["ore_types"].values()
    return {e for t in types for e in t["composition_pct"]}


def _mining(year: int, element: str, settings: Settings | None) -> tuple[list[CapacityInput], list[str]]:
    shares = market_shares("mining", year=year, settings=settings)
    notes = [n for n in shares.notes if "nearest" in n]
    producers = [(c["country"], c["tonnes"], c["source"]) for c in shares.countries]
    if shares.residual:
        producers.append(("Other countries", shares.residual["tonnes"], shares.residual["source"]))
    out = []
    for name, tonnes, source in producers:
        cid = country_id(name) if name != "Other countries" else "other-countries"
        ores, note, ore_sources, is_assumption = _ore_mix(cid, settings)
        pct = _element_pct(ores, element)
        ore_text = ", ".join(f"{frac:.2%} {ore}" for ore, frac in ores.items())
        out.append(CapacityInput(
            "mining", name, cid, element, tonnes * pct / 100,
            f"USGS {shares.year} mine production {tonnes:,.0f} t REO x {pct:.3f}% {element} "
            f"(ore mix: {ore_text}; {note})",
            (source, *ore_sources, {"assumptions": str(ASSUMPTIONS_FILE.name), "ore_types": sorted(ores)}),
            assumption=True))
    return out, notes


def world_mined(inputs: list[CapacityInput], element: str) -> float:
    return sum(c.tonnes for c in inputs if c.stage == "mining" and c.element == element)


def _override(stage: str, element: str, year: int) -> dict[str, Any] | None:
    for o in assumptions().get("stage_overrides", []):
        if o["stage"] == stage and element in o.get("elements", [element]) and year in o.get("years", [year]):
            return o
    return None


def _share_stage(stage: str, element: str, year: int, world: float,
                 settings: Settings | None) -> tuple[list[CapacityInput], list[str]]:
    notes: list[str] = []
    override = _override(stage, element, year)
    source_stage = stage
    if override and "proxy_for" in override:
        source_stage = override["proxy_for"]
        notes.append(f"{stage}: {override['note'].strip()}")
        override = _override(source_stage, element, year)
    if override and "shares_pct" in override:
        listed = [(name, float(p), {"assumptions": ASSUMPTIONS_FILE.name, "note": override["note"].strip()})
                  for name, p in override["shares_pct"].items()]
        is_assumption, label = True, f"assumed {source_stage} share"
    else:
        try:
            res = market_shares(source_stage, year=year, settings=settings)
        except AnalysisError as exc:
            raise AnalysisError(f"scenario needs {source_stage} shares: {exc}") from exc
        notes.extend(f"{source_stage}: {n}" for n in res.notes if "nearest" in n)
        listed = [(c["country"], c["share_pct"], c["source"]) for c in res.countries]
        is_assumption, label = stage != source_stage, f"{source_stage} share {res.year}"
    out = []
    for name, pct, source in listed:
        out.append(CapacityInput(stage, name, country_id(name), element, world * pct / 100,
                                 f"{label} {pct}% x world mined {element} {world:,.1f} t", (source,),
                                 assumption=is_assumption))
    rest = 100 - sum(p for _, p, _ in listed)
    if rest >= MIN_SHARE_PCT:
        out.append(CapacityInput(stage, REST_OF_WORLD, "rest-of-world", element, world * rest / 100,
                                 f"residual {rest:.2f}% not attributed by the source x world mined {element}",
                                 tuple(s for _, _, s in listed[:1]), assumption=True))
    return out, notes


def build_capacities(year: int, elements: list[str],
                     settings: Settings | None = None) -> tuple[list[CapacityInput], list[str]]:
    """Capacities for every stage and element in ``year`` terms, plus notes on years substituted.

    Stage capacities after mining are the stage's country shares applied to world mined
    output of the element: the reference data give shares of output, so the model has no
    spare capacity unless additions or announced projects supply it.
    """
    known = modelled_elements()
    unknown = [e for e in elements if e not in known]
    if unknown:
        raise AnalysisError(f"no ore-composition assumption for {', '.join(unknown)}; "
                            f"modelled elements: {', '.join(sorted(known))}")
    inputs: list[CapacityInput] = []
    notes: list[str] = []
    for element in elements:
        mined, n = _mining(year, element, settings)
        inputs += mined
        notes += n
        world = world_mined(mined, element)
        for stage in STAGES[1:]:
            caps, n = _share_stage(stage, element, year, world, settings)
            inputs += caps
            notes += n
    return inputs, list(dict.fromkeys(notes))
