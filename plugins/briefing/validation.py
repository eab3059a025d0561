"""Front-matter schemas and the problems a build reports.

Every content file is checked against a declared pydantic schema; every
problem of a build is collected and reported together, one line each, as
`file: field: message`, and the build exits non-zero.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import os
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

import pycountry
import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, ValidationError, field_validator

from .dates import PartialDate
from .figures import Range

# libyaml's safe loader when PyYAML was built with it: same results, many times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ENTITY_KINDS = ("person", "organization", "state", "place", "event")
# Codes in use though ISO keeps them for user assignment.
USER_ASSIGNED_CODES = {"XK"}  # Kosovo

_FRONT_MATTER_RE = re.compile(r"\A\s*---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?(.*)\Z", re.S | re.M)


_UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one content file, and what to do about it."""

    path: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        line = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        # One problem, one line: a newline or control character quoted from the file is shown escaped.
        return _UNPRINTABLE_RE.sub(lambda m: repr(m.group())[1:-1], line)


class ContentError(SystemExit):
    """Ends the build with every problem listed and exit status 1.

    A SystemExit, so Pelican's command line prints our lines and no traceback.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"Build stopped: {count} content problem{'s' if count != 1 else ''} (see README, 'Errors you may see').")
        super().__init__("\n".join(lines))


def display_path(path: str) -> str:
    """The path as an editor would type it: relative to the working folder when inside it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f' — did you mean "{close[0]}"?' if close else ""


# ---------------------------------------------------------------- schemas

# A reference written as a slug (lowercase words joined by dashes) must name an
# entity; anything else (capitals, spaces) in a free-text field stays free text.
SLUG_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def looks_like_slug(value: str) -> bool:
    return bool(SLUG_RE.fullmatch(value))


# Characters XML 1.0 cannot carry (feeds would break) and no editor means to type.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def control_character(text: str) -> str | None:
    """'U+0008' for the first control character in text, or None."""
    match = _CONTROL_RE.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def _text(value: Any) -> str:
    """One piece of text. YAML turns some bare words into other types: say so."""
    if value is None:
        raise ValueError("is empty: give it a value or remove the line")
    if isinstance(value, bool):
        raise ValueError("YAML reads this as true/false (yes, no, on, off do that): put the text in quotes, e.g. \"no\"")
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
    if not re.fullmatch(r"[^\W_][\w-]*", value) or value != value.lower():
        raise ValueError(f'"{value}" is not a slug: use lowercase letters, digits and dashes, e.g. "{slug_for(value) or "my-briefing"}"')
    return value


def slug_for(text: str) -> str:
    """The slug Pelican would make of a title or name (lowercase ASCII, dashes)."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify
    return slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


Text = Annotated[str, BeforeValidator(_text)]
Url = Annotated[str, BeforeValidator(_http_url)]
DateText = Annotated[str, BeforeValidator(_date)]
Slug = Annotated[str, BeforeValidator(_slug)]


def TextList():
    return Annotated[list[Text], BeforeValidator(_list)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceSchema(_Strict):
    name: Text
    via: Text | None = None
    url: Url | None = None


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


class KeyFigureSchema(_Strict):
    value: FigureValue
    label: Text
    unit: Text | None = None
    approximate: bool = False
    as_of: DateText | None = None
    source: Text | None = None
    url: Url | None = None
    note: Text | None = None


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
    # Pelican's own fields an editor may use.
    slug: Slug | None = None
    status: Literal["published", "draft", "hidden"] | None = None
    modified: DateText | None = None
    tags: TextList() = []
    lang: Text | None = None

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
    Union[Annotated[Text, Tag("text")], Annotated[AliasSchema, Tag("mapping")]],
    Discriminator(lambda v: "mapping" if isinstance(v, (dict, AliasSchema)) else "text"),
]
_UNION_TAGS = ("text", "mapping")


class EntitySchema(_Strict):
    name: Text
    kind: Literal[ENTITY_KINDS]  # type: ignore[valid-type]
    # Plain strings match with their case; a mapping may opt out (AliasSchema).
    aliases: Annotated[list[AliasEntry], BeforeValidator(_list)] = []
    role: Text | None = None
    country: Text | None = None
    iso: Text | None = None
    wikidata: Text | None = None
    url: Url | None = None

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


# ---------------------------------------------------------------- reading

@dataclass
class FrontMatter:
    path: str
    data: dict
    body: str


def read_source(path: str) -> tuple[str | None, list[Problem]]:
    """A content file's text, or the problem that it is not UTF-8."""
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(display_path(path), "", f"not UTF-8 text (byte 0x{raw[err.start]:02x}): save the file with UTF-8 encoding", line)]


