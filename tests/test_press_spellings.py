"""The measured figure: how many real press spellings of the demo's people link to the right person,
with entity files that give only the English name, the English surname as an alias and native:.

    .venv/bin/python -m pytest tests/test_press_spellings.py -s     # prints the figure

The list (tests/press_spellings.tsv) is ours; a checker keeps another: the rules must generalise.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from briefing.model.domain import Entity
from briefing.read.entities import name_matcher
from support import CONTENT

LIST = Path(__file__).with_name("press_spellings.tsv")
TARGET = 0.90


def minimal_entities() -> list[Entity]:
    """The demo's people as the check has them: English name, English surname as alias, native names."""
    out = []
    for path in sorted((CONTENT / "entities").glob("*.md")):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if data["kind"] != "person":
            continue
        native = tuple((code, text) for code, texts in (data.get("native") or {}).items()
                       for text in (texts if isinstance(texts, list) else [texts]))
        out.append(Entity(path.stem, data["name"], "person", (data["name"].split()[-1],), native=native))
    return out


def rows():
    for line in LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            slug, spelling, _where = line.split("\t")
            yield slug, spelling


def linked(matcher, spelling: str) -> str | None:
    """The entity a spelling links to in a sentence, or None."""
    text = f"On Tuesday {spelling} said so."
    found = [m for m in matcher.find(text) if text[m.start:m.end] == spelling]
    return found[0].slug if found else None


def test_press_spellings_link_to_the_right_person_and_look_alikes_to_nobody():
    matcher = name_matcher(minimal_entities())
    people = [(slug, s) for slug, s in rows() if slug != "-"]
    look_alikes = [s for slug, s in rows() if slug == "-"]
    right = [s for slug, s in people if linked(matcher, s) == slug]
    missed = [(s, linked(matcher, s)) for slug, s in people if linked(matcher, s) != slug]
    wrong = [(s, linked(matcher, s)) for s in look_alikes if linked(matcher, s) is not None]
    share = len(right) / len(people)
    print(f"\npress spellings linked to the right person: {len(right)}/{len(people)} = {share:.1%}; "
          f"look-alikes linked: {len(wrong)}/{len(look_alikes)}; missed: {missed}")
    assert wrong == []
    assert share >= TARGET, missed
