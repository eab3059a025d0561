"""The files a published site needs beside its pages: sitemap.xml, robots.txt, CNAME.

Plain functions over plain data; generator.py gathers the pages and writes the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from ..model.dates import PartialDate
from ..model.problems import Problem
from ..model.settings import SETTINGS_FILE

# One label of a host name: letters, digits and inner hyphens (IDNs in their xn-- form).
_HOST_RE = re.compile(r"(?=.{1,253}\Z)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+", re.I)


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # relative to SITEURL, as Pelican's content objects give it ("" for the home page)
    lastmod: PartialDate | None = None


def absolute_url(base: str, url: str) -> str:
    """base (no trailing slash) joined with a site-relative url."""
    return f"{base.rstrip('/')}/{url.lstrip('/')}"


def lastmod(date: PartialDate) -> str:
    """The sitemap's <lastmod>: YYYY-MM-DD.

    The sitemap schema accepts only a full date or date-time (xsd:date | xsd:dateTime),
    not YYYY-MM, so a month-only date gives the month's first day, as the Atom feed does.
    """
    return date.first_day().isoformat()


def sitemap_xml(base: str, entries: list[SitemapEntry]) -> str:
    """A sitemaps.org urlset, one <url> per page, in the order of their URLs."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for entry in sorted(set(entries), key=lambda e: e.url):
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(absolute_url(base, entry.url))}</loc>")
        if entry.lastmod is not None:
            lines.append(f"    <lastmod>{lastmod(entry.lastmod)}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap_url: str) -> str:
    """Allow every crawler everywhere and tell it where the sitemap is."""
    return f"User-agent: *\nDisallow:\n\nSitemap: {sitemap_url}\n"


def is_site_address(url: str) -> bool:
    """A full http(s) address with a host, and no query or fragment."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.query and not parts.fragment


def check_absolute_url(absolute: str, siteurl: str) -> list[Problem]:
    """Feeds and /data/ link absolutely: BRIEFING_ABSOLUTE_URL, else SITEURL, must be a site address.

    A wrong SITEURL is check_publish_settings' to report."""
    if absolute and not is_site_address(absolute):
        return [Problem(SETTINGS_FILE, "BRIEFING_ABSOLUTE_URL", f'"{absolute}" is not a site address: write it in full, '
                        'e.g. BRIEFING_ABSOLUTE_URL = "http://127.0.0.1:8000"')]
    if not absolute and not siteurl:
        return [Problem(SETTINGS_FILE, "BRIEFING_ABSOLUTE_URL", "is empty and SITEURL is not set, but feeds and /data/ "
                        'need absolute links: set BRIEFING_ABSOLUTE_URL = "http://127.0.0.1:8000" for local builds, '
                        'or turn both off (BRIEFING_ENTITY_FEED_ATOM = "", BRIEFING_DATA_PATH = "")')]
    return []


def check_publish_settings(siteurl: str, cname: str) -> list[Problem]:
    """Problems with the published address (SITEURL) or custom domain (BRIEFING_CNAME)."""
    problems = []
    if siteurl and not is_site_address(siteurl):
        problems.append(Problem("make publish", "SITEURL",
                                f'"{siteurl}" is not a site address: write it in full, '
                                "e.g. SITEURL=https://user.github.io/repo"))
    if cname:
        if not _HOST_RE.fullmatch(cname):
            problems.append(Problem("make publish", "CNAME",
                                    f'"{cname}" is not a domain name: give the bare domain, '
                                    "e.g. CNAME=news.example.org (no https://, no path)"))
        elif siteurl and not problems:
            parts = urlsplit(siteurl)
            if parts.hostname != cname.lower() or parts.path.strip("/"):
                problems.append(Problem("make publish", "CNAME",
                                        f'the site at custom domain "{cname}" is served from its root, '
                                        f'but SITEURL is "{siteurl}": use SITEURL=https://{cname.lower()}'))
    return problems
