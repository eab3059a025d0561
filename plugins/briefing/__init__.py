"""briefing: entity pages, linked mentions and structured sidebars for Pelican."""

from pelican import signals

from .dates import newest_first
from .feeds import get_writer
from .generator import BriefingGenerator
from .reader import add_reader


def get_generators(pelican):
    return BriefingGenerator


def order_by_written_date(pelican):
    # Pelican's "reversed-date" sees a month-only date as its first day: order by the dates as written.
    if pelican.settings.get("ARTICLE_ORDER_BY") == "reversed-date":
        pelican.settings["ARTICLE_ORDER_BY"] = newest_first


def register():
    signals.initialized.connect(order_by_written_date)
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
