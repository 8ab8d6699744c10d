"""Small formatting helpers shared by templates (registered as Jinja filters)."""

from __future__ import annotations

import math
from typing import Any

from jinja2 import Undefined

__all__ = ["FILTERS", "cell_label", "host", "http_url", "number", "pct", "short"]


def number(value: Any) -> str:
    """A figure as an analyst reads it: thousands separated, no float noise."""
    if value is None or isinstance(value, Undefined):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def pct(value: Any) -> str:
    if value is None or isinstance(value, Undefined):
        return ""
    return f"{number(round(float(value), 1))}%"


def short(value: Any, limit: int = 140) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def http_url(value: Any) -> str:
    """Only http(s) links are rendered as links; anything else (``javascript:``...) becomes inert."""
    text = "" if value is None else str(value).strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


def host(value: Any) -> str:
    """The site of a link, shown instead of a long URL."""
    url = http_url(value)
    return url.split("//", 1)[1].split("/", 1)[0] if url else ""


def cell_label(value: Any) -> str:
    """A fact's table cell ("1:1:2": 1-based table, 0-based row and column, header rows
    counted) as an analyst counts it on the page: "table 1, row 2, column 3"."""
    parts = str(value or "").split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return ""
    table, row, col = (int(p) for p in parts)
    return f"table {table}, row {row + 1}, column {col + 1}"


FILTERS = {"number": number, "pct": pct, "short": short, "http_url": http_url, "host": host,
           "cell_label": cell_label}
