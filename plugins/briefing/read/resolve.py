"""Resolve a briefing's front matter against the entities: every reference to its Entity.

A reference is an entity's slug, name or alias (any case). An unknown one is
a problem with a "did you mean"; a free-text field (a figure's source, the
source's name) stays text unless it is written like a slug.
"""

from __future__ import annotations

from ..model.dates import PartialDate
from ..model.domain import Attribution, Briefing, BriefingSource, Entity, KeyFigure, Notice, StateRole, TimelineEntry
from ..model.problems import Checked, Problem
from ..model.slugs import looks_like_slug
from ..text.figures import format_value
from .entities import EntityIndex, iso_for
from .schemas import BriefingSchema, check_schema


class References:
    """Resolves the references of one file, collecting a problem for each that fails.

    References to `unreadable` slugs (entity files with problems of their own)
    are not reported again.
    """

    def __init__(self, path: str, index: EntityIndex, unreadable: frozenset[str]):
        self.path = path
        self.index = index
        self.unreadable = unreadable
        self.problems: list[Problem] = []

    def entity(self, value: str, field: str, kind: str | None = None) -> Entity | None:
        """The entity a reference names (of the given kind, when one is given)."""
        entity = self.index.resolve(value)
        if entity is None:
            if str(value).strip().casefold() not in self.unreadable:
                self.problems.append(self.index.unknown(self.path, field, value, kind))
            return None
        if kind and entity.kind != kind:
            article = "an" if entity.kind[0] in "aeiou" else "a"
            self.problems.append(Problem(self.path, field, f'"{value}" is {entity.name}, {article} {entity.kind}, not a {kind}: name a {kind}{self.index.hint(value, kind)}'))
            return None
        return entity

    def entity_or_text(self, value: str, field: str) -> Entity | None:
        """An entity when the value names one; free text otherwise, unless it is written as a slug."""
        entity = self.index.resolve(value)
        if entity is None and looks_like_slug(value) and value.casefold() not in self.unreadable:
            self.problems.append(self.index.unknown(self.path, field, value, free_text=True))
        return entity


def validate_briefing(source: BriefingSource, index: EntityIndex,
                      unreadable: frozenset[str] = frozenset()) -> Checked[BriefingSchema]:
    """The briefing's front matter checked against its schema.

    When the schema fails, references elsewhere in the file are still checked,
    so one build reports every unknown entity too.
    """
    front = source.front_matter
    if front.data is None:
        return Checked(None, front.problems)
    meta = check_schema(front, BriefingSchema)
    if meta.value is not None:
        return Checked(meta.value, front.problems)
    reported = {p.field for p in meta.problems}
    refs = References(source.path, index, unreadable)
    for field, value, kind in _raw_references(front.data):
        if isinstance(value, str) and value.strip() and field not in reported:
            refs.entity(value, field, kind)
    return Checked(None, front.problems + meta.problems + tuple(refs.problems))


def _raw_references(data: dict):
    """(field, value, kind) of the plain references in front matter that failed its schema."""
    states = data.get("participating_states")
    for i, item in enumerate(states if isinstance(states, list) else []):
        if isinstance(item, dict):
            yield f"participating_states[{i}].state", item.get("state"), "state"
    yield "host_state", data.get("host_state"), "state"
    attached = data.get("entities")
    for i, value in enumerate(attached if isinstance(attached, list) else []):
        yield f"entities[{i}]", value, None


def resolve_briefing(path: str, slug: str, meta: BriefingSchema, index: EntityIndex,
                     unreadable: frozenset[str] = frozenset()) -> Checked[Briefing]:
    """Validated front matter with every reference resolved."""
    refs = References(path, index, unreadable)
    figures = tuple(_key_figure(refs, i, fig) for i, fig in enumerate(meta.key_figures))
    states = []
    for i, item in enumerate(meta.participating_states):
        entity = refs.entity(item.state, f"participating_states[{i}].state", "state")
        if entity:
            states.append(StateRole(entity, iso_for(entity), item.role, item.contribution))
    host = refs.entity(meta.host_state, "host_state", "state") if meta.host_state else None
    attached = tuple(e for i, s in enumerate(meta.entities) if (e := refs.entity(s, f"entities[{i}]")))
    entries = sorted(((PartialDate.parse(t.date), t.text) for t in meta.timeline), key=lambda entry: entry[0].sort_key)
    timeline = tuple(TimelineEntry(date, text, f"timeline-{n}") for n, (date, text) in enumerate(entries, 1))
    modified = PartialDate.parse(meta.modified) if meta.modified else None
    briefing = Briefing(
        slug, meta.title, PartialDate.parse(meta.date), modified, meta.summary, figures, tuple(states), timeline,
        _attribution(refs, meta), host, iso_for(host) if host else None, attached,
        story=refs.entity(meta.story, "story", "event") if meta.story else None,
        updates=_notices(meta.updates, "update"), corrections=_notices(meta.corrections, "correction"))
    return Checked(briefing, tuple(refs.problems))


def _key_figure(refs: References, i: int, fig) -> KeyFigure:
    source = refs.entity_or_text(fig.source, f"key_figures[{i}].source") if fig.source else None
    stated_by = refs.entity(fig.stated_by, f"key_figures[{i}].stated_by") if fig.stated_by else None
    via = refs.entity_or_text(fig.via, f"key_figures[{i}].via") if fig.via else None
    return KeyFigure(
        value=fig.value, display=format_value(fig.value, fig.unit, fig.approximate), label=fig.label,
        approximate=fig.approximate, as_of=PartialDate.parse(fig.as_of) if fig.as_of else None,
        source_entity=source, source_text=None if source else fig.source, url=fig.url, note=fig.note,
        series=fig.series, stated_by=stated_by or source, via=via, via_text=None if via else fig.via,
        status=fig.status, unit=fig.unit)


def _attribution(refs: References, meta: BriefingSchema) -> Attribution | None:
    if not meta.source:
        return None
    written = meta.source
    reporter = refs.entity_or_text(written.name, "source.name")
    via = refs.entity_or_text(written.via, "source.via") if written.via else None
    stated_by = refs.entity_or_text(written.stated_by, "source.stated_by") if written.stated_by else None
    return Attribution(reporter.name if reporter else written.name, reporter, via.name if via else written.via,
                       written.url, via_entity=via, stated_by=stated_by,
                       stated_by_text=None if stated_by else written.stated_by)


def _notices(written, kind: str) -> tuple[Notice, ...]:
    """Updates or corrections, oldest first, each with its anchor."""
    dated = sorted(((PartialDate.parse(n.date), n.text) for n in written), key=lambda pair: pair[0].sort_key)
    return tuple(Notice(date, text, f"{kind}-{n}") for n, (date, text) in enumerate(dated, 1))
