"""The unfolding story (issue 12): figure series and their ledger pages, checks, story pages,
updates and corrections, the chain of sources — on tiny sites, and on the demo."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from briefing.model.problems import ContentError
from support import ATOM_NS, CONTENT, ROOT, briefing, build, entity, page, soup, write_content

EVENT = entity("January unrest", "event")
ENTITIES = {
    "unrest": EVENT,
    "ministry": entity("Interior Ministry", "organization"),
    "prosecutors": entity("Prosecutor General's Office", "organization"),
    "tass": entity("TASS", "organization", role="Russian state news agency"),
    "news-front": entity("News Front", "organization", role="a website"),
    "minister": entity("Yerlan Turgumbayev", role="Minister of Internal Affairs"),
}


def text(element) -> str:
    """An element's text as a reader sees it: runs of white space as one space."""
    return " ".join(element.get_text().split())


def series_file(**front) -> dict:
    return {"label": "Criminal cases", "unit": "cases", "definition": "Criminal cases opened over the unrest.",
            "cumulative": True, "event": "unrest", **front}


def site(tmp_path, briefings, series, **settings):
    content = write_content(tmp_path / "content", ENTITIES, briefings)
    (content / "figures").mkdir()
    for sid, spec in series.items():
        from support import content_file
        body = spec.pop("body", "")
        (content / "figures" / f"{sid}.md").write_text(content_file(spec, body), encoding="utf-8")
    return build(content, tmp_path / "out", **settings)


def cases(value, as_of, text=None, **extra):
    return {"value": value, "label": "criminal cases", "as_of": as_of, "series": "criminal-cases",
            "source": "ministry", **extra}


THREE = {
    "early": briefing("Early count", "Officials opened 546 criminal cases.", "2022-01-15", story="unrest",
                      key_figures=[cases(546, "2022-01-15")]),
    "month": briefing("Month count", "In January 1,822 criminal cases were opened.", "2022-01", story="unrest",
                      key_figures=[cases(1822, "2022-01")]),
    "march": briefing("March count", "By March 3,770 criminal cases had been opened.", "2022-03-14", story="unrest",
                      key_figures=[cases(3770, "2022-03-14", stated_by="prosecutors")]),
}


# ---------------------------------------------------------------- the ledger

def test_a_series_gathers_its_observations_in_date_order_a_month_before_its_days(tmp_path):
    out = site(tmp_path, THREE, {"criminal-cases": series_file()})
    doc = page(out, "figures/criminal-cases")
    rows = [[text(td) for td in tr.find_all("td")] for tr in doc.select("table.observations tbody tr")]
    assert [(r[0], r[1], r[4]) for r in rows] == [
        ("January 2022", "1,822", "Superseded"), ("15 January 2022", "546", "Superseded"), ("14 March 2022", "3,770", "Current")]
    assert '<time datetime="2022-01">January 2022</time>' in str(doc.select_one("table.observations"))
    assert "What we know now: 3,770 cases" in text(doc.select_one(".latest"))
    # Each row points at the sentence that states it.
    assert doc.select("table.observations tbody tr")[2].select("a")[-1]["href"].endswith(
        "briefings/march/index.html#s-by-march-3-770-criminal")


def test_the_chart_draws_a_month_as_the_month_it_is(tmp_path):
    out = site(tmp_path, THREE, {"criminal-cases": series_file()})
    svg = page(out, "figures/criminal-cases").select_one("figure.series-chart svg")
    assert svg.find("title").get_text() == "Criminal cases, over time" and "3 observations" in svg.find("desc").get_text()
    # Two dots for the two days; a bar across January for the month (never a dot on an invented day).
    assert len(svg.find_all("circle")) == 2
    bars = [p["d"] for p in svg.find_all("path") if p.get("stroke-width") == "4"]
    assert len(bars) == 1 and "H" in bars[0]
    assert len(str(svg).encode()) <= 1500 and "script" not in str(svg) and "style" not in str(svg)


