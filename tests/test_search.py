"""The search page and what Pagefind indexes (no browser needed)."""

from __future__ import annotations

from support import soup


def test_search_page_says_without_javascript_that_search_needs_it_and_links_the_entity_index(demo_site):
    page = soup(demo_site / "search" / "index.html")
    fallback = page.find(id="search-fallback")
    assert "needs JavaScript" in fallback.get_text()
    assert fallback.find("a", string="index of people, organisations and states")["href"] == "../entities/index.html"
    # the script is the site's own, addressed relatively (works under any sub-path)
    assert [s["src"] for s in page.find_all("script", src=True)] == ["../theme/js/search.js"]


def test_every_page_links_to_search_from_the_site_navigation(demo_site):
    for path in ["index.html", "entities/index.html", "briefings/kazakhstan-criminal-cases/index.html"]:
        nav = soup(demo_site / path).find("nav", attrs={"aria-label": "Site"})
        assert nav.find("a", string="Search") is not None, path


def test_only_briefings_and_entity_pages_are_marked_for_the_search_index(demo_site):
    marked = sorted(str(p.relative_to(demo_site)) for p in demo_site.rglob("*.html")
                    if soup(p).find(attrs={"data-pagefind-body": True}))
    entity_pages = sorted(str(p.relative_to(demo_site)) for p in demo_site.glob("entities/*/index.html"))
    # A briefing's translations have pages of their own: briefings/<slug>/<lang>/.
    briefing_pages = sorted(str(p.relative_to(demo_site)) for pattern in ("briefings/*/index.html", "briefings/*/*/index.html")
                            for p in demo_site.glob(pattern))
    assert "briefings/kazakhstan-criminal-cases/index.html" in briefing_pages
    assert marked == sorted([*briefing_pages, *entity_pages])


def test_search_page_has_a_notice_for_readers_who_opened_it_from_disk(demo_site):
    notice = soup(demo_site / "search" / "index.html").find(id="search-offline")
    assert notice.has_attr("hidden")  # search.js shows it on file:// only
    assert "make serve" in notice.get_text()
    assert notice.find("a", string="index of people, organisations and states")["href"] == "../entities/index.html"


def test_weights_rank_a_name_s_own_page_and_the_briefings_discussing_it_first(demo_site):
    briefing = soup(demo_site / "briefings" / "kazakhstan-criminal-cases" / "index.html")
    people = briefing.select_one(".named ul")
    assert float(people["data-pagefind-weight"]) > 1 and "Yerlan Turgumbayev" in people.get_text()
    entity = soup(demo_site / "entities" / "kassym-jomart-tokayev" / "index.html")
    assert float(entity.select_one("ul.mentions")["data-pagefind-weight"]) < 1  # quotes naming others
    assert float(soup(demo_site / "entities" / "yerlan-turgumbayev" / "index.html")
                 .select_one("table.names")["data-pagefind-weight"]) > 1
