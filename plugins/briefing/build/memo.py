"""Memoising the pipeline's stages between builds: the keys, and the hooks build_site calls.

Every per-file stage is a pure function of values, so its result can be kept
and given back when the same values come again. A key is a digest of the
values themselves (a file's parsed front matter and rendered body, the
settings, the entity set's fingerprint), never of a modification time, so a
kept result can only be given back for the same input.

`Memo` is the do-nothing base: build_site calls its hooks, and without a
cache each hook simply computes. `stagecache.StageCache` keeps the results
(in memory in the dev server, on disk between `make html` runs).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from ..model.domain import BriefingSource, EntitySource, EntityView, ProcessedBriefing
from ..story.views import present_entities


def digest(*values) -> str:
    """A short, stable digest of plain values (their repr: str, int, float, dates, lists, dicts, tuples)."""
    return hashlib.blake2b(repr(values).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def front_matter_key(front) -> tuple:
    """What a parsed file (frontmatter.FrontMatter) is made of, as plain values."""
    return (front.path, front.data, front.body, front.body_line, front.problems)


def entity_source_key(source: EntitySource) -> str:
    return digest("entity", source.slug, source.path, source.href, front_matter_key(source.front_matter),
                  source.description_html)


def briefing_source_key(source: BriefingSource) -> str:
    return digest("briefing", source.path, source.key, source.slug, source.lang, source.url, source.status,
                  source.listed, front_matter_key(source.front_matter), source.html)


def changed_briefings(old: Iterable[ProcessedBriefing], new: Iterable[ProcessedBriefing]) -> list[ProcessedBriefing]:
    """The briefings in one list and not the other (a kept briefing is the same object in both)."""
    old, new = list(old), list(new)
    old_ids, new_ids = {id(b) for b in old}, {id(b) for b in new}
    return [b for b in old if id(b) not in new_ids] + [b for b in new if id(b) not in old_ids]


def affected_entities(old: Iterable[ProcessedBriefing], new: Iterable[ProcessedBriefing]) -> set[str]:
    """Slugs of the entities whose pages can differ between two lists of briefings: those that a
    briefing present in only one of the lists names, lists, attaches or cites."""
    slugs: set[str] = set()
    for item in changed_briefings(old, new):
        slugs |= present_entities(item)
    return slugs


class Memo:
    """The hooks build_site calls; this base keeps nothing and computes every time."""

    def begin(self, _settings: dict) -> None:
        """A build starts."""

    def finish(self) -> None:
        """A build succeeded."""

    def entity_set(self, _sources: list[EntitySource], make: Callable[[], object]):
        return make()

    def briefing(self, _source: BriefingSource, _context: tuple, make: Callable[[], object]):
        """One briefing's result; context holds the other inputs (settings, publication) as plain values."""
        return make()

    def has_briefing(self, _source: BriefingSource, _context: tuple) -> bool:
        """Is this briefing's result kept (so briefing() would not compute it)?"""
        return False

    def has_description(self, _source: EntitySource, _context: tuple) -> bool:
        return False

    def description(self, _source: EntitySource, _context: tuple, make: Callable[[], str]) -> str:
        return make()

    def entity_views(self, _entities, _published: tuple[ProcessedBriefing, ...], _descriptions: dict[str, str],
                     make: Callable[[set[str] | None], dict[str, EntityView]]) -> dict[str, EntityView]:
        """Every entity's view; make(None) computes them all, make(slugs) only those."""
        return make(None)


NO_MEMO = Memo()
