"""Partial dates: news often gives "February 28" without a year, or only "October 2024".

A ``PartialDate`` keeps exactly what the text said; it is never padded with today's
date. ``iso`` renders what is known: ``2025-02-28``, ``2025-02``, ``2025``, ``2025-Q1``,
``2025-H1`` or ``--02-28`` (ISO 8601's form for a month-day with unknown year).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "quarter", "half", "year"]


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    half: int | None = None

    def __post_init__(self) -> None:
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            limit = calendar.monthrange(self.year or 2000, self.month)[1]  # 2000: leap, allows Feb 29
            if not 1 <= self.day <= limit:
                raise ValueError(f"day out of range: {self.day}")
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter out of range: {self.quarter}")
        if self.half is not None and not 1 <= self.half <= 2:
            raise ValueError(f"half out of range: {self.half}")

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.quarter is not None:
            return "quarter"
        if self.half is not None:
            return "half"
        return "year"

    @property
    def year_known(self) -> bool:
        return self.year is not None

    @property
    def iso(self) -> str:
        y = f"{self.year:04d}" if self.year is not None else "-"
        if self.day is not None:
            return f"{y}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{y}-{self.month:02d}"
        if self.quarter is not None:
            return f"{y}-Q{self.quarter}"
        if self.half is not None:
            return f"{y}-H{self.half}"
        return y

    def __str__(self) -> str:
        return self.iso

    def with_year(self, year: int) -> PartialDate:
        return PartialDate(year, self.month, self.day, self.quarter, self.half)

    def as_date(self) -> dt.date | None:
        """The first day the partial date can stand for, when the year is known (for sorting)."""
        if self.year is None:
            return None
        if self.month is not None:
            return dt.date(self.year, self.month, self.day or 1)
        if self.quarter is not None:
            return dt.date(self.year, 3 * self.quarter - 2, 1)
        if self.half is not None:
            return dt.date(self.year, 1 if self.half == 1 else 7, 1)
        return dt.date(self.year, 1, 1)

    @classmethod
    def from_date(cls, d: dt.date) -> PartialDate:
        return cls(d.year, d.month, d.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Inverse of ``iso``; raises ``ValueError`` on anything else."""
        m = _ISO.fullmatch(text.strip())
        if not m:
            raise ValueError(f"not a partial ISO date: {text!r}")
        year = None if m["year"] in (None, "-") else int(m["year"])
        if m["q"]:
            return cls(year, quarter=int(m["q"]))
        if m["h"]:
            return cls(year, half=int(m["h"]))
        month = int(m["month"]) if m["month"] else None
        day = int(m["day"]) if m["day"] else None
        if year is None and month is None:
            raise ValueError(f"no year and no month: {text!r}")
        return cls(year, month, day)


_ISO = re.compile(
    r"(?P<year>\d{4}|-)(?:-(?:Q(?P<q>[1-4])|H(?P<h>[12])|(?P<month>\d{2})(?:-(?P<day>\d{2}))?))?"
)
