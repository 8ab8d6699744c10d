"""``/api/v1/documents``: the ingested articles, newest first, and one with its records."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from monazite.deliver.web.app import WebState, web_state
from monazite.deliver.web.params import DEFAULT_LIMIT, Limit, Name, Offset
from monazite.deliver.web.queries import document_detail, list_documents
from monazite.model import SOURCE_KINDS

__all__ = ["router"]

router = APIRouter(tags=["documents"])
DocumentId = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_\-]+$")]
SourceKind = Annotated[str | None, Query(pattern="^(" + "|".join(SOURCE_KINDS) + ")$")]


@router.get("/documents", summary="List documents (newest first)")
def documents(state: Annotated[WebState, Depends(web_state)], limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
              source_kind: SourceKind = None, entity: Name = None) -> dict[str, Any]:
    with state.engine.connect() as conn:
        return list_documents(conn, limit=limit, offset=offset, source_kind=source_kind, entity=entity).to_dict()


@router.get("/documents/{document_id}", summary="One document with its mentions, facts and events")
def document(document_id: DocumentId, state: Annotated[WebState, Depends(web_state)]) -> dict[str, Any]:
    with state.engine.connect() as conn:
        return document_detail(conn, document_id)
