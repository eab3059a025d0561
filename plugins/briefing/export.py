"""The site's data for other tools and feed readers: per-entity Atom feeds and /data/*.json.

Plain functions over the views the generator already built; the generator
only writes what they return. Every URL here is absolute (BRIEFING_ABSOLUTE_URL).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter
from xml.sax.saxutils import escape as xml_escape, quoteattr

from feedgenerator.django.utils.encoding import iri_to_uri

from .dates import PartialDate
from .entities import iso_for
from .figures import Range
from .site_files import absolute_url
from .structured import HTML_SAFE_JSON_ESCAPES

DATA_VERSION = 1


def feed_timestamp(date: PartialDate) -> dt.datetime:
    """Atom needs a full timestamp: a month-precision date becomes its first day at 00:00Z.

    Readers see the honest date in each entry's summary ("January 2022").
    """
    return dt.datetime(date.year, date.month, date.day or 1, tzinfo=dt.timezone.utc)


def _summary_text(article) -> str:
    """The briefing's standfirst as plain text (the reader stores it escaped)."""
    return html.unescape(str(article.metadata.get("summary") or ""))


def _element(name: str, text: str = "", attrs: tuple[tuple[str, str], ...] = ()) -> str:
    """One XML element, attributes in name order, empty ones self-closed."""
    attributes = "".join(f" {key}={quoteattr(value)}" for key, value in sorted(attrs))
    return f"<{name}{attributes}>{xml_escape(text)}</{name}>" if text else f"<{name}{attributes}/>"


def entity_feed(view, *, base: str, site_name: str, feed_url: str, when_empty: dt.datetime) -> str:
    """The Atom feed of one entity: the briefings that mention it, newest first.

    Written directly as text (a few elements per entry; thousands of feeds on a
    large site): the same bytes feedgenerator's Atom1Feed wrote before.
    """
    entity = view.entity
    page = absolute_url(base, view.page.url)
    entries, newest = [], None
    for item in view.briefings:
        article, data = item.briefing, item.data
        parts = [f"<p><strong>{html.escape(data.date.display)}</strong>"]
        summary = _summary_text(article)
        if summary:
            parts.append(f" — {html.escape(summary, quote=False)}")
        parts.append("</p>")
        if item.contexts:
            parts.append("<ul>")
            for ctx in item.contexts:
                text = "".join(f"<mark>{html.escape(t, quote=False)}</mark>" if marked else html.escape(t, quote=False) for t, marked in ctx.segments)
                parts.append(f"<li>{text}</li>")
            parts.append("</ul>")
        link = absolute_url(base, item.url)
        published = feed_timestamp(data.date)
        newest = published if newest is None else max(newest, published)
        stamp = published.isoformat()
        entries.append("<entry>" + _element("title", str(article.title))
                       + _element("link", "", (("href", iri_to_uri(link)), ("rel", "alternate")))
                       + _element("published", stamp) + _element("updated", stamp) + _element("id", link)
                       + _element("summary", "".join(parts), (("type", "html"),)) + "</entry>")
    head = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xml:lang="en" xmlns="http://www.w3.org/2005/Atom">'
            + _element("title", f"{site_name}: {entity.name}")
            + _element("link", "", (("href", iri_to_uri(page)), ("rel", "alternate")))
            + _element("link", "", (("href", iri_to_uri(absolute_url(base, feed_url))), ("rel", "self")))
            + _element("id", page)
            # A feed with no entries takes a fixed date, never the build's clock.
            + _element("updated", (newest or when_empty).isoformat())
            + _element("subtitle", f"Briefings that mention {entity.name}"))
    return head + "".join(entries) + "</feed>"


# ---------------------------------------------------------------- JSON data


def _date(date: PartialDate | None) -> dict | None:
    if date is None:
        return None
    return {"iso": date.iso, "precision": "day" if date.day else "month", "display": date.display}


