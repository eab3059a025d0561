"""Front-matter schemas: every field an editor may write, with its check and its message.

`check_schema` validates parsed front matter against a schema and turns each
failure into one Problem, `file: field: what to do`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Annotated, Any, Literal

import pycountry
from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, ValidationError, field_validator

from ..model.dates import PartialDate
from ..model.domain import Range
from ..model.kinds import KIND_NAMES
from ..model.problems import Checked, Problem, did_you_mean
from ..model.slugs import is_slug, slug_hint
from .frontmatter import FrontMatter, control_character

# Codes in use though ISO keeps them for user assignment.
USER_ASSIGNED_CODES = {"XK"}  # Kosovo


def _text(value: Any) -> str:
    """One piece of text. YAML turns some bare words into other types: say so."""
    if value is None:
        raise ValueError("is empty: give it a value or remove the line")
    if isinstance(value, bool):
        raise ValueError('YAML reads this as true/false (yes, no, on, off do that): put the text in quotes, e.g. "no"')
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        what = "a list" if isinstance(value, list) else "a set of fields"
        raise ValueError(f"must be one piece of text, not {what}: put the text in quotes")
    if not isinstance(value, str):
        raise ValueError("must be text")
    value = value.strip()
    if not value:
        raise ValueError("is empty: give it a value or remove the line")
    if control_character(value):
        raise ValueError(f"contains the invisible control character {control_character(value)}: retype the text without it")
    return value


def _list(value: Any) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError("must be a list: write [first, second], or one '- item' line per entry")
    return value


def _date(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("is empty: write YYYY-MM-DD, or YYYY-MM when only the month is known")
    return PartialDate.parse(value).iso


def _http_url(value: Any) -> str:
    value = _text(value)
    if not re.match(r"https?://[^\s/?#]+", value, re.I):
        raise ValueError(f'"{value}" is not a web address: write it in full, starting with https://')
    if re.search(r"[\s<>\"]", value):
        raise ValueError(f'"{value}" is not a web address: it contains spaces, quotes or angle brackets')
    return value


def _slug(value: Any) -> str:
    value = _text(value)
    if not is_slug(value):
        raise ValueError(f'"{value}" is not a slug: use lowercase letters, digits and dashes, e.g. "{slug_hint(value, "my-briefing")}"')
    return value


def _one_or_more(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _mapping(value: Any) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError("must be a mapping from language code to name: write {kk: Қасым-Жомарт Тоқаев, ru: Касым-Жомарт Токаев}")
    return {str(k): v for k, v in value.items()}


_LANGUAGE_RE = re.compile(r"(?P<language>[a-z]{2,3})(?:-(?P<script>[A-Z][a-z]{3}))?(?:-(?P<region>[A-Z]{2}))?")


def is_language_code(code: str) -> bool:
    """A language code: ISO 639-1 or 639-3, optionally with an ISO 15924 script and a region (kk, kk-Latn, pt-BR)."""
    m = _LANGUAGE_RE.fullmatch(code)
    if m is None:
        return False
    language = m.group("language")
    found = pycountry.languages.get(alpha_2=language) if len(language) == 2 else pycountry.languages.get(alpha_3=language)
    script = m.group("script")
    return found is not None and (script is None or pycountry.scripts.get(alpha_4=script) is not None)


Text = Annotated[str, BeforeValidator(_text)]
Url = Annotated[str, BeforeValidator(_http_url)]
DateText = Annotated[str, BeforeValidator(_date)]
Slug = Annotated[str, BeforeValidator(_slug)]


def TextList():
    return Annotated[list[Text], BeforeValidator(_list)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceSchema(_Strict):
    """The chain of sources: who said it (stated_by) → who reported it (name) → who republished it (via)."""

    name: Text
    via: Text | None = None
    url: Url | None = None
    stated_by: Text | None = None


_RANGE_TEXT_RE = re.compile(r"\s*(?:about\s+)?[\d.,\u00a0 ]*\d\s*(?:[-\u2010-\u2015]|to)\s*\d[\d.,\u00a0 ]*")


def _figure_value(v: Any) -> int | float | str | Range:
    """A key figure's value: a number, text, or a range written {min: 1000, max: 2000}."""
    if isinstance(v, dict):
        return _figure_range(v)
    if isinstance(v, (list, tuple)):
        raise ValueError("a key figure's value must be a number, a range {min: ..., max: ...} or text, not a list")
    if isinstance(v, bool) or v is None or not isinstance(v, (int, float)):
        text = _text(v)
        if _RANGE_TEXT_RE.fullmatch(text):
            raise ValueError(f'"{text}" looks like a range: write it as value: {{min: 1000, max: 2000}} so it is shown and traced as numbers')
        return text
    if not math.isfinite(v):
        raise ValueError("is not a number: write a number such as 1822, or text")
    return v


def _figure_range(v: dict) -> Range:
    if set(v) != {"min", "max"}:
        raise ValueError(f"a range needs exactly the fields min and max, such as {{min: 1000, max: 2000}} (got {', '.join(map(str, v)) or 'none'})")
    low, high = v["min"], v["max"]
    for end, number in (("min", low), ("max", high)):
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
            raise ValueError(f'the range\'s {end} must be a number, such as 1000 (got "{number}")')
    if not low < high:
        raise ValueError(f"the range's min ({low}) must be less than its max ({high})")
    return Range(low, high)


