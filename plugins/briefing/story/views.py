"""What each page shows, gathered from processed briefings: entity views, the site timeline, a briefing's extras.

Pure functions; the generator renders what they return.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Container, Mapping
from dataclasses import dataclass

from ..model.dates import PartialDate
from ..model.domain import (
    Annotation,
    Briefing,
    BriefingMentions,
    Companion,
    CorrectionIn,
    Entity,
    EntityView,
    FigureIn,
    Mention,
    MentionInContext,
    ProcessedBriefing,
    Segment,
    Spelling,
    StateMap,
    StateRoleIn,
    StoryPlace,
    StoryView,
    TimelineMonth,
    TimelineRow,
)
from ..model.kinds import PEOPLE_AND_ORGANISATIONS
from ..output.worldmap import render_legend, render_map
from ..read.entities import EntityIndex

# How many companions an entity page lists ("appears with").
APPEARS_WITH_LIMIT = 10


# ---------------------------------------------------------------- one briefing

def named_entities(briefing: Briefing, mentions: tuple[Mention, ...], index: EntityIndex) -> tuple[Entity, ...]:
    """People and organisations the briefing names or attaches, in order of first mention."""
    seen: dict[str, Entity] = {}
    candidates = [index.get(m.slug) for m in mentions] + list(briefing.attached)
    if briefing.source and briefing.source.entity:
        candidates.append(briefing.source.entity)
    for entity in candidates:
        if entity is not None and entity.kind in PEOPLE_AND_ORGANISATIONS:
            seen.setdefault(entity.slug, entity)
    return tuple(seen.values())


def state_map(briefing: Briefing) -> StateMap | None:
    """The map of the participating states with the host state set apart; None with no state to show."""
    participants = tuple(s.iso for s in briefing.states if s.iso)
    host_iso = briefing.host_iso
    if not participants and not host_iso:
        return None
    labels = {s.iso: s.entity.name for s in briefing.states if s.iso}
    if host_iso:
        labels[host_iso] = briefing.host_state.name
    return _drawn_map(participants, host_iso, tuple(sorted(labels.items())))


@functools.lru_cache(maxsize=256)
def _drawn_map(participants: tuple[str, ...], host_iso: str | None, labels: tuple[tuple[str, str], ...]) -> StateMap:
    # Drawing takes tens of milliseconds; briefings on one event often share their states.
    names = dict(labels)
    title = f"Map: states taking part, with the host state {names[host_iso]}" if host_iso else "Map: states taking part"
    svg = render_map(list(participants), host_iso, title=title, labels=names, id_prefix="states-map")
    return StateMap(svg, render_legend(list(participants), host_iso, names))


# ---------------------------------------------------------------- entity pages

def highlight(sentence: str, spans: list[tuple[int, int]]) -> tuple[Segment, ...]:
    """Cut a sentence into pieces, marking the given [start, end) spans (the first of overlapping ones)."""
    pieces, last = [], 0
    for start, end in sorted(set(spans)):
        if start < last:
            continue
        if start > last:
            pieces.append(Segment(sentence[last:start], False))
        pieces.append(Segment(sentence[start:end], True))
        last = end
    if last < len(sentence):
        pieces.append(Segment(sentence[last:], False))
    return tuple(pieces)


def mention_contexts(annotation: Annotation, slugs: Container[str]) -> dict[str, tuple[MentionInContext, ...]]:
    """For each of these entities the text mentions (by slug): one entry per sentence naming it, in
    the order of the text."""
    by_slug: dict[str, dict[str | None, list[Mention]]] = {}
    for m in annotation.mentions:
        if m.slug in slugs:
            by_slug.setdefault(m.slug, {}).setdefault(m.sentence_id, []).append(m)
    contexts = {}
    for slug, by_sentence in by_slug.items():
        out = []
        for sid, found in by_sentence.items():
            text = annotation.sentences.get(sid, "") if sid else ""
            if text:
                segments = highlight(text, [(m.start, m.end) for m in found if m.start is not None])
            else:
                segments = (Segment(found[0].surface, True),)
            out.append(MentionInContext(sid, segments))
        contexts[slug] = tuple(out)
    return contexts


def present_entities(item: ProcessedBriefing) -> set[str]:
    """Slugs of every entity a briefing names, lists, attaches or cites, and its story."""
    briefing = item.briefing
    present = {m.slug for m in item.mentions} | {e.slug for e in briefing.attached}
    present |= {s.entity.slug for s in briefing.states}
    source = briefing.source
    if source:
        present |= {e.slug for e in (source.entity, source.via_entity, source.stated_by) if e is not None}
    present |= {e.slug for e in (briefing.host_state, briefing.story) if e is not None}
    return present


@dataclass
class _Gathered:
    """What the briefings say of each entity, by slug, while entity views are made."""

    mentions: dict[str, list[BriefingMentions]]
    roles: dict[str, list[StateRoleIn]]
    figures: dict[str, list[FigureIn]]
    together: dict[str, Counter]


def _gather(slugs: list[str], briefings: list[ProcessedBriefing]) -> _Gathered:
    found = _Gathered({s: [] for s in slugs}, {s: [] for s in slugs}, {s: [] for s in slugs}, {s: Counter() for s in slugs})
    for item in briefings:
        present = present_entities(item)
        wanted = sorted(slug for slug in present if slug in found.mentions)
        contexts = mention_contexts(item.annotation, set(wanted)) if wanted else {}
        for slug in wanted:
            found.mentions[slug].append(BriefingMentions(item, contexts.get(slug, ())))
            found.together[slug].update(present - {slug})
        for role in item.states:
            if role.entity.slug in found.roles:
                found.roles[role.entity.slug].append(StateRoleIn(item, role))
        for fig in item.key_figures:
            if fig.source_entity and fig.source_entity.slug in found.figures:
                found.figures[fig.source_entity.slug].append(FigureIn(item, fig))
    return found


def entity_views(entities: list[Entity], briefings: list[ProcessedBriefing], urls: Mapping[str, str],
                 descriptions: Mapping[str, str], feeds: Mapping[str, str], jsonld,
                 only: set[str] | None = None,
                 spellings: Mapping[str, tuple[Spelling, ...]] | None = None) -> dict[str, EntityView]:
    """Gather, for every entity, what the briefings say about it. briefings are newest first.

    urls, descriptions (plain text) and feeds are by slug; jsonld(entity, url, description) gives
    its structured data. With `only`, just the views of those slugs are made (an incremental build
    keeps the others).
    """
    by_slug = {e.slug: e for e in entities}
    if only is not None:
        entities = [e for e in entities if e.slug in only]
    found = _gather([e.slug for e in entities], briefings)
    mentions, roles, figures, together = found.mentions, found.roles, found.figures, found.together
    views = {}
    for entity in entities:
        slug = entity.slug
        ranked = sorted(together[slug].items(), key=lambda kv: (-kv[1], by_slug[kv[0]].name, kv[0]))
        description = descriptions.get(slug, "")
        views[slug] = EntityView(
            entity, urls[slug], description, tuple(mentions[slug]), tuple(roles[slug]), tuple(figures[slug]),
            tuple(Companion(by_slug[s], n) for s, n in ranked[:APPEARS_WITH_LIMIT]), feeds.get(slug, ""),
            jsonld(entity, urls[slug], description or entity.role),
            tuple(s for s in (spellings or {}).get(slug, ()) if s.shown))
    return views


# ---------------------------------------------------------------- the site-wide timeline

def merge_timelines(briefings: list[ProcessedBriefing]) -> tuple[TimelineMonth, ...]:
    """All entries of all briefings, oldest first, grouped by month.

    Same-date entries keep a stable order: by briefing date, then slug, then
    their order within the briefing.
    """
    rows = sorted((((entry.date.sort_key, item.date.sort_key, item.slug, n), TimelineRow(entry, item))
                   for item in briefings for n, entry in enumerate(item.timeline)), key=lambda pair: pair[0])
    months: list[tuple[PartialDate, list[TimelineRow]]] = []
    for _, row in rows:
        month = PartialDate(row.date.year, row.date.month)
        if not months or months[-1][0] != month:
            months.append((month, []))
        months[-1][1].append(row)
    return tuple(TimelineMonth(month, tuple(group)) for month, group in months)


# ---------------------------------------------------------------- stories and corrections

def story_briefings(briefings: list[ProcessedBriefing]) -> dict[str, tuple[ProcessedBriefing, ...]]:
    """Each story's briefings (by the event's slug), oldest first."""
    stories: dict[str, list[ProcessedBriefing]] = {}
    for item in sorted(briefings, key=lambda b: (b.date.sort_key, b.slug)):
        if item.briefing.story is not None:
            stories.setdefault(item.briefing.story.slug, []).append(item)
    return {slug: tuple(items) for slug, items in stories.items()}


def story_places(stories: dict[str, tuple[ProcessedBriefing, ...]], urls: Mapping[str, str]) -> dict[str, StoryPlace]:
    """For each briefing of a story (by source key): the story, and the briefings before and after it."""
    places = {}
    for slug, items in stories.items():
        for i, item in enumerate(items):
            places[item.source_key] = StoryPlace(item.briefing.story, urls[slug], items[i - 1] if i else None,
                                                 items[i + 1] if i + 1 < len(items) else None)
    return places


def story_views(stories: dict[str, tuple[ProcessedBriefing, ...]], index: EntityIndex, series_of) -> dict[str, StoryView]:
    """An event's story page: its series (series_of(slug)), key events and briefings. Every event gets one."""
    return {e.slug: StoryView(e, stories.get(e.slug, ()), series_of(e.slug), merge_timelines(list(stories.get(e.slug, ()))))
            for e in index if e.kind == "event"}


def corrections(briefings: list[ProcessedBriefing]) -> tuple[CorrectionIn, ...]:
    """Every correction of the published briefings, newest first."""
    found = [CorrectionIn(item, notice) for item in briefings for notice in item.briefing.corrections]
    return tuple(sorted(found, key=lambda c: (c.notice.date.sort_key, c.briefing.slug, c.notice.anchor), reverse=True))