def briefings_data(processed, *, base: str, site_name: str) -> dict:
    """Every briefing, newest first. processed: (article, BriefingData, sentences) triples."""
    out = []
    for article, data, _sentences in processed:
        url = absolute_url(base, article.url)
        counts = Counter(m.slug for m in data.mentions)
        anchors: dict[str, list[str]] = {}
        for m in data.mentions:
            if m.sentence_id and m.sentence_id not in anchors.setdefault(m.slug, []):
                anchors[m.slug].append(m.sentence_id)
        out.append({
            "id": data.slug,
            "title": data.title,
            "url": url,
            "date": _date(data.date),
            "summary": _summary_text(article) or None,
            "host_state": data.host_state.slug if data.host_state else None,
            "source": None if data.source is None else {
                "name": data.source.name,
                "entity": data.source.entity.slug if data.source.entity else None,
                "via": data.source.via,
                "url": data.source.url,
            },
            "key_figures": [{
                "value": _figure_value(fig.value),
                "display": fig.display,
                "label": fig.label,
                "approximate": fig.approximate,
                "as_of": _date(fig.as_of),
                "source": {"entity": fig.source_entity.slug if fig.source_entity else None,
                           "text": fig.source_entity.name if fig.source_entity else fig.source_text},
                "url": fig.url,
                "note": fig.note,
                "sentence": f"{url}#{fig.sentence_id}" if fig.sentence_id else None,
            } for fig in data.key_figures],
            "participating_states": [{
                "state": role.entity.slug, "iso": role.iso, "role": role.role, "contribution": role.contribution,
            } for role in data.states],
            "mentions": [{
                "entity": slug,
                "count": counts[slug],
                "sentences": [f"{url}#{sid}" for sid in anchors.get(slug, [])],
            } for slug in sorted(counts)],
            "entities": sorted({m.slug for m in data.mentions} | {e.slug for e in data.attached}),
        })
    return {"version": DATA_VERSION, "site": {"name": site_name, "url": absolute_url(base, "")}, "briefings": out}


def entities_data(views, *, base: str, site_name: str, feed_for) -> dict:
    """Every entity, by slug. feed_for(slug) gives its feed's site-relative path."""
    out = []
    counts: dict[str, Counter] = {}  # per briefing: mentions of each entity, counted once
    for view in views:
        e = view.entity
        briefings = []
        for item in view.briefings:
            url = absolute_url(base, item.url)
            if item.data.slug not in counts:
                counts[item.data.slug] = Counter(m.slug for m in item.data.mentions)
            count = counts[item.data.slug][e.slug]
            briefings.append({
                "briefing": item.data.slug,
                "url": url,
                "date": item.data.date.iso,
                "count": count,
                "sentences": [f"{url}#{ctx.sentence_id}" for ctx in item.contexts if ctx.sentence_id],
            })
        out.append({
            "id": e.slug,
            "name": e.name,
            "kind": e.kind,
            "aliases": [{"name": a, "ignore_case": a in e.any_case} for a in e.aliases],
            "role": e.role,
            "country": e.country,
            "iso": iso_for(e),
            "wikidata": e.wikidata,
            "url": absolute_url(base, view.page.url),
            "feed": absolute_url(base, feed_for(e.slug)),
            "mentions": {"count": sum(b["count"] for b in briefings), "briefings": briefings},
            "state_roles": [{"briefing": a.slug, "role": r.role, "contribution": r.contribution} for a, r in view.state_roles],
            "figures": [{"briefing": a.slug, "display": f.display, "label": f.label,
                         "sentence": f"{absolute_url(base, a.url)}#{f.sentence_id}" if f.sentence_id else None}
                        for a, f in view.figures],
            "appears_with": [{"entity": other.slug, "briefings": n} for other, n in view.appears_with],
        })
    return {"version": DATA_VERSION, "site": {"name": site_name, "url": absolute_url(base, "")}, "entities": out}


def dumps(data: dict, pretty: bool = False) -> str:
    """JSON with a stable order: same data, same bytes. Data is compact (the C
    encoder, fast for large sites); schemas are indented for people to read.
    <, > and & are escaped, so no tool that pastes the text into HTML can be tricked."""
    if pretty:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(HTML_SAFE_JSON_ESCAPES) + "\n"


# ---------------------------------------------------------------- JSON Schema (draft 2020-12)

_TEXT_OR_NULL = {"type": ["string", "null"]}
_URL = {"type": "string", "format": "uri", "pattern": "^https?://"}
_URL_OR_NULL = {"anyOf": [_URL, {"type": "null"}]}
_SLUG = {"type": "string", "minLength": 1}
_DATE = {
    "type": "object",
    "description": "A date with its precision: a month-precision date never gets an invented day.",
    "required": ["iso", "precision", "display"],
    "additionalProperties": False,
    "properties": {
        "iso": {"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$", "description": "YYYY-MM or YYYY-MM-DD"},
        "precision": {"enum": ["month", "day"]},
        "display": {"type": "string", "description": "as the site shows it: 'January 2022', '6 January 2022'"},
    },
}
_SITE = {
    "type": "object", "required": ["name", "url"], "additionalProperties": False,
    "properties": {"name": {"type": "string"}, "url": _URL},
}


