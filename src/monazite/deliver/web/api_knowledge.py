"""``/api/v1`` entities, dossiers, facts, claims and events.

Listings of stored rows are paged here; claims and dossiers come from the knowledge
layer (``KnowledgeBase``), which owns how facts are grouped and judged.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query

from monazite.analyze.claims.build import CLAIM_STATUSES
from monazite.deliver.web.app import WebState, web_state
from monazite.deliver.web.params import DEFAULT_LIMIT, Limit, Name, Offset
from monazite.deliver.web.queries import list_entities, list_events, list_facts, resolve_entity

__all__ = ["dossier_dict", "router"]

router = APIRouter(tags=["knowledge"])
EntityName = Annotated[str, Path(min_length=1, max_length=200)]
Kind = Annotated[str | None, Query(pattern=r"^[a-z_]{1,24}$")]
Token = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_\-]{1,60}$")]
Period = Annotated[str | None, Query(pattern=r"^(\d{4}|-)(-(Q[1-4]|H[12]|\d{2}(-\d{2})?))?$")]
ClaimStatus = Literal[CLAIM_STATUSES]  # type: ignore[valid-type]


def dossier_dict(state: WebState, name: str, include_related: bool = True) -> dict[str, Any]:
    return state.memo.get(("dossier", name, include_related),
                          lambda: state.kb.dossier(name, include_related=include_related).to_dict())


@router.get("/entities", summary="Entities (organizations, countries, elements...) by mention count")
def entities(state: Annotated[WebState, Depends(web_state)], limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
             kind: Kind = None, q: Name = None) -> dict[str, Any]:
    with state.engine.connect() as conn:
        return list_entities(conn, limit=limit, offset=offset, kind=kind, q=q).to_dict()


@router.get("/entities/{name}", summary="One entity by id, name, alias or ticker")
def entity(name: EntityName, state: Annotated[WebState, Depends(web_state)]) -> dict[str, Any]:
    with state.engine.connect() as conn:
        return resolve_entity(conn, name)


@router.get("/entities/{name}/dossier", summary="Dossier: identity, figures, projects, events, documents")
def dossier(name: EntityName, state: Annotated[WebState, Depends(web_state)]) -> dict[str, Any]:
    return dossier_dict(state, name)


@router.get("/facts", summary="Extracted figures, each with its document, span and sentence")
def facts(state: Annotated[WebState, Depends(web_state)], limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
          entity: Name = None, metric: Token = None, period: Period = None,
          document_id: Token = None, include_rejected: bool = False) -> dict[str, Any]:
    with state.engine.connect() as conn:
        return list_facts(conn, limit=limit, offset=offset, entity=entity, metric=metric, period=period,
                          document_id=document_id, include_rejected=include_rejected).to_dict()


@router.get("/claims", summary="Claims (facts grouped by subject, metric, period) with corroboration status")
def claims(state: Annotated[WebState, Depends(web_state)], limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
           entity: Name = None, status: ClaimStatus | None = None, metric: Token = None) -> dict[str, Any]:
    found = list(state.memo.get(("claims", entity, status, metric),
                                lambda: state.kb.claims(entity=entity, status=status, metric=metric)))
    found.sort(key=lambda c: (c.status != "conflicting", c.subject, c.metric, c.period or ""))
    items = [c.to_dict() for c in found[offset:offset + limit]]
    return {"total": len(found), "limit": limit, "offset": offset, "count": len(items), "items": items}


@router.get("/events", summary="Events (export controls, expansions, partnerships...), newest first")
def events(state: Annotated[WebState, Depends(web_state)], limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
           type: Token = None, entity: Name = None, document_id: Token = None,  # noqa: A002
           include_rejected: bool = False) -> dict[str, Any]:
    with state.engine.connect() as conn:
        return list_events(conn, limit=limit, offset=offset, type=type, entity=entity,
                           document_id=document_id, include_rejected=include_rejected).to_dict()
