"""Every spelling of every entity, and the keys two entities share.

An entity's spellings: its name; its aliases (the press's spellings, kept by
hand); its native names (`native:`); each romanisation system's spelling of
each native name (romanize.py); the Russian case forms of its Russian names
(inflect.py); and, for a person, the surname alone, taken from all of those.

Spellings are compared through the folding key (folding.py). A key that two
entities share is reported, never guessed: where only one of them wrote a
spelling with that key by hand (a name, an alias or a native name), the key
links to that one and the other's generated spelling is dropped; otherwise
neither links unless the text spells it exactly as one of them wrote it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

import pycountry

from ..model.domain import Entity, Spelling
from ..model.problems import Problem
from .folding import name_key
from .inflect import russian_forms
from .linking import NameEntry
from .romanize import romanise

# A surname shorter than this (in key letters) never links alone unless the editor wrote it as an alias.
SHORTEST_SURNAME = 4


def script_of(text: str) -> str:
    """The ISO 15924 name of the script of a text's first letter ("Latin", "Cyrillic", "Armenian"...)."""
    for ch in text:
        if ch.isalpha():
            word = unicodedata.name(ch, "").split(" ")[0]
            return {"CJK": "Han", "HANGUL": "Hangul"}.get(word, word.title())
    return ""


def script_code(script: str) -> str:
    found = pycountry.scripts.get(name=script)
    return found.alpha_4 if found else ""


def language_name(code: str) -> str:
    """English name of a language code ("kk" -> "Kazakh"); "" for none."""
    if not code:
        return ""
    base = code.split("-")[0]
    found = pycountry.languages.get(alpha_2=base) if len(base) == 2 else pycountry.languages.get(alpha_3=base)
    return found.name if found else code


def _add(found: dict[str, Spelling], spelling: Spelling) -> None:
    old = found.get(spelling.text)
    if old is None:
        found[spelling.text] = spelling
        return
    if not spelling.shown:  # a surname or case form that is already a spelling adds nothing
        return
    if spelling.shown and old.shown and spelling.system not in old.system.split(", "):
        old = replace(old, system=f"{old.system}, {spelling.system}")
    found[spelling.text] = replace(old, lang=old.lang or spelling.lang, exact=old.exact or spelling.exact,
                                   shown=old.shown or spelling.shown)


def entity_spellings(entity: Entity, lang: str = "en") -> tuple[Spelling, ...]:
    """Every spelling of an entity, each once (a spelling two systems agree on names both)."""
    found: dict[str, Spelling] = {}
    _add(found, Spelling(entity.name, script_of(entity.name), lang, "name", origin="name"))
    for i, alias in enumerate(entity.aliases):
        _add(found, Spelling(alias, script_of(alias), "", "press", any_case=alias in entity.any_case,
                             origin=f"aliases[{i}]"))
    person = entity.kind == "person"
    for code, text in entity.native:
        origin = f"native.{code}"
        _add(found, Spelling(text, script_of(text), code, "native", origin=origin))
        for system, spelled in romanise(text, code):
            _add(found, Spelling(spelled, script_of(spelled), system.used_in, system.label, exact=False, origin=origin))
        if code.split("-")[0] == "ru":
            for form in russian_forms(text, person):
                _add(found, Spelling(form, script_of(form), code, "case form", exact=False, shown=False, origin=origin))
    if person:
        for spelling in list(found.values()):
            words = spelling.text.split()
            if len(words) > 1 and len(name_key(words[-1])) >= SHORTEST_SURNAME:
                _add(found, Spelling(words[-1], spelling.script, spelling.lang, "surname", exact=False, shown=False,
                                     origin=spelling.origin))
    return tuple(found.values())


@dataclass(frozen=True)
class NameTable:
    """The spellings of all entities, what the matcher looks for, and the keys two entities share."""

    spellings: dict[str, tuple[Spelling, ...]]  # by slug
    entries: tuple[NameEntry, ...]
    problems: tuple[Problem, ...]  # warnings: a key shared by two entities


