"""The site's data for other tools: /data/briefings.json and /data/entities.json, and their JSON Schemas.

Both files and both schemas come from the pydantic models below
(`model_dump_json` and `model_json_schema`), so data and schema cannot drift.
Every URL is absolute (BRIEFING_ABSOLUTE_URL).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model.dates import PartialDate
from ..read.entities import iso_for
from ..model.kinds import KIND_NAMES
from ..model.domain import EntityView, FigureSeries, Observation, ProcessedBriefing, Range
from ..names.spellings import script_code
from .site_files import absolute_url
from .structured import HTML_SAFE_JSON_ESCAPES

DATA_VERSION = 1

Url = Annotated[str, Field(pattern="^https?://", json_schema_extra={"format": "uri"})]
Id = Annotated[str, Field(min_length=1)]


class _Record(BaseModel):
    # Every field is always written (null when unknown), and nothing else is.
    model_config = ConfigDict(extra="forbid", frozen=True)


class DateData(_Record):
    """A date with its precision: a month-precision date never gets an invented day."""

    iso: str = Field(pattern=r"^\d{4}-\d{2}(-\d{2})?$", description="YYYY-MM or YYYY-MM-DD")
    precision: Literal["month", "day"]
    display: str = Field(description="as the site shows it: 'January 2022', '6 January 2022'")

    @classmethod
    def of(cls, date: PartialDate | None) -> DateData | None:
        if date is None:
            return None
        return cls.model_construct(iso=date.iso, precision="day" if date.day else "month", display=date.display)


class SiteData(_Record):
    name: str
    url: Url


class RangeData(_Record):
    min: int | float
    max: int | float


class SourceData(_Record):
    name: str
    entity: str | None
    via: str | None
    url: Url | None


class FigureSourceData(_Record):
    entity: str | None
    text: str | None


class FigureData(_Record):
    value: int | float | str | RangeData
    display: str
    label: str
    approximate: bool
    as_of: DateData | None
    source: FigureSourceData
    url: Url | None
    note: str | None
    sentence: Url | None = Field(description="the sentence of the article that states it")


class StateRoleData(_Record):
    state: Id
    iso: str | None
    role: str | None
    contribution: str | None


class MentionData(_Record):
    entity: Id
    count: int = Field(ge=1)
    sentences: list[Url] = Field(description="URLs of the sentences (anchors)")


class BriefingData(_Record):
    id: Id = Field(description="the briefing's slug, stable across builds")
    title: str
    url: Url
    date: DateData
    summary: str | None
    host_state: str | None = Field(description="an entity id")
    source: SourceData | None
    key_figures: list[FigureData]
    participating_states: list[StateRoleData]
    mentions: list[MentionData] = Field(description="entities named in the text, by id")
    entities: list[Id] = Field(description="ids of every entity the text names or the front matter attaches")


class BriefingsFile(_Record):
    """Briefings of a briefing site (/data/briefings.json)."""

    version: Literal[1]
    site: SiteData
    briefings: list[BriefingData] = Field(description="newest first")


class AliasData(_Record):
    name: str
    ignore_case: bool


class NameData(_Record):
    """One spelling, as the entity page's Names table shows it."""

    text: str
    script: str = Field(description="ISO 15924 code, such as Latn or Cyrl")
    lang: str | None = Field(description="the language it is written in (BCP 47), null when not known")
    system: str = Field(description="'name', 'press' (an alias kept by hand), 'native', or the romanisation "
                                    "systems that write it, comma-separated")


class BriefingMentionData(_Record):
    briefing: Id
    url: Url
    date: str
    count: int = Field(ge=0)
    sentences: list[Url]


class MentionsData(_Record):
    count: int = Field(ge=0, description="occurrences in all briefings' text")
    briefings: list[BriefingMentionData] = Field(description="newest first")


class EntityRoleData(_Record):
    briefing: Id
    role: str | None
    contribution: str | None


