"""briefing: entity pages, linked mentions and structured sidebars for Pelican."""

from pelican import signals

from .generator import BriefingGenerator
from .reader import add_reader


def get_generators(pelican):
    return BriefingGenerator


def register():
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(get_generators)
