"""Turn the dates users write (YYYY, YYYY-MM, YYYY-MM-DD) into PartialDates.

A partial date sorts and filters as the first day of its period when compared with
a lower bound (`since`, `period.from`) and as its last day against an upper bound.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year, a month of a year, or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def first(self) -> dt.date:
        """Return the first day of the period the date names."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last(self) -> dt.date:
        """Return the last day of the period the date names."""
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def is_full(self) -> bool:
        """Return whether the date names a single day."""
        return self.day is not None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_date(value: object) -> PartialDate:
    """Return the PartialDate written as `value`, or raise ValueError saying why not."""
    if isinstance(value, bool):
        raise ValueError(f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD); got {value!r}")
    if isinstance(value, int):
        text = f"{value}"
    elif isinstance(value, (dt.date, str)):
        text = str(value).strip()
    else:
        raise ValueError(f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD); got {_kind(value)}")
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD); got {text!r}")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if year < 1:
        raise ValueError(f"impossible date {text!r}: there is no year 0")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"impossible date {text!r}: month {month} does not exist")
    if day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise ValueError(f"impossible date {text!r}: {calendar.month_name[month]} {year} has {days} days")
    return PartialDate(year, month, day)


def _kind(value: object) -> str:
    return {list: "a list", dict: "a mapping", float: f"the number {value!r}", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )
