"""End to end: the demo site, built from content/, read as a reader would follow it."""

import json
from pathlib import Path

from support import CONTENT, broken_links, soup

ENTITY_SLUGS = sorted(p.stem for p in (CONTENT / "entities").glob("*.md"))
BRIEFING = "briefings/kazakhstan-criminal-cases/index.html"


def resolve(page: Path, href: str) -> Path:
    target = (page.parent / href.split("#")[0]).resolve()
    return target / "index.html" if target.is_dir() else target


def test_every_page_of_the_url_contract_exists(demo_site):
    for path in ["index.html", BRIEFING, "entities/index.html", "404.html", ".nojekyll", "feeds/all.atom.xml"]:
        assert (demo_site / path).is_file(), path
    for slug in ENTITY_SLUGS:
        assert (demo_site / "entities" / slug / "index.html").is_file(), slug


def test_home_links_to_the_briefing(demo_site):
    page = demo_site / "index.html"
    targets = {resolve(page, a["href"]) for a in soup(page).select("main a[href]")}
    assert (demo_site / BRIEFING).resolve() in targets


def briefing_entities(demo_site) -> dict[str, list[str]]:
    """Each briefing page (relative path) and the entities it names or attaches, from /data/briefings.json."""
    data = json.loads((demo_site / "data" / "briefings.json").read_text(encoding="utf-8"))
    return {f"briefings/{b['id']}/index.html": b["entities"] for b in data["briefings"]}


def test_briefing_links_to_every_entity_page(demo_site):
    # The demo has several briefings: each links to every entity it names, and together they link to all.
    linked = set()
    for path, slugs in briefing_entities(demo_site).items():
        page = demo_site / path
        targets = {resolve(page, a["href"]) for a in soup(page).select("main a[href]")}
        missing = [s for s in slugs if (demo_site / "entities" / s / "index.html").resolve() not in targets]
        assert missing == [], path
        linked |= targets
    assert len(briefing_entities(demo_site)[BRIEFING]) >= 10
    assert [s for s in ENTITY_SLUGS if (demo_site / "entities" / s / "index.html").resolve() not in linked] == []


def test_every_entity_page_links_back_to_the_briefing(demo_site):
    # ... and every entity page links back to each briefing that names it.
    for path, slugs in briefing_entities(demo_site).items():
        briefing = (demo_site / path).resolve()
        for slug in slugs:
            page = demo_site / "entities" / slug / "index.html"
            targets = {resolve(page, a["href"]) for a in soup(page).select("main a[href]")}
            assert briefing in targets, (slug, path)
    assert all(slug in {s for slugs in briefing_entities(demo_site).values() for s in slugs} for slug in ENTITY_SLUGS)


def test_first_mentions_in_the_text_link_to_their_entities(briefing_page):
    links = {a.get_text(): a["href"] for a in briefing_page.select(".article-body a.entity")}
    assert links["Yerlan Turgumbaev"].endswith("entities/yerlan-turgumbayev/index.html")
    assert links["Kassym – Zhomart Tokayev"].endswith("entities/kassym-jomart-tokayev/index.html")
    assert links["CSTO Collective Security Council"].endswith("entities/csto-collective-security-council/index.html")
    assert links["CSTO"].endswith("entities/csto/index.html")
    # Only the first mention is linked by default.
    assert [a.get_text() for a in briefing_page.select(".article-body a.entity")].count("Turgumbayev") == 0


def test_both_spellings_of_turgumbayev_are_mentions_of_one_entity(demo_site):
    page = soup(demo_site / "entities" / "yerlan-turgumbayev" / "index.html")
    marked = {m.get_text() for m in page.select(".mentions mark")}
    assert {"Yerlan Turgumbaev", "Turgumbayev"} <= marked


def test_key_figures_sidebar_shows_the_figures_with_their_sentences(briefing_page):
    figures = briefing_page.select(".key-figures .figure")
    values = [f.dt.get_text(strip=True) for f in figures]
    assert values[:2] == ["1,822", "116"]
    for figure in figures[:2]:
        anchor = figure.dt.a["href"].lstrip("#")
        sentence = briefing_page.find(id=anchor)
        assert sentence is not None and "sentence" in sentence["class"]
        assert figure.dt.get_text(strip=True) in sentence.get_text()


def test_participating_states_sidebar_links_each_state(briefing_page):
    items = briefing_page.select(".states .state-list li")
    names = [li.a.get_text() for li in items]
    assert names == ["Russia", "Belarus", "Armenia", "Tajikistan", "Kyrgyzstan"]
    for li, name in zip(items, names, strict=True):
        assert li.a["href"].endswith(f"entities/{name.lower()}/index.html")


def test_briefing_shows_month_precision_date_without_inventing_a_day(briefing_page):
    time = briefing_page.select_one(".briefing-header time")
    assert time.get_text() == "January 2022"
    assert time["datetime"] == "2022-01"


def test_timeline_and_source_are_shown(briefing_page):
    entries = [li.get_text(" ", strip=True) for li in briefing_page.select(".timeline li")]
    assert entries[0].startswith("January 2022") and entries[1].startswith("6 January 2022")
    source = briefing_page.select_one(".source")
    assert "TASS" in source.get_text() and "News Front" in source.get_text()
    assert source.find("a", href="https://en.news-front.su/?p=344164")


def test_one_h1_and_landmarks_on_every_page(demo_site):
    for page in sorted(demo_site.rglob("*.html")):
        doc = soup(page)
        assert len(doc.find_all("h1")) == 1, page
        for landmark in ("header", "nav", "main", "footer"):
            assert doc.find(landmark), (page, landmark)


def test_no_request_to_another_host(demo_site):
    for page in sorted(demo_site.rglob("*.html")):
        doc = soup(page)
        for el in doc.find_all(["link", "script", "img", "iframe", "source"]):
            if "canonical" in el.get("rel", []) or ("alternate" in el.get("rel", []) and el.get("hreflang")):
                continue  # names the page's address (or a translation's); a browser never fetches it
            ref = el.get("href") or el.get("src") or ""
            assert not ref.startswith(("http:", "https:", "//")), (page, ref)


def test_no_broken_internal_link_or_anchor(demo_site):
    assert broken_links(demo_site) == []


def test_entity_index_groups_entities_by_kind(demo_site):
    page = soup(demo_site / "entities" / "index.html")
    headings = [h.get_text() for h in page.select("main h2")]
    assert headings[:1] == ["States"] and "People" in headings and "Organisations" in headings
    assert len(page.select(".entity-list a")) == len(ENTITY_SLUGS)
