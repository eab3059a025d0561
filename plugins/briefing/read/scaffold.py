"""New content files that are correctly formed from the start (`make briefing`, `make entity`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pycountry
import yaml

from ..model.kinds import KIND_NAMES
from ..model.problems import did_you_mean
from ..model.slugs import slug_for
from ..names.spellings import known_spelling
from .entities import read_entity_files

# The text a new file starts with; a build warns while it is still there (checks.py).
BRIEFING_PLACEHOLDER = "Write the briefing here, in Markdown."
ENTITY_PLACEHOLDER = "A short description of {name}, in Markdown."


class ScaffoldError(Exception):
    """Why a file was not created, and what to do instead."""


def _scalar(key: str, value: str) -> str:
    # yaml.safe_dump quotes whatever needs quoting (colons, quotes, "no", leading dashes...).
    return yaml.safe_dump({key: value}, allow_unicode=True, width=10_000).rstrip("\n")


def briefing_text(title: str, today: dt.date) -> str:
    return f"""---
{_scalar("title", title)}
date: {today.isoformat()}   # YYYY-MM-DD, or YYYY-MM when only the month is known
# summary: One-sentence standfirst (plain text).
# host_state: kazakhstan
# source: {{name: tass, via: News Front, url: "https://..."}}
# key_figures:
#   - value: 1822
#     label: criminal cases opened
#     as_of: {today.strftime("%Y-%m")}
#     source: ministry-of-internal-affairs-of-kazakhstan
# participating_states:
#   - state: russia
#     role: units in the peacekeeping contingent
# timeline:
#   - {{date: {today.isoformat()}, text: What happened that day}}
# entities: [news-front]
---
{BRIEFING_PLACEHOLDER} Name people, organisations and states as you would in
print: the site links every name it knows to its page.
"""


def entity_text(name: str, kind: str) -> str:
    lines = ["---", _scalar("name", name), f"kind: {kind}", "aliases: []   # other spellings, e.g. [Turgumbaev, Turgumbayev]",
             "# role: What the entity is or does, in a few words"]
    if kind == "state":
        try:
            lines.append(f"iso: {pycountry.countries.lookup(name).alpha_2}")
        except LookupError:
            lines.append("# iso: XX   # the ISO 3166-1 alpha-2 code: the build asks for it")
    else:
        lines.append("# country: kazakhstan   # the slug of a state")
    lines += ["# wikidata: Q232", "---", ENTITY_PLACEHOLDER.format(name=name), ""]
    return "\n".join(lines)


def _existing(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md")) if folder.is_dir() else []


def _slug(text: str, what: str) -> str:
    if not text or not text.strip():
        raise ScaffoldError(f'give a {what}: make {"briefing TITLE" if what == "title" else "entity NAME"}="..."')
    slug = slug_for(text)
    if not slug:
        raise ScaffoldError(f'the {what} "{text}" gives no slug (no letters or digits): choose another {what}')
    return slug


def _refuse_if_taken(target: Path, slug: str, folder: Path) -> None:
    if target.exists():
        raise ScaffoldError(f"{target} already exists: edit it, or choose another title or name (nothing was overwritten)")
    for other in _existing(folder):
        if slug_for(other.stem) == slug:
            raise ScaffoldError(f'{other} already has the slug "{slug}": edit it, or choose another title or name')


def create_briefing(content: Path, title: str, today: dt.date | None = None) -> Path:
    """Write content/briefings/<slug>.md for a new briefing dated today; never overwrite."""
    slug = _slug(title, "title")
    folder = content / "briefings"
    target = folder / f"{slug}.md"
    _refuse_if_taken(target, slug, folder)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(briefing_text(title.strip(), today or dt.date.today()), encoding="utf-8")
    return target


def create_entity(content: Path, name: str, kind: str) -> Path:
    """Write content/entities/<slug>.md for a new entity; never overwrite or claim a known name."""
    kind = (kind or "").strip()
    if kind not in KIND_NAMES:
        allowed = ", ".join(KIND_NAMES)
        if not kind:
            raise ScaffoldError(f"give a kind: KIND=person (one of {allowed})")
        raise ScaffoldError(f'"{kind}" is not a kind{did_you_mean(kind, KIND_NAMES)} Use one of {allowed}')
    slug = _slug(name, "name")
    folder = content / "entities"
    target = folder / f"{slug}.md"
    _refuse_if_taken(target, slug, folder)
    entities, files = [], {}
    for other, front, entity in read_entity_files(_existing(folder)):
        data = front.data or {}
        aliases = data.get("aliases")
        names = [data.get("name"), *(aliases if isinstance(aliases, list) else [])]
        if name.strip() in [str(n) for n in names if n]:
            raise ScaffoldError(f'"{name.strip()}" is already a name or alias of {other}: edit that file instead')
        if entity is not None:
            entities.append(entity)
            files[other.stem] = other
    known = known_spelling(name.strip(), entities)
    if known is not None:  # "Токаев" folds like "Tokayev": the same person
        entity, spelling = known
        raise ScaffoldError(f'"{name.strip()}" is already {entity.name} ({files[entity.slug]}): it folds like '
                            f'"{spelling.text}" ({spelling.system}); edit that file instead, adding it to aliases or native: if it is a new spelling')
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(entity_text(name.strip(), kind), encoding="utf-8")
    return target
