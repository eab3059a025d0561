"""Atom feeds that keep a briefing's date precision: one id per briefing, one feed per entity.

Atom requires full timestamps in <published>/<updated>, so a month-precision
briefing is dated 2022-01-01T00:00:00Z there; nothing a reader sees says
"1 January". An entry's id, a tag URI (RFC 4151), may carry a month, so it
does: tag:example.org,2022-01:/briefings/x/. Every URL is absolute.
"""

from __future__ import annotations

import datetime as dt
import html
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from feedgenerator.django.utils.encoding import iri_to_uri

from ..model.dates import PartialDate
from ..model.domain import EntityView
from .site_files import absolute_url


def tag_uri(link: str, iso_date: str) -> str:
    """tag:<host>,<date>:<path> with the date as precise as it is known (2022-01 or 2022-01-06)."""
    parts = urlsplit(link)
    path = parts.path or "/"
    if parts.fragment:
        path += "/" + parts.fragment
    return f"tag:{parts.hostname or 'localhost'},{iso_date}:{path}"


def feed_timestamp(date: PartialDate) -> dt.datetime:
    """Atom needs a full timestamp: a month-precision date becomes its first day at 00:00Z.

    Readers see the honest date in each entry's summary ("January 2022").
    """
    return dt.datetime(date.year, date.month, date.day or 1, tzinfo=dt.UTC)


def _element(name: str, text: str = "", attrs: tuple[tuple[str, str], ...] = ()) -> str:
    """One XML element, attributes in name order, empty ones self-closed."""
    attributes = "".join(f" {key}={quoteattr(value)}" for key, value in sorted(attrs))
    return f"<{name}{attributes}>{xml_escape(text)}</{name}>" if text else f"<{name}{attributes}/>"


def entity_feed(view: EntityView, *, base: str, site_name: str, author: str | None, when_empty: dt.datetime) -> str:
    """The Atom feed of one entity: the briefings that mention it, newest first.

    Written directly as text (a few elements per entry; thousands of feeds on a large site). Each
    entry's id is the briefing's tag URI, the same as in the site's feed (one id per briefing).
    """
    entity = view.entity
    page = absolute_url(base, view.url)
    entries, newest = [], None
    for item in view.briefings:
        briefing = item.briefing
        parts = [f"<p><strong>Correction, {html.escape(c.date.display)}:</strong> {html.escape(c.text, quote=False)}</p>"
                 for c in reversed(briefing.briefing.corrections)]
        parts.append(f"<p><strong>{html.escape(briefing.date.display)}</strong>")
        if briefing.summary:
            parts.append(f" — {html.escape(briefing.summary, quote=False)}")
        parts.append("</p>")
        if item.contexts:
            parts.append("<ul>")
            for ctx in item.contexts:
                text = "".join(f"<mark>{html.escape(s.text, quote=False)}</mark>" if s.marked else html.escape(s.text, quote=False)
                               for s in ctx.segments)
                parts.append(f"<li>{text}</li>")
            parts.append("</ul>")
        link = absolute_url(base, briefing.url)
        published = feed_timestamp(briefing.date)
        # A briefing's `modified:` date (an update or a correction) is when its entry changed.
        changed = briefing.briefing.last_changed
        updated = feed_timestamp(changed) if changed else published
        newest = updated if newest is None else max(newest, updated)
        entries.append("<entry>" + _element("title", briefing.title)
                       + _element("link", "", (("href", iri_to_uri(link)), ("rel", "alternate")))
                       + _element("published", published.isoformat()) + _element("updated", updated.isoformat())
                       + _element("id", tag_uri(link, briefing.date.iso))
                       + _element("summary", "".join(parts), (("type", "html"),)) + "</entry>")
    head = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xml:lang="en" xmlns="http://www.w3.org/2005/Atom">'
            + _element("title", f"{site_name}: {entity.name}")
            + _element("link", "", (("href", iri_to_uri(page)), ("rel", "alternate")))
            + _element("link", "", (("href", iri_to_uri(absolute_url(base, view.feed))), ("rel", "self")))
            + _element("id", page)
            # A feed with no entries takes a fixed date, never the build's clock.
            + _element("updated", (newest or when_empty).isoformat())
            + f"<author>{_element('name', author or site_name)}</author>"
            + _element("subtitle", f"Briefings that mention {entity.name}"))
    return head + "".join(entries) + "</feed>"
