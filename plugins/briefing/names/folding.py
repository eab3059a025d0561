"""The folding key: one name in many transliterations compared as one, with positions kept.

`key(text)` gives a text's key and the means to map any stretch of the key back
to the original text. Two passes:

1. One character for one (str.translate, in C): lower case; white space and
   dashes to a space; curly quotes straight; diacritics dropped (ï, ë, ü, ł...);
   Cyrillic letters to their Latin key letter; and the common variants folded:
   y, j, i, й, ы to "i"; w to "v"; q to "k"; h and x (and х, һ) to "x".
   Sounds written with two letters in one language and one in another get a
   letter of their own: ш (sh, š, ş, sz, sch) "w"; ж (zh, ž, ż) "q";
   ч (ch, č, ç, cz, tch, tsch) "j"; щ (shch, šč, szcz) "y"; ц is "c" (as in Polish and Czech;
   "ts", the most common pair of letters folded, would double the work of the second pass).
2. One regular expression for what changes the length, each replacement kept
   as a piece (key start, key end, original start, original end): the two- and
   more-letter spellings above; "ou" to "u"; a run of i before e dropped
   ("ye", "ie", "je": so -ev, -yev, -iev, -jew, -ïev end alike); a run of i to
   one; я, ю, ё to "ia", "iu", "io"; soft and hard signs, combining marks,
   modifier primes and an apostrophe inside a word dropped (joined to the letter
   before); a run of spaces to one.

Both passes are linear in the text, so one Aho–Corasick pass over the key
still finds every name in time proportional to the text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

import ahocorasick

# Characters folded together wherever names are compared (here and in linking.fold).
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
SINGLE_QUOTES = "\u2018\u2019\u201b\u2032"
DOUBLE_QUOTES = "\u201c\u201d\u201f\u2033"

# Latin letters after their diacritics are dropped: the variants folded together.
_LATIN = {"h": "x", "x": "x", "w": "v", "q": "k", "y": "i", "j": "i"}
# Letters whose base letter is not what the key needs.
_SPECIAL = {
    "š": "w", "ş": "w", "ș": "w", "ž": "q", "ż": "q", "č": "j", "ç": "j", "ł": "l", "ı": "i", "ß": "s",
    "æ": "a", "ø": "o", "œ": "o", "đ": "d", "ŋ": "n", "ħ": "x", "ǧ": "g", "ǰ": "i",
}
# Cyrillic letters (lower case) to their key letter; я ю ё and the signs are left to the second pass.
_CYRILLIC = dict(zip(
    "абвгґдеєжзиіїйклмнопрстуўфхцчшщыэәғқңөұүһҳҷӣӯђјљњћџѓќѕ",
    "abvggdeeqziiiiklmnoprstuufxcjwyieagknouuxxjiudilnjqgkz", strict=True))
_KEPT_FOR_SECOND_PASS = "яюёьъ"
_SIGNS = "ьъ\u02b9\u02ba\u02bc\u02bb"  # soft and hard signs, modifier primes and apostrophes


def _key_letter(ch: str) -> str | None:
    """The one key character of a character, or None to leave it as it is."""
    low = ch.lower() if len(ch.lower()) == 1 else ch
    if low in _KEPT_FOR_SECOND_PASS or low in _SIGNS:
        return low if low != ch else None
    if low in _SPECIAL:
        return _SPECIAL[low]
    if low in _CYRILLIC:
        return _CYRILLIC[low]
    base = unicodedata.normalize("NFD", low)[0]
    if base in _CYRILLIC:
        return _CYRILLIC[base]
    if "a" <= base <= "z":
        return _LATIN.get(base, base)
    return low if low != ch else None


def _one_for_one() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x3000 + 1):
        ch = chr(code)
        if ch.isspace() or ch in DASHES:
            table[code] = " "
        elif ch in SINGLE_QUOTES:
            table[code] = "'"
        elif ch in DOUBLE_QUOTES:
            table[code] = '"'
        elif ch.isalpha():
            letter = _key_letter(ch)
            if letter is not None and letter != ch:
                table[code] = letter
    return table


_TABLE = _one_for_one()

# Second pass, over the first pass's output (so "sh" is written "sx" there, h having become x).
_DIGRAPHS = {
    "sxcx": "y", "scxtscx": "y", "szcz": "y", "cxtcx": "y", "wj": "y",  # щ
    "tscx": "j", "tcx": "j", "cz": "j", "cx": "j",  # ч
    "scx": "w", "sx": "w", "sz": "w",  # ш
    "zx": "q",  # ж
    "kx": "x", "gx": "g", "ou": "u",
}
_IOTATED = {"я": "ia", "ю": "iu", "ё": "io"}
_APOSTROPHE = "'"


def _rules(signs: bool) -> ahocorasick.Automaton:
    """The second pass's fixed strings and what each becomes (None: decided where it is found)."""
    rules: dict[str, str | None] = dict(_DIGRAPHS)
    for run in range(1, 8):
        rules["i" * run + "e"] = "e"  # ye, ie, je, iye... before e
        for letter, out in _IOTATED.items():
            rules["i" * (run - 1) + letter] = out
        if run > 1:
            rules["i" * run] = "i"
    rules["  "] = " "
    rules[_APOSTROPHE] = None
    if signs:  # only texts that hold one: each extra first character slows the scan
        rules.update(dict.fromkeys(_SIGN_CHARACTERS, ""))
        rules.update(_DECOMPOSED)
    automaton = ahocorasick.Automaton()
    for text, out in sorted(rules.items()):
        automaton.add_word(text, (len(text), out))
    automaton.make_automaton()
    return automaton


