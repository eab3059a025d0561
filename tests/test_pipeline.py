"""The pipeline on tiny sites: each stage's contract, the settings, and the bugs its shape fixed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from briefing.build.pipeline import Publication, build_site, process_briefing, read_entities
from briefing.model.domain import BriefingSource, Entity, EntitySource
from briefing.model.kinds import ENTITY_KINDS, KIND_NAMES
from briefing.model.problems import ContentError
from briefing.model.settings import BriefingSettings
from briefing.read.entities import name_matcher
from briefing.read.frontmatter import parse_source
from briefing.text.annotate import annotate
from briefing.text.sentences import SentenceSplitter
from support import CONF, briefing, entity, make_site, page, soup, write_content

RUSSIA = entity("Russia", "state", iso="RU")
TOKAYEV = entity("Kassym-Jomart Tokayev", aliases=["Tokayev"])
IVANOV = entity("Ivan Ivanov", aliases=["Ivanov"])


# ---------------------------------------------------------------- the two reader-visible bugs

def test_a_longer_word_is_not_highlighted_as_a_mention(tmp_path):
    out = make_site(tmp_path, {"russia": RUSSIA}, {"b": briefing("Troops", "Russian troops backed Russia.")})
    quoted = page(out, "entities/russia").select_one("ul.mentions li")
    assert [m.get_text() for m in quoted.find_all("mark")] == ["Russia"]
    assert "<mark>Russia</mark>n" not in str(quoted) and str(quoted).startswith("<li>Russian troops backed <mark>Russia</mark>.")
    feed = (out / "feeds" / "entities" / "russia.atom.xml").read_text(encoding="utf-8")
    assert "&lt;mark&gt;Russia&lt;/mark&gt;n" not in feed and "backed &lt;mark&gt;Russia&lt;/mark&gt;." in feed


def test_a_name_inside_a_longer_name_is_not_highlighted(tmp_path):
    ministry = entity("Ministry of Russia", "organization")
    out = make_site(tmp_path, {"russia": RUSSIA, "ministry": ministry},
                    {"b": briefing("M", "The Ministry of Russia spoke for Russia.")})
    quoted = page(out, "entities/russia").select_one("ul.mentions li")
    assert [m.get_text() for m in quoted.find_all("mark")] == ["Russia"]
    assert "spoke for <mark>Russia</mark>." in str(quoted)


def test_sentences_are_not_cut_at_abbreviations(tmp_path):
    body = "Mr. Tokayev met Gen. Ivanov at the U.S. embassy on Jan. 6. Then J. R. Smith said No. 5 rose 2.5 per cent."
    out = make_site(tmp_path, {"tokayev": TOKAYEV, "ivanov": IVANOV}, {"b": briefing("Talks", body)})
    spans = [s.get_text() for s in page(out, "briefings/b").select("span.sentence")]
    assert spans == ["Mr. Tokayev met Gen. Ivanov at the U.S. embassy on Jan. 6.",
                     "Then J. R. Smith said No. 5 rose 2.5 per cent."]
    quoted = page(out, "entities/ivanov").select_one("ul.mentions li").get_text()
    assert quoted.startswith("Mr. Tokayev met Gen. Ivanov at the U.S. embassy on Jan. 6.")


@pytest.mark.parametrize(("text", "sentences"), [
    ("Mr. Tokayev met Gen. Ivanov at the U.S. embassy.", 1),
    ("Dr. A. Brown and Mrs. Lee spoke, e.g. on Feb. 3, i.e. early. It rained.", 2),
    ("He left. She stayed! Why? “Because.” (Later.) 2022 came.", 6),
    ("Он сказал. Потом ушёл.", 2),
    ("It rose by 3.5 per cent. Prices fell.", 2),
    ("St. Petersburg hosted Sgt. Pepper and Lt. Col. Dan.", 1),
])
def test_sentence_splitting(text, sentences):
    assert len(SentenceSplitter().split(text)) == sentences


def test_editors_extend_the_abbreviations_in_the_settings(tmp_path):
    body = "Insp. Ivanov arrived. He spoke."
    plain = make_site(tmp_path / "plain", {"ivanov": IVANOV}, {"b": briefing("A", body)})
    extended = make_site(tmp_path / "extended", {"ivanov": IVANOV}, {"b": briefing("A", body)},
                         BRIEFING_ABBREVIATIONS=["Insp."])
    assert len(page(plain, "briefings/b").select("span.sentence")) == 3
    assert [s.get_text() for s in page(extended, "briefings/b").select("span.sentence")] == ["Insp. Ivanov arrived.", "He spoke."]


# ---------------------------------------------------------------- mentions carry the matcher's offsets

def test_mentions_point_at_their_words_in_the_sentence():
    matcher = name_matcher([Entity("russia", "Russia", "state"), Entity("csto", "CSTO", "organization")])
    result = annotate("<p>Russian units. The CSTO and Russia met; <em>Russia</em> agreed.</p>", matcher, str)
    for m in result.mentions:
        assert result.sentences[m.sentence_id][m.start:m.end] == m.surface
    assert [(m.slug, m.start) for m in result.mentions] == [("csto", 4), ("russia", 13), ("russia", 25)]


# ---------------------------------------------------------------- stages are functions of their inputs

def sources(tmp_path):
    content = write_content(tmp_path / "content", {"russia": RUSSIA},
                            {"b": briefing("T", "Russia sent 116 units.", key_figures=[{"value": 116, "label": "units"}])})
    entity_file = content / "entities" / "russia.md"
    ent = EntitySource("russia", "russia.md", "{filename}/entities/russia.md", parse_source("russia.md", entity_file.read_bytes()), "")
    front = parse_source("b.md", (content / "briefings" / "b.md").read_bytes())
    brief = BriefingSource("b.md", "briefings/b.md", "b", "en", "briefings/b/", "published", True, front, "<p>Russia sent 116 units.</p>")
    return ent, brief


def test_a_briefing_is_processed_the_same_way_every_time(tmp_path):
    ent, brief = sources(tmp_path)
    settings = BriefingSettings()
    publication = Publication("Site", None, "https://example.org", "")
    entities = read_entities([ent]).value
    first = process_briefing(brief, entities, settings, publication, SentenceSplitter())
    second = process_briefing(brief, read_entities([ent]).value, settings, publication, SentenceSplitter())
    assert first == second and not first.problems
    item = first.value
    assert item.key_figures[0].sentence_id == "s-russia-sent-116-units"
    assert [m.slug for m in item.mentions] == ["russia"] and '<a class="entity" href="{filename}/entities/russia.md">' in item.annotation.html


def test_a_site_reports_every_problem_and_makes_nothing(tmp_path):
    ent, brief = sources(tmp_path)
    broken = BriefingSource("c.md", "briefings/c.md", "b", "en", "briefings/c/", "published", True,
                            parse_source("c.md", b"---\ntitle: C\ndate: 2022-01\nhost_state: rusia\n---\nText."), "")
    built = build_site([ent], [brief, broken], BriefingSettings(), Publication("Site", None, "https://e.org", ""))
    assert built.value is None
    assert sorted((p.path, p.field) for p in built.problems) == [("c.md", "host_state"), ("c.md", "slug")]


# ---------------------------------------------------------------- settings, declared once

@pytest.mark.parametrize(("setting", "value", "words"), [
    ("BRIEFING_LINK", "sometimes", "'sometimes' is not allowed: use one of 'first' or 'all'"),
    ("BRIEFING_LNIK", "all", 'unknown setting — did you mean "BRIEFING_LINK"?'),
    ("BRIEFING_ENTITY_URL", "people/", "must contain {slug}"),
    ("BRIEFING_TIMELINE_URL", "/timeline/", 'without a leading "/"'),
    ("BRIEFING_STRICT", "yes", "'yes' is not True or False"),
    ("BRIEFING_ABBREVIATIONS", ["Amb"], "is not an abbreviation"),
    ("BRIEFING_PROCESSES", -1, "-1 is below 0"),
    ("BRIEFING_PROCESSES", "2", "'2' is not a whole number"),
])
def test_a_wrong_setting_stops_the_build_naming_it(tmp_path, setting, value, words):
    with pytest.raises(ContentError) as err:
        make_site(tmp_path, {"russia": RUSSIA}, {}, **{setting: value})
    (problem,) = err.value.problems
    assert (problem.path, problem.field) == ("pelican.conf.py", setting) and words in problem.message


def test_every_setting_has_a_default_and_the_project_file_sets_only_known_ones():
    from pelican.settings import read_settings
    settings = read_settings(str(CONF))
    assert BriefingSettings.from_pelican(settings).value is not None
    assert BriefingSettings.from_pelican({}).value == BriefingSettings()


# ---------------------------------------------------------------- kinds, declared once

def test_the_kind_registry_drives_the_index_the_schema_and_structured_data(tmp_path):
    entities = {k.name: entity(f"A {k.label}", k.name, **({"iso": "RU"} if k.name == "state" else {})) for k in ENTITY_KINDS}
    body = " ".join(f"A {k.label} was there." for k in ENTITY_KINDS)
    out = make_site(tmp_path, entities, {"b": briefing("All kinds", body)})
    headings = [h.get_text() for h in page(out, "entities").select("main h2")]
    assert headings == [k.plural for k in ENTITY_KINDS]
    import json
    schema = json.loads((out / "data" / "schema" / "entities.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["EntityData"]["properties"]["kind"]["enum"] == list(KIND_NAMES)
    for kind in ENTITY_KINDS:
        doc = page(out, f"entities/{kind.name}")
        data = json.loads(doc.find("script", type="application/ld+json").string)
        assert data["@type"] == kind.schema_type
        assert doc.select_one(".kicker").get_text() == kind.label


# ---------------------------------------------------------------- reading through Pelican, once

def test_ignored_files_are_not_read(tmp_path):
    content = write_content(tmp_path / "content", {"russia": RUSSIA}, {"b": briefing("B", "Russia.")})
    (content / "briefings" / ".#b.md").write_text("not a briefing at all", encoding="utf-8")
    (content / "entities" / ".#russia.md").write_text("nor an entity", encoding="utf-8")
    (content / "briefings" / "b.md~").write_text("a backup", encoding="utf-8")
    (content / "briefings" / "#b.md#").write_text("an autosave", encoding="utf-8")
    from support import build
    out = build(content, tmp_path / "out")
    assert (out / "briefings" / "b" / "index.html").is_file()


def test_a_yaml_mistake_is_reported_once_by_us_not_by_pelican(tmp_path):
    content = write_content(tmp_path / "content", {"russia": RUSSIA},
                            {"b": "---\ntitle: Broken: colon\ndate: 2022-01\n---\nRussia.\n"})
    run = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(CONF), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, env={"SITEURL": "", "PATH": "/usr/bin:/bin"})
    assert run.returncode != 0
    assert "YAML syntax error" in run.stderr and "Skipping" not in run.stderr + run.stdout, run.stderr
    assert "Traceback" not in run.stderr


def test_entity_page_soup_reads_the_description(tmp_path):
    out = make_site(tmp_path, {"russia": {**RUSSIA, "body": "A state that borders Kazakhstan."}}, {})
    assert "borders Kazakhstan" in soup(out / "entities" / "russia" / "index.html").select_one(".entity-description").get_text()
