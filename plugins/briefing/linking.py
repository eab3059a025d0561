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

import ahocorasick
from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment, Doctype, ProcessingInstruction, Tag

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_FOLD_RE = re.compile(rf"[\s\u00a0]*[{DASHES}][\s\u00a0]*|[\s\u00a0]+|[\u2018\u2019\u201b\u2032]|[\u201c\u201d\u201f\u2033]")
# Text inside these is never linked: existing links, code, headings, scripts.
SKIP_TAGS = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "mark", "svg"})


def _fold_piece(piece: str) -> str:
    if any(ch in DASHES for ch in piece):
        return "-"
    if not piece.strip():
        return " "
    return "'" if piece in "\u2018\u2019\u201b\u2032" else '"'


@dataclass(frozen=True)
class Folded:
    """Text in canonical form, with what is needed to map positions back."""

    text: str
    # Each replaced piece folds to one character: (folded index, original start, original end).
    _pieces: tuple[tuple[int, int, int], ...] = ()

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
    pieces, out, last, shift = [], [], 0, 0
    for m in _FOLD_RE.finditer(text):
        if m.group() == " ":
            continue  # already canonical: keeps the common case cheap
        out.append(text[last:m.start()])
        fstart = m.start() - shift
        out.append(_fold_piece(m.group()))
        pieces.append((fstart, m.start(), m.end()))
        shift += len(m.group()) - 1
        last = m.end()
    if not pieces:
        return Folded(text, ())
    out.append(text[last:])
    return Folded("".join(out), tuple(pieces))


def fold_name(name: str) -> str:
    return fold(name.strip()).text


@dataclass(frozen=True)
class Match:
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
        for rank, automaton, haystack in ((0, self._exact, ftext), (1, self._any_case, None)):
            if automaton is None:
                continue
            for end, (length, slug) in automaton.iter(haystack if haystack is not None else lower_same_length(ftext)):
                start = end - length + 1
                if _is_word_edge(ftext, start - 1) and _is_word_edge(ftext, end + 1):
                    candidates.append((start, -length, rank, slug))
        candidates.sort()
        matches, reach = [], 0
        for start, neg_len, _, slug in candidates:
            if start >= reach:
                ostart, oend = folded.original_span(start, start - neg_len)
                matches.append(Match(ostart, oend, slug))
                reach = start - neg_len
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


def _is_word_edge(text: str, index: int) -> bool:
    """True when position index is outside the text or not part of a word."""
    if index < 0 or index >= len(text):
        return True
    ch = text[index]
    return not (ch.isalnum() or ch == "_")


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity's name in a text."""

    slug: str
    surface: str  # the words as written
    sentence_id: str | None
    linked: bool


def _linkable_strings(root: Tag):
    for node in list(root.descendants):
        if type(node) is NavigableString and not any(p.name in SKIP_TAGS for p in node.parents):
            yield node


def link_mentions(soup: Tag, matcher: NameMatcher, href_for, *, policy: str = "first",
                  exclude: str | None = None, already_linked: set[str] | None = None) -> list[Mention]:
    """Link entity names in a parsed HTML fragment in place; return every mention.

    href_for(slug) gives a link target. policy "first" links the first mention
    of each entity, "all" every one; `exclude` (an entity's own page) is never
    linked. Every mention is returned, linked or not.
    """
    linked = set() if already_linked is None else already_linked
    # A name already inside a link counts as linked: so a later mention is not
    # linked again, and linking a second time adds nothing.
    for anchor in soup.find_all("a"):
        linked.update(m.slug for m in matcher.find(anchor.get_text()))
    mentions: list[Mention] = []
    builder = soup if isinstance(soup, BeautifulSoup) else BeautifulSoup("", "html.parser")
    for node in _linkable_strings(soup):
        text = str(node)
        matches = matcher.find(text)
        if not matches:
            continue
        sentence = node.find_parent("span", class_="sentence")
        sentence_id = sentence.get("id") if sentence else None
        parts, last = [], 0
        for m in matches:
            surface = text[m.start:m.end]
            link = m.slug != exclude and (policy == "all" or m.slug not in linked)
            mentions.append(Mention(m.slug, surface, sentence_id, link))
            if not link:
                continue
            linked.add(m.slug)
            parts.append(NavigableString(text[last:m.start]))
            anchor = builder.new_tag("a", href=href_for(m.slug), attrs={"class": "entity"})
            anchor.string = surface
            parts.append(anchor)
            last = m.end
        if parts:
            parts.append(NavigableString(text[last:]))
            node.replace_with(*[p for p in parts if not (isinstance(p, NavigableString) and p == "")])
    return mentions
