"""briefing: entity pages, linked mentions and structured sidebars for Pelican."""

from pelican import signals

from .feeds import get_writer
from .generator import BriefingGenerator
from .reader import add_reader


def get_generators(pelican):
    return BriefingGenerator


def register():
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
