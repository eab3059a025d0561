"""briefing: entity pages, linked mentions and structured sidebars for Pelican."""

import gc

from pelican import signals

from .build.generator import BriefingGenerator, BriefingWriter, order_newest_first, settings_for
from .build.reader import add_reader, read_articles_ahead
from .output.wording import JINJA_GLOBALS


def get_generators(_pelican):
    return BriefingGenerator


def get_writer(_pelican):
    return BriefingWriter


def check_settings(pelican):
    """Every BRIEFING_* setting checked when Pelican starts, and given its default when unset."""
    for key, value in settings_for(pelican.settings).pelican_defaults().items():
        pelican.settings.setdefault(key, value)
    # The theme's words in each page's language (wording.py).
    pelican.settings["JINJA_GLOBALS"] = {**pelican.settings.get("JINJA_GLOBALS", {}), **JINJA_GLOBALS}
    # Pelican's "reversed-date" sees a month-only date as its first day: order by the dates as written.
    if pelican.settings.get("ARTICLE_ORDER_BY") == "reversed-date":
        pelican.settings["ARTICLE_ORDER_BY"] = order_newest_first


def pause_garbage_collector(_pelican):
    """A build's objects live until it ends, so the collector's passes over the growing heap free
    almost nothing and cost a fifth of the build: it is off from start to finish."""
    if gc.get_freeze_count():  # an earlier build in this process left its objects frozen: free them now
        gc.unfreeze()
        gc.collect()
    gc.disable()


def resume_garbage_collector(_pelican):
    # Frozen first: enabled over the whole build's objects, the collector would scan them all at
    # once (a fifth of a second at 5,000 entities) just before `make html` exits. A later build in
    # the same process frees them (pause_garbage_collector).
    gc.freeze()
    gc.enable()


def share_output(generators):
    """Every context is done: helper processes may start on our pages (BriefingGenerator.share_output)."""
    for generator in generators:
        if isinstance(generator, BriefingGenerator):
            generator.share_output()


def register():
    signals.initialized.connect(check_settings)
    signals.initialized.connect(pause_garbage_collector)
    signals.finalized.connect(resume_garbage_collector)
    signals.readers_init.connect(add_reader)
    signals.article_generator_init.connect(read_articles_ahead)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.all_generators_finalized.connect(share_output)
