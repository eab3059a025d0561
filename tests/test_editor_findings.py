"""What a new editor and a new reader hit (issue 14): each finding, on a tiny site, failing without its fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from briefing.cli.report import format_unlinked, unlinked_report
from briefing.model.domain import Entity
from briefing.model.problems import ContentError
from support import ATOM_NS, CONF, CONTENT, atom_problems, briefing, build, entity, make_site, page, soup, write_content

RUSSIA = entity("Russia", "state", iso="RU")
KAZAKHSTAN = entity("Kazakhstan", "state", iso="KZ")
ENTITIES = {"russia": RUSSIA, "kazakhstan": KAZAKHSTAN}
SITE = "https://user.github.io/repo"


def three_kinds():
    return {"published": briefing("Published report", "Russia sent troops.", "2022-01-10",
                                  timeline=[{"date": "2022-01-06", "text": "Published event"}]),
            "drafted": briefing("Drafted report", "Russia sent more troops.", "2022-01-11", status="draft",
                                timeline=[{"date": "2022-01-07", "text": "Drafted event"}]),
            "hidden": briefing("Hidden report", "Russia sent other troops.", "2022-01-12", status="hidden",
                               timeline=[{"date": "2022-01-08", "text": "Hidden event"}])}


# ---------------------------------------------------------------- 1. drafts and hidden briefings

def test_drafts_and_hidden_briefings_are_in_no_public_output(tmp_path):
    out = make_site(tmp_path, ENTITIES, three_kinds(), siteurl=SITE, BRIEFING_CANONICAL_URL=SITE)
    public = {
        "data": (out / "data" / "briefings.json").read_text(encoding="utf-8"),
        "entity data": (out / "data" / "entities.json").read_text(encoding="utf-8"),
        "site feed": (out / "feeds" / "all.atom.xml").read_text(encoding="utf-8"),
        "entity feed": (out / "feeds" / "entities" / "russia.atom.xml").read_text(encoding="utf-8"),
        "sitemap": (out / "sitemap.xml").read_text(encoding="utf-8"),
        "entity page": (out / "entities" / "russia" / "index.html").read_text(encoding="utf-8"),
        "home": (out / "index.html").read_text(encoding="utf-8"),
        "timeline": (out / "timeline" / "index.html").read_text(encoding="utf-8"),
    }
    for where, text in public.items():
        assert "Published report" in text or "published" in text, where
        assert "Drafted" not in text and "drafted" not in text and "Hidden" not in text and "/hidden" not in text, where
    assert [b["id"] for b in json.loads(public["data"])["briefings"]] == ["published"]
    assert not (out / "briefings" / "drafted").exists() and not (out / "drafts").exists()
    hidden = page(out, "briefings/hidden")  # reachable by its address only
    assert hidden.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert hidden.find(attrs={"data-pagefind-body": True}) is None  # so search never finds it
    assert page(out, "briefings/published").find(attrs={"data-pagefind-body": True}) is not None


def test_editors_preview_drafts_clearly_marked(tmp_path):
    out = make_site(tmp_path, ENTITIES, three_kinds(), BRIEFING_DRAFTS=True, DRAFT_SAVE_AS="drafts/{slug}/index.html")
    draft = page(out, "drafts/drafted")
    assert "Draft." in draft.select_one(".draft-notice").get_text()
    assert draft.find("meta", attrs={"name": "robots", "content": "noindex"})
    home = page(out, "")
    assert [a.get_text() for a in home.select(".drafts a")] == ["Drafted report"]
    assert "Drafted" not in (out / "data" / "briefings.json").read_text(encoding="utf-8")
    assert "Drafted" not in (out / "entities" / "russia" / "index.html").read_text(encoding="utf-8")


def test_a_published_build_never_previews_drafts(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DRAFTS", "1")  # as make html DRAFTS=1 sets it; pelican.conf.py ignores it when publishing
    content = write_content(tmp_path / "content", ENTITIES, three_kinds())
    out = build(content, tmp_path / "out", siteurl=SITE)
    assert not (out / "drafts").exists()
    with pytest.raises(ContentError) as err:
        build(content, tmp_path / "out2", siteurl=SITE, BRIEFING_DRAFTS=True)
    assert [p.field for p in err.value.problems] == ["BRIEFING_DRAFTS"]


# ---------------------------------------------------------------- 2. no page of a local build claims an address

def test_a_local_build_claims_no_canonical_address(tmp_path):
    out = make_site(tmp_path, ENTITIES, {"b": briefing("B", "Russia sent troops.")})
    for path in out.rglob("*.html"):
        doc = soup(path)
        assert doc.find("link", rel="canonical") is None and doc.find("meta", property="og:url") is None, path
        for script in doc.find_all("script", type="application/ld+json"):
            assert "127.0.0.1" not in script.string and '"url"' not in script.string, path
    assert not (out / "sitemap.xml").exists() and not (out / "robots.txt").exists()


def test_a_published_build_names_its_address(tmp_path):
    out = make_site(tmp_path, ENTITIES, {"b": briefing("B", "Russia sent troops.")}, siteurl=SITE,
                    BRIEFING_CANONICAL_URL=SITE, BRIEFING_ABSOLUTE_URL=SITE)
    doc = page(out, "briefings/b")
    assert doc.find("link", rel="canonical")["href"] == f"{SITE}/briefings/b/"
    assert json.loads(doc.find("script", type="application/ld+json").string)["url"] == f"{SITE}/briefings/b/"
    assert f"<loc>{SITE}/briefings/b/</loc>" in (out / "sitemap.xml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- 3. images

@pytest.mark.parametrize(("markdown", "words"), [
    ("![Photo](https://example.org/a.jpg)", "is on another site"),
    ('<img src="//example.org/a.jpg" alt="A">', "is on another site"),
    ("![](images/a.jpg)", "has no alt text"),
])
def test_an_image_from_elsewhere_or_without_alt_text_stops_the_build(tmp_path, markdown, words):
    body = f"Russia sent troops.\n\n{markdown}\n"
    with pytest.raises(ContentError) as err:
        make_site(tmp_path, ENTITIES, {"b": briefing("B", body)})
    (problem,) = [p for p in err.value.problems if words in p.message]
    assert problem.path.endswith("briefings/b.md") and problem.field == "body" and problem.line == 7
    assert "content/images/" in problem.message or "alt" in problem.message


def test_an_image_of_the_site_with_alt_text_builds(tmp_path):
    content = write_content(tmp_path / "content", ENTITIES,
                            {"b": briefing("B", "Russia sent troops.\n\n![A column of trucks]({static}/images/a.png)\n")})
    (content / "images").mkdir()
    (content / "images" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = build(content, tmp_path / "out")
    img = page(out, "briefings/b").select_one(".article-body img")
    assert img["alt"] == "A column of trucks" and img["src"].endswith("images/a.png")


# ---------------------------------------------------------------- 4. mistakes that build

MISTAKES = [
    ("the same state twice", {"participating_states": [{"state": "russia"}, {"state": "Russia"}]},
     "participating_states[1].state", "is listed twice"),
    ("the host state as a participant", {"host_state": "kazakhstan", "participating_states": [{"state": "kazakhstan"}]},
     "participating_states[0].state", "is also the host_state"),
    ("a date far in the future", {"date": "2032-01-10"}, "date", "is in the future"),
    ("as_of after the briefing", {"key_figures": [{"value": 5, "label": "units", "as_of": "2022-02"}]},
     "key_figures[0].as_of", "later than the briefing's date"),
    ("a very long title", {"title": "A " + "very " * 30 + "long title"}, "title", "characters long"),
]


@pytest.mark.parametrize(("front", "field", "words"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_a_mistake_that_builds_is_a_warning_naming_file_and_field(tmp_path, capsys, front, field, words):
    spec = {**briefing("B", "Russia sent 5 units to Kazakhstan."), **front}
    make_site(tmp_path / "html", ENTITIES, {"b": spec})
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("WARNING:")]
    assert any(f"briefings/b.md: {field}: " in line and words in line for line in warnings), warnings
    with pytest.raises(ContentError) as err:  # make publish: strict
        make_site(tmp_path / "strict", ENTITIES, {"b": spec}, BRIEFING_STRICT=True)
    assert any(p.field == field and words in p.message for p in err.value.problems)


def test_untouched_scaffold_text_is_a_warning(tmp_path, capsys):
    import datetime as dt

    from briefing.read.scaffold import briefing_text, entity_text
    content = write_content(tmp_path / "content")
    (content / "briefings" / "new.md").write_text(briefing_text("New one", dt.date(2022, 1, 1)), encoding="utf-8")
    (content / "entities" / "someone.md").write_text(entity_text("Someone", "person"), encoding="utf-8")
    build(content, tmp_path / "out")
    err = capsys.readouterr().err
    assert "briefings/new.md: body: still has the text make briefing wrote" in err
    assert "entities/someone.md: body: still has the description make entity wrote" in err


def test_the_demo_builds_without_a_warning(tmp_path, capsys):
    build(CONTENT, tmp_path / "out")
    assert "WARNING" not in capsys.readouterr().err


# ---------------------------------------------------------------- 5. messages: ours only, one line each

def test_warnings_are_never_wrapped(tmp_path):
    deep = tmp_path / ("a-long-folder-name-that-makes-every-path-longer-than-eighty-columns" * 2)
    content = write_content(deep / "content", ENTITIES, {"b": briefing("B", "Russia sent troops.", participating_states=[
        {"state": "russia"}, {"state": "russia"}])})
    run = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(CONF), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, env={**os.environ, "SITEURL": "", "COLUMNS": "80"})
    assert run.returncode == 0, run.stderr
    (line,) = [line for line in run.stderr.splitlines() if "is listed twice" in line]
    assert line.startswith("WARNING: ") and str(content) in line and "participating_states[1].state" in line


# ---------------------------------------------------------------- 7. a typo is not offered as an alias first

def test_the_content_report_suggests_fixing_a_misspelling_before_adding_it_as_an_alias():
    kyrgyzstan = Entity("kyrgyzstan", "Kyrgyzstan", "state", source_path="entities/kyrgyzstan.md")
    near, unknown = unlinked_report([kyrgyzstan], [("b.md", "Units from Kyrgystan arrived.\n")])
    text = format_unlinked(near, unknown)
    assert 'probably a misspelling: correct the text to "Kyrgyzstan"' in text
    assert text.index("correct the text") < text.index('aliases: ["Kyrgystan"]')


# ---------------------------------------------------------------- 13. feeds that validate, one id per briefing

def test_every_feed_follows_rfc_4287_and_a_briefing_has_one_id_everywhere(demo_site):
    feeds = sorted((demo_site / "feeds").rglob("*.xml"))
    assert len(feeds) > 10
    for feed in feeds:
        assert atom_problems(feed.read_text(encoding="utf-8")) == [], feed
    ids = {}
    for feed in feeds:
        for entry in ET.parse(feed).getroot().iter(f"{ATOM_NS}entry"):
            link = entry.find(f"{ATOM_NS}link").get("href")
            ids.setdefault(link, set()).add(entry.findtext(f"{ATOM_NS}id"))
    assert all(len(found) == 1 and next(iter(found)).startswith("tag:") for found in ids.values()), ids


def test_the_feed_checker_finds_what_rfc_4287_forbids():
    no_author = ('<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:x,2022:/</id><title>T</title>'
                 '<updated>2022-01-01T00:00:00Z</updated><entry><id>tag:x,2022:/a</id><title>A</title>'
                 '<updated>2022-01-01</updated><link href="https://x/a"/></entry></feed>')
    problems = atom_problems(no_author)
    assert any("no atom:author" in p for p in problems) and any("RFC 3339" in p for p in problems)


# ---------------------------------------------------------------- 14. modified dates; wording

def test_a_modified_briefing_says_so_to_readers_and_to_machines(tmp_path):
    out = make_site(tmp_path, ENTITIES, {"b": briefing("B", "Russia sent troops.", "2022-01-10", modified="2022-01-12")})
    doc = page(out, "briefings/b")
    assert "Updated 12 January 2022" in doc.select_one(".briefing-header .meta").get_text()
    data = json.loads(doc.find("script", type="application/ld+json").string)
    assert (data["datePublished"], data["dateModified"]) == ("2022-01-10", "2022-01-12")
    entry = ET.parse(out / "feeds" / "entities" / "russia.atom.xml").getroot().find(f"{ATOM_NS}entry")
    assert entry.findtext(f"{ATOM_NS}updated").startswith("2022-01-12")


def test_entity_pages_name_the_entity_not_it(demo_site):
    doc = soup(demo_site / "entities" / "yerlan-turgumbayev" / "index.html")
    assert "mention it" not in str(doc) and "mentions it" not in str(doc)
    assert "the briefings that mention Yerlan Turgumbayev" in doc.select_one(".follow").get_text()