def _figure_value(value):
    """A key figure's value for JSON: a range as {"min": ..., "max": ...}, as an editor writes it."""
    return {"min": value.low, "max": value.high} if isinstance(value, Range) else value


def _object(properties: dict, description: str = "") -> dict:
    schema = {"type": "object", "required": list(properties), "additionalProperties": False, "properties": properties}
    if description:
        schema["description"] = description
    return schema


BRIEFINGS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "briefings.schema.json",
    "title": "Briefings of a briefing site (/data/briefings.json)",
    **_object({
        "version": {"const": DATA_VERSION},
        "site": _SITE,
        "briefings": {"type": "array", "description": "newest first", "items": _object({
            "id": {**_SLUG, "description": "the briefing's slug, stable across builds"},
            "title": {"type": "string"},
            "url": _URL,
            "date": _DATE,
            "summary": _TEXT_OR_NULL,
            "host_state": {"type": ["string", "null"], "description": "an entity id"},
            "source": {"anyOf": [{"type": "null"}, _object({
                "name": {"type": "string"}, "entity": _TEXT_OR_NULL, "via": _TEXT_OR_NULL, "url": _URL_OR_NULL})]},
            "key_figures": {"type": "array", "items": _object({
                "value": {"anyOf": [{"type": ["integer", "number", "string"]},
                                    _object({"min": {"type": "number"}, "max": {"type": "number"}},
                                            "a range, as written in the front matter")]},
                "display": {"type": "string"},
                "label": {"type": "string"},
                "approximate": {"type": "boolean"},
                "as_of": {"anyOf": [{"type": "null"}, _DATE]},
                "source": _object({"entity": _TEXT_OR_NULL, "text": _TEXT_OR_NULL}),
                "url": _URL_OR_NULL,
                "note": _TEXT_OR_NULL,
                "sentence": {**_URL_OR_NULL, "description": "the sentence of the article that states it"},
            })},
            "participating_states": {"type": "array", "items": _object({
                "state": _SLUG, "iso": _TEXT_OR_NULL, "role": _TEXT_OR_NULL, "contribution": _TEXT_OR_NULL})},
            "mentions": {"type": "array", "description": "entities named in the text, by id", "items": _object({
                "entity": _SLUG,
                "count": {"type": "integer", "minimum": 1},
                "sentences": {"type": "array", "items": _URL, "description": "URLs of the sentences (anchors)"},
            })},
            "entities": {"type": "array", "items": _SLUG,
                         "description": "ids of every entity the text names or the front matter attaches"},
        })},
    }),
}

ENTITIES_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "entities.schema.json",
    "title": "Entities of a briefing site (/data/entities.json)",
    **_object({
        "version": {"const": DATA_VERSION},
        "site": _SITE,
        "entities": {"type": "array", "description": "sorted by id", "items": _object({
            "id": {**_SLUG, "description": "the entity's slug (its file name), stable across builds"},
            "name": {"type": "string"},
            "kind": {"enum": ["person", "organization", "state", "place", "event"]},
            "aliases": {"type": "array", "items": _object({"name": {"type": "string"}, "ignore_case": {"type": "boolean"}})},
            "role": _TEXT_OR_NULL,
            "country": {"type": ["string", "null"], "description": "an entity id"},
            "iso": {"type": ["string", "null"], "description": "ISO 3166-1 alpha-2 (states)"},
            "wikidata": {"type": ["string", "null"], "pattern": "^Q[1-9][0-9]*$"},
            "url": _URL,
            "feed": {**_URL, "description": "the entity's Atom feed"},
            "mentions": _object({
                "count": {"type": "integer", "minimum": 0, "description": "occurrences in all briefings' text"},
                "briefings": {"type": "array", "description": "newest first", "items": _object({
                    "briefing": _SLUG, "url": _URL, "date": {"type": "string"},
                    "count": {"type": "integer", "minimum": 0},
                    "sentences": {"type": "array", "items": _URL}})},
            }),
            "state_roles": {"type": "array", "items": _object({
                "briefing": _SLUG, "role": _TEXT_OR_NULL, "contribution": _TEXT_OR_NULL})},
            "figures": {"type": "array", "description": "key figures it is the source of", "items": _object({
                "briefing": _SLUG, "display": {"type": "string"}, "label": {"type": "string"}, "sentence": _URL_OR_NULL})},
            "appears_with": {"type": "array", "items": _object({
                "entity": _SLUG, "briefings": {"type": "integer", "minimum": 1}})},
        })},
    }),
}
