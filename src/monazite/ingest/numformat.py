"""Spreadsheet values as the sheet shows them: a number in its cell's number format when the
format is a simple one ("#,##0", "0.0", "0.0%", an accounting format), a date as ISO 8601.

The rendering must keep the exact value recoverable, since table figures become facts: when
the format would round digits away ("0" over 1234.56), the value keeps all its digits. Only
the figure is kept; currency symbols and other literals of the format are dropped (the
header or caption names the unit). Commas ending the digit placeholders scale by thousands
("#,##0,," shows 1234567890 as 1,235: millions), so such a value is rendered in that scale,
every digit kept ("1,234.56789"): the sheet's header ("US$ m") states that scale.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from functools import lru_cache

__all__ = ["format_value"]

MAX_DECIMALS = 12  # digits after the point tried before falling back to the General rendering
SIGNIFICANT_DIGITS = 15  # a double holds 15 exact decimal digits
REL_TOLERANCE = 1e-12  # a rendering reads back as the value within this relative error

_BRACKETS = re.compile(r"\[[^\]]*\]")  # [Red], [$-409], [>=100]
_QUOTED = re.compile(r'"[^"]*"')
_PAD_FILL_ESCAPE = re.compile(r"[_*\\].")  # _) padding, * fill, \x literal
_DIGITS = re.compile(r"(?:[#0?][#0?,]*(?:\.[#0?]*)?|\.[#0?]+),*")


def _section(number_format: str) -> str:
    first = number_format.split(";", 1)[0]
    return _PAD_FILL_ESCAPE.sub("", _QUOTED.sub("", _BRACKETS.sub("", first)))


def _reads_back(text: str, value: float, percent: bool, scale: float = 1.0) -> bool:
    number = float(text.replace(",", "")) / (100 if percent else 1) * scale
    return math.isclose(number, value, rel_tol=REL_TOLERANCE, abs_tol=0.0) or number == value


def _plain(value: float) -> str:
    """General format: integers without a point, other values to 15 significant digits (a
    double's exact decimal digits; 0.1 + 0.2 reads 0.3, as a spreadsheet shows it)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.{SIGNIFICANT_DIGITS}g}"
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


@lru_cache(maxsize=256)
def _pattern(number_format: str) -> tuple[bool, bool, int, int] | None:
    """(percent, thousands separator, decimals, thousands scaled) of a simple number format;
    None for General, scientific and formats without digit placeholders. Cached: a sheet has
    few formats."""
    section = _section(number_format)
    digits = _DIGITS.search(section)
    if not digits or "E" in section.upper().replace("GENERAL", "") or section.strip().lower() == "general":
        return None
    pattern = digits.group(0)
    whole, _, fraction = pattern.partition(".")
    scaled = len(whole) - len(whole.rstrip(",")) + len(fraction) - len(fraction.rstrip(","))
    decimals = len(fraction.rstrip(","))
    return "%" in section, "," in whole.rstrip(","), decimals, scaled


def _number(value: float, number_format: str | None) -> str:
    if not math.isfinite(value):
        return str(value)
    simple = _pattern(number_format or "General")
    if simple is None:
        return _plain(value)
    percent, thousands, decimals, scaled = simple
    scale = 1000.0 ** scaled
    shown = (value * 100 if percent else value) / scale
    for places in range(decimals, MAX_DECIMALS + 1):
        text = f"{shown:{',' if thousands else ''}.{places}f}"
        if _reads_back(text, value, percent, scale):
            return text + ("%" if percent else "")
    return _plain(shown) if scaled else _plain(value)


def format_value(value: object, number_format: str | None = None) -> str:
    """A cell's value as text: numbers in their simple number format, dates and times in ISO
    8601 (a midnight datetime as a date), booleans as TRUE/FALSE, text as is, None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int):
        return _number(float(value), number_format) if number_format and abs(value) < 2**53 else str(value)
    if isinstance(value, float):
        return _number(value, number_format)
    return str(value)