class EntityFigureData(_Record):
    briefing: Id
    display: str
    label: str
    sentence: Url | None


class CompanionData(_Record):
    entity: Id
    briefings: int = Field(ge=1)


class EntityData(_Record):
    id: Id = Field(description="the entity's slug (its file name), stable across builds")
    name: str
    kind: Literal[KIND_NAMES]  # type: ignore[valid-type]
    aliases: list[AliasData]
    names: list[NameData] = Field(description="every spelling that links to it: name, aliases, native names, "
                                              "and the romanisation systems' spellings of the native names")
    role: str | None
    country: str | None = Field(description="an entity id")
    iso: str | None = Field(description="ISO 3166-1 alpha-2 (states)")
    wikidata: str | None = Field(pattern="^Q[1-9][0-9]*$")
    url: Url
    feed: Url | None = Field(description="the entity's Atom feed")
    mentions: MentionsData
    state_roles: list[EntityRoleData]
    figures: list[EntityFigureData] = Field(description="key figures it is the source of")
    appears_with: list[CompanionData]


class EntitiesFile(_Record):
    """Entities of a briefing site (/data/entities.json)."""

    version: Literal[1]
    site: SiteData
    entities: list[EntityData] = Field(description="sorted by id")


class PartyData(_Record):
    """Who: an entity (its id) or free text."""

    entity: str | None
    text: str | None


class ObservationData(_Record):
    as_of: DateData
    value: int | float | str | RangeData
    display: str
    status: Literal["current", "superseded", "disputed", "retracted"]
    stated_by: PartyData
    via: PartyData | None
    url: Url | None = Field(description="the source document")
    briefing: Url | None = Field(description="the briefing that reports it")
    sentence: Url | None = Field(description="the sentence of that briefing that states it")
    note: str | None


class SeriesData(_Record):
    id: Id
    label: str
    unit: str | None
    definition: str = Field(description="what is counted")
    cumulative: bool
    event: str | None = Field(description="an entity id (kind event)")
    url: Url
    csv: Url
    observations: list[ObservationData] = Field(description="oldest first; a month before the days within it")


class FiguresFile(_Record):
    """Figure series of a briefing site (/data/figures.json)."""

    version: Literal[1]
    site: SiteData
    series: list[SeriesData] = Field(description="sorted by id")


# ---------------------------------------------------------------- from the pipeline's values
#
# The records are built with model_construct: the values come from the pipeline's own model, so
# checking them again would cost more than the rest of the export on a large site. The tests check
# the files written against the schema (tests/test_feeds_and_data.py).

def _value(value):
    return RangeData.model_construct(min=value.low, max=value.high) if isinstance(value, Range) else value


def briefing_data(item: ProcessedBriefing, base: str) -> BriefingData:
    url = absolute_url(base, item.url)
    counts = Counter(m.slug for m in item.mentions)
    anchors: dict[str, list[str]] = {}
    for m in item.mentions:
        if m.sentence_id and m.sentence_id not in anchors.setdefault(m.slug, []):
            anchors[m.slug].append(m.sentence_id)
    source = item.source
    return BriefingData.model_construct(
        id=item.slug, title=item.title, url=url, date=DateData.of(item.date), summary=item.summary,
        host_state=item.host_state.slug if item.host_state else None,
        source=None if source is None else SourceData.model_construct(name=source.name, entity=source.entity.slug if source.entity else None,
                                                      via=source.via, url=source.url),
        key_figures=[FigureData.model_construct(
            value=_value(fig.value), display=fig.display, label=fig.label, approximate=fig.approximate,
            as_of=DateData.of(fig.as_of),
            source=FigureSourceData.model_construct(entity=fig.source_entity.slug if fig.source_entity else None,
                                    text=fig.source_entity.name if fig.source_entity else fig.source_text),
            url=fig.url, note=fig.note, sentence=f"{url}#{fig.sentence_id}" if fig.sentence_id else None)
            for fig in item.key_figures],
        participating_states=[StateRoleData.model_construct(state=r.entity.slug, iso=r.iso, role=r.role, contribution=r.contribution)
                              for r in item.states],
        mentions=[MentionData.model_construct(entity=slug, count=counts[slug], sentences=[f"{url}#{sid}" for sid in anchors.get(slug, [])])
                  for slug in sorted(counts)],
        entities=sorted({m.slug for m in item.mentions} | {e.slug for e in item.briefing.attached}))


