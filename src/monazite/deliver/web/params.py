"""Query parameters shared by the API and the pages, declared once so both validate alike."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from monazite.deliver.search_params import parse_day, search_filters
from monazite.store.search import MAX_LIMIT

__all__ = ["DEFAULT_LIMIT", "Limit", "Name", "Offset", "parse_day", "search_filters"]

DEFAULT_LIMIT = 50  # rows per page when the caller does not say

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page (1-{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
Name = Annotated[str | None, Query(max_length=200)]
