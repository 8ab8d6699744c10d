"""The review loop over HTTP.

``GET /api/v1/review/queue`` and ``GET /api/v1/reviews`` are always there (read only).
``POST /api/v1/review/{record_id}`` records a decision: mounted only when ``serve`` was
given an API token, and answering only requests that carry it, like ingest. The dashboard's
buttons (``static/review.js``) send the same request with the token the analyst typed.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from monazite.deliver.web.api_ingest import require_token
from monazite.deliver.web.app import WebState, web_state

__all__ = ["ReviewIn", "read_router", "write_router"]

read_router = APIRouter(tags=["review"])
write_router = APIRouter(tags=["review"])
RecordId = Annotated[str, Path(min_length=1, max_length=200)]
Field200 = Annotated[str | None, Field(max_length=200)]


class ChangesIn(BaseModel):
    subject: Field200 = None
    metric: Field200 = None
    value: Annotated[float | str | None, Field(union_mode="left_to_right")] = None
    unit: Field200 = None
    period: Field200 = None
    stage: Field200 = None
    material: Field200 = None
    type: Field200 = None
    date: Field200 = None
    actors: Annotated[list[Annotated[str, Field(max_length=200)]] | None, Field(max_length=20)] = None
    name: Field200 = None
    kind: Field200 = None


class ReviewIn(BaseModel):
    decision: Literal["accept", "reject", "correct"]
    reviewer: Annotated[str, Field(min_length=1, max_length=120)] = "web"
    note: Annotated[str | None, Field(max_length=1000)] = None
    changes: ChangesIn | None = None


@read_router.get("/review/queue", summary="What most needs a human: conflicts first, then uncertain records")
def queue(state: Annotated[WebState, Depends(web_state)],
          limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    items = state.memo.get(("review_queue", limit), lambda: state.kb.review_queue(limit=limit))
    return {"count": len(items), "items": [i.to_dict() for i in items]}


@read_router.get("/reviews", summary="Analysts' decisions, oldest first: who, when, what")
def reviews(state: Annotated[WebState, Depends(web_state)],
            record_id: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    found = state.kb.reviews(record_id)
    return {"count": len(found), "items": [r.to_dict() for r in found]}


@write_router.post("/review/{record_id}", summary="Accept, reject or correct a record (needs the API token)",
                   dependencies=[Depends(require_token)])
def decide(record_id: RecordId, body: ReviewIn, state: Annotated[WebState, Depends(web_state)]) -> dict[str, Any]:
    changes = body.changes.model_dump(exclude_none=True) if body.changes else None
    review = state.kb.review(record_id, body.decision, reviewer=body.reviewer, changes=changes, note=body.note)
    return review.to_dict()
