"""Per-entity Atom feeds, /data/*.json, the entity index and the content report, as a user meets them."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from briefing.cli.report import format_unlinked, prose_lines, unlinked_report
from briefing.model.domain import Entity
from support import ROOT, build, copy_content, copy_seed_content, run_tool, soup

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://example.org/briefing"

SECOND_BRIEFING = """---
title: Russia sends more units
date: 2022-02-03
summary: A second briefing, a month later.
---
Russia sent more units. The odkb statement followed. Tokayev thanked Russia.
"""


@pytest.fixture(scope="module")
def two_briefings(tmp_path_factory):
    """The demo's seed briefing plus a later briefing and an alias that ignores case, built for a published address."""
    tmp = tmp_path_factory.mktemp("graph")
    content = copy_seed_content(tmp)
    (content / "briefings" / "russia-sends-more-units.md").write_text(SECOND_BRIEFING, encoding="utf-8")
    csto = content / "entities" / "csto.md"
    csto.write_text(csto.read_text(encoding="utf-8").replace("aliases: [CSTO]", "aliases: [CSTO, {name: ODKB, ignore_case: true}]"),
                    encoding="utf-8")
    return build(content, tmp / "out", siteurl=SITE, BRIEFING_ABSOLUTE_URL=SITE)


def entries(feed: Path):
    root = ET.parse(feed).getroot()
    return root, root.findall(f"{ATOM}entry")


# ---------------------------------------------------------------- feeds

def test_entity_page_links_to_its_feed(demo_site):
    page = soup(demo_site / "entities" / "russia" / "index.html")
    alternate = page.find("link", rel="alternate", href=lambda h: h and "feeds/entities/russia" in h)
    visible = page.select_one("main a[type='application/atom+xml']")
    assert alternate and visible and "Follow Russia" in visible.get_text()
    target = (demo_site / "entities" / "russia" / visible["href"]).resolve()
    assert target == (demo_site / "feeds" / "entities" / "russia.atom.xml").resolve() and target.is_file()


def test_entity_feed_lists_briefings_newest_first_with_absolute_urls(two_briefings):
    root, items = entries(two_briefings / "feeds" / "entities" / "russia.atom.xml")
    assert root.find(f"{ATOM}title").text == "Briefing: Russia"
    assert [e.find(f"{ATOM}title").text for e in items] == [
        "Russia sends more units", "Nearly 2,000 criminal cases opened in Kazakhstan after January unrest"]
    links = [e.find(f"{ATOM}link").get("href") for e in items]
    assert links == [f"{SITE}/briefings/russia-sends-more-units/", f"{SITE}/briefings/kazakhstan-criminal-cases/"]
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}/feeds/entities/russia.atom.xml"
    assert root.find(f"{ATOM}updated").text == "2022-02-03T00:00:00+00:00"


def test_feed_is_as_recent_as_its_newest_entry_not_the_site(two_briefings):
    root, items = entries(two_briefings / "feeds" / "entities" / "tass.atom.xml")
    assert len(items) == 1 and root.find(f"{ATOM}updated").text == "2022-01-01T00:00:00+00:00"


def test_month_precision_dates_are_honest_in_feeds(two_briefings):
    _, items = entries(two_briefings / "feeds" / "entities" / "russia.atom.xml")
    month, day = items[1], items[0]
    # Atom needs a timestamp: the first of the month at 00:00Z; the text says the month only.
    assert month.find(f"{ATOM}published").text == "2022-01-01T00:00:00+00:00"
    summary = month.find(f"{ATOM}summary").text
    assert "January 2022" in summary and "1 January" not in summary
    assert "3 February 2022" in day.find(f"{ATOM}summary").text


def test_feed_summary_quotes_the_sentences_that_mention_the_entity(two_briefings):
    _, items = entries(two_briefings / "feeds" / "entities" / "russia.atom.xml")
    summary = items[0].find(f"{ATOM}summary").text
    assert "<mark>Russia</mark> sent more units." in summary


