"""Disruption scenarios: what happens to element supply when a country withholds a stage.

Stages, in order:
1. build capacities per stage x country x element from reference data and labelled
   assumptions (``scenario_capacity``), plus the analyst's capacity additions;
2. solve the baseline: maximum flow of each element to each stage (``flow.max_flow``);
3. apply restrictions (a fraction of a country's capacity at one or every stage) and
   solve again, preferring the baseline routing where it is still possible;
4. per stage and element: supply before/after, what was withheld, knock-on losses,
   substitutes, shortfall in tonnes and percent;
5. cover: solve once more with announced non-restricting capacity (reference projects and,
   when an engine is given, capacity projects extracted from the news);
6. exposed end-use sectors: those depending on the elements that fall short.
The model is described in docs/scenario-model.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy.engine import Engine

from monazite.analyze.scenarios.flow import max_flow
from monazite.analyze.scenarios.projects import announced_capacity
from monazite.analyze.market.reference import country_id
from monazite.analyze.scenarios.capacity import STAGES, CapacityInput, assumptions, build_capacities
from monazite.errors import AnalysisError
from monazite.settings import Settings
from monazite.vocab import Vocabulary, load_vocabulary

__all__ = ["CapacityAddition", "Restriction", "ScenarioResult", "run_scenario"]

DEFAULT_ELEMENTS = ("neodymium", "praseodymium", "dysprosium", "terbium")  # the magnet rare earths
BALANCE_TOLERANCE_T = 1e-6  # tonnes; per-stage mass balance must close within this
SOLVER_NOISE_T = 1e-6  # tonnes; node flows closer than this to the baseline are the baseline


@dataclass(frozen=True)
class Restriction:
    """``country`` withholds ``fraction`` of its capacity for ``elements`` at ``stage`` (None = every stage)."""

    country: str
    elements: tuple[str, ...]
    stage: str | None = None
    fraction: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "elements", tuple(self.elements))
        if not 0 < self.fraction <= 1:
            raise AnalysisError(f"restriction fraction must be in (0, 1], got {self.fraction}")
        if self.stage is not None and self.stage not in STAGES:
            raise AnalysisError(f"unknown stage {self.stage!r}; use one of {', '.join(STAGES)}")


@dataclass(frozen=True)
class CapacityAddition:
    """Extra capacity, in tonnes of ``material`` (an element id) per year, at a stage in a country."""

    country: str
    stage: str
    material: str
    tonnes: float

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise AnalysisError(f"unknown stage {self.stage!r}; use one of {', '.join(STAGES)}")
        if self.tonnes <= 0:
            raise AnalysisError(f"capacity addition must be positive, got {self.tonnes}")


@dataclass
class ScenarioResult:
    year: int
    restrictions: list[Restriction]
    additions: list[CapacityAddition]
    stages: list[dict[str, Any]]
    sectors: list[dict[str, Any]]
    cover: list[dict[str, Any]]
    announced: list[dict[str, Any]]
    inputs: list[CapacityInput]
    notes: list[str] = field(default_factory=list)

    @property
    def shortfall(self) -> list[dict[str, Any]]:
        keys = ("stage", "element", "before_t", "after_t", "shortfall_t", "shortfall_pct")
        return [{k: s[k] for k in keys} for s in self.stages]

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year, "basis": assumptions()["basis"],
            "restrictions": [asdict(r) for r in self.restrictions],
            "additions": [asdict(a) for a in self.additions],
            "shortfall": self.shortfall, "stages": self.stages, "sectors_exposed": self.sectors,
            "announced_cover": self.cover, "announced_capacity": self.announced,
            "inputs": [c.to_dict() for c in self.inputs],
            "assumptions_labelled": sum(c.assumption for c in self.inputs),
            "solver": "scipy.optimize.linprog (HiGHS), maximum flow per stage", "notes": self.notes,
        }


def _capacity_map(inputs: Sequence[CapacityInput], element: str) -> dict[tuple[str, str], float]:
    caps: dict[tuple[str, str], float] = {}
    for c in inputs:
        if c.element == element:
            caps[(c.stage, c.country_id)] = caps.get((c.stage, c.country_id), 0.0) + c.tonnes
    return caps


def _restrict(caps: dict[tuple[str, str], float], element: str,
              restrictions: Sequence[Restriction]) -> tuple[dict[tuple[str, str], float], set[tuple[str, str]]]:
    out, hit = dict(caps), set()
    for r in restrictions:
        if element not in r.elements:
            continue
        cid = country_id(r.country)
        for (stage, c) in caps:
            if c == cid and (r.stage is None or r.stage == stage):
                out[(stage, c)] *= 1 - r.fraction
                hit.add((stage, c))
    return out, hit


def _addition_inputs(additions: Sequence[CapacityAddition], origin: str) -> list[CapacityInput]:
    return [CapacityInput(a.stage, a.country, country_id(a.country), a.material, a.tonnes,
                          f"capacity addition {a.tonnes:,.1f} t {a.material}", ({"origin": origin},),
                          origin="addition") for a in additions]


def _stage_row(stage: str, element: str, before: dict, after: dict, hit: set,
               names: Mapping[str, str]) -> dict[str, Any]:
    nodes = sorted({c for (s, c) in (*before, *after) if s == stage})
    flows = {c: (before.get((stage, c), 0.0), after.get((stage, c), 0.0)) for c in nodes}
    flows = {c: (b, b if abs(a - b) <= SOLVER_NOISE_T else a) for c, (b, a) in flows.items()}
    b_tot = sum(b for b, _ in flows.values())
    a_tot = sum(a for _, a in flows.values())
    withheld = knock_on = substitutes = 0.0
    by_country = []
    for c, (b, a) in flows.items():
        if (stage, c) in hit:
            withheld += max(0.0, b - a)
        else:
            knock_on += max(0.0, b - a)
        substitutes += max(0.0, a - b)
        by_country.append({"country": names.get(c, c), "country_id": c, "before_t": round(b, 3),
                           "after_t": round(a, 3)})
    restricted = withheld + knock_on
    if abs(a_tot - (b_tot - restricted + substitutes)) > BALANCE_TOLERANCE_T:
        raise AnalysisError(f"mass balance does not close at {stage}/{element}")
    return {"stage": stage, "element": element, "before_t": round(b_tot, 3), "after_t": round(a_tot, 3),
            "restricted_t": round(restricted, 3), "withheld_t": round(withheld, 3),
            "knock_on_t": round(knock_on, 3), "substitutes_t": round(substitutes, 3),
            "shortfall_t": round(b_tot - a_tot, 3) + 0.0,  # + 0.0 turns -0.0 into 0.0
            "shortfall_pct": round(100 * (b_tot - a_tot) / b_tot, 2) + 0.0 if b_tot else 0.0,
            "by_country": by_country}


def _sector_exposure(stages: list[dict[str, Any]], sectors: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    final = {s["element"]: s for s in stages if s["stage"] == STAGES[-1]}
    out = []
    for name, sector in (sectors or {}).items():
        hit = [e for e in getattr(sector, "elements", []) if e in final]
        short = [final[e] for e in hit if final[e]["shortfall_t"] > 0]
        if not short:
            continue
        out.append({"sector": name, "label": getattr(sector, "label", name), "elements": hit,
                    "worst_shortfall_pct": max(s["shortfall_pct"] for s in short),
                    "short_elements": [s["element"] for s in short]})
    return sorted(out, key=lambda d: (-d["worst_shortfall_pct"], -len(d["short_elements"]), d["sector"]))


def _canonical(restrictions: Sequence[Restriction], additions: Sequence[CapacityAddition],
               vocab: Vocabulary) -> tuple[list[Restriction], list[CapacityAddition]]:
    def element(name: str) -> str:
        ent = vocab.resolve(name)
        return ent.id if ent is not None and ent.kind == "element" else name

    def country(name: str) -> str:
        ent = vocab.resolve(name)
        return ent.name if ent is not None and ent.kind == "country" else name

    return ([replace(r, country=country(r.country), elements=tuple(element(e) for e in r.elements))
             for r in restrictions],
            [replace(a, country=country(a.country), material=element(a.material)) for a in additions])


def run_scenario(restrictions: list[Restriction], year: int, additions: Sequence[CapacityAddition] = (),
                 engine: Engine | None = None, settings: Settings | None = None,
                 sectors: Mapping[str, Any] | None = None) -> ScenarioResult:
    """Solve the scenario for ``year``. ``sectors`` defaults to the vocabulary's sector definitions.

    Countries and elements may be given by any vocabulary name ("US", "Dy"); they are
    resolved to canonical names and element ids first.
    """
    vocab = load_vocabulary()
    restrictions, additions = _canonical(restrictions, additions, vocab)
    elements = list(dict.fromkeys([e for r in restrictions for e in r.elements]
                                  + [a.material for a in additions])) or list(DEFAULT_ELEMENTS)
    inputs, notes = build_capacities(year, elements, settings)
    added = _addition_inputs(additions, "analyst")
    names = {c.country_id: c.country for c in (*inputs, *added)}
    projects, cover_inputs = announced_capacity(year, elements, inputs, restrictions, engine, settings)
    if sectors is None:
        sectors = vocab.sectors
    if not sectors:
        notes.append("No end-use sector definitions available: sector exposure not computed.")
    stages: list[dict[str, Any]] = []
    cover: list[dict[str, Any]] = []
    for element in elements:
        base_caps = _capacity_map(inputs, element)
        caps, hit = _restrict(base_caps, element, restrictions)
        for key, tonnes in _capacity_map(added, element).items():  # additions exist only in the scenario
            caps[key] = caps.get(key, 0.0) + tonnes
        cover_caps = dict(caps)
        for c in cover_inputs:
            if c.element == element:
                cover_caps[(c.stage, c.country_id)] = cover_caps.get((c.stage, c.country_id), 0.0) + c.tonnes
                names.setdefault(c.country_id, c.country)
        for stage in STAGES:
            before_t, before = max_flow(STAGES, base_caps, stage)
            _, after = max_flow(STAGES, caps, stage, baseline=before)
            row = _stage_row(stage, element, before, after, hit, names)
            stages.append(row)
            if row["shortfall_t"] > 0:
                covered_t, _ = max_flow(STAGES, cover_caps, stage, baseline=after)
                gain = max(0.0, min(covered_t, before_t) - row["after_t"])
                cover.append({"stage": stage, "element": element, "shortfall_t": row["shortfall_t"],
                              "covered_t": round(gain, 3),
                              "covered_pct": round(100 * gain / row["shortfall_t"], 2)})
    return ScenarioResult(year, list(restrictions), list(additions), stages,
                          _sector_exposure(stages, sectors), cover, projects, inputs + added, notes)
