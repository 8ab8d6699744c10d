"""Search filters from the strings a person types (``--from 2025-04``, ``?org=CNRE``), shared by
the CLI and the web app. Kept outside ``deliver.web`` so that ``monazite search`` builds its
filters without importing FastAPI and the whole web app."""

from __future__ import annotations

import datetime as dt

from monazite.errors import ConfigError
from monazite.store.search_filters import SearchFilters

__all__ = ["parse_day", "search_filters"]


def parse_day(value: str | None, name: str) -> dt.date | None:
    """``2025``, ``2025-04`` or ``2025-04-18`` → the first day they stand for; '' → None."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 4:
            return dt.date(int(text), 1, 1)
        if len(text) == 7:
            return dt.date(int(text[:4]), int(text[5:7]), 1)
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ConfigError(f"{name}: expected a date such as 2025, 2025-04 or 2025-04-18, got {value!r}") from exc


def search_filters(date_from: str | None = None, date_to: str | None = None, org: str | None = None,
                   country: str | None = None, element: str | None = None, event_type: str | None = None,
                   source_kind: str | None = None) -> SearchFilters:
    start, end = parse_day(date_from, "from"), parse_day(date_to, "to")
    if start and end and start > end:
        raise ConfigError(f"from ({start}) is after to ({end})")
    blank = lambda v: (v or "").strip() or None  # noqa: E731 - forms send empty strings
    return SearchFilters(start, end, blank(org), blank(country), blank(element), blank(event_type),
                         blank(source_kind))
