"""Where sentences end and how each is named.

A sentence ends at ".", "!" or "?" (perhaps followed by closing quotes or
brackets), white space, and a capital letter or digit (perhaps after an
opening quote or bracket) — unless the full stop ends an abbreviation: a
title (Mr., Gen.), a month (Jan.), a Latin or numbering abbreviation (e.g.,
No.), an initial (J.) or an initialism (U.S.). BRIEFING_ABBREVIATIONS adds to
the built-in list.

Each sentence's id comes from its first words, so it survives edits elsewhere
in the article and is the same on every build of the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from anyascii import anyascii

# Words after which a full stop does not end a sentence (as written, case matters).
DEFAULT_ABBREVIATIONS = frozenset("""
Mr. Mrs. Ms. Messrs. Dr. Prof. Rev. Hon. Gen. Col. Lt. Sgt. Capt. Cpt. Maj. Adm. Cmdr. Brig. Cpl. Pvt.
Gov. Sen. Rep. Pres. Amb. Sec. Dep. St. Mt. Ft.
No. Nos. Nr. Art. Vol. vol. p. pp. fig. Fig. ch. Ch.
Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec.
e.g. i.e. cf. vs. approx. ca. est.
""".split())

_OPENERS = "\"'\u201c\u2018([\u00ab"
# Sentence-final punctuation, closing quotes or brackets, the white space that may separate two
# sentences, then (perhaps after opening quotes) an ASCII capital, a digit, or any other script's
# letter (which must then be a capital: checked in Python).
_CANDIDATE_RE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(\s+)(?=[" + re.escape(_OPENERS) + r"]*([A-Z0-9]|[^\x00-\x7f]))")
# The word before a full stop: everything back to white space, without opening quotes or brackets.
_WORD_BEFORE_RE = re.compile(r"[^\s\"'\u201c\u2018(\[\u00ab]+$")
_LONGEST = 12
# One letter and a full stop, once or more: an initial (J.) or an initialism (U.S., e.g.).
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)+")


class SentenceSplitter:
    """Finds sentence boundaries in plain text, knowing the abbreviations it is given."""

    def __init__(self, abbreviations: Iterable[str] = ()):
        self.abbreviations = DEFAULT_ABBREVIATIONS | frozenset(abbreviations)

    def gaps(self, text: str) -> Iterator[tuple[int, int]]:
        """The [start, end) of the white space between each two sentences of text."""
        for m in _CANDIDATE_RE.finditer(text):
            first = m.group(2)
            if first > "\x7f" and not (first.isupper() or first.isdigit()):
                continue
            if not self._ends_abbreviation(text, m.start()):
                yield m.span(1)

    def split(self, text: str) -> list[str]:
        """Plain text cut into sentences (the white space between them dropped)."""
        text, out, last = text.strip(), [], 0
        for start, end in self.gaps(text):
            out.append(text[last:start])
            last = end
        out.append(text[last:])
        return [s for s in out if s]

    def _ends_abbreviation(self, text: str, stop: int) -> bool:
        if text[stop] != ".":
            return False
        # No abbreviation or initialism is this long: a longer word ends a sentence.
        start = max(0, stop - _LONGEST)
        word = _WORD_BEFORE_RE.search(text, start, stop)
        if word is None or (word.start() == start and start > 0):
            return False
        written = word.group() + "."
        return written in self.abbreviations or bool(_INITIALS_RE.fullmatch(written))


def sentence_id(text: str, taken: set[str]) -> str:
    """s- and the first five words, in ASCII whatever the script, unique within the page."""
    # Five words fit in the first 200 characters of any text these ids are made from. Any script is
    # transliterated (anyascii: "Протесты начались" gives s-protesty-nachalis), so ids stay readable.
    ascii_text = anyascii(text[:200])
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:5] or ["sentence"]
    base = "s-" + "-".join(words)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
