"""One broken copy of the demo content per kind of mistake: each stops the build with
one line that names the file, the field and the fix."""

from __future__ import annotations

import shutil

import pytest

from briefing.model.problems import ContentError
from support import build, copy_content

B = "briefings/kazakhstan-criminal-cases.md"


def replace(relative, old, new):
    def apply(content):
        path = content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test setup: {old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def write(relative, data: bytes | str):
    def apply(content):
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return apply


def chain(*edits):
    def apply(content):
        for edit in edits:
            edit(content)
    return apply


def copy(relative, to):
    def apply(content):
        (content / to).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(content / relative, content / to)
    return apply


def rename(relative, to):
    def apply(content):
        (content / relative).rename(content / to)
    return apply


def strip_front_matter(relative):
    def apply(content):
        path = content / relative
        path.write_text(path.read_text(encoding="utf-8").split("---", 2)[2], encoding="utf-8")
    return apply


# (id, edit, file, field, words the message must contain)
CASES = [
    ("missing-title", replace(B, "title: Nearly", "# title: Nearly"), B, "title", "required field is missing: add 'title:'"),
    ("unknown-field", replace(B, "summary:", "sumary:"), B, "sumary", 'unknown field — did you mean "summary"?'),
    ("unknown-nested-field", replace(B, "    note: terrorism", "    notes: terrorism"), B, "key_figures[0].notes", 'did you mean "note"?'),
    ("date-not-real", replace(B, "date: 2022-01\n", "date: 2022-13\n"), B, "date", '"2022-13" is not a real calendar date'),
    ("date-format", replace(B, "date: 2022-01\n", "date: 06/01/2022\n"), B, "date", "write YYYY-MM-DD, or YYYY-MM"),
    ("date-empty", replace(B, "date: 2022-01\n", "date:\n"), B, "date", "is empty: write YYYY-MM-DD"),
    ("timeline-date", replace(B, "{date: 2022-01-06,", "{date: January 6,"), B, "timeline[1].date", "write YYYY-MM-DD"),
    ("as-of-date", replace(B, "as_of: 2022-01\n", "as_of: 2022-1\n"), B, "key_figures[0].as_of", "write YYYY-MM-DD"),
    ("url-scheme", replace(B, '"https://en.news-front.su/?p=344164"', '"ftp://en.news-front.su/x"'), B, "source.url", "is not a web address"),
    ("url-javascript", replace(B, '"https://en.news-front.su/?p=344164"', '"javascript:alert(1)"'), B, "source.url", "starting with https://"),
    ("figure-value-empty", replace(B, "value: 1822", 'value: ""'), B, "key_figures[0].value", "is empty: give it a value"),
    ("figure-value-missing", replace(B, "  - value: 1822\n", "  - unit: cases\n"), B, "key_figures[0].value", "required field is missing: add 'value:'"),
    ("figure-value-list", replace(B, "value: 1822", "value: [18, 22]"), B, "key_figures[0].value", "or text, not a list"),
    ("figure-value-nan", replace(B, "value: 1822", "value: .nan"), B, "key_figures[0].value", "is not a number"),
    ("figure-label-empty", replace(B, "label: criminal cases opened", "label:"), B, "key_figures[0].label", "is empty"),
    ("figure-approximate", replace(B, "    label: criminal cases opened", "    label: criminal cases opened\n    approximate: roughly"), B, "key_figures[0].approximate", "write true or false"),
    ("figure-empty-item", replace(B, "key_figures:\n", "key_figures:\n  -\n"), B, "key_figures[0]", "is empty: give it a value or remove the line"),
    ("list-item-empty", replace(B, "entities: [news-front]", 'entities: [news-front, ""]'), B, "entities[1]", "is empty"),
    ("list-not-list", replace(B, "entities: [news-front]", "entities: {news-front: 1}"), B, "entities", "must be a list"),
    ("alias-empty", replace("entities/tass.md", "ITAR-TASS]", 'ITAR-TASS, ""]'), "entities/tass.md", "aliases[2]", "is empty"),
    ("yes-no-text", replace("entities/tass.md", "role: Russian state news agency", "role: yes"), "entities/tass.md", "role", "put the text in quotes"),
    ("kind", replace("entities/tass.md", "kind: organization", "kind: organisation"), "entities/tass.md", "kind", 'did you mean "organization"?'),
    ("iso-code", replace("entities/russia.md", "iso: RU", "iso: RUS"), "entities/russia.md", "iso", "not an ISO 3166-1 alpha-2 code"),
    ("iso-unassigned", replace("entities/russia.md", "iso: RU", "iso: XX"), "entities/russia.md", "iso", "not an assigned ISO 3166-1 alpha-2 code"),
    ("iso-unknown-state", chain(*(replace("entities/russia.md", old, new) for old, new in [("name: Russia\n", "name: Ruritania\n"), ("iso: RU\n", ""), ("aliases: [Russian Federation]\n", "")])), "entities/russia.md", "iso", 'no ISO 3166-1 code is known for "Ruritania": add iso: XX'),
    ("iso-norway", replace("entities/russia.md", "iso: RU", "iso: NO"), "entities/russia.md", "iso", "true/false"),
    ("wikidata", replace("entities/russia.md", "wikidata: Q159", "wikidata: 159"), "entities/russia.md", "wikidata", "is not a Wikidata id"),
    ("status", replace(B, "entities: [news-front]", "entities: [news-front]\nstatus: publish"), B, "status", 'did you mean "published"?'),
    ("no-front-matter", strip_front_matter(B), B, "", "no front matter: start the file with a '---' line"),
    ("empty-front-matter", write("briefings/empty.md", "---\n---\nText.\n"), "briefings/empty.md", "", "the front matter is empty"),
    ("yaml-syntax", replace("entities/russia.md", "kind: state", "kind: [state"), "entities/russia.md", "", "YAML syntax error"),
    ("not-utf8", write("entities/uzbekistan.md", "---\nname: Oʻzbekiston\nkind: state\niso: UZ\n---\nCafé.\n".encode("utf-16")), "entities/uzbekistan.md", "", "not UTF-8 text"),
    ("entity-slug-twice", copy("entities/russia.md", "entities/states/russia.md"), "entities/states/russia.md", "", 'the slug "russia" (the file name) is also the slug of'),
    ("entity-slug-case", rename("entities/russia.md", "entities/Russia.md"), "entities/Russia.md", "", "rename the file to russia.md"),
    ("entity-file-name", rename("entities/news-front.md", "entities/News Front.md"), "entities/News Front.md", "", "rename the file to news-front.md"),
    ("alias-claimed-twice", replace("entities/alexander-lukashenko.md", "aliases: [Lukashenko]", "aliases: [Lukashenko, Tokayev]"), "entities/kassym-jomart-tokayev.md", "aliases[2]", '"Tokayev" is also aliases[1] of'),
    ("briefing-slug-twice", copy(B, "briefings/2022/kazakhstan-criminal-cases.md"), "briefings/kazakhstan-criminal-cases.md", "slug", "is also the slug of"),
    ("briefing-slug-field", replace(B, "entities: [news-front]", "entities: [news-front]\nslug: Criminal Cases"), B, "slug", 'is not a slug: use lowercase letters, digits and dashes, e.g. "criminal-cases"'),
    ("unknown-state", replace(B, "state: Kyrgyzstan", "state: Kyrgystan"), B, "participating_states[4].state", 'unknown state "Kyrgystan" — did you mean "Kyrgyzstan"?'),
    ("not-a-state", replace(B, "state: armenia", "state: tass"), B, "participating_states[2].state", '"tass" is TASS, an organization, not a state'),
    ("unknown-host-state", replace(B, "host_state: kazakhstan", "host_state: kazakstan"), B, "host_state", 'did you mean "kazakhstan"?'),
    ("unknown-attached", replace(B, "entities: [news-front]", "entities: [news-frnt]"), B, "entities[0]", 'unknown entity "news-frnt" — did you mean "news-front"?'),
    ("unknown-figure-source", replace(B, "source: ministry-of-internal-affairs-of-kazakhstan", "source: ministry-of-internal-afairs-of-kazakhstan"), B, "key_figures[0].source", 'did you mean "ministry-of-internal-affairs-of-kazakhstan"?'),
    ("unknown-source-name", replace(B, " name: tass,", " name: taas,"), B, "source.name", 'unknown entity "taas" — did you mean'),
    ("country-not-a-state", replace("entities/yerlan-turgumbayev.md", "country: kazakhstan", "country: tass"), "entities/yerlan-turgumbayev.md", "country", '"tass" is TASS, not a state'),
    ("unknown-country", replace("entities/yerlan-turgumbayev.md", "country: kazakhstan", "country: kazakstan"), "entities/yerlan-turgumbayev.md", "country", 'did you mean "kazakhstan"?'),
]


@pytest.mark.parametrize("edit, relative, field, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_kind_of_mistake_names_file_field_and_fix(tmp_path, edit, relative, field, words):
    content = copy_content(tmp_path)
    edit(content)
    with pytest.raises(ContentError) as err:
        build(content, tmp_path / "out")
    assert err.value.code != 0
    lines = str(err.value).splitlines()
    matching = [p for p in err.value.problems
                if p.path == str(content / relative) and p.field == field and words in p.message]
    assert matching, "\n".join(lines)
    # One line per problem, each starting with the file it is about, sorted.
    for problem in err.value.problems:
        assert "\n" not in str(problem) and str(problem).startswith(problem.path)
        assert (tmp_path / problem.path).exists() or (content / problem.path).exists() or problem.path.startswith(str(content))
    assert lines[:-1] == sorted(lines[:-1])
    assert lines[-1].startswith("Build stopped:")


# Free text names no entity ("Interfax" is an entity of the demo now; Kazinform is not).
@pytest.mark.parametrize("source", ["Ministry of Internal Affairs (figures given to TASS)", "Kazinform", "Фонтанка"])
def test_free_text_source_stays_free_text(tmp_path, source):
    content = copy_content(tmp_path)
    replace(B, "    source: ministry-of-internal-affairs-of-kazakhstan\n", f"    source: {source}\n")(content)
    out = build(content, tmp_path / "out")
    page = (out / "briefings" / "kazakhstan-criminal-cases" / "index.html").read_text(encoding="utf-8")
    assert f"Source: {source}." in page


def test_source_may_be_given_as_a_bare_name(tmp_path):
    content = copy_content(tmp_path)
    replace(B, 'source: {stated_by: yerlan-turgumbayev, name: tass, via: News Front, url: "https://en.news-front.su/?p=344164"}', "source: Kazinform")(content)
    out = build(content, tmp_path / "out")
    assert "Reported by Kazinform</li>" in (out / "briefings" / "kazakhstan-criminal-cases" / "index.html").read_text(encoding="utf-8")


def test_entities_in_subfolders_are_read(tmp_path):
    content = copy_content(tmp_path)
    (content / "entities" / "states").mkdir()
    (content / "entities" / "russia.md").rename(content / "entities" / "states" / "russia.md")
    out = build(content, tmp_path / "out")
    assert (out / "entities" / "russia" / "index.html").is_file()


@pytest.mark.parametrize("link, ok", [
    ("[Russia]({filename}/entities/russia.md)", True),
    ("[Russia]({filename}../entities/russia.md)", True),
    ("[Russia]({filename}/entities/rusia.md)", False),
    ("![map]({static}/images/map.png)", False),
])
def test_links_to_missing_content_files_stop_the_build(tmp_path, link, ok):
    content = copy_content(tmp_path)
    path = content / B
    path.write_text(path.read_text(encoding="utf-8") + f"\nSee {link}.\n", encoding="utf-8")
    if ok:
        build(content, tmp_path / "out")
        return
    with pytest.raises(ContentError) as err:
        build(content, tmp_path / "out")
    (problem,) = err.value.problems
    assert (problem.field, "leads to no file in the content folder" in problem.message) == ("body", True)


def test_control_characters_are_reported_with_their_line(tmp_path):
    content = copy_content(tmp_path)
    path = content / B
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Nearly", 'title: "Nearly\\b').replace("after January unrest\n", 'after January unrest"\n', 1)
                    .replace("Law enforcement bodies", "Law\x0benforcement bodies"), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        build(content, tmp_path / "out")
    problems = {(p.field, p.line): p.message for p in err.value.problems}
    lines = text.splitlines()
    body_line = next(i for i, line in enumerate(lines, 1) if "Law enforcement bodies" in line)
    assert "control character U+000B" in problems[("", body_line)]
    assert "control character U+0008" in problems[("title", None)]
