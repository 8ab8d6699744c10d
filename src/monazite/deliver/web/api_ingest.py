"""``POST /api/v1/ingest``: mounted only when ``serve`` was given an API token, and then
answering only requests that carry it (``Authorization: Bearer <token>``).

Texts are written to a private temporary folder and go through the same ingest
pipeline as files on the command line; nothing is fetched from the network.
"""

from __future__ import annotations

import dataclasses
import hmac
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException
from pydantic import BaseModel, Field

from monazite.deliver.web.app import WebState, web_state
from monazite.model import PartialDate

__all__ = ["IngestRequest", "router"]

router = APIRouter(tags=["ingest"])
MAX_TEXTS = 100  # per request
MAX_TEXT_CHARS = 2_000_000  # per text; the pipeline's own byte limit applies too


class TextIn(BaseModel):
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS)]
    name: Annotated[str | None, Field(max_length=120, pattern=r"^[\w.\-]+$")] = None


class IngestRequest(BaseModel):
    texts: Annotated[list[TextIn], Field(min_length=1, max_length=MAX_TEXTS)]
    published: Annotated[str | None, Field(max_length=16)] = None
    source: Annotated[str | None, Field(min_length=1, max_length=200)] = None


def require_token(state: Annotated[WebState, Depends(web_state)],
                  authorization: Annotated[str | None, Header()] = None) -> None:
    expected = state.settings.api_token
    scheme, _, given = (authorization or "").partition(" ")
    if not expected or scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8"),
                                                                               expected.encode("utf-8")):
        raise HTTPException(status_code=403, detail="writing needs the API token: Authorization: Bearer <token>")


def _report(report: Any) -> dict[str, Any]:
    if hasattr(report, "to_dict"):
        return report.to_dict()
    if dataclasses.is_dataclass(report):
        return dataclasses.asdict(report)
    return {"report": str(report)}


@router.post("/ingest", summary="Ingest texts (needs the API token)", dependencies=[Depends(require_token)])
def ingest(req: IngestRequest, state: Annotated[WebState, Depends(web_state)]) -> dict[str, Any]:
    from monazite.errors import ConfigError
    from monazite.pipeline import run_ingest

    try:
        published = PartialDate.parse(req.published) if req.published else None
    except ValueError as exc:
        raise ConfigError(f"published: {exc}") from exc
    with tempfile.TemporaryDirectory(prefix="monazite-api-") as tmp:
        paths = []
        for i, item in enumerate(req.texts):
            path = Path(tmp) / f"{i:03d}_{item.name or 'text'}.txt"
            path.write_text(item.text, encoding="utf-8")
            paths.append(str(path))
        report = run_ingest(paths, state.settings, published=published, source=req.source, progress=False)
    return _report(report)
