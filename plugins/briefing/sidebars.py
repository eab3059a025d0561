"""What a briefing's sidebars show, resolved from its front matter against the entities."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .dates import PartialDate
from .entities import Entity, EntityIndex, iso_for
from .figures import find_sentence, format_value
from .validation import BriefingSchema, Problem, looks_like_slug
from .worldmap import render_legend, render_map

PEOPLE_AND_ORGS = ("person", "organization")


@dataclass
class KeyFigure:
    value: int | float | str
    display: str
    label: str
    approximate: bool = False
    as_of: PartialDate | None = None
    source_entity: Entity | None = None
    source_text: str | None = None
    url: str | None = None
    note: str | None = None
    sentence_id: str | None = None  # the sentence of the article that states it


@dataclass
class StateRole:
    entity: Entity
    iso: str | None
    role: str | None
    contribution: str | None

    @property
    def flag(self) -> str:
        return flag_emoji(self.iso)


def flag_emoji(iso: str | None) -> str:
    """The flag as a pair of Unicode regional indicators (KZ -> 🇰🇿): text, so no image to fetch."""
    if not iso or len(iso) != 2 or not iso.isalpha() or not iso.isascii():
        return ""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in iso.upper())


@dataclass(frozen=True)
class StateMap:
    """The participating-states map: inline SVG, and its legend (HTML list, text with colour swatches)."""

    svg: str
    legend_html: str


@dataclass
class TimelineEntry:
    date: PartialDate
    text: str
    anchor: str = ""  # id of the entry in the briefing's timeline sidebar


@dataclass
class Attribution:
    name: str
    entity: Entity | None
    via: str | None
    url: str | None


@dataclass
class BriefingData:
    """Everything about one briefing the templates need, beyond Pelican's article."""

    slug: str
    title: str
    date: PartialDate
    key_figures: list[KeyFigure]
    states: list[StateRole]
    timeline: list[TimelineEntry]
    source: Attribution | None
    host_state: Entity | None
    attached: list[Entity]
    named: list[Entity] = field(default_factory=list)  # people and organisations, in order of mention
    mentions: list = field(default_factory=list)
    summary: str | None = None
    map: StateMap | None = None

    @property
    def host_flag(self) -> str:
        return flag_emoji(iso_for(self.host_state)) if self.host_state else ""


def check_reference(index: EntityIndex, unreadable: frozenset[str], path: str, value: str, field_name: str,
                    kind: str | None = None) -> tuple[Entity | None, Problem | None]:
    """The entity a reference names, or the problem to report (None for unreadable entity files)."""
    entity = index.resolve(value)
    if entity is None and str(value).strip().casefold() in unreadable:
        return None, None
    if entity is None:
        return None, index.unknown(path, field_name, value, kind)
    if kind and entity.kind != kind:
        article = "an" if entity.kind[0] in "aeiou" else "a"
        return None, Problem(path, field_name, f'"{value}" is {entity.name}, {article} {entity.kind}, not a {kind}: name a {kind}{index.hint(value, kind)}')
    return entity, None


def raw_reference_problems(path: str, data: dict, index: EntityIndex, unreadable: frozenset[str],
                           reported: set[str]) -> list[Problem]:
    """Unknown entities in front matter that failed its schema, so one build reports them too.

    Only plain-text references are checked, and none in a field already reported.
    """
    found = []
    states = data.get("participating_states")
    refs = [(f"participating_states[{i}].state", item.get("state"), "state")
            for i, item in enumerate(states if isinstance(states, list) else []) if isinstance(item, dict)]
    refs.append(("host_state", data.get("host_state"), "state"))
    attached = data.get("entities")
    refs += [(f"entities[{i}]", value, None) for i, value in enumerate(attached if isinstance(attached, list) else [])]
    for field_name, value, kind in refs:
        if isinstance(value, str) and value.strip() and field_name not in reported:
            problem = check_reference(index, unreadable, path, value, field_name, kind)[1]
            if problem:
                found.append(problem)
    return found


