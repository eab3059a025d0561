"""Sidebars as evidence, read from the built HTML: key figures traced to their sentences,
participating states with their ISO codes and a map, the site-wide timeline, honest dates,
structured data and link-preview meta."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.model.dates import PartialDate
from briefing.model.problems import ContentError
from support import CONTENT, broken_links, build, copy_content, copy_seed_content, edit, soup

BRIEFING_MD = "briefings/kazakhstan-criminal-cases.md"
BRIEFING = "briefings/kazakhstan-criminal-cases/index.html"
LOCAL_BASE = "http://127.0.0.1:8000"
SITE = "https://user.github.io/repo"
STATES = {"RU": "Russia", "BY": "Belarus", "AM": "Armenia", "TJ": "Tajikistan", "KG": "Kyrgyzstan"}


def flag(iso: str) -> str:
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in iso)


def json_ld(doc) -> dict:
    (script,) = doc.find_all("script", type="application/ld+json")
    return json.loads(script.string)


def meta(doc, key: str) -> str | None:
    tag = doc.find("meta", attrs={"property": key}) or doc.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


# ---------------------------------------------------------------- key figures

def test_each_key_figure_links_to_the_sentence_stating_it(briefing_page):
    for figure in briefing_page.select(".key-figures .figure"):
        value = figure.dt.get_text(strip=True)
        sentence = briefing_page.find(id=figure.dt.a["href"].removeprefix("#"))
        assert sentence is not None and sentence.name == "span" and "sentence" in sentence["class"], value
    first = briefing_page.select_one(".key-figures .figure dt a")
    assert first.get_text() == "1,822"
    assert "1,822 criminal cases" in briefing_page.find(id=first["href"][1:]).get_text()


def test_the_targeted_sentence_is_highlighted_by_the_stylesheet(demo_site):
    css = (demo_site / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert ".sentence:target" in css


def test_key_figure_shows_as_of_date_and_source_entity(briefing_page):
    first = briefing_page.select_one(".key-figures .figure")
    meta_line = first.select_one(".figure-meta")
    assert meta_line.time["datetime"] == "2022-01" and meta_line.time.get_text() == "January 2022"
    assert meta_line.a.get_text() == "Ministry of Internal Affairs of Kazakhstan"
    assert meta_line.a["href"].endswith("entities/ministry-of-internal-affairs-of-kazakhstan/index.html")


def test_a_range_is_shown_for_readers_and_traced_to_its_sentence(tmp_path):
    content = copy_content(tmp_path)
    edit(content, BRIEFING_MD, "participating_states:", """  - value: {min: 2000, max: 2500}
    unit: troops
    approximate: true
    label: in the CSTO contingent
    source: Kazinform
    url: https://example.org/report
