"""`make publish`: the published site served under a sub-path, its site files, and byte-identical rebuilds.

The crawl test runs the real `make publish` in a copy of the project (with the
Python that runs the tests, so no virtualenv is built), serves the output on
loopback under /repo/ as GitHub Pages serves a project site (404.html for a
missing page), and follows every link from the home page over HTTP.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup

from briefing.model.dates import PartialDate, newest
from briefing.model.problems import ContentError
from briefing.output.site_files import SitemapEntry, sitemap_xml
from support import CONF, CONTENT, ROOT, broken_links, build, copy_content, copy_seed_content, soup

PREFIX = "/repo"
PROJECT_FILES = ["Makefile", "pelican.conf.py", "requirements.txt", "requirements-dev.txt"]
PROJECT_DIRS = ["content", "plugins", "theme", "tools"]  # those that exist
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")


# ---------------------------------------------------------------- helpers

def make_env() -> dict[str, str]:
    """The environment without anything an outer `make` or shell could pass to ours."""
    drop = {"SITEURL", "CNAME", "BRIEFING_CNAME", "BRIEFING_STRICT", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def copy_project(target: Path) -> Path:
    target.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, target / name)
    for name in filter(lambda d: (ROOT / d).is_dir(), PROJECT_DIRS):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def python_bin() -> Path:
    """The folder with the test Python and its `pelican` script: stands in for .venv/bin."""
    folder = Path(sys.executable).parent
    if shutil.which("make") is None or not (folder / "pelican").is_file():
        pytest.skip("needs make and a pelican script next to the test Python")
    return folder


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site folder under PREFIX only; a missing page gets 404.html, as on GitHub Pages."""

    def translate_path(self, path):
        url_path = urlsplit(path).path
        if url_path != PREFIX and not url_path.startswith(PREFIX + "/"):
            return os.path.join(self.directory, "\0outside")  # never a file
        return super().translate_path(url_path[len(PREFIX):] or "/")

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


