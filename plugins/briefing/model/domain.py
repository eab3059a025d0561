"""The domain model: what the editor wrote, resolved, and what the site shows of it.

Plain frozen dataclasses. Each stage of the pipeline (pipeline.py) takes some
of these and returns new ones; nothing here knows about Pelican.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .dates import PartialDate, newest
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
    native: tuple[tuple[str, str], ...] = ()  # (language code, name as written in that language)

    @property
    def names(self) -> tuple[str, ...]:
        """The name first, then the aliases: every string the editor wrote for it in the site's language."""
        return (self.name, *self.aliases)

    @property
    def native_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(text for _, text in self.native))


@dataclass(frozen=True)
class Spelling:
    """One way of writing an entity's name (names.py makes them; the Names table shows them)."""

    text: str
    script: str  # ISO 15924 name: "Latin", "Cyrillic"...
    lang: str  # the language it is written in ("" when not known)
    system: str  # "name", "press" (an alias), "native", a romanisation system, "surname" or "case form"
    exact: bool = True  # written by the editor (name, alias, native name), not generated
    any_case: bool = False  # an alias marked ignore_case
    shown: bool = True  # listed in the Names table (surnames and case forms are only matched)
    origin: str = ""  # the front-matter field it comes from: "name", "aliases[0]", "native.ru"


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
    series: str | None = None  # the id of the figure series it is an observation of
    stated_by: Entity | None = None  # who said it (defaults to the source entity)
    via: Entity | None = None  # who relayed it
    via_text: str | None = None
    status: str | None = None  # "disputed" or "retracted", as written
    unit: str | None = None


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
    """The chain of sources: who said it → who reported it → who republished it."""

    name: str  # who reported it, as written or as its entity's name
    entity: Entity | None
    via: str | None  # who republished it, as written or as its entity's name
    url: str | None
    via_entity: Entity | None = None
    stated_by: Entity | None = None
    stated_by_text: str | None = None


@dataclass(frozen=True)
class Notice:
    """A dated update or correction of a briefing."""

    date: PartialDate
    text: str
    anchor: str  # id on the page: correction-1, update-1...


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
    story: Entity | None = None  # the event this briefing is part of
    updates: tuple[Notice, ...] = ()
    corrections: tuple[Notice, ...] = ()

    @property
    def last_changed(self) -> PartialDate | None:
        """The newest of `modified:` and the dates of its updates and corrections."""
        return newest([self.modified, *(n.date for n in self.updates + self.corrections)])


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


# ---------------------------------------------------------------- figure series (the ledger)

@dataclass(frozen=True)
class SeriesSource:
    """A figure series file as read: its id (the file name), front matter and rendered notes."""

    id: str
    path: str
    front_matter: object  # frontmatter.FrontMatter
    notes_html: str


@dataclass(frozen=True)
class Observation:
    """One value of a series: from a briefing's key figure, or from the series file itself."""

    value: FigureValue
    display: str
    as_of: PartialDate
    stated_by: Entity | None
    stated_by_text: str | None
    via: Entity | None
    via_text: str | None
    url: str | None
    status: str | None  # "disputed" or "retracted", as written
    note: str | None
    path: str  # where it is written, for messages
    field: str
    unit: str | None = None
    briefing_key: str | None = None  # the briefing it comes from, if any
    briefing_url: str | None = None
    briefing_title: str | None = None
    sentence_id: str | None = None
    superseded: bool = False  # derived: a later observation replaced it

    @property
    def standing(self) -> str:
        """What the ledger says of it: retracted, disputed, superseded or current."""
        return self.status or ("superseded" if self.superseded else "current")

    @property
    def counts(self) -> bool:
        """Does it count as a value of the series (not retracted)?"""
        return self.status != "retracted"


@dataclass(frozen=True)
class FigureSeries:
    id: str
    label: str
    unit: str | None
    definition: str
    cumulative: bool
    event: Entity | None
    notes_html: str
    path: str
    url: str
    csv_url: str
    observations: tuple[Observation, ...] = ()  # oldest first (a month before the days within it)
    chart: str = ""  # inline SVG

    @property
    def latest(self) -> Observation | None:
        """What we know now: the newest observation that is neither retracted nor disputed."""
        current = [o for o in self.observations if o.status is None]
        return current[-1] if current else None


@dataclass(frozen=True)
class FigureInContext:
    """A briefing's key figure within its series: the values before and after it.

    With dates known only to the month, some values are neither before nor after it: they are
    `around` it, never placed as if they had a day.
    """

    series: FigureSeries
    previous: Observation | None  # the newest value certainly before it
    next: Observation | None  # the first value certainly after it
    later: Observation | None  # the first standing value after it: it superseded this one
    around: tuple[Observation, ...] = ()


@dataclass(frozen=True)
class StoryPlace:
    """A briefing's place in its story: the story and the briefings before and after it."""

    story: Entity
    url: str
    previous: ProcessedBriefing | None
    next: ProcessedBriefing | None


@dataclass(frozen=True)
class CorrectionIn:
    """A correction, and the briefing it corrects."""

    briefing: ProcessedBriefing
    notice: Notice


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
    spellings: tuple[Spelling, ...] = ()  # the Names table (shown spellings)

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


@dataclass(frozen=True)
class StoryView:
    """What an event's page shows as a story: what we know now, the key events, its briefings in order."""

    entity: Entity
    briefings: tuple[ProcessedBriefing, ...]  # oldest first
    series: tuple[FigureSeries, ...]
    timeline: tuple[TimelineMonth, ...]
