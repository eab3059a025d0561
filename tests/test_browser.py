"""Real browsers on the demo site: Debian's chromium (Playwright) and the w3m text browser.

The site is served over HTTP under a sub-path (/repo/), as GitHub Pages serves a project site,
with a strict Content-Security-Policy header, so a page that needed anything from another host
or an inline script would fail here. Without the browsers these tests are skipped, unless
BRIEFING_REQUIRE_BROWSER=1 (as in CI), which turns a missing browser into a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from support import CONTENT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
REQUIRE = os.environ.get("BRIEFING_REQUIRE_BROWSER") == "1"
PREFIX = "/repo/"
# What the search page needs: Pagefind compiles WebAssembly ('wasm-unsafe-eval') and runs a
# worker; everything else comes from the site itself.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'")
BRIEFING = "briefings/kazakhstan-criminal-cases/"
TITLE = "Nearly 2,000 criminal cases opened in Kazakhstan after January unrest"


def require(available: bool, what: str) -> None:
    if available:
        return
    if REQUIRE:
        pytest.fail(f"{what} is missing and BRIEFING_REQUIRE_BROWSER=1")
    pytest.skip(f"{what} is not installed (apt-get install chromium w3m); set BRIEFING_REQUIRE_BROWSER=1 to fail instead")


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):
        if not self.path.startswith(PREFIX):
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path):
        return super().translate_path("/" + path[len(PREFIX):])

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(demo_site, tmp_path_factory):
    """The demo site with its search index, served at http://127.0.0.1:<port>/repo/."""
    site = tmp_path_factory.mktemp("served") / "site"
    shutil.copytree(demo_site, site)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], check=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    require(Path(CHROMIUM).exists(), CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright Python package")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    pg.console_problems = []
    pg.on("console", lambda m: m.type in ("error", "warning") and pg.console_problems.append(m.text))
    yield pg
    context.close()


def test_journey_home_to_briefing_to_entity_and_back_by_clicking(page, site_url):
    page.goto(site_url)
    page.get_by_role("link", name=TITLE).click()
    assert page.url == site_url + BRIEFING + "index.html"
    assert page.locator("h1").inner_text() == TITLE
    page.locator(".article-body a", has_text="Yerlan Turgumbaev").click()
    assert page.locator("h1").inner_text() == "Yerlan Turgumbayev"
    assert "/repo/entities/yerlan-turgumbayev/" in page.url
    page.go_back()
    assert page.locator("h1").inner_text() == TITLE
    page.go_forward()
    # Turgumbayev is named in more than one briefing: follow the link back to this one.
    page.locator(f'a[href*="{BRIEFING}"]', has_text="Read in the briefing").first.click()
    assert page.url.startswith(site_url + BRIEFING) and "#s-" in page.url
    assert page.console_problems == []


def test_key_figure_link_targets_and_highlights_its_sentence(page, site_url):
    page.goto(site_url + BRIEFING)
    sentence = page.locator("#s-law-enforcement-bodies-have-opened")
    plain = sentence.evaluate("el => getComputedStyle(el).backgroundColor")
    page.locator(".key-figures a", has_text="1,822").click()
    assert page.url.endswith("#s-law-enforcement-bodies-have-opened")
    target = page.locator(":target")
    assert "1,822 criminal cases" in target.inner_text()
    highlighted = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert highlighted != plain
    assert highlighted not in ("rgba(0, 0, 0, 0)", "transparent")


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("path", ["", BRIEFING, "entities/", "entities/ministry-of-internal-affairs-of-kazakhstan/", "search/",
                                  "entities/january-2022-unrest-in-kazakhstan/", "figures/", "figures/criminal-cases/",
                                  "corrections/", "briefings/kazakhstan-death-toll-225/"])
def test_no_horizontal_scroll(browser, site_url, width, path):
    context = browser.new_context(viewport={"width": width, "height": 800})
    pg = context.new_page()
    pg.goto(site_url + path)
    scroll_width, inner_width = pg.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    context.close()
    assert scroll_width <= inner_width


def test_sidebars_beside_the_article_on_wide_screens_after_the_lede_on_narrow(browser, site_url):
    def boxes(width):
        context = browser.new_context(viewport={"width": width, "height": 800})
        pg = context.new_page()
        pg.goto(site_url + BRIEFING)
        found = {sel: pg.locator(sel).bounding_box()
                 for sel in (".standfirst", ".key-figures", ".article-body", ".states", ".timeline")}
        context.close()
        return found

    wide = boxes(1280)
    body = wide[".article-body"]
    for facts in (".key-figures", ".states", ".timeline"):
        assert wide[facts]["x"] > body["x"] + body["width"], facts
    assert abs(wide[".key-figures"]["y"] - body["y"]) < 5
    narrow = boxes(390)
    # headline and standfirst, key figures, the article, then the other facts
    assert (narrow[".standfirst"]["y"] < narrow[".key-figures"]["y"] < narrow[".article-body"]["y"]
            < narrow[".states"]["y"] < narrow[".timeline"]["y"])


def _briefing_path(source: Path) -> str:
    """Where a demo briefing is published: briefings/<slug>/, a translation under its language."""
    front = yaml.safe_load(source.read_text(encoding="utf-8").split("---")[1])
    slug, lang = front.get("slug", source.stem), front.get("lang", "en")
    return f"briefings/{slug}/" + ("" if lang == "en" else f"{lang}/")


DEMO_BRIEFINGS = sorted(_briefing_path(p) for p in (CONTENT / "briefings").glob("*.md"))


@pytest.mark.parametrize("path", DEMO_BRIEFINGS)
def test_on_a_phone_the_article_starts_within_one_and_a_half_screens(page, site_url, path):
    page.goto(site_url + path)  # 390 x 844
    top = page.evaluate("document.querySelector('.article-body p').getBoundingClientRect().top + scrollY")
    assert top <= 1.5 * 844


def test_a_screen_reader_can_jump_to_the_article_and_knows_where_it_is_in_the_navigation(page, site_url):
    page.goto(site_url + BRIEFING)
    region = page.get_by_role("region", name="Article")
    assert "1,822 criminal cases" in region.inner_text()
    assert page.get_by_role("heading", name="Article", exact=True).count() == 1
    assert page.locator("h1").count() == 1
    assert page.locator(".article-body").evaluate("el => el === document.querySelector('[aria-labelledby=article-heading]')")
    assert page.locator("[aria-current]").count() == 0  # a briefing is none of the navigation's pages
    for path, name in [("", "Briefings"), ("entities/", "People, organisations and states"), ("timeline/", "Timeline"),
                       ("search/", "Search")]:
        page.goto(site_url + path)
        nav = page.get_by_role("navigation", name="Site")
        assert nav.locator("[aria-current=page]").all_inner_texts() == [name], path
        assert page.locator("h1").count() == 1


def _luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_map_is_comfortable_in_both_colour_schemes(browser, site_url, scheme):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    pg = context.new_page()
    pg.goto(site_url + BRIEFING)
    fill = "sel => getComputedStyle(document.querySelector('.briefing-map ' + sel)).fill"
    colours = {sel: pg.evaluate(fill, sel) for sel in (".sea", ".land", ".participant", ".host", ".label rect", ".label text")}
    page_bg = pg.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    for a, b in [(".land", ".participant"), (".participant", ".host"), (".land", ".host")]:
        assert _contrast(colours[a], colours[b]) >= 3, (scheme, a, b)
    assert _contrast(colours[".label text"], colours[".label rect"]) >= 4.5
    # The sea is of the page's own lightness: no bright rectangle on a dark page.
    assert _contrast(colours[".sea"], page_bg) < 1.5, scheme


def test_every_state_is_findable_on_the_map_at_phone_width(page, site_url):
    page.goto(site_url + BRIEFING)  # 390 x 844
    codes = page.locator(".state-list .iso").all_inner_texts() + page.locator(".states .host .iso").all_inner_texts()
    assert codes == ["RU", "BY", "AM", "TJ", "KG", "KZ"]
    labels = page.locator(".briefing-map .label text")
    assert sorted(labels.all_text_contents()) == sorted(codes)
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    for box in boxes:
        assert box["height"] >= 10  # px on a 390 px screen
    rects = [page.locator(".briefing-map .label rect").nth(i).bounding_box() for i in range(labels.count())]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            apart = (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                     or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
            assert apart
    # The badges beside the names and the legend show the same codes as the map.
    legend = page.locator(".map-legend").inner_text()
    assert all(f"({code})" in legend for code in codes)


def test_states_show_codes_not_emoji_flags(page, site_url):
    page.goto(site_url + BRIEFING)
    html = page.content()
    assert not any("\U0001F1E6" <= c <= "\U0001F1FF" for c in html)
    badge = page.locator(".state-list .iso").first
    assert badge.is_visible() and badge.bounding_box()["width"] >= 16


def test_without_javascript_everything_but_search_works(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site_url)
    pg.get_by_role("link", name=TITLE).click()
    pg.locator(".states a", has_text="Russia").click()
    assert pg.locator("h1").inner_text() == "Russia"
    pg.get_by_role("navigation", name="Site").get_by_role("link", name="Search").click()
    fallback = pg.locator("#search-fallback")
    assert fallback.is_visible() and "needs JavaScript" in fallback.inner_text()
    fallback.get_by_role("link", name="index of people, organisations and states").click()
    assert pg.locator("h1").inner_text() == "People, organisations and states"
    pg.get_by_role("link", name="Kassym-Jomart Tokayev").click()
    assert pg.locator("h1").inner_text() == "Kassym-Jomart Tokayev"
    context.close()


def test_search_finds_entity_pages_and_their_links_work_under_the_sub_path(page, site_url):
    page.goto(site_url + "search/")
    box = page.get_by_label("Words to search for")
    box.fill("Turgumbayev")
    page.wait_for_selector(".pagefind-ui__result-link")
    page.wait_for_function("document.querySelectorAll('.pagefind-ui__result').length >= 5")
    links = [link for link in page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.href)")
             if "#" not in link]  # pages, not their sub-results
    # The page about the name first, then the briefing that discusses it, then pages that quote it.
    assert links[:2] == [site_url + "entities/yerlan-turgumbayev/", site_url + BRIEFING]
    assert not page.locator("#search-fallback").is_visible()
    page.locator(".pagefind-ui__result-link", has_text="Yerlan Turgumbayev").first.click()
    assert page.locator("h1").inner_text() == "Yerlan Turgumbayev"
    assert page.console_problems == []  # no CSP violation under the policy above


def test_search_opened_from_disk_says_to_serve_the_site_and_links_the_entity_index(page, demo_site):
    page.goto((demo_site / "search" / "index.html").as_uri())
    offline = page.locator("#search-offline")
    assert offline.is_visible() and "make serve" in offline.inner_text()
    assert not page.locator("#search-fallback").is_visible()
    page.wait_for_timeout(300)
    assert "Searching" not in page.locator("main").inner_text()
    offline.get_by_role("link", name="index of people, organisations and states").click()
    assert page.locator("h1").inner_text() == "People, organisations and states"


def test_print_hides_navigation_keeps_sidebars_and_shows_link_addresses(page, site_url):
    page.goto(site_url + BRIEFING)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".key-figures").is_visible() and page.locator(".states").is_visible()
    after = page.locator(".source a[href^='http']").evaluate("el => getComputedStyle(el, '::after').content")
    assert "https://en.news-front.su/" in after