def test_entity_never_mentioned_still_has_a_valid_feed(tmp_path):
    content = copy_content(tmp_path)
    (content / "entities" / "nowhere.md").write_text("---\nname: Nowhereland Council\nkind: organization\n---\nNone.\n",
                                                     encoding="utf-8")
    out = build(content, tmp_path / "out")
    root, items = entries(out / "feeds" / "entities" / "nowhere.atom.xml")
    # The newest briefing of the demo is dated 2023-01-05.
    assert items == [] and root.find(f"{ATOM}updated").text == "2023-01-05T00:00:00+00:00"


# ---------------------------------------------------------------- aliases that ignore case, in a built site

def test_alias_that_ignores_case_links_in_the_built_site(two_briefings):
    page = soup(two_briefings / "briefings" / "russia-sends-more-units" / "index.html")
    links = {a.get_text(): a["href"] for a in page.select(".article-body a.entity")}
    assert links["odkb"].endswith("entities/csto/")
    # Only the first mention of Russia is linked: the page links it once.
    assert [a.get_text() for a in page.select(".article-body a.entity")].count("Russia") == 1


# ---------------------------------------------------------------- JSON data

def load(site: Path, name: str):
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["briefings", "entities"])
def test_data_validates_against_its_published_schema(two_briefings, name):
    schema = load(two_briefings, f"schema/{name}.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(load(two_briefings, f"{name}.json"))


@pytest.mark.parametrize("name", ["briefings", "entities"])
def test_demo_data_validates_against_its_published_schema(demo_site, name):
    """The whole demo, whose figures include a range ({min, max})."""
    schema = load(demo_site, f"schema/{name}.schema.json")
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(load(demo_site, f"{name}.json"))


def test_a_range_figure_is_exported_as_written(demo_site):
    briefing = next(b for b in load(demo_site, "briefings.json")["briefings"] if b["id"] == "kazakhstan-death-toll-225")
    figure = next(f for f in briefing["key_figures"] if isinstance(f["value"], dict))
    assert figure["value"] == {"min": 2000, "max": 2500} and figure["display"] == "2,000\u20132,500 troops"


def test_briefings_json_has_ids_dates_figures_states_and_mentions(two_briefings):
    data = load(two_briefings, "briefings.json")
    assert [b["id"] for b in data["briefings"]] == ["russia-sends-more-units", "kazakhstan-criminal-cases"]
    first = data["briefings"][1]
    assert first["date"] == {"iso": "2022-01", "precision": "month", "display": "January 2022"}
    assert first["url"] == f"{SITE}/briefings/kazakhstan-criminal-cases/"
    assert [f["value"] for f in first["key_figures"]][:2] == [1822, 116]
    assert [s["state"] for s in first["participating_states"]] == ["russia", "belarus", "armenia", "tajikistan", "kyrgyzstan"]
    turgumbayev = next(m for m in first["mentions"] if m["entity"] == "yerlan-turgumbayev")
    assert turgumbayev["count"] == 3  # "Yerlan Turgumbaev", then "Turgumbayev" twice


def test_entities_json_mentions_point_at_real_sentences(two_briefings):
    data = {e["id"]: e for e in load(two_briefings, "entities.json")["entities"]}
    russia = data["russia"]
    assert russia["url"] == f"{SITE}/entities/russia/" and russia["feed"] == f"{SITE}/feeds/entities/russia.atom.xml"
    assert russia["iso"] == "RU" and russia["kind"] == "state"
    assert russia["mentions"]["count"] == sum(b["count"] for b in russia["mentions"]["briefings"]) == 3
    assert {"name": "ODKB", "ignore_case": True} in data["csto"]["aliases"]
    for briefing in russia["mentions"]["briefings"]:
        slug = briefing["briefing"]
        page = soup(two_briefings / "briefings" / slug / "index.html")
        for url in briefing["sentences"]:
            sentence = page.find(id=url.split("#", 1)[1])
            assert sentence is not None and "Russia" in sentence.get_text()


def test_data_and_feeds_are_byte_identical_across_builds(tmp_path, demo_site):
    again = build(ROOT / "content", tmp_path / "again")
    for name in ["data/briefings.json", "data/entities.json", "feeds/entities/russia.atom.xml", "feeds/entities/tass.atom.xml"]:
        assert (again / name).read_bytes() == (demo_site / name).read_bytes(), name


# ---------------------------------------------------------------- entity index

def test_entity_index_is_grouped_by_kind_sorted_with_mention_counts(two_briefings):
    page = soup(two_briefings / "entities" / "index.html")
    for section in page.select("main section"):
        names = [a.get_text() for a in section.select(".entity-list a")]
        assert names == sorted(names, key=str.casefold)
    states = page.select_one("section[aria-labelledby='kind-state']")
    russia = next(li for li in states.select("li") if li.a.get_text() == "Russia")
    assert "3 mentions in 2 briefings" in russia.get_text()


# ---------------------------------------------------------------- content report

def entities():
    return [Entity("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "person", ("Tokayev",), source_path="e/tokayev.md"),
            Entity("russia", "Russia", "state", source_path="e/russia.md")]


def test_near_miss_is_reported_with_an_alias_line():
    near, _ = unlinked_report(entities(), [("b.md", "President Kassym-Zhomart Tokayev spoke.\n")])
    assert [(n.path, n.line, n.text, n.known) for n in near] == [("b.md", 1, "Kassym-Zhomart Tokayev", "Kassym-Jomart Tokayev")]
    assert near[0].alias_line() == 'aliases: ["Tokayev", "Kassym-Zhomart Tokayev"]'


def test_adjectives_and_known_names_are_not_near_misses():
    near, unknown = unlinked_report(entities(), [("b.md", "Russian troops left Russia. Tokayev's office said so.\n")])
    assert near == [] and unknown == []


def test_unknown_multi_word_names_are_counted():
    body = "The Nursultan Nazarbayev era ended.\n\nLater, Nursultan Nazarbayev resigned. In January it ended.\n"
    _, unknown = unlinked_report(entities(), [("b.md", body)])
    assert [(u.text, u.count, u.line) for u in unknown] == [("Nursultan Nazarbayev", 2, 1)]


def test_code_headings_and_links_are_not_scanned():
    lines = prose_lines("# Nursultan Nazarbayev\n`Ali Baba` and [Ali](https://Ali.Baba)\n```\nFoo Bar\n```\n")
    text = " ".join(t for _, t in lines)
    assert "Nazarbayev" not in text and "Baba" not in text and "Foo" not in text and "[Ali" in text


def test_content_report_runs_on_the_demo_content_and_exits_zero():
    done = run_tool("briefing-report", "content", cwd=ROOT)
    assert done.returncode == 0
    assert "Possible unlinked mentions" in done.stdout and "Names that match no entity" in done.stdout


def test_report_text_names_the_file_to_edit():
    near, unknown = unlinked_report(entities(), [("b.md", "Kassym-Zhomart Tokayev and Nursultan Nazarbayev.\n")])
    text = format_unlinked(near, unknown)
    assert "write in e/tokayev.md:" in text and '"Nursultan Nazarbayev"' in text


# ---------------------------------------------------------------- bench corpus

def test_bench_corpus_is_deterministic_and_builds(tmp_path):
    import bench

    bench.write_corpus(tmp_path / "a", briefings=5, entities=20)
    bench.write_corpus(tmp_path / "b", briefings=5, entities=20)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    assert len(files) == 25
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    out = build(tmp_path / "a", tmp_path / "out")
    data = json.loads((out / "data" / "briefings.json").read_text(encoding="utf-8"))
    assert len(data["briefings"]) == 5 and all(b["mentions"] for b in data["briefings"])