def test_the_chart_is_the_same_bytes_in_another_process(tmp_path):
    out = site(tmp_path, THREE, {"criminal-cases": series_file()})
    first = (out / "figures" / "criminal-cases" / "index.html").read_text(encoding="utf-8")
    again = subprocess.run([sys.executable, "-c", (
        "import sys; sys.path.insert(0, sys.argv[1]); from support import build; from pathlib import Path;"
        "build(Path(sys.argv[2]), Path(sys.argv[3]))"), str(ROOT / "tests"), str(tmp_path / "content"), str(tmp_path / "again")],
        capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "7", "PYTHONPATH": str(ROOT / "plugins")})
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "figures" / "criminal-cases" / "index.html").read_text(encoding="utf-8") == first


def test_csv_and_json_give_the_same_observations(tmp_path):
    series = series_file(observations=[{"value": {"min": 2000, "max": 2500}, "as_of": "2022-02", "stated_by": "tass",
                                        "url": "https://example.org/r", "status": "disputed"}])
    out = site(tmp_path, THREE, {"criminal-cases": series})
    rows = list(csv.DictReader(io.StringIO((out / "figures" / "criminal-cases.csv").read_text(encoding="utf-8"))))
    assert [(r["as_of"], r["precision"], r["value"], r["min"], r["max"], r["status"]) for r in rows] == [
        ("2022-01", "month", "1822", "1822", "1822", "superseded"), ("2022-01-15", "day", "546", "546", "546", "superseded"),
        ("2022-02", "month", "", "2000", "2500", "disputed"), ("2022-03-14", "day", "3770", "3770", "3770", "current")]
    assert rows[3]["stated_by"] == "Prosecutor General's Office" and rows[3]["sentence_url"].endswith("#s-by-march-3-770-criminal")
    data = json.loads((out / "data" / "figures.json").read_text(encoding="utf-8"))
    schema = json.loads((out / "data" / "schema" / "figures.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    (only,) = data["series"]
    assert [o["status"] for o in only["observations"]] == [r["status"] for r in rows]
    assert only["observations"][2]["value"] == {"min": 2000, "max": 2500}


# ---------------------------------------------------------------- a key figure in its series

def test_a_superseded_figure_says_so_and_links_its_ledger(tmp_path):
    out = site(tmp_path, THREE, {"criminal-cases": series_file()})
    series = page(out, "briefings/early").select_one(".figure-series")
    assert "Same period: 1,822 (January 2022)." in text(series)
    later = series.select_one("a.later")
    assert text(later) == "Later: 3,770, 14 March 2022 →"
    assert later["href"].endswith("figures/criminal-cases/index.html")
    latest = page(out, "briefings/march").select_one(".figure-series")
    assert "Before: 546 (15 January 2022)." in text(latest) and latest.select_one("a.later") is None


# ---------------------------------------------------------------- checks

def warnings_of(capsys):
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("WARNING: ")]


@pytest.mark.parametrize(("briefings", "series", "where", "words"), [
    ({"a": briefing("A", "There were 546 criminal cases.", "2022-01-15", key_figures=[cases(546, "2022-01-15")]),
      "b": briefing("B", "There were 600 criminal cases.", "2022-01-15", key_figures=[cases(600, "2022-01-15", source="tass")])},
     series_file(), "briefings/b.md: key_figures[0]", "from different sources: mark the disagreement with status: disputed"),
    ({"a": briefing("A", "There were 546 criminal cases.", "2022-01-15", key_figures=[cases(546, "2022-01-15")]),
      "b": briefing("B", "There were 500 criminal cases.", "2022-02-15", key_figures=[cases(500, "2022-02-15")])},
     series_file(), "briefings/b.md: key_figures[0]", "is cumulative, but 500 (15 February 2022) is less than 546"),
    ({"a": briefing("A", "There were 546 criminal cases.", "2022-01-15", key_figures=[cases(546, "2022-01-15", unit="files")])},
     series_file(), "briefings/a.md: key_figures[0].unit", 'differs from the unit of series criminal-cases ("cases")'),
    ({}, series_file(observations=[{"value": 10, "as_of": "2022-01-02", "stated_by": "tass"}]),
     "figures/criminal-cases.md: observations[0].url", "has no url and no briefing states it"),
], ids=["disagreement", "cumulative-falls", "unit", "no-url"])
def test_each_check_is_a_warning_and_an_error_when_publishing(tmp_path, capsys, briefings, series, where, words):
    site(tmp_path / "html", briefings, {"criminal-cases": dict(series)})
    assert any(where in line and words in line for line in warnings_of(capsys)), warnings_of(capsys)
    with pytest.raises(ContentError) as err:
        site(tmp_path / "strict", briefings, {"criminal-cases": dict(series)}, BRIEFING_STRICT=True)
    assert any(where.rsplit(": ", 1)[-1] == p.field and words in p.message for p in err.value.problems)


def test_a_marked_disagreement_is_no_warning(tmp_path, capsys):
    briefings = {"a": briefing("A", "There were 546 criminal cases.", "2022-01-15", key_figures=[cases(546, "2022-01-15")]),
                 "b": briefing("B", "There were 600 criminal cases.", "2022-01-15",
                               key_figures=[cases(600, "2022-01-15", source="tass", status="disputed")])}
    site(tmp_path, briefings, {"criminal-cases": series_file()})
    assert warnings_of(capsys) == []


@pytest.mark.parametrize(("series", "figure_series", "field", "words"), [
    (series_file(), "criminal-case", "key_figures[0].series", 'unknown series "criminal-case" — did you mean "criminal-cases"?'),
    (series_file(event="ministry"), "criminal-cases", "event", "not a event"),
    ({k: v for k, v in series_file().items() if k != "definition"}, "criminal-cases", "definition", "required field is missing"),
    (series_file(observations=[{"value": 1, "as_of": "2022-01-02", "stated_by": "tass", "status": "superseded"}]),
     "criminal-cases", "observations[0].status", "not allowed here"),
])
def test_series_mistakes_stop_the_build(tmp_path, series, figure_series, field, words):
    briefings = {"a": briefing("A", "There were 546 criminal cases.", "2022-01-15", key_figures=[cases(546, "2022-01-15", series=figure_series)])}
    with pytest.raises(ContentError) as err:
        site(tmp_path, briefings, {"criminal-cases": series})
    assert any(p.field == field and words in p.message for p in err.value.problems), err.value.problems


# ---------------------------------------------------------------- stories

def test_a_story_page_and_the_briefings_that_follow_it(tmp_path):
    out = site(tmp_path, THREE, {"criminal-cases": series_file()})
    story = page(out, "entities/unrest")
    assert "3,770 cases" in text(story.select_one(".story-now"))
    assert [a.get_text() for a in story.select(".story-briefings a")] == ["Month count", "Early count", "March count"]
    nav = page(out, "briefings/early").select_one("nav.story-nav")
    assert [a.get_text() for a in nav.find_all("a")] == ["January unrest", "← Before: Month count", "After: March count →"]
    assert nav.find("a", rel="prev") and nav.find("a", rel="next")


# ---------------------------------------------------------------- corrections and updates

def test_corrections_and_updates_are_dated_and_visible_everywhere(tmp_path):
    spec = briefing("Corrected", "Officials opened 546 criminal cases.", "2022-01-15", story="unrest",
                    corrections=[{"date": "2022-01-17", "text": "An earlier version gave 564 cases."}],
                    updates=[{"date": "2022-01-20", "text": "The count has not changed."}])
    out = site(tmp_path, {"c": spec}, {})
    doc = page(out, "briefings/c")
    correction = doc.select_one("header .correction")
    assert correction["id"] == "correction-1" and "Correction, 17 January 2022:" in correction.get_text()
    assert "20 January 2022: The count has not changed." in text(doc.select_one("section.updates"))
    assert "Updated 20 January 2022" in doc.select_one(".briefing-header .meta").get_text()
    data = json.loads(doc.find("script", type="application/ld+json").string)
    assert data["dateModified"] == "2022-01-20"
    assert data["correction"] == [{"@type": "CorrectionComment", "text": "An earlier version gave 564 cases.", "datePublished": "2022-01-17"}]
    listed = page(out, "corrections").select_one(".corrections-list li")
    assert listed.a["href"].endswith("briefings/c/index.html#correction-1") and "564" in listed.get_text()
    for path in out.rglob("*.html"):  # every page's footer links the corrections
        if path.name != "404.html":
            assert soup(path).select_one("footer a[href*='corrections/']"), path
    entry = ET.parse(out / "feeds" / "entities" / "unrest.atom.xml").getroot().find(f"{ATOM_NS}entry")
    assert entry.findtext(f"{ATOM_NS}updated").startswith("2022-01-20")
    assert "Correction, 17 January 2022:" in entry.findtext(f"{ATOM_NS}summary")
    assert "2022-01-20" in (out / "feeds" / "all.atom.xml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the chain of sources

def test_the_chain_of_sources_links_each_link_to_what_it_is(tmp_path):
    spec = briefing("Chain", "Officials opened 546 criminal cases.", "2022-01-15",
                    source={"stated_by": "minister", "name": "tass", "via": "News Front", "url": "https://example.org/a"})
    out = site(tmp_path, {"c": spec}, {})
    chain = page(out, "briefings/c").select_one(".source-chain")
    assert [text(li) for li in chain.find_all("li")] == [
        "Stated by Yerlan Turgumbayev, Minister of Internal Affairs", "Reported by TASS, Russian state news agency",
        "Republished by News Front, a website"]
    assert [a["href"].split("/")[-2] for a in chain.find_all("a")] == ["minister", "tass", "news-front"]
    out = site(tmp_path / "published", {"c": spec}, {}, siteurl="https://x.org/r")
    based = json.loads(page(out, "briefings/c").find("script", type="application/ld+json").string)["isBasedOn"]
    assert (based["author"]["name"], based["sourceOrganization"]["name"], based["publisher"]["name"]) == (
        "Yerlan Turgumbayev", "TASS", "News Front")


# ---------------------------------------------------------------- the demo is a story

def test_the_demo_follows_its_story(demo_site):
    data = json.loads((demo_site / "data" / "figures.json").read_text(encoding="utf-8"))
    series = {s["id"]: s for s in data["series"]}
    assert len(series["criminal-cases"]["observations"]) >= 3 and len(series["deaths"]["observations"]) >= 3
    deaths = {o["display"]: o["status"] for o in series["deaths"]["observations"]}
    assert deaths["164"] == "retracted"
    assert sum(o["status"] == "disputed" for o in series["csto-contingent"]["observations"]) >= 2
    briefings = json.loads((demo_site / "data" / "briefings.json").read_text(encoding="utf-8"))["briefings"]
    assert len(briefings) >= 5
    story = soup(demo_site / "entities" / "january-2022-unrest-in-kazakhstan" / "index.html")
    assert len(story.select(".story-briefings li")) == len(briefings)
    assert soup(demo_site / "corrections" / "index.html").select(".corrections-list li")
    assert any(soup(p).select("section.updates") for p in (demo_site / "briefings").glob("*/index.html"))


def test_the_demo_builds_from_a_clean_content_folder_without_warnings(tmp_path, capsys):
    build(CONTENT, tmp_path / "out", BRIEFING_STRICT=True)
    assert "WARNING" not in capsys.readouterr().err


def test_every_page_of_the_demo_is_within_the_budget(demo_site):
    from page_weights import PAGE_BUDGET_BYTES, page_weight
    heavy = {str(p.relative_to(demo_site)): page_weight(demo_site, p)["total"] for p in demo_site.rglob("*.html")
             if "pagefind" not in p.parts}
    assert len(heavy) > 40 and {page: size for page, size in heavy.items() if size > PAGE_BUDGET_BYTES} == {}