def resolve_briefing(path: str, slug: str, meta: BriefingSchema, index: EntityIndex,
                     unreadable: frozenset[str] = frozenset()) -> tuple[BriefingData, list[Problem]]:
    """Turn validated front matter into sidebar data, reporting references to unknown entities.

    References to `unreadable` slugs (entity files with problems of their own)
    are not reported again.
    """
    problems: list[Problem] = []

    def ref(value: str, field_name: str, kind: str | None = None) -> Entity | None:
        entity, problem = check_reference(index, unreadable, path, value, field_name, kind)
        if problem:
            problems.append(problem)
        return entity

    def source_ref(value: str, field_name: str) -> Entity | None:
        # An entity when it names one; free text otherwise, unless it is written as a slug.
        entity = index.resolve(value)
        if entity is None and looks_like_slug(value) and value.casefold() not in unreadable:
            problems.append(index.unknown(path, field_name, value, free_text=True))
        return entity

    figures = []
    for i, fig in enumerate(meta.key_figures):
        entity = source_ref(fig.source, f"key_figures[{i}].source") if fig.source else None
        figures.append(KeyFigure(
            value=fig.value, display=format_value(fig.value, fig.unit, fig.approximate), label=fig.label,
            approximate=fig.approximate, as_of=PartialDate.parse(fig.as_of) if fig.as_of else None,
            source_entity=entity, source_text=None if entity else fig.source, url=fig.url, note=fig.note))

    states = []
    for i, item in enumerate(meta.participating_states):
        entity = ref(item.state, f"participating_states[{i}].state", "state")
        if entity:
            states.append(StateRole(entity, iso_for(entity), item.role, item.contribution))

    source = None
    if meta.source:
        entity = source_ref(meta.source.name, "source.name")
        source = Attribution(entity.name if entity else meta.source.name, entity, meta.source.via, meta.source.url)

    host = ref(meta.host_state, "host_state", "state") if meta.host_state else None
    attached = [e for i, s in enumerate(meta.entities) if (e := ref(s, f"entities[{i}]"))]
    timeline = sorted((TimelineEntry(PartialDate.parse(t.date), t.text) for t in meta.timeline), key=lambda t: t.date.sort_key)
    for n, entry in enumerate(timeline, 1):
        entry.anchor = f"timeline-{n}"
    data = BriefingData(slug, meta.title, PartialDate.parse(meta.date), figures, states, timeline, source, host,
                        attached, summary=meta.summary)
    return data, problems


def state_map(states: list[StateRole], host: Entity | None) -> StateMap | None:
    """The map of the participating states with the host state set apart; None with no state to show."""
    participants = [s.iso for s in states if s.iso]
    host_iso = iso_for(host) if host else None
    if not participants and not host_iso:
        return None
    labels = {s.iso: s.entity.name for s in states if s.iso}
    if host_iso:
        labels[host_iso] = host.name
    return _drawn_map(tuple(participants), host_iso, tuple(sorted(labels.items())))


@functools.lru_cache(maxsize=256)
def _drawn_map(participants: tuple[str, ...], host_iso: str | None, labels: tuple[tuple[str, str], ...]) -> StateMap:
    # Drawing takes tens of milliseconds; briefings on one event often share their states.
    names = dict(labels)
    title = f"Map: states taking part, with the host state {names[host_iso]}" if host_iso else "Map: states taking part"
    svg = render_map(list(participants), host_iso, title=title, labels=names, id_prefix="states-map")
    return StateMap(svg, render_legend(list(participants), host_iso, names))


def trace_figures(data: BriefingData, sentences: list[tuple[str, str]], path: str) -> list[Problem]:
    """Point each figure at the sentence stating it; a figure with no sentence and no URL is a problem."""
    from .warnings import unbacked_figures  # warnings builds on this module's types
    for fig in data.key_figures:
        fig.sentence_id = find_sentence(sentences, fig.value, fig.approximate)
    return unbacked_figures(path, data)


def named_entities(data: BriefingData, index: EntityIndex) -> list[Entity]:
    """People and organisations the briefing names or attaches, in order of first mention."""
    seen: dict[str, Entity] = {}
    for mention in data.mentions:
        entity = index.get(mention.slug)
        if entity and entity.kind in PEOPLE_AND_ORGS:
            seen.setdefault(entity.slug, entity)
    for entity in data.attached:
        if entity.kind in PEOPLE_AND_ORGS:
            seen.setdefault(entity.slug, entity)
    if data.source and data.source.entity and data.source.entity.kind in PEOPLE_AND_ORGS:
        seen.setdefault(data.source.entity.slug, data.source.entity)
    return list(seen.values())
