"""HTML pages: entities, dossiers (with the capacity/projects table), claims."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse, Response

from monazite.analyze.charts import plot_metric_history
from monazite.analyze.claims.build import CLAIM_STATUSES
from monazite.deliver.web.api_knowledge import dossier_dict
from monazite.deliver.web.app import WebState, web_state
from monazite.deliver.web.charts import bar_chart, render_svg
from monazite.deliver.web.pages import render
from monazite.deliver.web.queries import list_entities
from monazite.errors import NotFound

__all__ = ["charted_metrics", "router"]

router = APIRouter(include_in_schema=False)
ENTITY_PAGE = 100  # entities per page
MIN_HISTORY_POINTS = 2  # a metric gets a history chart from this many dated claims
Opt = Annotated[str | None, Query(max_length=200)]


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, state: Annotated[WebState, Depends(web_state)],
                  kind: Annotated[str | None, Query(pattern=r"^[a-z_]{0,24}$")] = None, q: Opt = None,
                  offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> HTMLResponse:
    with state.engine.connect() as conn:
        page = list_entities(conn, limit=ENTITY_PAGE, offset=offset, kind=kind or None, q=q or None)
    return render(request, state, "entities.html", page=page, kind=kind or "", q=q or "")


@router.get("/entities/{name}", response_class=HTMLResponse)
def dossier_page(name: str, request: Request, state: Annotated[WebState, Depends(web_state)]) -> HTMLResponse:
    dossier = dossier_dict(state, name)
    return render(request, state, "dossier.html", d=dossier, charted=charted_metrics(dossier))


@router.get("/charts/mentions/{name}.svg")
def mentions_chart(name: str, state: Annotated[WebState, Depends(web_state)]) -> Response:
    d = dossier_dict(state, name, include_related=False)
    months = d["mention_volume"]
    svg = bar_chart([m["month"] for m in months], [m["mentions"] for m in months],
                    title=f"Mentions of {d['identity']['name']} by month", ylabel="mentions")
    return Response(svg, media_type="image/svg+xml")


def _history_points(section: dict) -> list[dict]:
    return [{"period": c["period"], "value": c["value"], "label": (c["sources"] or [None])[0],
             "document_id": c["facts"][0]["document_id"] if c["facts"] else None}
            for c in section["history"] if c["period"]]


def charted_metrics(dossier: dict) -> set[str]:
    """Metrics with at least two dated claims: the dossier shows their history as a chart."""
    return {s["metric"] for s in dossier["metrics"] if len(_history_points(s)) >= MIN_HISTORY_POINTS}


@router.get("/charts/metric/{name}/{metric}.svg")
def metric_chart(name: str, metric: str, state: Annotated[WebState, Depends(web_state)]) -> Response:
    d = dossier_dict(state, name, include_related=False)
    section = next((s for s in d["metrics"] if s["metric"] == metric), None)
    if section is None:
        raise NotFound(f"{d['identity']['name']} has no figures for metric {metric!r}")
    points = _history_points(section)
    sources = [f["document_id"] for c in section["history"] for f in c["facts"]]
    svg = render_svg(lambda path: plot_metric_history(points, path, title=f"{d['identity']['name']}: {section['label']}",
                                                      unit=section["latest"]["unit"], sources=sources))
    return Response(svg, media_type="image/svg+xml")


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request, state: Annotated[WebState, Depends(web_state)], entity: Opt = None,
                status: Literal[CLAIM_STATUSES] | Literal[""] | None = None) -> HTMLResponse:  # type: ignore[valid-type]
    claims = list(state.memo.get(("claims", entity or None, status or None, None),
                                 lambda: state.kb.claims(entity=entity or None, status=status or None)))
    order = {s: i for i, s in enumerate(("conflicting", "uncertain", "single-source", "company-only", "corroborated"))}
    claims.sort(key=lambda c: (order.get(c.status, 9), c.subject_name, c.metric, c.period or ""))
    groups: dict[str, list[dict]] = {}
    for c in claims:
        groups.setdefault(c.status, []).append(c.to_dict())
    return render(request, state, "claims.html", groups=groups, entity=entity or "", status=status or "",
                  statuses=CLAIM_STATUSES, can_review=bool(state.settings.api_token))
