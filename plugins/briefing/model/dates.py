"""Dates with honest precision: a month stays a month, never padded to a day."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DATE_RE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the day, or only to the month (day is None)."""

    year: int
    month: int
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read YYYY-MM-DD or YYYY-MM (a string, or a date YAML already parsed)."""
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        match = _DATE_RE.fullmatch(str(value).strip())
        if not match:
            raise ValueError(f'"{value}" is not a date: write YYYY-MM-DD, or YYYY-MM when only the month is known')
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            dt.date(year, month, day or 1)
        except ValueError:
            raise ValueError(f'"{value}" is not a real calendar date') from None
        return cls(year, month, day)

    @property
    def iso(self) -> str:
        """2022-01 or 2022-01-06: what JSON-LD, <time datetime> and feeds show."""
        base = f"{self.year:04d}-{self.month:02d}"
        return base if self.day is None else f"{base}-{self.day:02d}"

    @property
    def display(self) -> str:
        """January 2022, or 6 January 2022."""
        month = dt.date(self.year, self.month, 1).strftime("%B")
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        # A month sorts before the days inside it.
        return (self.year, self.month, self.day or 0)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    def last_day(self) -> dt.date:
        """The last day this date may stand for: the month's last day when only the month is known."""
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def certainly_after(self, other: PartialDate) -> bool:
        """Is this date later than `other` whatever days the month-only ones stand for?"""
        return self.first_day() > other.last_day()


def newest(dates) -> PartialDate | None:
    """The latest of some dates (None among them ignored; a month before the days within it)."""
    known = [d for d in dates if d is not None]
    return max(known, key=lambda d: d.sort_key) if known else None


def newest_first_key(date: PartialDate | None, slug: str) -> tuple:
    """Sort key: newest first, a month after the days within it, then by slug.

    Pelican's own "reversed-date" would tie 2022-01 with 2022-01-01 (both its first
    day); this key gives the home page, the feed and entity pages one fixed order.
    """
    year, month, day = date.sort_key if date else (0, 0, 0)
    return (-year, -month, -day, slug)
