"""The site-wide timeline: every briefing's timeline entries merged by date."""

from __future__ import annotations

from dataclasses import dataclass

from .dates import PartialDate
from .sidebars import BriefingData, TimelineEntry


@dataclass
class TimelineRow:
    entry: TimelineEntry
    briefing: object  # the Pelican article the entry comes from (url, title)
    data: BriefingData

    @property
    def date(self) -> PartialDate:
        return self.entry.date


@dataclass
class TimelineMonth:
    """The rows of one calendar month: entries known only to the month first, then day by day."""

    month: PartialDate  # day is None
    rows: list[TimelineRow]


def merge_timelines(briefings: list[tuple[object, BriefingData]]) -> list[TimelineMonth]:
    """All entries of all briefings, oldest first, grouped by month.

    Same-date entries keep a stable order: by briefing date, then slug, then
    their order within the briefing.
    """
    rows = [(entry.date.sort_key, data.date.sort_key, data.slug, n, TimelineRow(entry, article, data))
            for article, data in briefings for n, entry in enumerate(data.timeline)]
    rows.sort(key=lambda item: item[:4])
    months: list[TimelineMonth] = []
    for *_, row in rows:
        month = PartialDate(row.date.year, row.date.month)
        if not months or months[-1].month != month:
            months.append(TimelineMonth(month, []))
        months[-1].rows.append(row)
    return months