def test_reduced_motion_turns_off_smooth_scrolling(browser, site_url):
    behaviour = {}
    for motion in ("no-preference", "reduce"):
        context = browser.new_context(reduced_motion=motion)
        pg = context.new_page()
        pg.goto(site_url + BRIEFING)
        behaviour[motion] = pg.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
        context.close()
    assert behaviour == {"no-preference": "smooth", "reduce": "auto"}


def test_w3m_reads_the_headline_figures_article_then_states_in_order(demo_site):
    require(shutil.which("w3m") is not None, "w3m")
    page = demo_site / "briefings" / "kazakhstan-criminal-cases" / "index.html"
    text = subprocess.run(["w3m", "-dump", "-cols", "100", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", str(page)],
                          capture_output=True, text=True, check=True).stdout
    words = " ".join(text.split())  # w3m wraps lines; compare the words
    in_order = [
        "Skip to main content",
        TITLE,
        "Kazakhstan's interior minister has told President Tokayev",  # the standfirst
        "Key figures", "1,822", "criminal cases opened", "116", "cases transferred to special prosecutors",
        "Nearly 2,000 criminal cases have been opened in Kazakhstan",  # the article
        "Law enforcement bodies have opened 1,822 criminal cases in all, said Yerlan Turgumbaev",
        'kept a "color revolution" from happening in Kazakhstan.',
        "Participating states", "RU Russia: units of the armed forces in the CSTO peacekeeping contingent",
        "BY Belarus:", "AM Armenia:", "TJ Tajikistan:", "KG Kyrgyzstan:", "Host state: KZ Kazakhstan",
        "People and organisations", "Yerlan Turgumbayev: Minister of Internal Affairs of Kazakhstan",
        "Timeline", "6 January 2022: The CSTO Collective Security Council decides",
        "Atom feed of all briefings",
    ]
    position, out_of_order = 0, []
    for item in in_order:  # each item must come after the previous one
        found = words.find(item, position)
        if found < 0:
            out_of_order.append(item)
        else:
            position = found + len(item)
    assert out_of_order == []