FigureValue = Annotated[Any, BeforeValidator(_figure_value)]


# An observation's standing, when it is not plain: "superseded" is derived, never written.
ObservationStatus = Literal["disputed", "retracted"]


class KeyFigureSchema(_Strict):
    value: FigureValue
    label: Text
    unit: Text | None = None
    approximate: bool = False
    as_of: DateText | None = None
    source: Text | None = None
    url: Url | None = None
    note: Text | None = None
    # Joining a figure series (content/figures/<series>.md) makes the figure an observation of it.
    series: Slug | None = None
    stated_by: Text | None = None
    via: Text | None = None
    status: ObservationStatus | None = None


class ObservationSchema(_Strict):
    """A figure the site reports without a briefing of its own (in a series file)."""

    value: FigureValue
    as_of: DateText
    stated_by: Text
    via: Text | None = None
    url: Url | None = None
    status: ObservationStatus | None = None
    note: Text | None = None
    approximate: bool = False


class SeriesSchema(_Strict):
    """content/figures/<id>.md: one figure followed over time."""

    label: Text
    unit: Text | None = None
    definition: Text
    cumulative: bool = False
    event: Text | None = None
    observations: Annotated[list[ObservationSchema], BeforeValidator(_list)] = []


class NoticeSchema(_Strict):
    """A dated update or correction of a briefing."""

    date: DateText
    text: Text


class StateSchema(_Strict):
    state: Text
    role: Text | None = None
    contribution: Text | None = None


class TimelineSchema(_Strict):
    date: DateText
    text: Text


def _source(value: Any) -> Any:
    # `source: TASS` is shorthand for `source: {name: TASS}`.
    return {"name": value} if isinstance(value, str) else value


class BriefingSchema(_Strict):
    title: Text
    date: DateText
    summary: Text | None = None
    host_state: Text | None = None
    source: Annotated[SourceSchema | None, BeforeValidator(_source)] = None
    key_figures: Annotated[list[KeyFigureSchema], BeforeValidator(_list)] = []
    participating_states: Annotated[list[StateSchema], BeforeValidator(_list)] = []
    timeline: Annotated[list[TimelineSchema], BeforeValidator(_list)] = []
    entities: TextList() = []
    # The story (an entity of kind event) this briefing is part of.
    story: Text | None = None
    updates: Annotated[list[NoticeSchema], BeforeValidator(_list)] = []
    corrections: Annotated[list[NoticeSchema], BeforeValidator(_list)] = []
    # Pelican's own fields an editor may use.
    slug: Slug | None = None
    status: Literal["published", "draft", "hidden"] | None = None
    modified: DateText | None = None
    tags: TextList() = []
    lang: Text | None = None

    @field_validator("lang")
    @classmethod
    def _lang(cls, v):
        if v is not None and not is_language_code(v):
            raise ValueError(f'"{v}" is not a language code: use ISO 639-1, such as en, ru or kk')
        return v

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, v):
        return [t.strip() for t in v.split(",")] if isinstance(v, str) else v


class AliasSchema(_Strict):
    """An alias written as a mapping: `{name: CSTO, ignore_case: true}` also matches "csto", "Csto"."""

    name: Text = Field(min_length=1)
    ignore_case: bool = False


# A mapping is read as an AliasSchema, anything else as text: one error line per mistake.
AliasEntry = Annotated[
    Annotated[Text, Tag("text")] | Annotated[AliasSchema, Tag("mapping")],
    Discriminator(lambda v: "mapping" if isinstance(v, (dict, AliasSchema)) else "text"),
]
_UNION_TAGS = ("text", "mapping")


class EntitySchema(_Strict):
    name: Text
    kind: Literal[KIND_NAMES]  # type: ignore[valid-type]
    # Plain strings match with their case; a mapping may opt out (AliasSchema).
    aliases: Annotated[list[AliasEntry], BeforeValidator(_list)] = []
    role: Text | None = None
    country: Text | None = None
    iso: Text | None = None
    wikidata: Text | None = None
    url: Url | None = None
    # The name as written in other languages: {kk: Қасым-Жомарт Тоқаев, ru: [Беларусь, Белоруссия]}.
    native: Annotated[dict[str, Annotated[list[Text], BeforeValidator(_one_or_more)]], BeforeValidator(_mapping)] = {}

    @field_validator("native")
    @classmethod
    def _native(cls, v):
        for code in v:
            if not is_language_code(code):
                raise ValueError(f'"{code}" is not a language code: use ISO 639-1 (kk for Kazakh, ru for Russian, be for Belarusian), or 639-3 with a script such as kk-Latn')
        return v

    @property
    def native_names(self) -> list[tuple[str, str]]:
        return [(code, text) for code, texts in self.native.items() for text in texts]

    @field_validator("iso")
    @classmethod
    def _iso(cls, v):
        if v is not None and not re.fullmatch(r"[A-Za-z]{2}", v):
            raise ValueError(f'"{v}" is not an ISO 3166-1 alpha-2 code (two letters, such as KZ)')
        if v is not None and v.upper() not in USER_ASSIGNED_CODES and pycountry.countries.get(alpha_2=v.upper()) is None:
            raise ValueError(f'"{v}" is not an assigned ISO 3166-1 alpha-2 code: look it up (Kazakhstan is KZ)')
        return v if v is None else v.upper()

    @field_validator("wikidata")
    @classmethod
    def _wikidata(cls, v):
        if v is not None and not re.fullmatch(r"Q[1-9][0-9]*", v):
            raise ValueError(f'"{v}" is not a Wikidata id (Q followed by digits, such as Q232)')
        return v

    @property
    def alias_names(self) -> list[str]:
        return [a if isinstance(a, str) else a.name for a in self.aliases]

    @property
    def any_case_aliases(self) -> list[str]:
        return [a.name for a in self.aliases if isinstance(a, AliasSchema) and a.ignore_case]


