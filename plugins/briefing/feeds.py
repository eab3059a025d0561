"""Feeds that keep a briefing's date precision and work from a feed reader.

Atom requires full timestamps in <published>/<updated>, so a month-precision
briefing is dated 2022-01-01T00:00:00Z there; nothing a reader sees says
"1 January". The entry's id, a tag URI (RFC 4151), may carry a month, so it
does: tag:example.org,2022-01:/briefings/x/.

A local build has no SITEURL; a feed read outside the site needs absolute
links, so feeds then use BRIEFING_ABSOLUTE_URL.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pelican.writers import Writer


def tag_uri(link: str, iso_date: str) -> str:
    """tag:<host>,<date>:<path> with the date as precise as it is known (2022-01 or 2022-01-06)."""
    parts = urlsplit(link)
    path = parts.path or "/"
    if parts.fragment:
        path += "/" + parts.fragment
    return f"tag:{parts.hostname or 'localhost'},{iso_date}:{path}"


class BriefingWriter(Writer):
    def write_feed(self, elements, context, path=None, url=None, *args, **kwargs):
        base = self.settings.get("BRIEFING_ABSOLUTE_URL")
        if base and not context.get("SITEURL"):
            context = {**context, "SITEURL": base}
        return super().write_feed(elements, context, path, url, *args, **kwargs)

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        data = getattr(item, "briefing", None)
        if data is not None:
            entry = feed.items[-1]
            entry["unique_id"] = tag_uri(entry["link"], data.date.iso)


def get_writer(pelican):
    return BriefingWriter
