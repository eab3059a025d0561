"""The figure ledger: each series of a figure followed over time, from its file and from the briefings.

A series is a file, content/figures/<id>.md (label, unit, definition, cumulative, event, and
observations the site reports without a briefing of its own); a briefing's key figure joins it
with `series: <id>`. `build_ledger` gathers every observation, orders them by date (a month before
the days within it, never as if it had a day), derives which ones later observations superseded,
checks the series, and places each key figure within its series.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model.dates import PartialDate
from ..model.domain import FigureInContext, FigureSeries, Observation, ProcessedBriefing, SeriesSource
from ..model.problems import Checked, Problem, did_you_mean
from ..model.settings import BriefingSettings
from ..read.entities import EntityIndex
from ..read.frontmatter import FrontMatter
from ..read.resolve import References
from ..read.schemas import SeriesSchema, check_named_file
from ..text.figures import format_value, numeric_bounds
from ..text.sanitize import sanitize_html
from .charts import step_chart
from .checks import image_problems


@dataclass(frozen=True)
class Ledger:
    series: tuple[FigureSeries, ...] = ()  # by id
    # For each briefing (by source key), its key figures within their series (None: in no series).
    contexts: Mapping[str, tuple[FigureInContext | None, ...]] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()

    def by_event(self, slug: str) -> tuple[FigureSeries, ...]:
        return tuple(s for s in self.series if s.event is not None and s.event.slug == slug)


@dataclass(frozen=True)
class _SeriesFile:
    """A series file, validated and resolved, before its observations from briefings are added."""

    source: SeriesSource
    meta: SeriesSchema
    event: object  # Entity | None
    observations: tuple[Observation, ...]


def read_series(source: SeriesSource, index: EntityIndex, unreadable: frozenset[str]) -> Checked[_SeriesFile]:
    front: FrontMatter = source.front_matter
    meta = check_named_file(source.id, front, SeriesSchema)
    if meta.value is None:
        return Checked(None, meta.problems)
    refs = References(source.path, index, unreadable)
    series: SeriesSchema = meta.value
    event = refs.entity(series.event, "event", "event") if series.event else None
    observations = []
    for i, written in enumerate(series.observations):
        where = f"observations[{i}]"
        stated_by = refs.entity(written.stated_by, f"{where}.stated_by")
        via = refs.entity_or_text(written.via, f"{where}.via") if written.via else None
        observations.append(Observation(
            written.value, format_value(written.value, None, written.approximate), PartialDate.parse(written.as_of), stated_by, None,
            via, None if via else written.via, written.url, written.status, written.note, source.path, where))
    images = tuple(image_problems(source.notes_html, front))
    if refs.problems or images:
        return Checked(None, meta.problems + tuple(refs.problems) + images)
    return Checked(_SeriesFile(source, series, event, tuple(observations)), meta.problems)


def build_ledger(sources: list[SeriesSource], briefings: list[ProcessedBriefing], index: EntityIndex,
                 unreadable: frozenset[str], settings: BriefingSettings) -> Checked[Ledger]:
    """Every series with its observations, each briefing's figures in context, and the series' warnings."""
    problems: list[Problem] = []
    files: dict[str, _SeriesFile] = {}
    broken = set()  # series files with problems of their own: references to them are not reported again
    for source in sources:
        read = read_series(source, index, unreadable)
        problems += read.problems
        if read.value is not None:
            files[source.id] = read.value
        else:
            broken.add(source.id)
    gathered = {sid: list(f.observations) for sid, f in files.items()}
    warnings: list[Problem] = []
    for item in briefings:
        for i, fig in enumerate(item.key_figures):
            if fig.series is None:
                continue
            if fig.series not in gathered:
                if fig.series not in broken:
                    problems.append(Problem(item.path, f"key_figures[{i}].series", f'unknown series "{fig.series}"{did_you_mean(fig.series, files) or " — add content/figures/" + fig.series + ".md for it, or correct the id"}'))
                continue
            gathered[fig.series].append(_from_key_figure(item, i, fig))
            unit = files[fig.series].meta.unit
            if fig.unit and unit and fig.unit.casefold() != unit.casefold():
                warnings.append(Problem(item.path, f"key_figures[{i}].unit", f'"{fig.unit}" differs from the unit of series {fig.series} ("{unit}"): use "{unit}", or join another series'))
    if problems:
        return Checked(None, tuple(problems))
    series = tuple(_series(files[sid], gathered[sid], settings) for sid in sorted(files))
    for s in series:
        warnings += series_warnings(s)
    return Checked(Ledger(series, _contexts(series, briefings), tuple(warnings)))


def _from_key_figure(item: ProcessedBriefing, i: int, fig) -> Observation:
    as_of = fig.as_of or item.date
    return Observation(fig.value, format_value(fig.value, None, fig.approximate), as_of, fig.stated_by,
                       None if fig.stated_by else fig.source_text, fig.via, fig.via_text, fig.url, fig.status, fig.note,
                       item.path, f"key_figures[{i}]", fig.unit, item.source_key, item.url, item.title, fig.sentence_id)


def _order(observation: Observation) -> tuple:
    return (observation.as_of.sort_key, observation.path, observation.field)


def _series(file: _SeriesFile, observations: list[Observation], settings: BriefingSettings) -> FigureSeries:
    ordered = sorted(observations, key=_order)
    # Superseded: some later observation that stands (neither retracted nor disputed) came after it.
    marked = tuple(dataclasses.replace(o, superseded=any(
        later.status is None and later.as_of.certainly_after(o.as_of) for later in ordered)) for o in ordered)
    meta = file.meta
    # Notes are Markdown an editor wrote: only harmless HTML reaches the page.
    series = FigureSeries(file.source.id, meta.label, meta.unit, meta.definition, meta.cumulative, file.event,
                          sanitize_html(file.source.notes_html), file.source.path, settings.figure_url.format(id=file.source.id),
                          settings.figure_csv.format(id=file.source.id), marked)
    return dataclasses.replace(series, chart=step_chart(series))


def _source_of(observation: Observation) -> str:
    return observation.stated_by.slug if observation.stated_by else (observation.stated_by_text or "").casefold()


def series_warnings(series: FigureSeries) -> list[Problem]:
    """Disagreements left unmarked, a cumulative series that falls, observations nothing backs."""
    found = []
    seen: dict[str, Observation] = {}
    for o in series.observations:
        other = seen.get(o.as_of.iso)
        if (other is not None and o.value != other.value and _source_of(o) != _source_of(other)
                and "disputed" not in (o.status, other.status)):
            found.append(Problem(o.path, o.field, f"{o.display} and {other.display} ({other.path}: {other.field}) give {series.label} on {o.as_of.display} from different sources: mark the disagreement with status: disputed, or correct one"))
        seen.setdefault(o.as_of.iso, o)
    if series.cumulative:
        # A range counts by its low end.
        standing = [(o, bounds[0]) for o in series.observations
                    if o.status is None and (bounds := numeric_bounds(o.value)) is not None]
        for (before, low_before), (after, low_after) in itertools.pairwise(standing):
            if after.as_of.certainly_after(before.as_of) and low_after < low_before:
                found.append(Problem(after.path, after.field, f"series {series.id} is cumulative, but {after.display} ({after.as_of.display}) is less than {before.display} ({before.as_of.display}): correct the value, mark it status: disputed, or set cumulative: false"))
    found += [Problem(o.path, f"{o.field}.url", f"{o.display} ({o.as_of.display}) has no url and no briefing states it: add url: https://... of its source")
              for o in series.observations if o.briefing_key is None and not o.url]
    return found


def _contexts(series: tuple[FigureSeries, ...], briefings: list[ProcessedBriefing]) -> dict[str, tuple]:
    placed = {(o.briefing_key, o.field): _in_context(s, o) for s in series for o in s.observations if o.briefing_key}
    return {item.source_key: tuple(placed.get((item.source_key, f"key_figures[{i}]")) for i in range(len(item.key_figures)))
            for item in briefings if any(fig.series for fig in item.key_figures)}


def _in_context(series: FigureSeries, o: Observation) -> FigureInContext:
    """An observation between the values before and after it, and the newest that supersedes it."""
    others = [c for c in series.observations if c.counts and c is not o]
    previous = [c for c in others if o.as_of.certainly_after(c.as_of)]
    following = [c for c in others if c.as_of.certainly_after(o.as_of)]
    around = tuple(c for c in others if c not in previous and c not in following)
    later = [c for c in following if c.status is None] if o.superseded else []
    return FigureInContext(series, previous[-1] if previous else None, following[0] if following else None,
                           later[0] if later else None, around)
