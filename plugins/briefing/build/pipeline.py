"""The pipeline: read → resolve → annotate → trace → views, each stage a function of its inputs.

    entity files  ──read_entities──▶ EntitySet (index, matcher)
    briefing file ──process_briefing──▶ ProcessedBriefing   (validate, resolve, annotate, trace)
    all of them   ──build_site──▶ Site (entity views, timeline, warnings)

Nothing here touches Pelican, the disk or the clock: the generator converts
Pelican's objects into EntitySource and BriefingSource values, calls
build_site, and assigns what comes back. Per-briefing work depends only on the
briefing, the EntitySet and the settings, so it can be cached and re-run alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import html
import operator
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model.dates import newest_first_key
from ..model.domain import (
    BriefingSource,
    CorrectionIn,
    Entity,
    EntitySource,
    EntityView,
    ProcessedBriefing,
    SeriesSource,
    Spelling,
    StoryPlace,
    StoryView,
    TimelineMonth,
)
from ..model.problems import Checked, Problem
from ..model.settings import BriefingSettings
from ..model.slugs import slug_for
from ..names.linking import NameMatcher
from ..names.spellings import name_table
from ..output.site_files import absolute_url
from ..output.structured import entity_thing, news_article, script_json
from ..read.entities import EntityIndex, check_entities, read_entity
from ..read.resolve import resolve_briefing, validate_briefing
from ..story.checks import briefing_warnings, entity_warnings, image_problems, unbacked_figures
from ..story.ledger import Ledger, build_ledger
from ..story.views import (
    corrections,
    entity_views,
    merge_timelines,
    named_entities,
    state_map,
    story_briefings,
    story_places,
    story_views,
)
from ..text.annotate import annotate, visible_text
from ..text.figures import trace_figures
from ..text.sanitize import sanitize_html
from ..text.sentences import SentenceSplitter
from .memo import NO_MEMO, Memo
from .parallel import processes_for, share_map


@dataclass(frozen=True)
class Publication:
    """Who publishes the site, where, and when the build runs: what structured data, feeds and checks need."""

    name: str
    author: str | None
    base_url: str  # absolute, no trailing slash: feeds and data
    home_url: str  # site-relative
    canonical_url: str = ""  # the published address, "" in a local build (pages then claim none)
    today: dt.date | None = None  # for the check of dates in the future; None: no such check
    lang: str = "en"  # the site's language (Pelican's DEFAULT_LANG)

    def canonical(self, url: str) -> str | None:
        """A site-relative URL as the page's canonical address, or None in a local build."""
        return absolute_url(self.canonical_url, url) if self.canonical_url else None


@dataclass(frozen=True)
class EntitySet:
    """The entities of a build, ready to resolve references and match names."""

    index: EntityIndex
    matcher: NameMatcher
    # Slugs and names of entity files that have problems of their own: references to them are not reported twice.
    unreadable: frozenset[str] = frozenset()
    spellings: Mapping[str, tuple[Spelling, ...]] = field(default_factory=dict)  # by slug (names.py)
    warnings: tuple[Problem, ...] = ()  # keys two entities share

    def href(self, slug: str) -> str:
        return self.index.get(slug).href


@dataclass(frozen=True)
class Site:
    """Everything the generator writes, and the warnings of the build."""

    entities: EntitySet
    briefings: tuple[ProcessedBriefing, ...]  # every briefing read, newest first
    published: tuple[ProcessedBriefing, ...]  # those listed on the site
    views: dict[str, EntityView]
    descriptions: dict[str, str]  # each entity's description HTML, its names linked
    timeline: tuple[TimelineMonth, ...]
    ledger: Ledger = field(default_factory=Ledger)
    stories: dict[str, StoryView] = field(default_factory=dict)  # by the event's slug
    story_places: dict[str, StoryPlace] = field(default_factory=dict)  # by the briefing's source key
    corrections: tuple[CorrectionIn, ...] = ()  # newest first
    warnings: tuple[Problem, ...] = field(default=())