def fetch(url: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET; errors are answers too."""
    try:
        with urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def references(doc: BeautifulSoup) -> list[str]:
    """Every address a reader or browser would follow or load from a page."""
    refs = [el["href"] for el in doc.find_all(["a", "link"], href=True)]
    refs += [el["src"] for el in doc.find_all(["img", "script", "source", "iframe"], src=True)]
    return refs


class Crawl:
    """Everything reachable from a start page on one origin, with each broken reference."""

    def __init__(self, base: str):
        self.base = base  # http://127.0.0.1:PORT/repo
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
        self.responses: dict[str, tuple[int, str, bytes]] = {}
        self.ids: dict[str, set[str]] = {}
        self.broken: list[str] = []

    def get(self, url: str) -> tuple[int, str, bytes]:
        if url not in self.responses:
            self.responses[url] = fetch(url)
            _status, kind, body = self.responses[url]
            if kind == "text/html":
                self.ids[url] = {el["id"] for el in BeautifulSoup(body, "html.parser").find_all(id=True)}
        return self.responses[url]

    def check(self, page: str, href: str) -> str | None:
        """The internal URL (without #fragment) href leads to, after checking it; None if external."""
        url, fragment = urldefrag(urljoin(page, href))
        if href.startswith("#"):  # on the page itself, whatever its status (the 404 page's skip link)
            if fragment not in self.ids.get(url, set()):
                self.broken.append(f"{page} -> {href}: no element with id '{fragment}'")
            return None
        if urlsplit(url).scheme not in ("http", "https"):
            return None  # data:, mailto:
        if not url.startswith(self.origin + "/"):
            return None  # another site (a source document): never fetched by the page itself
        if not url.startswith(self.base + "/"):
            self.broken.append(f"{page} -> {href}: outside {self.base}/")
            return None
        status, _, _ = self.get(url)
        if status != 200:
            self.broken.append(f"{page} -> {href}: HTTP {status}")
        elif fragment and fragment not in self.ids.get(url, set()):
            self.broken.append(f"{page} -> {href}: no element with id '{fragment}'")
        return url

    def run(self, start: str) -> list[str]:
        """Follow every reference of every HTML page from start; returns the pages visited."""
        queue, seen = [start], {start}
        status, _, _ = self.get(start)
        assert status == 200, f"{start}: HTTP {status}"
        while queue:
            page = queue.pop(0)
            for href in references(BeautifulSoup(self.get(page)[2], "html.parser")):
                url = self.check(page, href)
                if url is None or self.responses[url][0] != 200:
                    continue
                kind = self.responses[url][1]
                if kind == "text/css":  # images and fonts a stylesheet loads
                    for ref in CSS_URL_RE.findall(self.responses[url][2].decode()):
                        self.check(url, ref)
                elif kind == "text/html" and url not in seen:
                    seen.add(url)
                    queue.append(url)
        return sorted(seen)


# ---------------------------------------------------------------- the published site, served under /repo/

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`make publish` output served at http://127.0.0.1:PORT/repo/ (the port is bound before the build)."""
    bin_dir = python_bin()
    project = copy_project(tmp_path_factory.mktemp("publish") / "project")
    output = project / "output"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(output)))
    base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    run = subprocess.run(["make", "publish", f"SITEURL={base}", "BUILD_STAMP=", f"BIN={bin_dir}"],
                         cwd=project, env=make_env(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, output
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def crawl(served):
    base, _ = served
    crawler = Crawl(base)
    crawler.pages = crawler.run(base + "/")
    return crawler


def test_every_page_crawled_from_home_has_no_broken_link_anchor_stylesheet_or_image(crawl, served):
    base, output = served
    assert crawl.broken == []
    # The crawl reached every page that was built (404.html is reached by its own test).
    built = {p.relative_to(output).parent.as_posix() for p in output.rglob("index.html")}
    reached = {url[len(base) + 1:].rstrip("/") or "." for url in crawl.pages}
    assert reached == built
    assert any(kind == "text/css" and status == 200 for status, kind, _ in crawl.responses.values())


def test_published_pages_use_folder_urls_and_canonical_links_to_themselves(crawl):
    for url in crawl.pages:
        doc = BeautifulSoup(crawl.responses[url][2], "html.parser")
        assert not any(href.endswith("index.html") for href in references(doc)), url
        canonical = doc.select("link[rel=canonical]")
        assert [link["href"] for link in canonical] == [url]


def test_missing_deep_url_gets_the_404_page_and_its_links_work(served):
    base, _ = served
    missing = base + "/briefings/no-such-briefing/deeper/still/"
    crawler = Crawl(base)
    status, kind, body = crawler.get(missing)
    assert status == 404 and kind == "text/html"
    doc = BeautifulSoup(body, "html.parser")
    assert doc.h1.get_text() == "Page not found"
    assert doc.find("meta", attrs={"name": "robots", "content": "noindex"})
    for href in references(doc):
        crawler.check(missing, href)
    assert crawler.broken == []
    followed = {url for url, (status, _, _) in crawler.responses.items() if status == 200}
    assert {base + "/", base + "/entities/", base + "/theme/css/site.css"} <= followed


def test_sitemap_lists_every_page_by_its_absolute_address(crawl, served):
    base, _ = served
    status, _, body = fetch(base + "/sitemap.xml")
    assert status == 200
    urls = ET.fromstring(body).findall(f"{SITEMAP}url")
    locs = [u.findtext(f"{SITEMAP}loc") for u in urls]
    assert sorted(locs) == crawl.pages
    for loc in locs:
        assert fetch(loc)[0] == 200, loc
    # A briefing is as recent as its last change: the seed was corrected on 25 November 2026.
    # Lukashenko is named in that briefing only, so his page changed then too.
    lastmods = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in urls}
    assert lastmods[base + "/briefings/kazakhstan-criminal-cases/"] == "2026-11-25"
    assert lastmods[base + "/entities/alexander-lukashenko/"] == "2026-11-25"
    # A month-only date is given as its month's first day (the sitemap schema wants a full date).
    assert lastmods[base + "/briefings/kazakhstan-2044-criminal-cases/"] == "2022-01-25"
    assert lastmods[base + "/figures/deaths/"] == "2022-08-01"


def test_robots_txt_points_to_the_sitemap(served):
    base, _ = served
    status, kind, body = fetch(base + "/robots.txt")
    assert status == 200 and kind == "text/plain"
    assert f"Sitemap: {base}/sitemap.xml" in body.decode().splitlines()


def test_feed_links_and_ids_are_absolute_under_the_sub_path(served):
    base, _ = served
    status, _, body = fetch(base + "/feeds/all.atom.xml")
    assert status == 200
    feed = ET.fromstring(body)
    assert feed.findtext(f"{ATOM}id") == base + "/"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"alternate": base + "/", "self": base + "/feeds/all.atom.xml"}
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith(base + "/briefings/") and fetch(link)[0] == 200
        # A tag URI: host, date and the path under /repo/, so it stays unique across sites.
        assert entry.findtext(f"{ATOM}id").startswith("tag:127.0.0.1,")
        assert PREFIX + "/briefings/" in entry.findtext(f"{ATOM}id")
        content = BeautifulSoup(entry.findtext(f"{ATOM}content"), "html.parser")
        hrefs = [a["href"] for a in content.find_all("a", href=True)]
        assert hrefs
        for href in hrefs:
            assert href.startswith(("http://", "https://")), href
            if href.startswith(base):
                assert fetch(urldefrag(href)[0])[0] == 200, href