# Letters written decomposed (a base letter, then a combining mark) that fold like their composed form.
_DECOMPOSED = {"s\u030c": "w", "s\u0327": "w", "z\u030c": "q", "z\u0307": "q", "c\u030c": "j", "c\u0327": "j"}
_SIGN_CHARACTERS = _SIGNS + "".join(map(chr, range(0x300, 0x370)))  # and combining marks
_SIGN_RE = re.compile(f"[{_SIGN_CHARACTERS}]")
_PLAIN_RULES = _rules(signs=False)
_SIGN_RULES = _rules(signs=True)


@dataclass(frozen=True)
class Folded:
    """A text's key, with what is needed to map positions in the key back to the text."""

    text: str
    # Each replaced stretch: (key start, key end, original start, original end), in order;
    # a dropped character right after a piece's end has an empty piece of its own.
    pieces: tuple[tuple[int, int, int, int], ...] = ()

    def original_start(self, pos: int) -> int:
        """Where the key character at pos starts in the original text."""
        i = bisect.bisect_right(self.pieces, (pos, float("inf"))) - 1
        if i < 0:
            return pos
        _, kend, ostart, oend = self.pieces[i]
        return ostart if pos < kend else oend + pos - kend

    def original_end(self, last: int) -> int:
        """Where the key character at `last` ends in the original text."""
        i = bisect.bisect_right(self.pieces, (last, float("inf"))) - 1
        if i < 0:
            return last + 1
        _, kend, _, oend = self.pieces[i]
        return oend if last < kend else oend + last - kend + 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of the key's [start, end)."""
        if not self.pieces:
            return start, end
        return self.original_start(start), self.original_end(end - 1)


def key(text: str) -> Folded:
    """The folding key of a text (see the module's docstring), positions kept.

    Built with comprehensions over the second pass's matches (no Python loop per match): the
    matches that need their context (apostrophes, dropped signs, runs of spaces) are settled first.
    """
    first = text.translate(_TABLE)
    rules = _SIGN_RULES if _SIGN_RE.search(first) else _PLAIN_RULES
    found: list = [(end + 1 - length, end + 1, out) for end, (length, out) in rules.iter_long(first)]
    if not found:
        return Folded(first)
    special = [i for i, (_, _, out) in enumerate(found) if not out or out == " "]
    if special:
        found = _settle(first, found, special)
        if not found:
            return Folded(first)
    starts = [f[0] for f in found]
    ends = [f[1] for f in found]
    outs = [f[2] for f in found]
    parts: list[str] = [""] * (2 * len(found) + 1)
    parts[0::2] = [first[a:b] for a, b in zip([0, *ends], [*starts, len(first)], strict=True)]
    parts[1::2] = outs
    shifts = list(itertools.accumulate([len(o) - (e - b) for b, e, o in found], initial=0))
    kstarts = [b + d for b, d in zip(starts, shifts, strict=False)]
    kends = [k + len(o) for k, o in zip(kstarts, outs, strict=True)]
    return Folded("".join(parts), tuple(zip(kstarts, kends, starts, ends, strict=True)))


def _settle(first: str, found: list, special: list[int]) -> list:
    """The matches that depend on what is around them, settled left to right (they are few):
    an apostrophe is dropped inside a word only; a dropped sign joins the letter before it, so a
    name keeps its soft sign ("Зась"), or stays as written when there is none; a run of spaces is
    taken whole."""
    for i in special:
        start, end, out = found[i]
        before = next((found[j][1] for j in range(i - 1, -1, -1) if found[j] is not None), 0)
        if start < before:
            found[i] = None  # inside a run of spaces already taken whole
        elif out == " ":
            while end < len(first) and first[end] == " ":
                end += 1
            found[i] = (start, end, " ")
        elif out is None and not _inside_word(first, start):
            found[i] = None  # kept in "Russia's" and around quotes
        elif start > before and first[start - 1].isalpha():
            found[i] = (start - 1, end, first[start - 1])
        else:
            found[i] = None  # no letter before it to join (or that letter was replaced already)
    return [f for f in found if f is not None]


def _inside_word(text: str, at: int) -> bool:
    """Is the apostrophe at `at` between two letters, and not a possessive "'s"?"""
    if at == 0 or at + 1 >= len(text) or not text[at - 1].isalpha() or not text[at + 1].isalpha():
        return False
    return not (text[at + 1] == "s" and (at + 2 == len(text) or not text[at + 2].isalpha()))


@functools.lru_cache(maxsize=1 << 20)
def name_key(name: str) -> str:
    """The key of a name: its text's key without white space or punctuation at either end."""
    return key(name.strip()).text.strip(" '\"")


@functools.lru_cache(maxsize=1 << 20)
def capitals(name: str) -> tuple[int, ...]:
    """Positions in the name's key whose original letter is a capital: a mention must keep them
    (in any case a capital: "TOKAYEV" names Tokayev, "us" does not name the US)."""
    stripped = name.strip()
    folded = key(stripped)
    lead = len(folded.text) - len(folded.text.lstrip(" '\""))
    width = len(name_key(name))
    starts = [folded.original_start(p) for p in range(lead, lead + width)]
    # A letter written as two key letters (Ю, "iu") counts once, at its first.
    return tuple(i for i, at in enumerate(starts) if stripped[at].isupper() and (i == 0 or starts[i - 1] != at))
