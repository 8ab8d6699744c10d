"""``/api/v1/search``: hybrid (default), full-text or semantic search with filters."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from monazite.deliver.web.app import WebState, web_state
from monazite.deliver.web.params import Limit, Name, Offset, search_filters
from monazite.model import SOURCE_KINDS
from monazite.store.search import MAX_QUERY_CHARS

__all__ = ["router"]

router = APIRouter(tags=["search"])
SEARCH_LIMIT = 20  # hits per page by default


@router.get("/search", summary="Search documents; each hit carries a highlighted passage with offsets")
def search(
    state: Annotated[WebState, Depends(web_state)],
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="Words and \"quoted phrases\".")],
    mode: Literal["hybrid", "fulltext", "semantic"] = "hybrid",
    date_from: Annotated[str | None, Query(alias="from", max_length=10, description="2025, 2025-04 or 2025-04-18")] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    org: Name = None, country: Name = None, element: Name = None,
    event_type: Annotated[str | None, Query(max_length=40)] = None,
    source_kind: Annotated[str | None, Query(pattern="^(" + "|".join(SOURCE_KINDS) + ")$")] = None,
    limit: Limit = SEARCH_LIMIT, offset: Offset = 0,
) -> dict[str, Any]:
    filters = search_filters(date_from, date_to, org, country, element, event_type, source_kind)
    return state.searcher.search(q, mode=mode, filters=filters, limit=limit, offset=offset).to_dict()
