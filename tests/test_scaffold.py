"""`make briefing` and `make entity` write correctly formed files that build, and never overwrite."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.read.scaffold import ScaffoldError, create_briefing, create_entity
from support import build, copy_content, soup


def test_scaffolded_briefing_and_entities_build(tmp_path):
    content = copy_content(tmp_path)
    briefing = create_briefing(content, 'Fuel protests: "no" to price rises in Zhanaozen', dt.date(2022, 1, 2))
    person = create_entity(content, "Nursultan Nazarbayev", "person")
    state = create_entity(content, "Uzbekistan", "state")
    assert briefing == content / "briefings" / "fuel-protests-no-to-price-rises-in-zhanaozen.md"
    assert "date: 2022-01-02" in briefing.read_text(encoding="utf-8")
    assert person.name == "nursultan-nazarbayev.md" and state.name == "uzbekistan.md"

    out = build(content, tmp_path / "out")
    page = soup(out / "briefings" / "fuel-protests-no-to-price-rises-in-zhanaozen" / "index.html")
    assert page.h1.get_text() == 'Fuel protests: "no" to price rises in Zhanaozen'
    assert page.find("time")["datetime"] == "2022-01-02"
    assert soup(out / "entities" / "uzbekistan" / "index.html").h1.get_text() == "Uzbekistan"
    assert (out / "entities" / "nursultan-nazarbayev" / "index.html").is_file()


def test_non_latin_title_gets_a_latin_slug(tmp_path):
    path = create_briefing(tmp_path, "Протесты в Казахстане", dt.date(2022, 1, 5))
    assert path.name == "protesty-v-kazakhstane.md"


@pytest.mark.parametrize("call, words", [
    (lambda c: create_briefing(c, "Nearly 2,000 criminal cases"), "already exists"),
    (lambda c: create_briefing(c, "Kazakhstan: criminal cases!"), "already exists"),
    (lambda c: create_entity(c, "Russia", "state"), "already exists"),
    (lambda c: create_entity(c, "Tokayev", "person"), '"Tokayev" is already a name or alias of'),
    (lambda c: create_entity(c, "Someone", "persn"), '"persn" is not a kind — did you mean "person"?'),
    (lambda c: create_entity(c, "Someone", ""), "give a kind: KIND=person"),
    (lambda c: create_entity(c, "", "person"), 'give a name: make entity NAME="..."'),
    (lambda c: create_briefing(c, "  "), 'give a title: make briefing TITLE="..."'),
    (lambda c: create_briefing(c, "!!!"), "gives no slug"),
])
def test_refusals_explain_themselves_and_change_nothing(tmp_path, call, words):
    content = copy_content(tmp_path)
    (content / "briefings" / "nearly-2000-criminal-cases.md").write_text("kept", encoding="utf-8")
    (content / "briefings" / "kazakhstan-criminal-cases.md").write_text("kept too", encoding="utf-8")
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    with pytest.raises(ScaffoldError) as err:
        call(content)
    assert words in str(err.value)
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before


def test_make_targets_create_files_and_refuse_to_overwrite(project):
    made = project("briefing", "TITLE=Curfew lifted in Almaty")
    assert made.returncode == 0, made.stderr
    path = project.root / "content" / "briefings" / "curfew-lifted-in-almaty.md"
    assert f"date: {dt.date.today().isoformat()}" in path.read_text(encoding="utf-8")

    again = project("briefing", "TITLE=Curfew lifted in Almaty")
    assert again.returncode != 0
    assert "already exists" in again.stderr and "nothing was overwritten" in again.stderr

    # (Almaty is in the demo already; Taraz is a place it does not have.)
    entity = project("entity", "NAME=Taraz", "KIND=plase")
    assert entity.returncode != 0 and 'did you mean "place"?' in entity.stderr
    entity = project("entity", "NAME=Taraz", "KIND=place")
    assert entity.returncode == 0, entity.stderr
    assert project("html").returncode == 0
    assert (project.root / "output" / "entities" / "taraz" / "index.html").is_file()
