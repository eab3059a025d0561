"""Find entity names in text and link them.

One Aho–Corasick automaton holds every name and alias, so the cost of a scan
grows with the length of the text, not with the number of entities. Text and
names are compared in a canonical form in which dash variants ("Kassym –
Zhomart", "Kassym-Zhomart"), runs of white space, non-breaking spaces and
curly quotes are folded together; matches must be whole words.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SINGLE_QUOTES = "\u2018\u2019\u201b\u2032"
_DOUBLE_QUOTES = "\u201c\u201d\u201f\u2033"
# First pass, one character for one (positions unchanged, done in C by str.translate):
# every white space character becomes " ", every dash "-", curly quotes straight.
_ONE_FOR_ONE = str.maketrans(
    {**{ch: " " for ch in map(chr, range(0x3000 + 1)) if ch.isspace() and ch != " "},
     **{ch: "-" for ch in DASHES if ch != "-"},
     **dict.fromkeys(_SINGLE_QUOTES, "'"), **dict.fromkeys(_DOUBLE_QUOTES, '"')})
# Second pass, only when needed: a run of spaces and dashes ("  ", " - ") becomes one character.
_RUN_RE = re.compile(r"[ -]{2,}")
_RUN_HINTS = ("  ", " -", "- ", "--")
# Text inside these is never linked: existing links, code, headings, scripts.
SKIP_TAGS = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "mark", "svg"})


@dataclass(frozen=True)
class Folded:
    """Text in canonical form, with what is needed to map positions back."""

    text: str
    # Each replaced piece folds to one character: (folded index, original start, original end).
    _pieces: tuple[tuple[int, int, int], ...] = ()

    @property
    def has_pieces(self) -> bool:
        return bool(self._pieces)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of the folded [start, end)."""
        return self._start(start), self._end(end - 1)

    def _piece_at_or_before(self, pos: int):
        i = bisect.bisect_right(self._pieces, (pos, float("inf"), 0)) - 1
        return self._pieces[i] if i >= 0 else None

    def _start(self, pos: int) -> int:
        piece = self._piece_at_or_before(pos)
        if piece is None:
            return pos
        findex, ostart, oend = piece
        return ostart if pos == findex else oend + pos - findex - 1

    def _end(self, last: int) -> int:
        piece = self._piece_at_or_before(last)
        if piece is None:
            return last + 1
        findex, _, oend = piece
        return oend + last - findex


def fold(text: str) -> Folded:
    """Canonical form of a text for matching (see the module's docstring)."""
    text = text.translate(_ONE_FOR_ONE)
    if not any(hint in text for hint in _RUN_HINTS):
        return Folded(text, ())  # plain prose: no run to shorten, positions unchanged
    pieces, out, last, shift = [], [], 0, 0
    for m in _RUN_RE.finditer(text):
        start, end = m.span()
        out.append(text[last:start])
        out.append("-" if "-" in m.group() else " ")
        pieces.append((start - shift, start, end))
        shift += end - start - 1
        last = end
    out.append(text[last:])
    return Folded("".join(out), tuple(pieces))


def fold_name(name: str) -> str:
    return fold(name.strip()).text


class Match(NamedTuple):
    start: int  # in the original text
    end: int
    slug: str


def lower_same_length(text: str) -> str:
    """Lower-case text without changing its length, so positions stay valid.

    The rare characters whose lower case is longer (such as "İ") are kept as they are.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


class NameMatcher:
    """Every entity name and alias in one automaton, built once per build.

    Names match case-sensitively. Names in `any_case` (aliases an editor marked
    `ignore_case`) go into a second automaton run over the lower-cased text;
    both scans are linear in the text, and their matches are merged, longest first.
    """

    def __init__(self, names: dict[str, str], any_case: dict[str, str] | None = None):
        """names and any_case map each name or alias to its entity's slug."""
        self._exact = _automaton((fold_name(n), slug) for n, slug in names.items())
        self._any_case = _automaton((lower_same_length(fold_name(n)), slug) for n, slug in (any_case or {}).items())

    def find(self, text: str) -> list[Match]:
        """Whole-word matches, leftmost first, the longest where they overlap."""
        if not text or (self._exact is None and self._any_case is None):
            return []
        folded = fold(text)
        ftext = folded.text
        # (start, -length, 0 for a case-sensitive match so it wins a tie, slug)
        candidates = []
        last = len(ftext) - 1
        for rank, automaton in ((0, self._exact), (1, self._any_case)):
            if automaton is None:
                continue
            haystack = ftext if rank == 0 else lower_same_length(ftext)
            for end, (length, slug) in automaton.iter(haystack):
                start = end - length + 1
                # Whole words only: the characters either side must not be letters, digits or "_".
                if start > 0 and ((before := ftext[start - 1]).isalnum() or before == "_"):
                    continue
                if end < last and ((after := ftext[end + 1]).isalnum() or after == "_"):
                    continue
                candidates.append((start, -length, rank, slug))
        candidates.sort()
        matches, reach = [], 0
        exact_positions = not folded.has_pieces
        for start, neg_len, _, slug in candidates:
            if start >= reach:
                reach = start - neg_len
                if exact_positions:
                    matches.append(Match(start, reach, slug))
                else:
                    matches.append(Match(*folded.original_span(start, reach), slug))
        return matches


def _automaton(keys):
    """An Aho–Corasick automaton over (folded name, slug) pairs, or None when there are none."""
    automaton = ahocorasick.Automaton()
    for key, slug in sorted(keys):
        if key:
            automaton.add_word(key, (len(key), slug))
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton
