"""Errors as answers: JSON ``{"error": message}`` under ``/api``, an HTML page elsewhere.

Bad parameters are the caller's fault and get a 4xx naming the parameter; monazite's
own errors map to the status that says what went wrong (unknown name: 404, impossible
analysis: 422). A bug still answers 500, without a traceback in the body.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, JSONResponse, Response

from monazite.errors import AnalysisError, MonaziteError, NotFound

__all__ = ["install", "status_for"]

log = logging.getLogger(__name__)


def status_for(exc: MonaziteError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, AnalysisError):
        return 422
    return 400  # ConfigError (a bad value) and anything else the caller asked for


def _describe(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
        where = ".".join(loc) or "request"
        parts.append(f"invalid {where}: {err.get('msg', 'invalid value')}")
    return "; ".join(parts) or "invalid request"


def _answer(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"error": message, "status": status}, status_code=status)
    env = request.app.state.monazite.templates
    html = env.get_template("error.html").render(status=status, message=message, request=request)
    return HTMLResponse(html, status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        return _answer(request, 422, _describe(exc))

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, exc: HTTPException) -> Response:
        response = _answer(request, exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(MonaziteError)
    async def on_monazite(request: Request, exc: MonaziteError) -> Response:
        return _answer(request, status_for(exc), str(exc))

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return _answer(request, 500, "internal error; the server log has the details")