def read_entities(sources: list[EntitySource], lang: str = "en") -> Checked[EntitySet]:
    problems: list[Problem] = []
    entities: list[Entity] = []
    for source in sources:
        read = read_entity(source)
        problems += read.problems
        problems += image_problems(source.description_html, source.front_matter)
        if read.value is not None:
            entities.append(read.value)
    stems = {posixpath.splitext(posixpath.basename(p.path))[0] for p in problems}
    unreadable = frozenset({s.casefold() for s in stems} | {slug_for(s) for s in stems})
    problems += check_entities(entities, unreadable)
    index = EntityIndex(entities)
    names = name_table(index, lang)
    return Checked(EntitySet(index, NameMatcher.of(names.entries), unreadable, names.spellings, names.problems),
                   tuple(problems))


def process_briefing(source: BriefingSource, entities: EntitySet, settings: BriefingSettings,
                     publication: Publication, splitter: SentenceSplitter) -> Checked[ProcessedBriefing]:
    """One briefing through validate → resolve → annotate → trace."""
    meta = validate_briefing(source, entities.index, entities.unreadable)
    images = tuple(image_problems(source.html, source.front_matter))
    if meta.value is None:
        return Checked(None, meta.problems + images)
    resolved = resolve_briefing(source.path, source.slug, meta.value, entities.index, entities.unreadable)
    if resolved.value is None or resolved.problems or images:
        return Checked(None, meta.problems + resolved.problems + images)
    briefing = resolved.value
    annotation = annotate(sanitize_html(source.html), entities.matcher, entities.href, policy=settings.link,
                          splitter=splitter)
    figures = trace_figures(briefing.key_figures, annotation.sentences, source.lang)
    item = ProcessedBriefing(
        source_key=source.key, path=source.path, url=source.url, lang=source.lang, status=source.status,
        listed=source.listed, briefing=briefing, annotation=annotation, key_figures=figures,
        named=named_entities(briefing, annotation.mentions, entities.index), map=state_map(briefing),
        warnings=tuple(unbacked_figures(source.path, figures)
                       + briefing_warnings(source.path, briefing, source.front_matter, publication.today)))
    return Checked(dataclasses.replace(item, jsonld=briefing_jsonld(item, entities, settings, publication)), meta.problems)


def briefing_jsonld(item: ProcessedBriefing, entities: EntitySet, settings: BriefingSettings,
                    publication: Publication) -> str:
    def entity_url(slug: str) -> str | None:
        return publication.canonical(settings.entity_url.format(slug=slug))

    return script_json(news_article(item, entities.index, publication.canonical(item.url), entity_url,
                                    publication.name, publication.canonical(publication.home_url), publication.author))


def link_description(entity: Entity, description_html: str, entities: EntitySet, settings: BriefingSettings) -> str:
    """An entity's description with the other entities it names linked (never itself)."""
    clean = sanitize_html(description_html)
    # Most descriptions name no other entity: a scan of the raw HTML (which
    # finds every name its text could contain) spares parsing them.
    if all(m.slug == entity.slug for m in entities.matcher.find(html.unescape(clean))):
        return clean
    return annotate(clean, entities.matcher, entities.href, policy=settings.link, exclude=entity.slug,
                    anchor_sentences=False).html


def duplicate_slugs(sources: list[BriefingSource]) -> list[Problem]:
    """Two briefing files with one slug in one language: one would overwrite the other."""
    problems, seen = [], {}
    for source in sorted(sources, key=lambda s: s.path):
        key = (source.slug.casefold(), source.lang)
        if key in seen:
            problems.append(Problem(source.path, "slug", f'"{source.slug}" is also the slug of {seen[key]}: rename one file, or give it slug: another-slug'))
        else:
            seen[key] = source.path
    return problems


@functools.lru_cache(maxsize=65536)
def _description_text(html_text: str) -> str:
    # An unchanged description is the same text build after build (memo.py).
    return visible_text(html_text)