def briefings_file(briefings: list[ProcessedBriefing], *, base: str, site_name: str) -> BriefingsFile:
    """Every published briefing, newest first."""
    return BriefingsFile.model_construct(version=DATA_VERSION, site=SiteData.model_construct(name=site_name, url=absolute_url(base, "")),
                         briefings=[briefing_data(item, base) for item in briefings])


def entity_data(view: EntityView, base: str, mention_counts: dict[str, Counter]) -> EntityData:
    e = view.entity
    briefings = []
    for item in view.briefings:
        url = absolute_url(base, item.briefing.url)
        briefings.append(BriefingMentionData.model_construct(
            briefing=item.briefing.slug, url=url, date=item.briefing.date.iso,
            count=mention_counts[item.briefing.source_key][e.slug],
            sentences=[f"{url}#{ctx.sentence_id}" for ctx in item.contexts if ctx.sentence_id]))
    return EntityData.model_construct(
        id=e.slug, name=e.name, kind=e.kind,
        aliases=[AliasData.model_construct(name=a, ignore_case=a in e.any_case) for a in e.aliases],
        names=[NameData.model_construct(text=s.text, script=script_code(s.script), lang=s.lang or None, system=s.system)
               for s in view.spellings],
        role=e.role, country=e.country, iso=iso_for(e), wikidata=e.wikidata, url=absolute_url(base, view.url),
        feed=absolute_url(base, view.feed) if view.feed else None,
        mentions=MentionsData.model_construct(count=sum(b.count for b in briefings), briefings=briefings),
        state_roles=[EntityRoleData.model_construct(briefing=r.briefing.slug, role=r.role.role, contribution=r.role.contribution)
                     for r in view.state_roles],
        figures=[EntityFigureData.model_construct(briefing=f.briefing.slug, display=f.figure.display, label=f.figure.label,
                                  sentence=f"{absolute_url(base, f.briefing.url)}#{f.figure.sentence_id}" if f.figure.sentence_id else None)
                 for f in view.figures],
        appears_with=[CompanionData.model_construct(entity=c.entity.slug, briefings=c.briefings) for c in view.appears_with])


def entities_file(views: list[EntityView], briefings: list[ProcessedBriefing], *, base: str, site_name: str) -> EntitiesFile:
    """Every entity, by slug."""
    # Per briefing, the mentions of each entity, counted once.
    counts = {item.source_key: Counter(m.slug for m in item.mentions) for item in briefings}
    return EntitiesFile.model_construct(version=DATA_VERSION, site=SiteData.model_construct(name=site_name, url=absolute_url(base, "")),
                        entities=[entity_data(view, base, counts) for view in views])


def data_json(model: BaseModel) -> str:
    """Compact JSON in field order: same data, same bytes. <, > and & are escaped, so no tool
    that pastes the text into HTML can be tricked."""
    return model.model_dump_json().translate(HTML_SAFE_JSON_ESCAPES) + "\n"


