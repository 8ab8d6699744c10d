"""The review page: the queue of what most needs a human, and the decisions made so far.

Buttons appear only when ``serve`` has an API token: they send ``POST /api/v1/review/{id}``
with the token the analyst types (``static/review.js``); without JavaScript the page still
lists the queue, and the CLI (``monazite review``) does the rest.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import HTMLResponse

from monazite.deliver.web.app import WebState, web_state
from monazite.deliver.web.pages import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
QUEUE_ROWS = 50
DECISIONS_SHOWN = 30  # newest decisions listed under the queue


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, state: Annotated[WebState, Depends(web_state)]) -> HTMLResponse:
    queue = state.memo.get(("review_queue", QUEUE_ROWS), lambda: state.kb.review_queue(limit=QUEUE_ROWS))
    items = [i.to_dict() for i in queue]
    decisions = [r.to_dict() for r in reversed(state.kb.reviews()[-DECISIONS_SHOWN:])]
    return render(request, state, "review.html", items=items, decisions=decisions,
                  can_review=bool(state.settings.api_token))
