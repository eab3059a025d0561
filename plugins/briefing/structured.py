"""schema.org structured data (JSON-LD) for briefings and entities, as plain dicts.

Search engines and other tools read these; the page shows the same facts as
text. Every URL here is absolute (BRIEFING_ABSOLUTE_URL), dates keep their
precision ("2022-01"), and identities link to Wikidata through `sameAs`.
"""

from __future__ import annotations

import json

from .entities import EntityIndex
from .kinds import KINDS_BY_NAME
from .model import Entity, ProcessedBriefing

WIKIDATA = "https://www.wikidata.org/wiki/"


def same_as(entity: Entity) -> list[str]:
    """Other addresses of the same thing: its Wikidata item, then its own website."""
    links = [WIKIDATA + entity.wikidata] if entity.wikidata else []
    if entity.url:
        links.append(entity.url)
    return links


def entity_ref(entity: Entity, url: str) -> dict:
    """A short description of an entity for use inside another object."""
    node = {"@type": KINDS_BY_NAME[entity.kind].schema_type, "name": entity.name, "url": url}
    if links := same_as(entity):
        node["sameAs"] = links
    return node


def briefing_entities(data: ProcessedBriefing, index: EntityIndex) -> list[Entity]:
    """Every entity the briefing links: those named in the text (in order), then the sidebars' others."""
    slugs = [m.slug for m in data.mentions]
    sidebars = [*(s.entity for s in data.states), data.host_state, data.source.entity if data.source else None,
                *data.briefing.attached, *(f.source_entity for f in data.key_figures)]
    slugs += [e.slug for e in sidebars if e is not None]
    return [e for slug in dict.fromkeys(slugs) if (e := index.get(slug)) is not None]


def news_article(data: ProcessedBriefing, index: EntityIndex, url: str, entity_url, site_name: str,
                 site_url: str, author: str | None = None) -> dict:
    """NewsArticle for a briefing. entity_url(slug) gives an entity page's absolute URL."""
    doc: dict = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": data.title}
    if data.summary:
        doc["description"] = data.summary
    doc["datePublished"] = data.date.iso
    doc["url"] = url
    doc["mainEntityOfPage"] = url
    if author:
        doc["author"] = {"@type": "Organization", "name": author}
    doc["publisher"] = {"@type": "Organization", "name": site_name, "url": site_url}
    if data.source:
        if data.source.entity:
            doc["sourceOrganization"] = entity_ref(data.source.entity, entity_url(data.source.entity.slug))
        else:
            doc["sourceOrganization"] = {"@type": "Organization", "name": data.source.name}
        if data.source.url or data.source.via:
            # The report the briefing rests on, and who published the copy it was read in.
            report: dict = {"@type": "NewsArticle"}
            if data.source.url:
                report["url"] = data.source.url
            report["sourceOrganization"] = {"@type": "Organization", "name": data.source.name}
            if data.source.via:
                report["publisher"] = {"@type": "Organization", "name": data.source.via}
            doc["isBasedOn"] = report
    if data.host_state:
        doc["about"] = entity_ref(data.host_state, entity_url(data.host_state.slug))
    if entities := briefing_entities(data, index):
        doc["mentions"] = [entity_ref(e, entity_url(e.slug)) for e in entities]
    return doc


def entity_thing(entity: Entity, url: str, description: str | None) -> dict:
    """Person / Organization / Country / Place / Event for an entity's own page."""
    doc: dict = {"@context": "https://schema.org", "@type": KINDS_BY_NAME[entity.kind].schema_type, "name": entity.name}
    if entity.aliases or entity.native:
        # The aliases, then the native names (other scripts and languages).
        doc["alternateName"] = list(dict.fromkeys([*entity.aliases, *entity.native_names]))
    doc["url"] = url
    if links := same_as(entity):
        doc["sameAs"] = links
    if description:
        doc["description"] = description
    if entity.role and entity.kind == "person":
        doc["jobTitle"] = entity.role
    return doc


HTML_SAFE_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(doc: dict) -> str:
    """JSON for <script type="application/ld+json">: text such as "</script>" cannot end the element.

    <, > and & become \\u003c, \\u003e, \\u0026, which JSON parsers read back unchanged.
    """
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).translate(HTML_SAFE_JSON_ESCAPES)
