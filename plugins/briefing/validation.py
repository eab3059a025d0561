"""Front-matter schemas and the problems a build reports.

Every content file is checked against a declared pydantic schema; every
problem of a build is collected and reported together, one line each, as
`file: field: message`, and the build exits non-zero.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError, field_validator

from .dates import PartialDate

# libyaml's safe loader when PyYAML was built with it: same results, many times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ENTITY_KINDS = ("person", "organization", "state", "place", "event")

_FRONT_MATTER_RE = re.compile(r"\A\s*---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?(.*)\Z", re.S | re.M)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one content file, and what to do about it."""

    path: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


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

def _date(value: Any) -> str:
    return PartialDate.parse(value).iso


def _http_url(value: str) -> str:
    if not re.match(r"https?://[^\s/]+", value):
        raise ValueError(f'"{value}" is not a web address: write it in full, starting with https://')
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Text = str


class SourceSchema(_Strict):
    name: Text = Field(min_length=1)
    via: Text | None = None
    url: Text | None = None

    _url = field_validator("url")(lambda cls, v: v if v is None else _http_url(v))


class KeyFigureSchema(_Strict):
    value: Union[int, float, Text]
    label: Text = Field(min_length=1)
    unit: Text | None = None
    approximate: bool = False
    as_of: Text | None = None
    source: Text | None = None
    url: Text | None = None
    note: Text | None = None

    _as_of = field_validator("as_of", mode="before")(lambda cls, v: v if v is None else _date(v))
    _url = field_validator("url")(lambda cls, v: v if v is None else _http_url(v))

    @field_validator("value")
    @classmethod
    def _not_empty(cls, v):
        if isinstance(v, str) and not v.strip():
            raise ValueError("a key figure needs a value: a number such as 1822, or text")
        return v


class StateSchema(_Strict):
    state: Text = Field(min_length=1)
    role: Text | None = None
    contribution: Text | None = None


class TimelineSchema(_Strict):
    date: Text
    text: Text = Field(min_length=1)

    _date = field_validator("date", mode="before")(lambda cls, v: _date(v))


class BriefingSchema(_Strict):
    title: Text = Field(min_length=1)
    date: Text
    summary: Text | None = None
    host_state: Text | None = None
    source: SourceSchema | None = None
    key_figures: list[KeyFigureSchema] = []
    participating_states: list[StateSchema] = []
    timeline: list[TimelineSchema] = []
    entities: list[Text] = []
    # Pelican's own fields an editor may use.
    slug: Text | None = None
    status: Literal["published", "draft", "hidden"] | None = None
    modified: Text | None = None
    tags: list[Text] | Text | None = None
    lang: Text | None = None

    _date = field_validator("date", "modified", mode="before")(lambda cls, v: v if v is None else _date(v))


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
    name: Text = Field(min_length=1)
    kind: Literal[ENTITY_KINDS]  # type: ignore[valid-type]
    # Plain strings match with their case; a mapping may opt out (AliasSchema).
    aliases: list[AliasEntry] = []
    role: Text | None = None
    country: Text | None = None
    iso: Text | None = None
    wikidata: Text | None = None
    url: Text | None = None

    @field_validator("iso")
    @classmethod
    def _iso(cls, v):
        if v is not None and not re.fullmatch(r"[A-Za-z]{2}", v):
            raise ValueError(f'"{v}" is not an ISO 3166-1 alpha-2 code (two letters, such as KZ)')
        return v if v is None else v.upper()

    @field_validator("wikidata")
    @classmethod
    def _wikidata(cls, v):
        if v is not None and not re.fullmatch(r"Q[1-9][0-9]*", v):
            raise ValueError(f'"{v}" is not a Wikidata id (Q followed by digits, such as Q232)')
        return v

    _url = field_validator("url")(lambda cls, v: v if v is None else _http_url(v))

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
    if not isinstance(data, dict):
        return None, [Problem(where, "", "the front matter must be 'field: value' lines")]
    return FrontMatter(path, data, body), []


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("int", "float", "str", *_UNION_TAGS, "function-after[_not_empty(), union[int,float,str]]"):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def _message(err: dict, schema: type[BaseModel]) -> str:
    kind = err["type"]
    loc = err["loc"]
    if kind == "missing":
        return f"required field is missing: add '{loc[-1]}:' to the front matter"
    if kind == "extra_forbidden":
        known = _known_fields(schema, loc[:-1])
        return f"unknown field{did_you_mean(str(loc[-1]), known)}" + ("" if did_you_mean(str(loc[-1]), known) else f" (known fields: {', '.join(known)})")
    if kind == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        return f'"{err.get("input")}" is not allowed here: use one of {allowed}'
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "string_too_short":
        return "is empty: give it a value or remove the line"
    return f"{err['msg'].lower()} (got {type(err.get('input')).__name__})"


def _known_fields(schema: type[BaseModel], loc: tuple) -> list[str]:
    model = schema
    for part in loc:
        if isinstance(part, int) or part in _UNION_TAGS:
            continue
        annotation = model.model_fields[part].annotation
        inner = getattr(annotation, "__args__", (annotation,))
        model = next((a for a in _flatten(inner) if isinstance(a, type) and issubclass(a, BaseModel)), model)
    return list(model.model_fields)


def _flatten(args):
    for arg in args:
        yield arg
        yield from _flatten(getattr(arg, "__args__", ()))


def check_schema(front: FrontMatter, schema: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate parsed front matter; return the model or one Problem per error."""
    try:
        return schema.model_validate(front.data), []
    except ValidationError as exc:
        where = display_path(front.path)
        # Union members repeat the same error; keep one line per field.
        seen, problems = set(), []
        for err in exc.errors():
            problem = Problem(where, _field_path(err["loc"]), _message(err, schema))
            if problem.field not in seen:
                seen.add(problem.field)
                problems.append(problem)
        return None, problems
