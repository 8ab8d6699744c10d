"""HTML pages: home, search, the documents list, a document. Readable without JavaScript; ``static/app.js``
only adds popovers on the document page's highlights."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse

from monazite.deliver.web.annotate import annotate, annotations_for
from monazite.deliver.web.app import WebState, web_state
from monazite.deliver.web.home import home_context
from monazite.deliver.web.params import search_filters
from monazite.deliver.web.queries import document_detail, list_documents
from monazite.model import SOURCE_KINDS
from monazite.store.search import MAX_QUERY_CHARS

__all__ = ["render", "router"]

router = APIRouter(include_in_schema=False)
PAGE_HITS = 20  # search results per page
DOCUMENT_PAGE = 50  # documents per page of the list
Opt = Annotated[str | None, Query(max_length=200)]


def render(request: Request, state: WebState, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = state.templates.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, state: Annotated[WebState, Depends(web_state)]) -> HTMLResponse:
    return render(request, state, "home.html", **home_context(state))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, state: Annotated[WebState, Depends(web_state)],
                q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
                mode: Literal["hybrid", "fulltext", "semantic"] = "hybrid",
                date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
                date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
                org: Opt = None, country: Opt = None, element: Opt = None, event_type: Opt = None,
                source_kind: Opt = None,
                offset: Annotated[int, Query(ge=0, le=10_000)] = 0) -> HTMLResponse:
    filters = search_filters(date_from, date_to, org, country, element, event_type, source_kind)
    result = None
    if q.strip():
        result = state.searcher.search(q, mode=mode, filters=filters, limit=PAGE_HITS, offset=offset)
    form = {"q": q, "mode": mode, "from": date_from or "", "to": date_to or "", "org": org or "",
            "country": country or "", "element": element or "", "event_type": event_type or "",
            "source_kind": source_kind or ""}
    return render(request, state, "search.html", result=result, form=form, source_kinds=SOURCE_KINDS,
                  page_size=PAGE_HITS)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, state: Annotated[WebState, Depends(web_state)],
                   source_kind: Annotated[str | None, Query(pattern=r"^[a-z_-]{0,24}$")] = None,
                   offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> HTMLResponse:
    with state.engine.connect() as conn:
        page = list_documents(conn, limit=DOCUMENT_PAGE, offset=offset, source_kind=source_kind or None)
    return render(request, state, "documents.html", page=page, source_kind=source_kind or "",
                  source_kinds=SOURCE_KINDS)


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(document_id: str, request: Request, state: Annotated[WebState, Depends(web_state)]) -> HTMLResponse:
    with state.engine.connect() as conn:
        doc = document_detail(conn, document_id)
    text = doc["text"]
    for rec in (*doc["facts"], *doc["events"]):
        rec["sentence"] = text[rec["sentence_start"]:rec["sentence_end"]]
    for rec in doc["facts"]:
        rec["confirmed"] = (rec["confidence"] >= state.settings.fact_confidence_threshold
                            or rec["review"] in ("accepted", "corrected"))
    return render(request, state, "document.html", doc=doc, body=annotate(text, annotations_for(doc)),
                  can_review=bool(state.settings.api_token))
