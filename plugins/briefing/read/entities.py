"""Entities (people, organisations, states...) and the index that resolves references to them."""

from __future__ import annotations

from pathlib import Path

import pycountry

from ..model.domain import Entity, EntitySource
from ..model.problems import Checked, Problem, closest
from ..names.linking import NameMatcher
from ..names.spellings import name_table
from .frontmatter import FrontMatter, parse_source
from .schemas import EntitySchema, check_named_file, check_schema


def read_entity(source: EntitySource) -> Checked[Entity]:
    """An Entity from its file, or the problems that keep it out of the build."""
    meta = check_named_file(source.slug, source.front_matter, EntitySchema)
    if meta.value is None:
        return Checked(None, meta.problems)
    return Checked(entity_from_front_matter(source.slug, meta.value, source.path, source.href), meta.problems)


def entity_from_front_matter(slug: str, meta: EntitySchema, source_path: str, href: str = "") -> Entity:
    """An Entity from validated front matter."""
    return Entity(slug=slug, name=meta.name, kind=meta.kind, aliases=tuple(meta.alias_names),
                  any_case=tuple(meta.any_case_aliases), role=meta.role, country=meta.country, iso=meta.iso,
                  wikidata=meta.wikidata, url=meta.url, source_path=source_path, href=href,
                  native=tuple(meta.native_names))


def read_entity_files(paths) -> list[tuple[Path, FrontMatter, Entity | None]]:
    """Entity files read outside a build (the command-line tools): each file's front matter, and its
    Entity when the file is valid (a build reports the others)."""
    out = []
    for path in paths:
        front = parse_source(str(path), path.read_bytes())
        meta = check_schema(front, EntitySchema) if front.data is not None else None
        valid = meta is not None and meta.value is not None
        out.append((path, front, entity_from_front_matter(path.stem, meta.value, front.path) if valid else None))
    return out


def name_matcher(entities, lang: str = "en") -> NameMatcher:
    """One matcher for every spelling of the entities (names.py: aliases, native names, generated ones)."""
    return NameMatcher.of(name_table(entities, lang).entries)


def iso_for(entity: Entity) -> str | None:
    """The entity's ISO 3166-1 alpha-2 code: its own, else looked up by name."""
    if entity.iso:
        return entity.iso.upper()
    if entity.kind != "state":
        return None
    for name in entity.names:
        try:
            return pycountry.countries.lookup(name).alpha_2
        except LookupError:
            continue
    return None


class EntityIndex:
    """All entities of a build, found by slug, name or alias."""

    def __init__(self, entities: list[Entity]):
        self.by_slug: dict[str, Entity] = {e.slug: e for e in sorted(entities, key=lambda e: e.slug)}
        self._by_key: dict[str, Entity] = {}
        for entity in self.by_slug.values():
            for key in (entity.slug, *entity.names, *entity.native_names):
                self._by_key.setdefault(key.casefold(), entity)

    def __iter__(self):
        return iter(self.by_slug.values())

    def __len__(self):
        return len(self.by_slug)

    def get(self, slug: str) -> Entity | None:
        return self.by_slug.get(slug)

    def resolve(self, reference: str) -> Entity | None:
        """An entity by slug, name or alias (references ignore case)."""
        return self._by_key.get(str(reference).strip().casefold())

    def suggest(self, reference: str, kind: str | None = None) -> str | None:
        """The closest slug, name or alias to a reference that matched nothing."""
        choices = {key: None for entity in self.by_slug.values() if kind is None or entity.kind == kind
                   for key in (entity.slug, *entity.names)}
        return closest(reference, choices)

    def hint(self, reference: str, kind: str | None = None) -> str:
        best = self.suggest(reference, kind)
        return f' — did you mean "{best}"?' if best else ""

    def unknown(self, path: str, field: str, reference: str, kind: str | None = None,
                free_text: bool = False) -> Problem:
        """The problem to report for a reference that matched no entity."""
        fix = self.hint(reference, kind) or " — add content/entities/<slug>.md for it, or correct the name"
        if free_text:
            fix += " (or write free text as a name, with capitals or spaces)"
        what = kind or "entity"
        return Problem(path, field, f'unknown {what} "{reference}"{fix}')


def check_entities(entities: list[Entity], unreadable: frozenset[str] = frozenset()) -> list[Problem]:
    """Problems across entity files: duplicate slugs, names or aliases claimed twice, bad links."""
    unique, problems = _unique_slugs(entities)
    problems += _names_claimed_twice(unique)
    problems += _any_case_clashes(unique)
    problems += _bad_countries(unique, unreadable)
    return problems


def _unique_slugs(entities: list[Entity]) -> tuple[list[Entity], list[Problem]]:
    """The entities whose slug no earlier file has (case variants collide on case-insensitive disks)."""
    problems: list[Problem] = []
    slugs: dict[str, Entity] = {}
    for entity in sorted(entities, key=lambda e: e.source_path):
        key = entity.slug.casefold()
        if key in slugs:
            problems.append(Problem(entity.source_path, "", f'the slug "{entity.slug}" (the file name) is also the slug of {slugs[key].source_path}: rename or merge one of the two files'))
        else:
            slugs[key] = entity
    return list(slugs.values()), problems


def _name_field(entity: Entity, name: str) -> str:
    return "name" if name == entity.name else f"aliases[{entity.aliases.index(name)}]"


def _names_claimed_twice(entities: list[Entity]) -> list[Problem]:
    """One name must lead to one entity: both files are named, each with its field."""
    problems: list[Problem] = []
    claimed: dict[str, Entity] = {}
    for entity in entities:
        for name in dict.fromkeys(entity.names):
            other = claimed.setdefault(name, entity)
            if other is entity:
                continue
            problems.append(Problem(entity.source_path, _name_field(entity, name), f'"{name}" is also {_name_field(other, name)} of {other.source_path}: one name must lead to one entity, remove it from one file'))
            problems.append(Problem(other.source_path, _name_field(other, name), f'"{name}" is also {_name_field(entity, name)} of {entity.source_path}: one name must lead to one entity, remove it from one file'))
    return problems


def _any_case_clashes(entities: list[Entity]) -> list[Problem]:
    """An alias that ignores case must not match another entity's name in any case ("Mac" / "mac")."""
    folded: dict[str, Entity] = {}
    for entity in entities:
        for name in entity.names:
            folded.setdefault(name.casefold(), entity)
    problems = []
    for entity in entities:
        for name in entity.any_case:
            other = folded.get(name.casefold())
            if other is not None and other is not entity:
                problems.append(Problem(entity.source_path, _name_field(entity, name), f'"{name}" ignores case, so it would also match a name of {other.source_path}: remove ignore_case or the alias'))
    return problems


def _bad_countries(entities: list[Entity], unreadable: frozenset[str]) -> list[Problem]:
    """A country that names no state, and a state with no ISO code."""
    index = EntityIndex(entities)
    problems = []
    for entity in entities:
        country = index.resolve(entity.country) if entity.country else None
        if entity.country and country is None and entity.country.casefold() not in unreadable:
            problems.append(index.unknown(entity.source_path, "country", entity.country, "state"))
        elif country is not None and country.kind != "state":
            problems.append(Problem(entity.source_path, "country", f'"{entity.country}" is {country.name}, not a state: name a state{index.hint(entity.country, "state")}'))
        if entity.kind == "state" and iso_for(entity) is None:
            problems.append(Problem(entity.source_path, "iso", f'no ISO 3166-1 code is known for "{entity.name}": add iso: XX'))
    return problems