def test_nojekyll_is_published_and_no_cname_without_a_custom_domain(served):
    _, output = served
    assert (output / ".nojekyll").is_file()
    assert not (output / "CNAME").exists()


# ---------------------------------------------------------------- the Makefile

def test_make_publish_without_siteurl_stops_at_once_with_the_fix(tmp_path):
    python_bin()
    project = copy_project(tmp_path / "project")
    run = subprocess.run(["make", "publish"], cwd=project, env=make_env(), capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "make publish SITEURL=https://user.github.io/repo" in run.stderr
    assert not (project / ".venv").exists() and not (project / "output").exists()


# ---------------------------------------------------------------- custom domain (settings level)

def test_custom_domain_writes_cname_and_absolute_urls_on_that_domain(tmp_path):
    output = build(CONTENT, tmp_path / "output", siteurl="https://news.example.org",
                   BRIEFING_CNAME="News.Example.org", BRIEFING_STRICT=True)
    assert (output / "CNAME").read_text() == "news.example.org\n"
    assert "Sitemap: https://news.example.org/sitemap.xml" in (output / "robots.txt").read_text()
    page = soup(output / "briefings" / "kazakhstan-criminal-cases" / "index.html")
    assert page.select_one("link[rel=canonical]")["href"] == "https://news.example.org/briefings/kazakhstan-criminal-cases/"


@pytest.mark.parametrize("siteurl, cname, expected", [
    ("https://user.github.io/repo", "news.example.org", 'SITEURL is "https://user.github.io/repo": use SITEURL=https://news.example.org'),
    ("https://news.example.org", "https://news.example.org", "give the bare domain, e.g. CNAME=news.example.org"),
    ("user.github.io/repo", "", "is not a site address: write it in full"),
])
def test_a_wrong_address_or_domain_stops_the_build_with_the_fix(tmp_path, siteurl, cname, expected):
    with pytest.raises(SystemExit) as stopped:
        build(CONTENT, tmp_path / "output", siteurl=siteurl, BRIEFING_CNAME=cname)
    assert expected in str(stopped.value.code)
    assert not (tmp_path / "output" / "index.html").exists()


# ---------------------------------------------------------------- drafts and hidden briefings

def test_drafts_and_hidden_briefings_leave_no_trace_in_lists_sitemap_or_links(tmp_path):
    content = copy_content(tmp_path)
    demo = (content / "briefings" / "kazakhstan-criminal-cases.md").read_text(encoding="utf-8")
    for slug, status in [("draft-report", "draft"), ("hidden-report", "hidden")]:
        (content / "briefings" / f"{slug}.md").write_text(
            demo.replace("title: Nearly", f"status: {status}\ntitle: Nearly", 1), encoding="utf-8")
    output = build(content, tmp_path / "output", siteurl="https://user.github.io/repo", BRIEFING_STRICT=True)
    assert broken_links(output) == []
    assert (output / "briefings" / "hidden-report" / "index.html").is_file()  # reachable by its address only
    assert not (output / "briefings" / "draft-report").exists()
    listed = [(output / "sitemap.xml").read_text(), (output / "index.html").read_text(),
              (output / "feeds" / "all.atom.xml").read_text(),
              (output / "entities" / "russia" / "index.html").read_text()]
    assert not any("draft-report" in text or "hidden-report" in text for text in listed)


# ---------------------------------------------------------------- determinism

def test_two_builds_are_byte_identical(tmp_path):
    """Two separate processes with different hash seeds, on content with three briefings of one month."""
    content = copy_seed_content(tmp_path)
    demo = (content / "briefings" / "kazakhstan-criminal-cases.md").read_text(encoding="utf-8")
    for slug, title, date in [("a-second-report", "A second report", "2022-01\nmodified: 2022-02"),
                              ("zz-third-report", "A third report", "2022-01-01")]:
        text = demo.replace("title: Nearly 2,000 criminal cases opened in Kazakhstan after January unrest",
                            f"title: {title}", 1).replace("date: 2022-01\n", f"date: {date}\n", 1)
        (content / "briefings" / f"{slug}.md").write_text(text, encoding="utf-8")
    trees = []
    for seed in ("1", "2"):
        output = tmp_path / f"output-{seed}"
        env = {**make_env(), "SITEURL": "https://user.github.io/repo", "BRIEFING_STRICT": "1", "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(CONF), "-o", str(output)],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
        trees.append({p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()})
    first, second = trees
    assert sorted(first) == sorted(second)
    assert len(first) >= 20
    assert [name for name in first if first[name] != second[name]] == []
    # Newest first; a month-only date counts as older than the days within it; ties by slug. The
    # same order on the home page, in the feed and on entity pages.
    expected = ["A third report", "A second report",
                "Nearly 2,000 criminal cases opened in Kazakhstan after January unrest"]
    home = BeautifulSoup(first["index.html"], "html.parser")
    assert [a.get_text() for a in home.select(".briefing-list h2 a")] == expected
    feed = ET.fromstring(first["feeds/all.atom.xml"])
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == expected
    entity = BeautifulSoup(first["entities/russia/index.html"], "html.parser")
    assert [a.get_text() for a in entity.select(".mention-group h3 a")] == expected
    # A month-only `modified` is its first day in the feed and the sitemap, never today's day.
    updated = {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}updated") for e in feed.findall(f"{ATOM}entry")}
    assert updated["A second report"] == "2022-02-01T00:00:00+00:00"
    sitemap = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod")
               for u in ET.fromstring(first["sitemap.xml"]).findall(f"{SITEMAP}url")}
    assert sitemap["https://user.github.io/repo/briefings/a-second-report/"] == "2022-02-01"
    assert sitemap["https://user.github.io/repo/"] == "2022-02-01"


# ---------------------------------------------------------------- site files, as plain functions

def test_sitemap_xml_escapes_orders_and_dates_its_entries():
    text = sitemap_xml("https://news.example.org", [
        SitemapEntry("search/?q=a&b", None),
        SitemapEntry("", PartialDate(2022, 1, 6)),
        SitemapEntry("briefings/x/", PartialDate(2022, 1)),
    ])
    urls = ET.fromstring(text).findall(f"{SITEMAP}url")
    assert [(u.findtext(f"{SITEMAP}loc"), u.findtext(f"{SITEMAP}lastmod")) for u in urls] == [
        ("https://news.example.org/", "2022-01-06"),
        ("https://news.example.org/briefings/x/", "2022-01-01"),
        ("https://news.example.org/search/?q=a&b", None),
    ]
    assert "q=a&amp;b" in text


def test_newest_date_counts_a_day_as_newer_than_its_month():
    assert newest([PartialDate(2022, 1), None, PartialDate(2022, 1, 15), PartialDate(2021, 12, 31)]) == PartialDate(2022, 1, 15)
    assert newest([None]) is None


@pytest.mark.parametrize("absolute, expected", [
    ("", 'is empty and SITEURL is not set, but feeds and /data/ need absolute links: set BRIEFING_ABSOLUTE_URL = "http://127.0.0.1:8000"'),
    ("127.0.0.1:8000", '"127.0.0.1:8000" is not a site address: write it in full'),
])
def test_feeds_and_data_without_an_absolute_address_stop_the_build_naming_the_setting(tmp_path, absolute, expected):
    with pytest.raises(ContentError) as stopped:
        build(CONTENT, tmp_path / "output", BRIEFING_ABSOLUTE_URL=absolute, FEED_DOMAIN="")
    (problem,) = stopped.value.problems
    assert (problem.path, problem.field) == ("pelican.conf.py", "BRIEFING_ABSOLUTE_URL")
    assert expected in problem.message
    assert not (tmp_path / "output" / "index.html").exists()


def test_a_site_without_entity_feeds_or_data_needs_no_absolute_address(tmp_path):
    output = build(CONTENT, tmp_path / "output", BRIEFING_ABSOLUTE_URL="", FEED_DOMAIN="", BRIEFING_ENTITY_FEED_ATOM="",
                   BRIEFING_DATA_PATH="")
    assert (output / "index.html").exists()
    assert not (output / "data").exists() and not (output / "feeds" / "entities").exists()