participating_states:""")
    edit(content, BRIEFING_MD, "The force was made up", "It numbered between 2,000 and 2,500 troops. The force was made up")
    page = soup(build(content, tmp_path / "out") / BRIEFING)
    figure = page.select(".key-figures .figure")[-1]
    assert figure.dt.get_text(strip=True) == "about 2,000\u20132,500 troops"
    sentence = page.find(id=figure.dt.a["href"][1:])
    assert sentence.get_text() == "It numbered between 2,000 and 2,500 troops."
    source = figure.select_one(".figure-meta a")
    assert (source.get_text(), source["href"]) == ("Kazinform", "https://example.org/report")


def test_a_range_written_as_text_is_an_error_with_the_form_to_use(tmp_path):
    content = copy_content(tmp_path)
    edit(content, BRIEFING_MD, "value: 116", 'value: "100-150"')
    with pytest.raises(ContentError) as err:
        build(content, tmp_path / "out")
    (problem,) = err.value.problems
    assert problem.field == "key_figures[1].value"
    assert "{min: 1000, max: 2000}" in problem.message


def _remove_116_from_the_text(tmp_path: Path) -> Path:
    content = copy_content(tmp_path)
    edit(content, BRIEFING_MD, "Of the cases opened so far, 116 have been passed", "Of the cases opened so far, some have been passed")
    return content


def test_a_figure_the_text_does_not_state_is_a_warning_naming_file_and_figure(tmp_path, capsys):
    content = _remove_116_from_the_text(tmp_path)
    out = build(content, tmp_path / "out")
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("WARNING: ")]
    assert len(warnings) == 1, warnings
    assert warnings[0].endswith(f'{BRIEFING_MD}: key_figures[1]: "116 cases transferred to special prosecutors" is not stated in the text '
                                "and has no url: state it in the article or add url: https://... of its source")
    # The site is still built; the figure is shown without a link to a sentence.
    figure = soup(out / BRIEFING).select(".key-figures .figure")[1]
    assert figure.dt.get_text(strip=True) == "116" and figure.dt.a is None


def test_in_strict_mode_the_unbacked_figure_is_an_error(tmp_path):
    content = _remove_116_from_the_text(tmp_path)
    with pytest.raises(ContentError) as err:
        build(content, tmp_path / "out", BRIEFING_STRICT=True)
    assert [(p.path.rsplit("content/", 1)[-1], p.field) for p in err.value.problems] == [(BRIEFING_MD, "key_figures[1]")]
    assert err.value.code != 0


def test_a_figure_with_a_source_url_needs_no_sentence(tmp_path, capsys):
    content = _remove_116_from_the_text(tmp_path)
    edit(content, BRIEFING_MD, "    label: cases transferred to special prosecutors\n",
         "    label: cases transferred to special prosecutors\n    url: https://example.org/statement\n")
    build(content, tmp_path / "out", BRIEFING_STRICT=True)
    assert "WARNING" not in capsys.readouterr().err


# ---------------------------------------------------------------- participating states

def test_each_state_has_its_iso_code_as_a_decorative_badge_and_its_name_as_text(briefing_page):
    items = briefing_page.select(".states .state-list li")
    assert [li.a.get_text() for li in items] == list(STATES.values())
    for li, iso in zip(items, STATES, strict=True):
        mark = li.select_one(".iso")
        assert mark["aria-hidden"] == "true" and mark.get_text() == iso
        assert li.select_one(".role").get_text() == "units of the armed forces in the CSTO peacekeeping contingent"
    host = briefing_page.select_one(".states .host")
    assert host.select_one(".iso").get_text() == "KZ" and host.a.get_text() == "Kazakhstan"
    # No emoji flags: they show as empty boxes where no emoji font is installed.
    assert flag("KZ")[0] not in str(briefing_page) and not any("\U0001F1E6" <= c <= "\U0001F1FF" for c in str(briefing_page))


def test_a_state_without_iso_gets_its_code_from_its_name(tmp_path):
    content = copy_content(tmp_path)
    edit(content, "entities/kyrgyzstan.md", "iso: KG\n", "")
    page = soup(build(content, tmp_path / "out") / BRIEFING)
    assert page.select(".states .state-list li")[-1].select_one(".iso").get_text() == "KG"
    assert page.select_one(".states-map svg .participant[data-iso=kg]") is not None


def test_a_state_with_no_known_code_is_an_error(tmp_path):
    content = copy_content(tmp_path)
    (content / "entities" / "narnia.md").write_text("---\nname: Narnia\nkind: state\n---\nA land.\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        build(content, tmp_path / "out")
    assert [(p.path.rsplit("content/", 1)[-1], p.field) for p in err.value.problems] == [("entities/narnia.md", "iso")]


def test_map_shows_the_five_states_and_the_host_distinctly_with_legend_and_text(briefing_page):
    figure = briefing_page.select_one(".states figure.states-map")
    svg = figure.svg
    assert svg["role"] == "img" and svg.title.get_text() and svg.desc.get_text()
    assert {p["data-iso"] for p in svg.select(".participant")} == {c.lower() for c in STATES}
    (host,) = svg.select(".host")
    assert host["data-iso"] == "kz"
    fills = {p["fill"] for p in svg.select(".participant")}
    assert len(fills) == 1 and host["fill"] not in fills
    desc = svg.desc.get_text()
    assert "Host state: Kazakhstan" in desc and all(name in desc for name in STATES.values())
    legend = figure.figcaption.get_text(" ", strip=True)
    assert "Host state: Kazakhstan (KZ)" in legend
    assert "Participating states: Russia (RU), Belarus (BY), Armenia (AM), Tajikistan (TJ), Kyrgyzstan (KG)" in legend
    # Nothing in the map is fetched from elsewhere.
    assert not svg.find(attrs={"href": True}) and not svg.find(attrs={"xlink:href": True}) and not svg.find("script")


def test_map_and_page_stay_within_their_budgets(demo_site, briefing_page):
    svg_bytes = len(str(briefing_page.select_one(".states-map svg")).encode())
    assert svg_bytes <= 25_000
    page_bytes = (demo_site / BRIEFING).stat().st_size + (demo_site / "theme" / "css" / "site.css").stat().st_size
    print(f"briefing page: {page_bytes} bytes with CSS; map: {svg_bytes} bytes")
    assert page_bytes <= 50_000


# ---------------------------------------------------------------- timeline

def test_timeline_sidebar_entries_are_machine_readable_and_anchored(briefing_page):
    entries = briefing_page.select(".timeline li")
    assert [(li["id"], li.time["datetime"], li.time.get_text()) for li in entries] == [
        ("timeline-1", "2022-01", "January 2022"), ("timeline-2", "2022-01-06", "6 January 2022")]


def test_timeline_page_is_linked_from_every_page(demo_site):
    timeline = (demo_site / "timeline" / "index.html").resolve()
    assert timeline.is_file()
    for page in sorted(demo_site.rglob("*.html")):
        if page.name == "404.html":
            continue
        hrefs = [a["href"] for a in soup(page).select("nav a[href]")]
        assert timeline in {(page.parent / h).resolve() for h in hrefs}, page


def test_timeline_page_merges_briefings_by_date_and_links_back(tmp_path):
    content = copy_seed_content(tmp_path)
    (content / "briefings" / "csto-withdrawal.md").write_text("""---
