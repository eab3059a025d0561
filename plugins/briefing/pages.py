"""What each entity page shows: mentions in context, roles, figures, and the entities it appears with."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .entities import Entity
from .sidebars import BriefingData, KeyFigure, StateRole


@dataclass
class MentionInContext:
    sentence_id: str | None
    segments: list[tuple[str, bool]]  # (text, is the name) pieces of the sentence


@dataclass
class BriefingMentions:
    briefing: object  # the Pelican article
    data: BriefingData
    contexts: list[MentionInContext]
    url: str = ""  # the article's url, computed once (Pelican recomputes it on every access)


@dataclass
class EntityView:
    entity: Entity
    page: object  # the Pelican content object that carries url and description
    briefings: list[BriefingMentions] = field(default_factory=list)
    state_roles: list[tuple[object, StateRole]] = field(default_factory=list)
    figures: list[tuple[object, KeyFigure]] = field(default_factory=list)
    appears_with: list[tuple[Entity, int]] = field(default_factory=list)
    description: str = ""  # the description as plain text
    jsonld: str = ""  # schema.org JSON-LD, ready for a <script> element

    @property
    def mention_count(self) -> int:
        return sum(len(b.contexts) for b in self.briefings)


def highlight(sentence: str, surfaces: list[str]) -> list[tuple[str, bool]]:
    """Cut a sentence into pieces, marking each occurrence of the given surfaces."""
    spans = []
    for surface in sorted(set(surfaces), key=lambda s: (-len(s), s)):
        start = sentence.find(surface)
        while start != -1:
            end = start + len(surface)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = sentence.find(surface, end)
    pieces, last = [], 0
    for start, end in sorted(spans):
        if start > last:
            pieces.append((sentence[last:start], False))
        pieces.append((sentence[start:end], True))
        last = end
    if last < len(sentence):
        pieces.append((sentence[last:], False))
    return pieces


def mention_contexts(slug: str, mentions: list, sentences: dict[str, str]) -> list[MentionInContext]:
    """One entry per sentence that mentions the entity, in the order of the text."""
    by_sentence: dict[str | None, list[str]] = {}
    for m in mentions:
        if m.slug == slug:
            by_sentence.setdefault(m.sentence_id, []).append(m.surface)
    out = []
    for sid, surfaces in by_sentence.items():
        text = sentences.get(sid, "") if sid else ""
        out.append(MentionInContext(sid, highlight(text, surfaces) if text else [(surfaces[0], True)]))
    return out


def build_entity_views(entities: list[Entity], pages: dict[str, object],
                       briefings: list[tuple[object, BriefingData, dict[str, str]]]) -> dict[str, EntityView]:
    """Gather, for every entity, what the briefings say about it. briefings are newest first."""
    views = {e.slug: EntityView(e, pages[e.slug]) for e in entities}
    together: dict[str, Counter] = {slug: Counter() for slug in views}
    for article, data, sentences in briefings:
        url = article.url
        present = {m.slug for m in data.mentions} | {e.slug for e in data.attached}
        present |= {s.entity.slug for s in data.states}
        if data.source and data.source.entity:
            present.add(data.source.entity.slug)
        if data.host_state:
            present.add(data.host_state.slug)
        for slug in sorted(present):
            contexts = mention_contexts(slug, data.mentions, sentences)
            views[slug].briefings.append(BriefingMentions(article, data, contexts, url))
            together[slug].update(present - {slug})
        for role in data.states:
            views[role.entity.slug].state_roles.append((article, role))
        for fig in data.key_figures:
            if fig.source_entity:
                views[fig.source_entity.slug].figures.append((article, fig))
    for slug, counter in together.items():
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], views[kv[0]].entity.name, kv[0]))
        views[slug].appears_with = [(views[s].entity, n) for s, n in ranked[:10]]
    return views