_TYPE_NAMES = {"int", "float", "str", "bool", "list", "dict", "none", "nullable"}


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in _TYPE_NAMES or part in _UNION_TAGS or "[" in part or "(" in part:
            continue  # a branch of a union or a validator, not a field
        else:
            name = str(part) if re.fullmatch(r"[\w-]+", str(part)) else json.dumps(str(part), ensure_ascii=False)
            out += ("." if out else "") + name
    return out


_TYPE_HINTS = {
    "bool_type": "write true or false", "bool_parsing": "write true or false",
    "list_type": "write [first, second], or one '- item' line per entry",
    "model_type": "write 'field: value' lines under it", "dict_type": "write 'field: value' lines under it",
    "model_attributes_type": "write 'field: value' lines under it",
    "int_type": "write a number such as 1822, or text", "float_type": "write a number such as 1822, or text",
    "string_type": "write text",
}


def _message(err: dict, schema: type[BaseModel]) -> str:
    kind = err["type"]
    loc = err["loc"]
    if kind == "missing":
        return f"required field is missing: add '{loc[-1]}:' to the front matter"
    if kind == "extra_forbidden":
        known = _known_fields(schema, loc[:-1])
        hint = did_you_mean(str(loc[-1]), known)
        return f"unknown field{hint}" if hint else f"unknown field: remove it, or use one of {', '.join(known)}"
    if kind == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        hint = did_you_mean(str(err.get("input")), re.findall(r"'([^']*)'", allowed))
        return f'"{err.get("input")}" is not allowed here{hint} Use one of {allowed}' if hint else f'"{err.get("input")}" is not allowed here: use one of {allowed}'
    return _value_message(err)


def _value_message(err: dict) -> str:
    """The message for a value of the wrong type or shape."""
    kind = err["type"]
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if err.get("input") is None:
        return "is empty: give it a value or remove the line"
    if kind in ("bool_type", "bool_parsing"):
        return f'"{err.get("input")}" is not true or false: write true or false'
    got = type(err.get("input")).__name__
    return f"{err['msg'].lower()} (got {got}): {_TYPE_HINTS.get(kind, 'see the README for this field')}"


def _known_fields(schema: type[BaseModel], loc: tuple) -> list[str]:
    model = schema
    for part in loc:
        if isinstance(part, int) or part not in model.model_fields:
            continue
        annotation = model.model_fields[part].annotation
        inner = getattr(annotation, "__args__", (annotation,))
        model = next((a for a in _flatten(inner) if isinstance(a, type) and issubclass(a, BaseModel)), model)
    return list(model.model_fields)


def _flatten(args):
    for arg in args:
        yield arg
        yield from _flatten(getattr(arg, "__args__", ()))


# When a union's branches all fail, the most telling error speaks for the field.
_PREFERENCE = ("missing", "extra_forbidden", "value_error", "literal_error")


def check_schema(front: FrontMatter, schema: type[BaseModel]) -> Checked:
    """Validate parsed front matter: the model, or one Problem per field."""
    try:
        return Checked(schema.model_validate(front.data))
    except ValidationError as exc:
        where = front.path
        best: dict[str, dict] = {}
        for err in exc.errors():
            field = _field_path(err["loc"])
            rank = _PREFERENCE.index(err["type"]) if err["type"] in _PREFERENCE else len(_PREFERENCE)
            if field not in best or rank < best[field][0]:
                best[field] = (rank, err)
        return Checked(None, tuple(Problem(where, field, _message(err, schema)) for field, (_, err) in best.items()))


def check_named_file(name: str, front: FrontMatter, schema: type[BaseModel]) -> Checked:
    """A file whose name is its slug (an entity, a figure series): the name, then the front matter.

    The problems of reading the file come first, and stay with the value when it is made.
    """
    if not is_slug(name):
        problem = Problem(front.path, "", f'the file name "{name}" is not a slug: rename the file to {slug_hint(name)}.md (lowercase, dashes)')
        return Checked(None, (*front.problems, problem))
    if front.data is None:
        return Checked(None, front.problems)
    meta = check_schema(front, schema)
    return Checked(meta.value, front.problems + meta.problems)
