"""Content warnings for `make check`: names in briefings that are probably meant to be linked.

Two kinds, both printed, never fatal:
- near misses: a capitalised name that closely resembles an entity's name or
  alias but is not one ("Kassym-Zhomart" where the entity says
  "Kassym-Jomart"), with the alias line that would link it;
- unknown names: capitalised names of two words or more that match no entity.

Pure functions over text and Entity objects; cli.py (briefing-report) reads the files.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..model.domain import Entity
from ..names.folding import name_key
from ..names.linking import NameMatcher, fold
from ..names.spellings import name_table

# How close a name must be to count as a near miss (rapidfuzz ratio, 0–100).
NEAR_MISS_CUTOFF = 85
# Longest run of capitalised words looked at (longer runs are titles or headlines).
MAX_RUN = 8

# A word, possibly hyphenated ("Kassym-Zhomart"), possibly possessive ("Russia's").
_TOKEN_RE = re.compile(r"[^\W\d_][\w]*(?:-[^\W\d_][\w]*)*(?:'s)?")
# Lower-case words that may sit inside a name: "Ministry of Internal Affairs", "Osama bin Laden".
_CONNECTORS = frozenset({"of", "for", "de", "del", "la", "van", "von", "der", "bin", "al", "ibn"})
# Capitalised only because they start a sentence, or never names on their own.
_NOT_NAMES = frozenset("""
a an the this that these those some many most few on in at by for from to of and or but as if when while
after before since during under over into about it its he she they we his her their our i you there here
according also even so then yet still meanwhile however nearly almost more other every all both each
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday president minister mr mrs ms dr
""".split())
_CODE_RE = re.compile(r"`[^`\n]*`|\]\([^)\n]*\)|<[^>\n]*>|https?://\S+")


@dataclass(frozen=True)
class NearMiss:
    path: str
    line: int
    text: str  # the name as written
    entity: Entity
    known: str  # the entity's name or alias it resembles
    score: int

    @property
    def misspelt(self) -> bool:
        """Is the text probably a misspelling of the known name rather than another spelling in use?

        A single word a letter or two away from a name ("Kyrgystan" for "Kyrgyzstan") is a typo far
        more often than a transliteration: fix the text first.
        """
        return " " not in self.text and self.text.casefold() != self.known.casefold() and self.score >= 90

    def alias_line(self) -> str:
        """The front-matter line that would make the text link to the entity."""
        if self.text.casefold() == self.known.casefold():
            new = f"{{name: {json.dumps(self.text, ensure_ascii=False)}, ignore_case: true}}"
        else:
            new = json.dumps(self.text, ensure_ascii=False)
        old = [json.dumps(a, ensure_ascii=False) if a not in self.entity.any_case else f"{{name: {json.dumps(a, ensure_ascii=False)}, ignore_case: true}}"
               for a in self.entity.aliases]
        return f"aliases: [{', '.join(old + [new])}]"


@dataclass(frozen=True)
class UnknownName:
    path: str
    line: int  # first occurrence
    text: str
    count: int


@dataclass(frozen=True)
class _Run:
    line: int
    tokens: tuple[tuple[int, int], ...]  # spans in the folded line
    text: str  # the folded line


def prose_lines(markdown: str) -> list[tuple[int, str]]:
    """(line number, text) of the body's prose: no code, headings, link targets or HTML tags."""
    out, fenced = [], False
    for number, line in enumerate(markdown.splitlines(), start=1):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or stripped.startswith("#") or line.startswith(("    ", "\t")):
            continue
        out.append((number, _CODE_RE.sub(lambda m: " " * len(m.group()), line)))
    return out


def _strip_possessive(text: str, start: int, end: int) -> tuple[int, int]:
    return (start, end - 2) if text[start:end].endswith("'s") else (start, end)


def capitalised_runs(number: int, line: str) -> list[_Run]:
    """Runs of capitalised words (joined by single spaces or connectors) in one folded line."""
    text = fold(line).text
    runs, current, pending = [], [], []
    last_end = None
    for m in _TOKEN_RE.finditer(text):
        start, end = _strip_possessive(text, *m.span())
        word = text[start:end]
        adjacent = last_end is not None and text[last_end:start] == " "
        if not adjacent:
            if current:
                runs.append(current)
            current, pending = [], []
        if word[0].isupper():
            current.extend(pending)
            current.append((start, end))
            pending = []
        elif word in _CONNECTORS and current:
            pending.append((start, end))
        else:
            if current:
                runs.append(current)
            current, pending = [], []
        last_end = m.end()
    if current:
        runs.append(current)
    return [_Run(number, tuple(r[:MAX_RUN]), text) for r in runs]


def _drop_leading_common_words(run: _Run) -> tuple[tuple[int, int], ...]:
    tokens = list(run.tokens)
    while tokens and (run.text[slice(*tokens[0])].casefold() in _NOT_NAMES or run.text[slice(*tokens[0])] in _CONNECTORS):
        tokens.pop(0)
    while tokens and run.text[slice(*tokens[-1])] in _CONNECTORS:
        tokens.pop()
    return tuple(tokens)


