"""Reading a content file: UTF-8 text, a YAML header between '---' lines, a Markdown body.

`parse_source` is a pure function of the file's bytes; it never raises on bad
input but returns the problems, each with the line it is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..model.problems import Problem, display_path

# libyaml's safe loader when PyYAML was built with it: same results, many times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FRONT_MATTER_RE = re.compile(r"\A\s*---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?(.*)\Z", re.S | re.M)
# Characters XML 1.0 cannot carry (feeds would break) and no editor means to type.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def control_character(text: str) -> str | None:
    """'U+0008' for the first control character in text, or None."""
    match = _CONTROL_RE.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


@dataclass(frozen=True)
class FrontMatter:
    """A content file as read: its header's data, its Markdown body, and what was wrong."""

    path: str  # as shown in messages
    data: dict | None  # None when the header could not be read
    body: str = ""
    body_line: int = 1  # the line of the file the body starts on
    problems: tuple[Problem, ...] = field(default=())


def parse_source(path: str, raw: bytes) -> FrontMatter:
    """Decode, split and parse one content file."""
    where = display_path(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return FrontMatter(where, None, problems=(Problem(where, "", f"not UTF-8 text (byte 0x{raw[err.start]:02x}): save the file with UTF-8 encoding", line),))
    return split_front_matter(where, text)


def split_front_matter(where: str, text: str) -> FrontMatter:
    """Separate the YAML header from the Markdown body and parse it safely."""
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return _unreadable(where, "no front matter: start the file with a '---' line, the YAML fields, then another '---' line")
    header, body = match.groups()
    offset = text[: match.start(1)].count("\n")
    try:
        data = yaml.load(header, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as err:
        line = (err.problem_mark.line + 1 + offset) if err.problem_mark else None
        what = err.problem or "not valid YAML"
        return _unreadable(where, f"YAML syntax error: {what} (check quotes, colons and indentation)", line)
    except yaml.YAMLError as err:
        return _unreadable(where, f"YAML syntax error: {err}")
    wrong = _not_fields(data)
    if wrong:
        return _unreadable(where, wrong)
    body_line = offset + header.count("\n") + 2
    # The body's own problems do not hide the front matter's: both are reported.
    problems = tuple(Problem(where, "", f"the text contains the invisible control character {control_character(line)}: retype the line without it", number)
                     for number, line in enumerate(body.split("\n"), start=body_line) if control_character(line))
    return FrontMatter(where, data, body, body_line, problems)


def _not_fields(data) -> str | None:
    """Why parsed YAML is not a set of fields, or None when it is."""
    if data is None:
        return "the front matter is empty: add the required fields between the '---' lines"
    if not isinstance(data, dict):
        return "the front matter must be 'field: value' lines"
    bad_keys = [k for k in data if not isinstance(k, str)]
    if bad_keys:
        return f"{bad_keys[0]!r} is not a field name: field names are words such as title"
    return None


def _unreadable(where: str, message: str, line: int | None = None) -> FrontMatter:
    return FrontMatter(where, None, problems=(Problem(where, "", message, line),))
