"""briefing: entity pages, linked mentions and structured sidebars for Pelican."""

from pelican import signals

from .dates import newest_first
from .generator import BriefingGenerator
from .reader import add_reader


def get_generators(pelican):
    return BriefingGenerator


def use_stable_order(pelican):
    # Pelican's default keeps briefings of the same date in file-reading order, which varies.
    if pelican.settings.get("ARTICLE_ORDER_BY") == "reversed-date":
        pelican.settings["ARTICLE_ORDER_BY"] = newest_first


def register():
    signals.initialized.connect(use_stable_order)
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(get_generators)