class UnlinkedNames:
    """Finds near misses and unknown names in briefing bodies, against a set of entities."""

    def __init__(self, entities: list[Entity]):
        self.entities = list(entities)
        table = name_table(self.entities)
        self.matcher = NameMatcher.of(table.entries)
        # Every spelling by its folding key: a name that folds like one is that entity ("Токаев" is Tokayev).
        self._by_key: dict[str, tuple[Entity, str]] = {}
        for entity in self.entities:
            for spelling in table.spellings[entity.slug]:
                self._by_key.setdefault(name_key(spelling.text), (entity, spelling.text))
        self._owner: dict[str, tuple[Entity, str]] = {}
        for entity in self.entities:
            for name in entity.names:
                self._owner.setdefault(fold(name).text, (entity, name))
        self._choices = list(self._owner)

    def _near(self, phrase: str):
        if len(phrase) < 4 or phrase in self._owner:
            return None
        folded = self._by_key.get(name_key(phrase))
        if folded is not None:  # the same name in another spelling or script, not linked here
            self._owner.setdefault(folded[1], folded)
            return folded[1], 100
        best = process.extractOne(phrase, self._choices, scorer=fuzz.ratio, score_cutoff=NEAR_MISS_CUTOFF)
        if best is None:
            return None
        known = best[0]
        # "Russian" is not a misspelt "Russia": a word that merely extends a name is left alone.
        if phrase.startswith(known) or known.startswith(phrase):
            if phrase.casefold() != known.casefold():
                return None
        return known, round(best[1])

    def scan(self, path: str, markdown: str) -> tuple[list[NearMiss], list[tuple[int, str]]]:
        """Near misses, and (line, name) of names that match nothing, in one briefing body."""
        near, unknown = [], []
        for number, line in prose_lines(markdown):
            runs = capitalised_runs(number, line)
            if not runs:
                continue
            folded = runs[0].text
            covered = [(m.start, m.end) for m in self.matcher.find(folded)]
            for run in runs:
                miss = self._best_near_miss(path, run, covered)
                if miss:
                    near.append(miss)
                    continue
                tokens = _drop_leading_common_words(run)
                if len(tokens) < 2:
                    continue
                start, end = tokens[0][0], tokens[-1][1]
                if any(s < end and start < e for s, e in covered):
                    continue
                unknown.append((number, folded[start:end]))
        return near, unknown

    def _best_near_miss(self, path: str, run: _Run, covered) -> NearMiss | None:
        best = None
        tokens = run.tokens
        for i in range(len(tokens)):
            for j in range(i, len(tokens)):
                start, end = tokens[i][0], tokens[j][1]
                if any(s <= start and end <= e for s, e in covered):
                    continue  # already (part of) a known name
                phrase = run.text[start:end]
                found = self._near(phrase)
                if found and (best is None or (found[1], len(phrase)) > (best[1], len(best[0]))):
                    best = (phrase, found[1], found[0])
        if best is None:
            return None
        phrase, score, known = best
        entity, name = self._owner[known]
        return NearMiss(path, run.line, phrase, entity, name, score)


def unlinked_report(entities: list[Entity], briefings: list[tuple[str, str]]) -> tuple[list[NearMiss], list[UnknownName]]:
    """Scan (path, Markdown body) pairs. Unknown names are grouped: first place and count."""
    finder = UnlinkedNames(entities)
    near: list[NearMiss] = []
    first: dict[str, tuple[str, int]] = {}
    counts: Counter = Counter()
    for path, body in sorted(briefings):
        found_near, found_unknown = finder.scan(path, body)
        near += found_near
        for line, name in found_unknown:
            first.setdefault(name, (path, line))
            counts[name] += 1
    unknown = [UnknownName(first[n][0], first[n][1], n, counts[n]) for n in sorted(first, key=lambda n: (-counts[n], n))]
    return near, unknown


def format_unlinked(near: list[NearMiss], unknown: list[UnknownName]) -> str:
    lines = []
    if near:
        lines.append(f"Possible unlinked mentions: {len(near)} name{'s' if len(near) != 1 else ''} close to an entity's name or alias")
        for miss in near:
            where = miss.entity.source_path or miss.entity.slug
            lines.append(f'  {miss.path}:{miss.line}: "{miss.text}" resembles "{miss.known}" ({miss.score}%), entity {where}')
            if miss.misspelt:
                lines.append(f'      probably a misspelling: correct the text to "{miss.known}"; only if "{miss.text}" is a '
                             f"spelling in use, write in {where}:  {miss.alias_line()}")
            else:
                lines.append(f"      to link it, write in {where}:  {miss.alias_line()}")
    else:
        lines.append("Possible unlinked mentions: none")
    if unknown:
        lines.append(f"Names that match no entity: {len(unknown)}")
        for item in unknown:
            times = f" ({item.count} times)" if item.count > 1 else ""
            lines.append(f'  {item.path}:{item.line}: "{item.text}"{times}: add an entity file for it, or an alias to an existing one')
    else:
        lines.append("Names that match no entity: none")
    return "\n".join(lines)
