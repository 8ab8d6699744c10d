"""The web face of monazite: FastAPI app factory, shared state, security headers.

Everything the browser loads comes from this app (``/static``); the Content Security
Policy forbids anything else, inline scripts included. Routers live one per area
(``api_*`` for JSON, ``pages_*`` for HTML) and reach the store through ``WebState``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.engine import Engine
from starlette.responses import Response

from monazite.analyze.knowledge import KnowledgeBase
from monazite.deliver.web.memo import Memo
from monazite.settings import Settings
from monazite.store.search import Searcher

__all__ = ["SECURITY_HEADERS", "WebState", "create_app", "web_state"]

HERE = Path(__file__).resolve().parent
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclass
class WebState:
    """What every request handler needs; one per app, built by ``create_app``."""

    settings: Settings
    engine: Engine
    searcher: Searcher
    templates: Environment
    kb: KnowledgeBase
    memo: Memo


def web_state(request: Request) -> WebState:
    return request.app.state.monazite


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    from monazite.deliver.web import render

    env.filters.update(render.FILTERS)
    return env


def create_app(settings: Settings, searcher: Searcher | None = None) -> FastAPI:
    """The app over ``settings.db``. ``POST /api/v1/ingest`` and ``POST /api/v1/review/{id}`` exist only
    when ``settings.api_token`` is set."""
    from monazite.deliver.web import (api_analytics, api_documents, api_ingest, api_knowledge, api_review,
                                      api_search, errors, pages, pages_analytics, pages_knowledge, pages_review)
    from monazite.deliver.web import pages_feeds
    from monazite.deliver.web import feeds_atom

    kb = KnowledgeBase(settings.db, settings)  # opens and migrates the store once; the app shares its engine
    engine = kb.engine

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state: WebState = app.state.monazite
        state.searcher.close()
        state.kb.close()  # disposes the shared engine

    app = FastAPI(title="monazite", version="1", docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  lifespan=lifespan,
                  description="Rare-earth supply-chain intelligence: documents, search, entities, facts, claims, "
                              "events, market shares and scenarios. Every figure carries its provenance.")
    app.state.monazite = WebState(settings, engine, searcher or Searcher(engine, settings), _templates(),
                                  kb, Memo(engine))

    @app.middleware("http")
    async def security_headers(request: Request, call_next) -> Response:  # noqa: ANN001 - starlette hook
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    errors.install(app)
    for module in (api_documents, api_search, api_knowledge, api_analytics):
        app.include_router(module.router, prefix="/api/v1")
    app.include_router(api_review.read_router, prefix="/api/v1")
    app.include_router(pages_feeds.api_router, prefix="/api/v1")
    if settings.api_token:
        app.include_router(api_ingest.router, prefix="/api/v1")
        app.include_router(api_review.write_router, prefix="/api/v1")
    for module in (pages, pages_knowledge, pages_analytics, pages_review):
        app.include_router(module.router)
    app.include_router(pages_feeds.router)
    app.include_router(feeds_atom.router)  # /feeds/digest.atom, /feeds/watchlists/{name}.atom
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
