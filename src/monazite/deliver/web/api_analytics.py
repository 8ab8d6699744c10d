"""``/api/v1`` market shares, scenarios and reference datasets.

The analysis itself lives in ``monazite.analyze``; this module only turns HTTP
parameters into its arguments and its results into JSON.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError

from monazite.analyze.market.concentration import market_shares
from monazite.analyze.market.reference import list_datasets, load_dataset
from monazite.analyze.scenarios.disruption import CapacityAddition, Restriction, run_scenario
from monazite.analyze.scenarios.capacity import STAGES
from monazite.deliver.web.app import WebState, web_state

__all__ = ["ScenarioRequest", "router", "scenario_result", "shares_dict"]

router = APIRouter(tags=["analytics"])
MIN_YEAR, MAX_YEAR = 1990, 2100  # years the reference data could plausibly cover
MAX_RESTRICTIONS = 20  # per scenario: more is a mistake or an abuse
StageName = Annotated[str, Field(pattern="^(" + "|".join(STAGES) + ")$")]
Slug = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[\w .\-]+$")]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]


class RestrictionIn(BaseModel):
    country: Slug
    elements: Annotated[list[Slug], Field(min_length=1, max_length=20)]
    stage: StageName | None = None
    fraction: Annotated[float, Field(gt=0, le=1)] = 1.0


class AdditionIn(BaseModel):
    country: Slug
    stage: StageName
    material: Slug
    tonnes: Annotated[float, Field(gt=0, le=1e9)]


class ScenarioRequest(BaseModel):
    year: Year
    restrictions: Annotated[list[RestrictionIn], Field(max_length=MAX_RESTRICTIONS)] = []
    additions: Annotated[list[AdditionIn], Field(max_length=MAX_RESTRICTIONS)] = []


def shares_dict(state: WebState, stage: str, material: str | None, year: int | None) -> dict[str, Any]:
    return state.memo.get(("shares", stage, material, year),
                          lambda: market_shares(stage, material, year, settings=state.settings)).to_dict()


def scenario_result(state: WebState, req: ScenarioRequest) -> dict[str, Any]:
    restrictions = [Restriction(r.country, tuple(r.elements), r.stage, r.fraction) for r in req.restrictions]
    additions = [CapacityAddition(a.country, a.stage, a.material, a.tonnes) for a in req.additions]
    return state.memo.get(("scenario", req.model_dump_json()), lambda: run_scenario(
        restrictions, req.year, additions, engine=state.engine, settings=state.settings).to_dict())


@router.get("/shares", summary="Country shares of one supply-chain stage, with HHI, CR1, CR3 and sources")
def shares(state: Annotated[WebState, Depends(web_state)],
           stage: Annotated[str, Query(min_length=1, max_length=24, pattern=r"^[a-z_]+$")],
           material: Annotated[str | None, Query(max_length=60)] = None,
           year: Annotated[int | None, Query(ge=MIN_YEAR, le=MAX_YEAR)] = None) -> dict[str, Any]:
    return shares_dict(state, stage, material, year)


@router.get("/scenarios", summary="Run a one-restriction scenario from query parameters")
def scenario_get(state: Annotated[WebState, Depends(web_state)],
                 year: Annotated[int, Query(ge=MIN_YEAR, le=MAX_YEAR)],
                 country: Annotated[str, Query(min_length=1, max_length=120, pattern=r"^[\w .\-]+$")],
                 element: Annotated[list[str], Query(min_length=1, max_length=20)],
                 stage: Annotated[str | None, Query(pattern="^(" + "|".join(STAGES) + ")$")] = None,
                 fraction: Annotated[float, Query(gt=0, le=1)] = 1.0) -> dict[str, Any]:
    try:  # the query's values, checked by the same model a POST body is ("element=" is no element)
        req = ScenarioRequest(year=year, restrictions=[RestrictionIn(country=country, elements=element, stage=stage,
                                                                     fraction=fraction)])
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc
    return scenario_result(state, req)


@router.post("/scenarios", summary="Run a scenario: restrictions and capacity additions for a year")
def scenario_post(req: ScenarioRequest, state: Annotated[WebState, Depends(web_state)]) -> dict[str, Any]:
    return scenario_result(state, req)


@router.get("/reference", summary="Reference datasets with their sources")
def reference(state: Annotated[WebState, Depends(web_state)]) -> dict[str, Any]:
    items = [ds.to_dict() for ds in list_datasets(state.settings)]
    return {"total": len(items), "count": len(items), "items": items}


@router.get("/reference/{name}", summary="One reference dataset with its rows")
def reference_one(name: Annotated[str, Path(min_length=1, max_length=120, pattern=r"^[\w.\-]+$")],
                  state: Annotated[WebState, Depends(web_state)]) -> dict[str, Any]:
    return load_dataset(name, state.settings).to_dict(rows=True)
