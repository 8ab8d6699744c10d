"""HTML pages: market structure (shares per stage), scenarios (form + result), reference
datasets; and the SVG charts they show."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse, Response

from monazite.analyze.charts import plot_scenario, plot_shares
from monazite.analyze.market.reference import list_datasets, load_dataset
from monazite.analyze.scenarios.capacity import STAGES
from monazite.deliver.web.api_analytics import (MAX_YEAR, MIN_YEAR, RestrictionIn, ScenarioRequest, scenario_result,
                                                shares_dict)
from monazite.deliver.web.app import WebState, web_state
from monazite.deliver.web.charts import render_svg
from monazite.deliver.web.pages import render
from monazite.errors import ConfigError

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
MARKET_STAGES = ("mining", "refining", "metal", "magnet")
SCENARIO_ELEMENTS = ("neodymium", "praseodymium", "dysprosium", "terbium")
DEFAULT_SCENARIO_YEAR = 2024  # the latest year the bundled reference data covers fully
REFERENCE_ROWS = 200  # rows shown on a dataset's page (the API returns all)
StageQ = Annotated[str, Query(pattern=r"^[a-z_]{1,24}$")]
YearQ = Annotated[str | None, Query(pattern=r"^(\d{4})?$", description="A year; empty means the latest")]
MaterialQ = Annotated[str | None, Query(max_length=60)]


def _year(value: str | None) -> int | None:
    """Forms send an empty year when none is wanted; out-of-range years are refused like the API does."""
    if not value:
        return None
    year = int(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ConfigError(f"year must be between {MIN_YEAR} and {MAX_YEAR}, got {year}")
    return year


@router.get("/market", response_class=HTMLResponse)
def market_page(request: Request, state: Annotated[WebState, Depends(web_state)], stage: StageQ = "refining",
                material: MaterialQ = None, year: YearQ = None) -> HTMLResponse:
    result = shares_dict(state, stage, material or None, _year(year))
    return render(request, state, "market.html", r=result, stages=MARKET_STAGES, stage=stage,
                  material=material or "", year=year or "")


@router.get("/charts/shares.svg")
def shares_chart(state: Annotated[WebState, Depends(web_state)], stage: StageQ = "refining",
                 material: MaterialQ = None, year: YearQ = None) -> Response:
    r = shares_dict(state, stage, material or None, _year(year))
    return Response(render_svg(lambda path: plot_shares(r, path)), media_type="image/svg+xml")


def _scenario_request(year: int, country: str, stage: str | None, elements: list[str], fraction: float) -> ScenarioRequest:
    return ScenarioRequest(year=year, restrictions=[RestrictionIn(country=country, elements=elements,
                                                                  stage=stage or None, fraction=fraction)])


ScenarioStage = Annotated[str | None, Query(pattern="^(|" + "|".join(STAGES) + ")$")]
Country = Annotated[str, Query(min_length=1, max_length=120, pattern=r"^[\w .\-]+$")]
Elements = Annotated[list[str] | None, Query(max_length=20)]
Fraction = Annotated[float, Query(gt=0, le=1)]


@router.get("/scenarios", response_class=HTMLResponse)
def scenario_page(request: Request, state: Annotated[WebState, Depends(web_state)],
                  year: Annotated[int, Query(ge=MIN_YEAR, le=MAX_YEAR)] = DEFAULT_SCENARIO_YEAR,
                  country: Country = "china", stage: ScenarioStage = "refining", element: Elements = None,
                  fraction: Fraction = 1.0, run: bool = False) -> HTMLResponse:
    elements = element or ["dysprosium", "terbium"]
    result = scenario_result(state, _scenario_request(year, country, stage, elements, fraction)) if run else None
    return render(request, state, "scenario.html", result=result, year=year, country=country, stage=stage or "",
                  elements=elements, fraction=fraction, stages=STAGES, all_elements=SCENARIO_ELEMENTS,
                  query=request.url.query)


@router.get("/charts/scenario.svg")
def scenario_chart(state: Annotated[WebState, Depends(web_state)],
                   year: Annotated[int, Query(ge=MIN_YEAR, le=MAX_YEAR)] = DEFAULT_SCENARIO_YEAR,
                   country: Country = "china", stage: ScenarioStage = "refining", element: Elements = None,
                   fraction: Fraction = 1.0) -> Response:
    r = scenario_result(state, _scenario_request(year, country, stage, element or ["dysprosium", "terbium"], fraction))
    return Response(render_svg(lambda path: plot_scenario(r, path)), media_type="image/svg+xml")


@router.get("/reference", response_class=HTMLResponse)
def reference_page(request: Request, state: Annotated[WebState, Depends(web_state)]) -> HTMLResponse:
    return render(request, state, "reference.html", datasets=[d.to_dict() for d in list_datasets(state.settings)])


@router.get("/reference/{name}", response_class=HTMLResponse)
def dataset_page(name: str, request: Request, state: Annotated[WebState, Depends(web_state)]) -> HTMLResponse:
    ds = load_dataset(name, state.settings).to_dict(rows=True)
    return render(request, state, "dataset.html", ds=ds, rows=ds["data"][:REFERENCE_ROWS], limit=REFERENCE_ROWS)
