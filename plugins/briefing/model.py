"""The domain model: what the editor wrote, resolved, and what the site shows of it.

Plain frozen dataclasses. Each stage of the pipeline (pipeline.py) takes some
of these and returns new ones; nothing here knows about Pelican.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .dates import PartialDate
from .problems import Problem


class Range(tuple):
    """A figure known only as a range: (low, high), both numbers, low < high."""

    __slots__ = ()

    def __new__(cls, low: float, high: float):
        return super().__new__(cls, (low, high))

    def __getnewargs__(self):  # pickled with the stage cache (stagecache.py)
        return (self[0], self[1])

    @property
    def low(self):
        return self[0]

    @property
    def high(self):
        return self[1]


FigureValue = int | float | str | Range


# ---------------------------------------------------------------- entities

@dataclass(frozen=True)
class Entity:
    slug: str
    name: str
    kind: str  # a name in kinds.KIND_NAMES
    aliases: tuple[str, ...] = ()
    any_case: tuple[str, ...] = ()  # the aliases that match whatever their case ("ignore_case: true")
    role: str | None = None
    country: str | None = None
    iso: str | None = None  # as written; see entities.iso_for
    wikidata: str | None = None
    url: str | None = None
    source_path: str = ""  # the file, as shown in messages
    href: str = ""  # what a link to its page is written as before Pelican resolves it

    @property
    def names(self) -> tuple[str, ...]:
        """The name first, then the aliases: every string the text may use for it."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class EntitySource:
    """An entity file as read: its slug (the file name), front matter and rendered description."""

    slug: str
    path: str  # as shown in messages
    href: str
    front_matter: object  # frontmatter.FrontMatter
    description_html: str


# ---------------------------------------------------------------- briefings, as written and resolved

@dataclass(frozen=True)
class BriefingSource:
    """A briefing file as read, before anything is resolved."""

    path: str  # as shown in messages
    key: str  # the file relative to the content folder: identifies the briefing
    slug: str
    lang: str
    url: str  # site-relative, as Pelican gives it
    status: str  # published, hidden or draft
    listed: bool  # shown on the home page, entity pages, feeds and data (published, in its own language)
    front_matter: object  # frontmatter.FrontMatter
    html: str  # the body rendered from Markdown


@dataclass(frozen=True)
class KeyFigure:
    value: FigureValue
    display: str
    label: str
    approximate: bool = False
    as_of: PartialDate | None = None
    source_entity: Entity | None = None
    source_text: str | None = None
    url: str | None = None
    note: str | None = None
    sentence_id: str | None = None  # the sentence of the article that states it (set by tracing)


@dataclass(frozen=True)
class StateRole:
    entity: Entity
    iso: str | None
    role: str | None
    contribution: str | None


@dataclass(frozen=True)
class TimelineEntry:
    date: PartialDate
    text: str
    anchor: str  # id of the entry in the briefing's timeline sidebar


@dataclass(frozen=True)
class Attribution:
    name: str
    entity: Entity | None
    via: str | None
    url: str | None


@dataclass(frozen=True)
class Briefing:
    """A briefing's front matter with every reference resolved to its entity."""

    slug: str
    title: str
    date: PartialDate
    modified: PartialDate | None
    summary: str | None
    key_figures: tuple[KeyFigure, ...]
    states: tuple[StateRole, ...]
    timeline: tuple[TimelineEntry, ...]
    source: Attribution | None
    host_state: Entity | None
    host_iso: str | None  # the host state's ISO 3166-1 code
    attached: tuple[Entity, ...]


# ---------------------------------------------------------------- annotated text

@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity's name in a text, where the matcher found it."""

    slug: str
    surface: str  # the words as written
    sentence_id: str | None
    linked: bool
    # Offsets of the name in its sentence's text (Annotation.sentences); None outside a sentence.
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Annotation:
    """A text with its sentences anchored and its names linked."""

    html: str
    mentions: tuple[Mention, ...]
    sentences: Mapping[str, str]  # each sentence's text by its id, in document order


@dataclass(frozen=True)
class StateMap:
    """The participating-states map: inline SVG, and its legend (HTML list)."""

    svg: str
    legend_html: str


@dataclass(frozen=True)
class ProcessedBriefing:
    """A briefing ready for its page, feeds and data: the output of the per-briefing pipeline."""

    source_key: str
    path: str
    url: str
    lang: str
    status: str
    listed: bool
    briefing: Briefing
    annotation: Annotation
    key_figures: tuple[KeyFigure, ...]  # traced to their sentences
    named: tuple[Entity, ...]  # people and organisations, in order of first mention
    map: StateMap | None
    warnings: tuple[Problem, ...] = ()
    jsonld: str = ""  # schema.org NewsArticle, ready for a <script> element

    # What templates and outputs read most, under the names they use.
    @property
    def slug(self) -> str:
        return self.briefing.slug

    @property
    def title(self) -> str:
        return self.briefing.title

    @property
    def date(self) -> PartialDate:
        return self.briefing.date

    @property
    def summary(self) -> str | None:
        return self.briefing.summary

    @property
    def states(self) -> tuple[StateRole, ...]:
        return self.briefing.states

    @property
    def timeline(self) -> tuple[TimelineEntry, ...]:
        return self.briefing.timeline

    @property
    def source(self) -> Attribution | None:
        return self.briefing.source

    @property
    def host_state(self) -> Entity | None:
        return self.briefing.host_state

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return self.annotation.mentions


# ---------------------------------------------------------------- entity pages

@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool  # is this piece the entity's name


@dataclass(frozen=True)
class MentionInContext:
    sentence_id: str | None
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class BriefingMentions:
    """The sentences of one briefing that name an entity."""

    briefing: ProcessedBriefing
    contexts: tuple[MentionInContext, ...]


@dataclass(frozen=True)
class StateRoleIn:
    briefing: ProcessedBriefing
    role: StateRole


@dataclass(frozen=True)
class FigureIn:
    briefing: ProcessedBriefing
    figure: KeyFigure


@dataclass(frozen=True)
class Companion:
    """An entity named in the same briefings as another, and in how many."""

    entity: Entity
    briefings: int


@dataclass(frozen=True)
class EntityView:
    """Everything an entity's page, feed and data show."""

    entity: Entity
    url: str
    description_text: str  # the description as plain text
    briefings: tuple[BriefingMentions, ...] = ()
    state_roles: tuple[StateRoleIn, ...] = ()
    figures: tuple[FigureIn, ...] = ()
    appears_with: tuple[Companion, ...] = ()
    feed: str = ""  # the site-relative path of its Atom feed, "" when there is none
    jsonld: str = ""

    @property
    def mention_count(self) -> int:
        return sum(len(b.contexts) for b in self.briefings)


# ---------------------------------------------------------------- the site-wide timeline

@dataclass(frozen=True)
class TimelineRow:
    entry: TimelineEntry
    briefing: ProcessedBriefing

    @property
    def date(self) -> PartialDate:
        return self.entry.date


@dataclass(frozen=True)
class TimelineMonth:
    """The rows of one calendar month: entries known only to the month first, then day by day."""

    month: PartialDate  # day is None
    rows: tuple[TimelineRow, ...] = field(default=())
