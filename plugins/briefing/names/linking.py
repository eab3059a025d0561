"""Find entity names in text and link them.

One Aho–Corasick automaton holds every spelling of every entity, so the cost
of a scan grows with the length of the text, not with the number of entities.
Text and names are compared through the folding key (folding.py: scripts,
transliteration variants, dashes, white space and quotes folded together,
positions kept); matches must be whole words and keep the name's capitals.
`fold` below is the lighter canonical form (dashes, white space and quotes
only) in which the editor's own spellings are compared as written.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from .folding import DASHES, DOUBLE_QUOTES, SINGLE_QUOTES, capitals, key, name_key
from .folding import Folded as KeyFolded

# First pass, one character for one (positions unchanged, done in C by str.translate):
# every white space character becomes " ", every dash "-", curly quotes straight.
_ONE_FOR_ONE = str.maketrans(
    {**{ch: " " for ch in map(chr, range(0x3000 + 1)) if ch.isspace() and ch != " "},
     **{ch: "-" for ch in DASHES if ch != "-"},
     **dict.fromkeys(SINGLE_QUOTES, "'"), **dict.fromkeys(DOUBLE_QUOTES, '"')})
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


# A word in capitals this short is an acronym: it names only an entity written in capitals.
SHORT_ACRONYM = 4


class Match(NamedTuple):
    start: int  # in the original text
    end: int
    slug: str


class NameEntry(NamedTuple):
    """One spelling the matcher looks for."""

    text: str
    slug: str
    any_case: bool = False  # an alias marked ignore_case: its capitals need not be kept
    exact: bool = True  # written by the editor (a name, alias or native name), not generated
    cyrillic: bool = False  # matches only text in Cyrillic (a Russian case form: "Токаева", not "Tokayeva")


class Candidate(NamedTuple):
    """An entity a key may name, and what a mention must keep to name it."""

    slug: str
    capitals: tuple[int, ...]  # key positions whose letter the text must not write in lower case
    exact: frozenset[str]  # the editor's own spellings with this key (white space and dashes folded)
    cyrillic: bool = False  # only text in Cyrillic may name it with this key


class NameMatcher:
    """Every spelling of every entity in one automaton over folding keys, built once per build.

    Text and names are compared through folding.key (transliteration variants
    folded, positions kept). A match must be whole words and keep the name's
    capitals ("TOKAYEV" names Tokayev, "us" does not name the US); aliases marked
    ignore_case need not. A key shared by two entities links only where the
    text writes one entity's own spelling exactly: it is never guessed.
    """

    def __init__(self, names: dict[str, str], any_case: dict[str, str] | None = None):
        """names and any_case map each name or alias to its entity's slug."""
        entries = [NameEntry(n, slug) for n, slug in names.items()]
        entries += [NameEntry(n, slug, any_case=True) for n, slug in (any_case or {}).items()]
        self._automaton = _automaton(entries)

    @classmethod
    def of(cls, entries) -> NameMatcher:
        """A matcher for NameEntry values."""
        matcher = cls({})
        matcher._automaton = _automaton(entries)
        return matcher

    def find(self, text: str) -> list[Match]:
        """Whole-word matches, leftmost first, the longest where they overlap."""
        if not text or self._automaton is None:
            return []
        folded = key(text)
        ktext = folded.text
        mapped = bool(folded.pieces)
        candidates = []  # (key start, -key length, original start, slug)
        last = len(ktext) - 1
        for end, (length, options) in self._automaton.iter(ktext):
            start = end - length + 1
            if not _whole_word(ktext, start, end, last):
                continue
            ostart = folded.original_start(start) if mapped else start
            option = options[0]
            if len(options) == 1 and length > SHORT_ACRONYM and option.capitals == (0,) and not option.cyrillic:
                # Most matches: one entity, one capital first, too long to be an acronym.
                if not text[ostart].islower():
                    candidates.append((start, -length, ostart, option.slug))
                continue
            oend = folded.original_end(end) if mapped else end + 1
            slug = _choose(options, text, folded, start, length, (ostart, oend))
            if slug is not None:
                candidates.append((start, -length, ostart, slug))
        candidates.sort()
        matches, reach = [], 0
        for start, neg_len, ostart, slug in candidates:
            if start >= reach:
                reach = start - neg_len
                matches.append(Match(ostart, folded.original_end(reach - 1) if mapped else reach, slug))
        return matches


def _whole_word(ktext: str, start: int, end: int, last: int) -> bool:
    """Whole words only: the characters either side must not be letters, digits or "_"."""
    if start > 0 and ((before := ktext[start - 1]).isalnum() or before == "_"):
        return False
    return not (end < last and ((after := ktext[end + 1]).isalnum() or after == "_"))


def _keeps_capitals(option: Candidate, text: str, folded: KeyFolded, start: int, length: int, span: tuple[int, int]) -> bool:
    """Does the text keep the capitals of the name (and its script, for a Cyrillic-only form)?"""
    capitals, (ostart, oend) = option.capitals, span
    if option.cyrillic and "CYRILLIC" not in unicodedata.name(text[ostart], ""):
        return False
    if capitals and oend - ostart <= SHORT_ACRONYM and len(capitals) < length and text[ostart:oend].isupper():
        return False  # "SAS" is an acronym, not the surname "Sas"
    if capitals == (0,):  # most names: one capital, first
        return not text[ostart].islower()
    if not folded.pieces:
        return all(not text[start + p].islower() for p in capitals)
    return all(not text[folded.original_start(start + p)].islower() for p in capitals)


def _choose(options: tuple[Candidate, ...], text: str, folded: KeyFolded, start: int, length: int,
            span: tuple[int, int]) -> str | None:
    """The entity a match names: the one whose capitals it keeps; with several, the one it spells exactly."""
    if len(options) == 1:
        option = options[0]
        return option.slug if _keeps_capitals(option, text, folded, start, length, span) else None
    written = fold(text[span[0]:span[1]]).text
    for option in options:
        if written in option.exact:
            return option.slug
    kept = [o.slug for o in options if _keeps_capitals(o, text, folded, start, length, span)]
    return kept[0] if len(kept) == 1 else None


def _automaton(entries):
    """An Aho–Corasick automaton from each key to its candidates, or None when there are none."""
    by_key: dict[str, dict[str, tuple[set[int], set[str], list[bool]]]] = {}
    for entry in entries:
        name_text = entry.text.strip()
        folded_key = name_key(name_text)
        if not folded_key:
            continue
        caps = set() if entry.any_case else set(capitals(name_text))
        found = by_key.setdefault(folded_key, {}).get(entry.slug)
        if found is None:
            found = by_key[folded_key][entry.slug] = (caps, set(), [entry.cyrillic])
        else:
            found[0].intersection_update(caps)  # any of the entity's spellings will do
            found[2][0] = found[2][0] and entry.cyrillic
        if entry.exact:
            found[1].add(fold(name_text).text)
    if not by_key:
        return None
    automaton = ahocorasick.Automaton()
    for folded_key in sorted(by_key):
        options = tuple(Candidate(slug, tuple(sorted(caps)), frozenset(exact), cyrillic)
                        for slug, (caps, exact, (cyrillic,)) in sorted(by_key[folded_key].items()))
        automaton.add_word(folded_key, (len(folded_key), options))
    automaton.make_automaton()
    return automaton