def split_front_matter(path: str, text: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Separate the YAML header from the Markdown body and parse it safely."""
    where = display_path(path)
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return None, [Problem(where, "", "no front matter: start the file with a '---' line, the YAML fields, then another '---' line")]
    header, body = match.groups()
    offset = text[: match.start(1)].count("\n")
    try:
        data = yaml.load(header, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as err:
        line = (err.problem_mark.line + 1 + offset) if err.problem_mark else None
        what = err.problem or "not valid YAML"
        return None, [Problem(where, "", f"YAML syntax error: {what} (check quotes, colons and indentation)", line)]
    except yaml.YAMLError as err:
        return None, [Problem(where, "", f"YAML syntax error: {err}")]
    if data is None:
        return None, [Problem(where, "", "the front matter is empty: add the required fields between the '---' lines")]
    if not isinstance(data, dict):
        return None, [Problem(where, "", "the front matter must be 'field: value' lines")]
    bad_keys = [k for k in data if not isinstance(k, str)]
    if bad_keys:
        return None, [Problem(where, "", f"{bad_keys[0]!r} is not a field name: field names are words such as title")]
    # The body's own problems do not hide the front matter's: both are reported.
    problems = [Problem(where, "", f"the text contains the invisible control character {control_character(line)}: retype the line without it", number)
                for number, line in enumerate(body.split("\n"), start=offset + header.count("\n") + 2) if control_character(line)]
    return FrontMatter(path, data, body), problems


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


def check_schema(front: FrontMatter, schema: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate parsed front matter; return the model or one Problem per field."""
    try:
        return schema.model_validate(front.data), []
    except ValidationError as exc:
        where = display_path(front.path)
        best: dict[str, dict] = {}
        for err in exc.errors():
            field = _field_path(err["loc"])
            rank = _PREFERENCE.index(err["type"]) if err["type"] in _PREFERENCE else len(_PREFERENCE)
            if field not in best or rank < best[field][0]:
                best[field] = (rank, err)
        return None, [Problem(where, field, _message(err, schema)) for field, (_, err) in best.items()]


# ---------------------------------------------------------------- links in the body

_INTERNAL_LINK_RE = re.compile(r"""(?:href|src)\s*=\s*(["'])\{(filename|static|attach)\}([^"'#?]*)""")


def missing_link_targets(html: str, source_path: str, content_root: str) -> list[Problem]:
    """{filename} and {static} links whose file is not in the content folder.

    Pelican would only log these and publish a broken link.
    """
    from urllib.parse import unquote

    problems = []
    root = os.path.realpath(content_root)
    for _, what, target in _INTERNAL_LINK_RE.findall(html):
        path = unquote(target)
        base = root if path.startswith("/") else os.path.dirname(os.path.realpath(source_path))
        full = os.path.realpath(os.path.join(base, path.lstrip("/")))
        if not path or not os.path.isfile(full) or not full.startswith(root + os.sep):
            problems.append(Problem(display_path(source_path), "body", f'the link {{{what}}}{target} leads to no file in the content folder: correct the path (relative to this file, or starting with / for the content folder)'))
    return problems
