"""schema.org structured data (JSON-LD) for briefings and entities, as plain dicts.

Search engines and other tools read these; the page shows the same facts as
text. Every URL here is absolute (BRIEFING_ABSOLUTE_URL), dates keep their
precision ("2022-01"), and identities link to Wikidata through `sameAs`.
"""

from __future__ import annotations

import json

from ..read.entities import EntityIndex
from ..model.kinds import KINDS_BY_NAME
from ..model.domain import Entity, ProcessedBriefing

WIKIDATA = "https://www.wikidata.org/wiki/"


def same_as(entity: Entity) -> list[str]:
    """Other addresses of the same thing: its Wikidata item, then its own website."""
    links = [WIKIDATA + entity.wikidata] if entity.wikidata else []
    if entity.url:
        links.append(entity.url)
    return links


def entity_ref(entity: Entity, url: str | None) -> dict:
    """A short description of an entity for use inside another object (url None: a local build)."""
    node = {"@type": KINDS_BY_NAME[entity.kind].schema_type, "name": entity.name}
    if url:
        node["url"] = url
    if links := same_as(entity):
        node["sameAs"] = links
    return node


def briefing_entities(data: ProcessedBriefing, index: EntityIndex) -> list[Entity]:
    """Every entity the briefing links: those named in the text (in order), then the sidebars' others."""
    slugs = [m.slug for m in data.mentions]
    source = data.source
    chain = (source.stated_by, source.entity, source.via_entity) if source else ()
    sidebars = [*(s.entity for s in data.states), data.host_state, *chain, data.briefing.story,
                *data.briefing.attached, *(f.source_entity for f in data.key_figures)]
    slugs += [e.slug for e in sidebars if e is not None]
    return [e for slug in dict.fromkeys(slugs) if (e := index.get(slug)) is not None]


def news_article(data: ProcessedBriefing, index: EntityIndex, url: str | None, entity_url, site_name: str,
                 site_url: str | None, author: str | None = None) -> dict:
    """NewsArticle for a briefing. entity_url(slug) gives an entity page's absolute URL.

    Without a published address (url None: a local build) no URL is claimed.
    """
    doc: dict = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": data.title}
    if data.summary:
        doc["description"] = data.summary
    doc["datePublished"] = data.date.iso
    if data.briefing.last_changed:
        doc["dateModified"] = data.briefing.last_changed.iso
    if url:
        doc["url"] = url
        doc["mainEntityOfPage"] = url
    if author:
        doc["author"] = {"@type": "Organization", "name": author}
    doc["publisher"] = {"@type": "Organization", "name": site_name}
    if site_url:
        doc["publisher"]["url"] = site_url
    if data.source:
        _source_chain(doc, data.source, entity_url)
    if data.host_state:
        doc["about"] = entity_ref(data.host_state, entity_url(data.host_state.slug))
    if entities := briefing_entities(data, index):
        doc["mentions"] = [entity_ref(e, entity_url(e.slug)) for e in entities]
    if data.briefing.corrections:
        doc["correction"] = [{"@type": "CorrectionComment", "text": c.text, "datePublished": c.date.iso}
                             for c in data.briefing.corrections]
    return doc


def _party(entity: Entity | None, text: str | None, entity_url) -> dict:
    """An entity's node, or a node naming what was written."""
    return entity_ref(entity, entity_url(entity.slug)) if entity else {"@type": "Organization", "name": text}


def _source_chain(doc: dict, source, entity_url) -> None:
    """Who reported it (sourceOrganization), and the report itself (isBasedOn): who said it (author),
    who reported it, who republished the copy the briefing rests on (publisher)."""
    reporter = _party(source.entity, source.name, entity_url)
    doc["sourceOrganization"] = reporter
    if not (source.url or source.via or source.stated_by or source.stated_by_text):
        return
    report: dict = {"@type": "NewsArticle"}
    if source.url:
        report["url"] = source.url
    if source.stated_by:
        report["author"] = entity_ref(source.stated_by, entity_url(source.stated_by.slug))
    elif source.stated_by_text:
        report["author"] = {"name": source.stated_by_text}
    report["sourceOrganization"] = reporter
    if source.via:
        report["publisher"] = _party(source.via_entity, source.via, entity_url)
    doc["isBasedOn"] = report


def entity_thing(entity: Entity, url: str | None, description: str | None) -> dict:
    """Person / Organization / Country / Place / Event for an entity's own page (url None: a local build)."""
    doc: dict = {"@context": "https://schema.org", "@type": KINDS_BY_NAME[entity.kind].schema_type, "name": entity.name}
    if entity.aliases or entity.native:
        # The aliases, then the native names (other scripts and languages).
        doc["alternateName"] = list(dict.fromkeys([*entity.aliases, *entity.native_names]))
    if url:
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
