"""What a build reports: problems (one line each, with the fix) and the error that stops a build.

Every stage returns the problems it found beside its result; the generator
gathers them and, when there are any, raises ContentError once with all of them.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

_UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")

T = TypeVar("T")

# How alike a word must be to a known one to be suggested (rapidfuzz WRatio, 0–100).
SUGGEST_CUTOFF = 70


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


@dataclass(frozen=True)
class Checked(Generic[T]):
    """What a stage made, and the problems it found (value is None when they keep it from being made)."""

    value: T | None
    problems: tuple[Problem, ...] = ()


class ContentError(SystemExit):
    """Ends the build with every problem listed and exit status 1.

    A SystemExit, so Pelican's command line prints our lines and no traceback.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))

    def __reduce__(self):  # raised again in the build when a helper process met it (parallel.py)
        return (ContentError, (self.problems,))


class HelperFailed(RuntimeError):
    """A helper process of the build (parallel.py) failed with an error that could not be sent back whole."""


def format_problems(problems: list[Problem]) -> str:
    """Every problem on a line of its own, sorted, then one line that counts them."""
    lines = [str(p) for p in sorted(problems)]
    count = len(lines)
    lines.append(f"Build stopped: {count} content problem{'s' if count != 1 else ''} (see docs/errors.md).")
    return "\n".join(lines)


def report_warnings(warnings, stream=None) -> None:
    """Each warning on one line of its own, sorted, never wrapped (logging's console would wrap at 80 columns)."""
    out = sys.stderr if stream is None else stream
    for problem in sorted(warnings):
        out.write(f"WARNING: {problem}\n")
    out.flush()


def display_path(path: str) -> str:
    """The path as an editor would type it: relative to the working folder when inside it."""
    folder = os.getcwd() + os.sep
    if path.startswith(folder):  # the usual case, without relpath's normalising
        return path[len(folder):]
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def closest(word: str, choices) -> str | None:
    """The choice most like `word`, when one is alike enough to suggest."""
    best = process.extractOne(str(word), list(choices), scorer=fuzz.WRatio, score_cutoff=SUGGEST_CUTOFF)
    return best[0] if best else None


def did_you_mean(word: str, choices) -> str:
    """' — did you mean "x"?' for the closest choice, or "" when none is close."""
    best = closest(word, choices)
    return f' — did you mean "{best}"?' if best else ""