title: CSTO contingent leaves Kazakhstan
date: 2022-01-19
timeline:
  - {date: 2022-01-13, text: The CSTO contingent begins to withdraw}
  - {date: 2022-01, text: Internet access is cut across the country}
  - {date: 2021-12-16, text: Independence Day passes quietly}
---
The last units of the CSTO contingent left Kazakhstan.
""", encoding="utf-8")
    out = build(content, tmp_path / "out")
    page = soup(out / "timeline" / "index.html")
    assert [h.get_text() for h in page.select("main h2")] == ["December 2021", "January 2022"]
    rows = [(li.time["datetime"], li.select_one(".from a")["href"]) for li in page.select(".timeline-list li")]
    first = "../briefings/kazakhstan-criminal-cases/index.html"
    second = "../briefings/csto-withdrawal/index.html"
    assert rows == [("2021-12-16", second + "#timeline-1"),
                    ("2022-01", first + "#timeline-1"),   # month-precision entries come before the days,
                    ("2022-01", second + "#timeline-2"),  # then by briefing date
                    ("2022-01-06", first + "#timeline-2"),
                    ("2022-01-13", second + "#timeline-3")]
    assert broken_links(out) == []


# ---------------------------------------------------------------- dates

def test_month_precision_date_is_never_padded_to_a_day(demo_site):
    for page in [demo_site / "index.html", demo_site / BRIEFING, demo_site / "entities" / "tass" / "index.html"]:
        times = [t for t in soup(page).select("main time") if t["datetime"].startswith("2022-01")]
        assert times, page
        # The month is shown as the month; dates known to the day are shown with their own day.
        assert {t.get_text() for t in times if t["datetime"] == "2022-01"} == {"January 2022"}, page
        assert all(t.get_text() == PartialDate.parse(t["datetime"]).display for t in times), page
    for page in sorted(demo_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "1 January 2022" not in text and "2022-01-01" not in text, page


def test_feed_keeps_the_month_where_readers_see_it(demo_site):
    feed = (demo_site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    # Atom requires a full timestamp here ...
    assert "<published>2022-01-01T00:00:00+00:00</published>" in feed
    # ... but nothing a reader sees, and not the entry's id, names a day.
    assert "1 January" not in feed
    assert "<id>tag:127.0.0.1,2022-01:/briefings/kazakhstan-criminal-cases/index.html</id>" in feed
    assert f'<link href="{LOCAL_BASE}/briefings/kazakhstan-criminal-cases/index.html" rel="alternate"/>' in feed


# ---------------------------------------------------------------- structured data

@pytest.fixture(scope="module")
def published_demo(tmp_path_factory):
    """The demo built for its published address: the only build whose pages name an address."""
    return build(CONTENT, tmp_path_factory.mktemp("published") / "out", siteurl=SITE)


def test_briefing_json_ld_is_a_news_article(published_demo):
    doc = json_ld(soup(published_demo / "briefings" / "kazakhstan-criminal-cases" / "index.html"))
    url = f"{SITE}/briefings/kazakhstan-criminal-cases/"
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "NewsArticle"
    assert doc["headline"] == "Nearly 2,000 criminal cases opened in Kazakhstan after January unrest"
    assert doc["datePublished"] == "2022-01"
    assert doc["url"] == url and doc["mainEntityOfPage"] == url
    assert doc["sourceOrganization"]["name"] == "TASS" and doc["sourceOrganization"]["@type"] == "Organization"
    assert doc["isBasedOn"]["url"] == "https://en.news-front.su/?p=344164"
    assert doc["isBasedOn"]["publisher"]["name"] == "News Front"
    assert doc["about"] == {"@type": "Country", "name": "Kazakhstan", "url": f"{SITE}/entities/kazakhstan/",
                            "sameAs": ["https://www.wikidata.org/wiki/Q232"]}


def test_json_ld_mentions_every_linked_entity_with_its_type_and_wikidata(published_demo):
    page = published_demo / "briefings" / "kazakhstan-criminal-cases" / "index.html"
    doc = soup(page)
    mentions = {m["url"]: m for m in json_ld(doc)["mentions"]}
    linked = {(page.parent / a["href"]).resolve() for a in doc.select("main a[href*='entities/']")}
    expected = {f"{SITE}/" + str(p.relative_to(published_demo.resolve())) + "/" for p in linked}
    assert set(mentions) == expected
    by_name = {m["name"]: m for m in mentions.values()}
    assert by_name["Yerlan Turgumbayev"]["@type"] == "Person" and "sameAs" not in by_name["Yerlan Turgumbayev"]
    assert by_name["TASS"]["@type"] == "Organization"
    assert by_name["Russia"] == {"@type": "Country", "name": "Russia", "url": f"{SITE}/entities/russia/",
                                 "sameAs": ["https://www.wikidata.org/wiki/Q159"]}


def test_entity_pages_carry_their_own_json_ld(published_demo):
    demo_site = published_demo
    person = json_ld(soup(demo_site / "entities" / "yerlan-turgumbayev" / "index.html"))
    assert person["@type"] == "Person" and person["name"] == "Yerlan Turgumbayev"
    assert person["alternateName"] == ["Yerlan Turgumbaev", "Turgumbayev", "Turgumbaev", "Turqumbayev",
                                       "Ерлан Тұрғымбаев", "Ерлан Тургумбаев"]
    assert person["url"] == f"{SITE}/entities/yerlan-turgumbayev/"
    assert person["description"].startswith("Yerlan Turgumbayev is a Kazakh official")
    state = json_ld(soup(demo_site / "entities" / "kazakhstan" / "index.html"))
    assert (state["@type"], state["sameAs"], state["alternateName"]) == ("Country", ["https://www.wikidata.org/wiki/Q232"], ["Republic of Kazakhstan", "Қазақстан", "Казахстан"])
    assert json_ld(soup(demo_site / "entities" / "tass" / "index.html"))["@type"] == "Organization"


def test_published_json_ld_uses_the_published_address(tmp_path):
    out = build(copy_content(tmp_path), tmp_path / "out", siteurl="https://user.github.io/repo")
    doc = json_ld(soup(out / "briefings" / "kazakhstan-criminal-cases" / "index.html"))
    assert doc["url"] == "https://user.github.io/repo/briefings/kazakhstan-criminal-cases/"
    assert doc["about"]["url"] == "https://user.github.io/repo/entities/kazakhstan/"


def test_json_ld_cannot_be_broken_out_of_by_content(tmp_path):
    content = copy_content(tmp_path)
    edit(content, BRIEFING_MD, 'summary: "Kazakhstan', 'summary: "</script><script>alert(1)</script> & Kazakhstan')
    page = soup(build(content, tmp_path / "out") / BRIEFING)
    scripts = page.find_all("script")
    assert [s["type"] for s in scripts] == ["application/ld+json"]
    assert json_ld(page)["description"].startswith("</script><script>alert(1)</script> & Kazakhstan")
    assert "<" not in scripts[0].string and "&" not in scripts[0].string


def test_every_page_has_open_graph_and_twitter_card_meta(demo_site):
    kinds = {BRIEFING: "article", "entities/yerlan-turgumbayev/index.html": "profile",
             "entities/tass/index.html": "website", "index.html": "website", "timeline/index.html": "website"}
    for page in sorted(demo_site.rglob("*.html")):
        rel = str(page.relative_to(demo_site))
        doc = soup(page)
        assert meta(doc, "og:site_name") == "Briefing", rel
        assert meta(doc, "og:title") and meta(doc, "og:description"), rel
        assert meta(doc, "og:url") is None, rel  # a local build claims no address (see test_editor_findings)
        assert meta(doc, "twitter:card") == "summary", rel
        if rel in kinds:
            assert meta(doc, "og:type") == kinds[rel], rel
    briefing = soup(demo_site / BRIEFING)
    assert meta(briefing, "og:title") == "Nearly 2,000 criminal cases opened in Kazakhstan after January unrest"
    assert meta(briefing, "og:description").startswith("Kazakhstan's interior minister")
