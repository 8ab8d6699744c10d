"""The feeds page and ``GET /api/v1/feeds``: each subscribed feed with its schedule, last
success, last error and the items it brought. Read only: feeds are added and polled from the
CLI (``monazite feeds add``, ``poll``, ``monitor``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse

from monazite.deliver.web.app import WebState, web_state
from monazite.deliver.web.pages import render
from monazite.pipeline.schedule import format_duration
from monazite.store.feeds import list_feeds, recent_items

__all__ = ["api_router", "feeds_overview", "router"]

router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["feeds"])
ITEMS_SHOWN = 10  # latest items listed under each feed on the page


def feeds_overview(state: WebState, items: int = ITEMS_SHOWN) -> list[dict[str, Any]]:
    """Every feed as a dict, with its interval spelled out and its latest items."""
    with state.engine.connect() as conn:
        return [{**f.to_dict(), "every": format_duration(f.every_s),
                 "items": [i.to_dict() for i in recent_items(conn, f.id, items)]} for f in list_feeds(conn)]


@router.get("/feeds", response_class=HTMLResponse)
def feeds_page(request: Request, state: Annotated[WebState, Depends(web_state)]) -> HTMLResponse:
    return render(request, state, "feeds.html", feeds=feeds_overview(state))


@api_router.get("/feeds", summary="Subscribed feeds: schedule, last success, last error, latest items")
def feeds_api(state: Annotated[WebState, Depends(web_state)],
              items: Annotated[int, Query(ge=0, le=100)] = ITEMS_SHOWN) -> dict[str, Any]:
    found = feeds_overview(state, items)
    return {"count": len(found), "items": found}