def schema_json(model: type[BaseModel], name: str) -> str:
    """The JSON Schema (draft 2020-12) of a data file, indented for people to read."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json",
              **model.model_json_schema()}
    return json.dumps(schema, ensure_ascii=False, indent=2).translate(HTML_SAFE_JSON_ESCAPES) + "\n"


def _party(entity, text) -> PartyData:
    return PartyData.model_construct(entity=entity.slug if entity else None, text=entity.name if entity else text)


def observation_data(o: Observation, base: str) -> ObservationData:
    briefing = absolute_url(base, o.briefing_url) if o.briefing_url else None
    return ObservationData.model_construct(
        as_of=DateData.of(o.as_of), value=_value(o.value), display=o.display, status=o.standing,
        stated_by=_party(o.stated_by, o.stated_by_text),
        via=_party(o.via, o.via_text) if (o.via or o.via_text) else None, url=o.url, briefing=briefing,
        sentence=f"{briefing}#{o.sentence_id}" if briefing and o.sentence_id else None, note=o.note)


def figures_file(series: list[FigureSeries], *, base: str, site_name: str) -> FiguresFile:
    """Every figure series with its observations."""
    return FiguresFile.model_construct(version=DATA_VERSION, site=SiteData.model_construct(name=site_name, url=absolute_url(base, "")), series=[
        SeriesData.model_construct(
            id=s.id, label=s.label, unit=s.unit, definition=s.definition, cumulative=s.cumulative,
            event=s.event.slug if s.event else None, url=absolute_url(base, s.url), csv=absolute_url(base, s.csv_url),
            observations=[observation_data(o, base) for o in s.observations])
        for s in series])


CSV_COLUMNS = ("series", "as_of", "precision", "value", "min", "max", "unit", "status", "stated_by", "via",
               "source_url", "briefing_url", "sentence_url")


def series_csv(series: FigureSeries, base: str) -> str:
    """One row per observation, oldest first, for spreadsheets (RFC 4180, UTF-8, CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for o in series.observations:
        row = observation_data(o, base)
        low, high = (o.value.low, o.value.high) if isinstance(o.value, Range) else (o.value, o.value)
        number = isinstance(low, (int, float)) and not isinstance(low, bool)
        writer.writerow([series.id, o.as_of.iso, "day" if o.as_of.day else "month",
                         "" if isinstance(o.value, Range) else o.value, low if number else "", high if number else "",
                         series.unit or "", o.standing, row.stated_by.text or "", row.via.text if row.via else "",
                         o.url or "", row.briefing or "", row.sentence or ""])
    return out.getvalue()

# ---------------------------------------------------------------- the files, record by record

def _records(items, make, known: dict | None) -> str:
    """Each item's record as compact JSON, joined as a list; known keeps records by item between builds
    (an item kept unchanged by an incremental build is the same object)."""
    if known is None:
        return ",".join(make(item).model_dump_json() for item in items)
    kept = {}
    for item in items:
        entry = known.get(id(item))
        kept[id(item)] = entry if entry is not None and entry[0] is item else (item, make(item).model_dump_json())
    known.clear()
    known.update(kept)
    return ",".join(kept[id(item)][1] for item in items)


def _file_json(model: type[BaseModel], site: SiteData, field: str, records: str) -> str:
    head = model.model_construct(version=DATA_VERSION, site=site, **{field: []}).model_dump_json()  # ends with "[]}"
    return (head[: -len("]}")] + records + "]}").translate(HTML_SAFE_JSON_ESCAPES) + "\n"


def briefings_json(briefings: list[ProcessedBriefing], *, base: str, site_name: str, known: dict | None = None) -> str:
    """data_json(briefings_file(...)), made record by record."""
    site = SiteData(name=site_name, url=absolute_url(base, ""))
    return _file_json(BriefingsFile, site, "briefings", _records(briefings, lambda item: briefing_data(item, base), known))


def entities_json(views: list[EntityView], briefings: list[ProcessedBriefing], *, base: str, site_name: str,
                  known: dict | None = None) -> str:
    """data_json(entities_file(...)), made record by record."""
    counts = {item.source_key: Counter(m.slug for m in item.mentions) for item in briefings}
    site = SiteData(name=site_name, url=absolute_url(base, ""))
    return _file_json(EntitiesFile, site, "entities", _records(views, lambda view: entity_data(view, base, counts), known))
