"""The search page and what Pagefind indexes (no browser needed)."""

from __future__ import annotations

from conftest import soup


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
    briefing_pages = sorted(str(p.relative_to(demo_site)) for p in demo_site.glob("briefings/*/index.html"))
    assert "briefings/kazakhstan-criminal-cases/index.html" in briefing_pages
    assert marked == sorted([*briefing_pages, *entity_pages])