def build_site(entity_sources: list[EntitySource], briefing_sources: list[BriefingSource], settings: BriefingSettings,
               publication: Publication, series_sources: list[SeriesSource] = (), memo: Memo = NO_MEMO) -> Checked[Site]:
    """Every stage for a whole site. With any problem, value is None and every problem is listed.

    memo may give back a stage's result kept from an earlier build for the same inputs (memo.py).
    """
    read = memo.entity_set(entity_sources, lambda: read_entities(entity_sources, publication.lang))
    entities = read.value
    problems = list(read.problems) + duplicate_slugs(briefing_sources)
    processed, descriptions, found = _process_all(entity_sources, briefing_sources, entities, settings, publication, memo)
    problems += found
    if problems:
        return Checked(None, tuple(problems))
    processed.sort(key=lambda item: newest_first_key(item.date, item.slug))
    published = [item for item in processed if item.listed]
    ledger = build_ledger(list(series_sources), published, entities.index, entities.unreadable, settings)
    if ledger.value is None:
        return Checked(None, ledger.problems)
    urls = {e.slug: settings.entity_url.format(slug=e.slug) for e in entities.index}
    views = memo.entity_views(entities, tuple(published), descriptions, functools.partial(
        entity_views, list(entities.index), published, urls,
        {slug: _description_text(text) for slug, text in descriptions.items()},
        {e.slug: settings.entity_feed_atom.format(slug=e.slug) for e in entities.index} if settings.entity_feed_atom else {},
        lambda entity, url, text: script_json(entity_thing(entity, publication.canonical(url), text)),
        spellings=entities.spellings))
    stories = story_briefings(published)
    warnings = entities.warnings + tuple(w for item in processed for w in item.warnings) + ledger.value.warnings
    warnings += tuple(w for source in entity_sources if (e := entities.index.get(source.slug)) is not None
                      for w in entity_warnings(source.path, e.name, source.front_matter))
    return Checked(Site(entities, tuple(processed), tuple(published), views, descriptions, merge_timelines(published),
                        ledger.value, story_views(stories, entities.index, ledger.value.by_event),
                        story_places(stories, urls), corrections(published), warnings))


def _process_all(entity_sources, briefing_sources, entities: EntitySet, settings: BriefingSettings,
                 publication: Publication, memo: Memo) -> tuple[list[ProcessedBriefing], dict[str, str], list[Problem]]:
    """Every briefing through its stages, and every entity description linked."""
    splitter = SentenceSplitter(settings.abbreviations)
    context = (settings, publication)
    processed: list[ProcessedBriefing] = []
    problems: list[Problem] = []
    # Parsing and linking make many short-lived objects; keep the garbage
    # collector from re-scanning everything read so far each time (unless
    # the caller has turned it off: an incremental build collects after).
    if gc.isenabled():
        gc.collect()
    gc.freeze()
    try:
        def briefing_job(source: BriefingSource):
            return functools.partial(process_briefing, source, entities, settings, publication, splitter)

        def description_job(entity: Entity, source: EntitySource):
            return functools.partial(link_description, entity, source.description_html, entities, settings)

        described = [(e, s) for s in entity_sources if (e := entities.index.get(s.slug)) is not None and e.source_path == s.path]
        # What no earlier build made is made first, shared between processes (parallel.py).
        jobs = {("briefing", s.key): briefing_job(s) for s in briefing_sources if not memo.has_briefing(s, context)}
        jobs |= {("description", e.slug): description_job(e, s) for e, s in described if not memo.has_description(s, context)}
        made = dict(zip(jobs, share_map(operator.call, list(jobs.values()), processes_for(settings.processes, len(jobs))),
                        strict=True))

        def job(key, otherwise):
            return functools.partial(made.pop, key) if key in made else otherwise

        for source in briefing_sources:
            result = memo.briefing(source, context, job(("briefing", source.key), briefing_job(source)))
            problems += result.problems
            if result.value is not None:
                processed.append(result.value)
        descriptions = {e.slug: memo.description(s, context, job(("description", e.slug), description_job(e, s)))
                        for e, s in described}
    finally:
        gc.unfreeze()
    return processed, descriptions, problems