def name_table(entities, lang: str = "en") -> NameTable:
    entities = list(entities)
    spellings = {e.slug: entity_spellings(e, lang) for e in entities}
    owners: dict[str, dict[str, list[Spelling]]] = {}
    for entity in entities:
        for spelling in spellings[entity.slug]:
            owners.setdefault(name_key(spelling.text), {}).setdefault(entity.slug, []).append(spelling)
    by_slug = {e.slug: e for e in entities}
    dropped: set[tuple[str, str]] = set()
    problems: list[Problem] = []
    for key in sorted(owners):
        if len(owners[key]) > 1:
            problems += _shared_key(key, owners[key], by_slug, dropped)
    entries = tuple(NameEntry(s.text, slug, s.any_case, s.exact, cyrillic=_case_form(s))
                    for slug, found in spellings.items()
                    for s in found if (slug, name_key(s.text)) not in dropped)
    return NameTable(spellings, entries, tuple(problems))


def _case_form(spelling: Spelling) -> bool:
    """A Russian case form (or a surname taken from one) is matched only in Cyrillic text."""
    return spelling.system == "case form" or (spelling.system == "surname" and spelling.lang.startswith("ru")
                                              and spelling.script == "Cyrillic" and not spelling.exact)


def _describe(spelling: Spelling) -> str:
    if spelling.exact:
        return f'"{spelling.text}"'
    if spelling.system == "surname":
        return f'the surname "{spelling.text}"'
    return f'"{spelling.text}" ({spelling.system} of {spelling.origin})'


def _shared_key(key: str, owners: dict[str, list[Spelling]], by_slug: dict[str, Entity],
                dropped: set[tuple[str, str]]) -> list[Problem]:
    """Warnings for one key two or more entities share; the generated spellings that give way are dropped."""
    written = [slug for slug, found in owners.items() if any(s.exact for s in found)]
    problems = []
    for slug, found in sorted(owners.items()):
        entity, mine = by_slug[slug], found[0]
        others = [(by_slug[o], owners[o][0]) for o in sorted(owners) if o != slug]
        if len(written) == 1 and slug != written[0]:
            dropped.add((slug, key))
            keeper, theirs = by_slug[written[0]], owners[written[0]][0]
            problems.append(Problem(entity.source_path, mine.origin,
                                    f'{_describe(mine)} folds like "{theirs.text}" of {keeper.source_path}: it links '
                                    f"only to {keeper.name} (add an alias written exactly as the text has it to change that)"))
        elif len(written) != 1:
            names = ", ".join(f"{_describe(s)} of {e.source_path}" for e, s in others)
            problems.append(Problem(entity.source_path, mine.origin,
                                    f"{_describe(mine)} folds like {names}: neither links unless the text writes one "
                                    "of the names or aliases exactly; add the spelling as an alias of the entity it names"))
    return problems


def find_entity(text: str, entities, table: NameTable | None = None) -> Entity | None:
    """The entity whose slug is `text`, or one of whose spellings folds like it (the first, by slug)."""
    entities = list(entities)
    for entity in entities:
        if entity.slug == text:
            return entity
    found = known_spelling(text, entities, table)
    return found[0] if found else None


def known_spelling(text: str, entities, table: NameTable | None = None) -> tuple[Entity, Spelling] | None:
    """An entity with a spelling that folds like `text` ("Токаев" folds like "Tokayev"), and that spelling."""
    wanted = name_key(text)
    if not wanted:
        return None
    entities = sorted(entities, key=lambda e: e.slug)
    spellings = table.spellings if table is not None else {e.slug: entity_spellings(e) for e in entities}
    for entity in entities:
        for spelling in spellings.get(entity.slug, ()):
            if name_key(spelling.text) == wanted:
                return entity, spelling
    return None
