"""Pelican glue: read entities, check every content file, link briefings, write entity pages.

The work is done by plain functions in the other modules; this class only
moves data between Pelican's objects and them.
"""

from __future__ import annotations

import copy
import functools
import gc
import html
import logging
import os
import posixpath

from bs4 import BeautifulSoup
from markdown import Markdown
from pelican.contents import Page
from pelican.generators import Generator

from .dates import PartialDate
from .entities import EntityIndex, check_entities, entity_from_front_matter, matcher_names
from .linking import NameMatcher, link_mentions
from .export import (BRIEFINGS_SCHEMA, ENTITIES_SCHEMA, briefings_data, dumps, entities_data, entity_feed,
                     feed_timestamp)
from .pages import build_entity_views
from .sentences import anchor_sentences
from .sidebars import named_entities, resolve_briefing, trace_figures
from .validation import (BriefingSchema, ContentError, EntitySchema, Problem, check_schema,
                         display_path, split_front_matter)

log = logging.getLogger(__name__)

DEFAULT_ENTITY_FEED = "feeds/entities/{slug}.atom.xml"


class EntityPage(Page):
    """An entity's Markdown file as a Pelican content object (for url and {filename} links)."""

    @functools.cached_property
    def url(self):  # Pelican formats it anew on every access; an entity's url never changes
        return super().url

    def _expand_settings(self, key: str) -> str:
        return super(Page, self)._expand_settings(key, "briefing_entity")


def read_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


class BriefingGenerator(Generator):
    def generate_context(self):
        problems: list[Problem] = []
        entities, pages = self._read_entities(problems)
        # Entity files with problems of their own: references to them are not reported twice.
        unreadable = frozenset(os.path.splitext(os.path.basename(p.path))[0].casefold() for p in problems)
        problems += check_entities(entities, unreadable)
        index = EntityIndex(entities)
        articles = self._articles()
        briefings = []
        for article in articles:
            data = self._read_briefing(article, index, problems, unreadable)
            if data is not None:
                briefings.append((article, data))
        if problems:
            raise ContentError(problems)

        matcher = NameMatcher(*matcher_names(index))
        policy = self.settings.get("BRIEFING_LINK", "first")
        href = {e.slug: "{filename}/" + pages[e.slug].get_relative_source_path() for e in index}
        processed, warnings = [], []
        # Parsing and linking make many short-lived objects; keep the garbage
        # collector from re-scanning everything read so far each time (a large
        # part of a big build's time otherwise).
        gc.collect()
        gc.freeze()
        try:
            self._link_all(briefings, pages, index, matcher, href, policy, processed, warnings)
        finally:
            gc.unfreeze()
        self._report_figures(warnings)

        processed.sort(key=lambda item: (item[1].date.sort_key, item[1].slug), reverse=True)
        views = build_entity_views(list(index), pages, processed)
        self.entity_views = [views[slug] for slug in sorted(views)]
        self.context["entity_index"] = index
        self.context["entity_views"] = self.entity_views
        self.context["entity_urls"] = {slug: page.url for slug, page in pages.items()}
        self.processed = processed
        feed_pattern = self.settings.get("BRIEFING_ENTITY_FEED_ATOM", DEFAULT_ENTITY_FEED)
        self.entity_feeds = {slug: feed_pattern.format(slug=slug) for slug in views} if feed_pattern else {}
        self.context["entity_feeds"] = self.entity_feeds
        self.context["BRIEFING_ENTITY_KINDS"] = ("state", "person", "organization", "place", "event")

    # -- reading

    def _read_entities(self, problems):
        folder = os.path.join(self.path, self.settings.get("BRIEFING_ENTITY_PATH", "entities"))
        entities, pages = [], {}
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            front, found = split_front_matter(path, read_text(path))
            problems += found
            if front is None:
                continue
            meta, found = check_schema(front, EntitySchema)
            problems += found
            if meta is None:
                continue
            slug = name[: -len(".md")]
            # The description, converted with one shared Markdown instance: Pelican's
            # reader would parse the front matter a second time for each file.
            page = EntityPage(self._markdown().reset().convert(front.body), metadata={"title": meta.name, "slug": slug},
                              settings=self.settings, source_path=path, context=self.context)
            entity = entity_from_front_matter(slug, meta, display_path(path))
            page.entity = entity
            self.add_source_path(page)
            entities.append(entity)
            pages[slug] = page
        return entities, pages

    def _markdown(self):
        if getattr(self, "_md", None) is None:
            md_settings = copy.deepcopy(self.settings["MARKDOWN"])
            extensions = [e for e in md_settings.get("extensions", []) if e != "markdown.extensions.meta"]
            self._md = Markdown(**{**md_settings, "extensions": extensions})
        return self._md

    def _articles(self):
        found = []
        for key in ("articles", "hidden_articles", "drafts"):
            found += self.context.get(key, [])
        return found

    def _read_briefing(self, article, index, problems, unreadable):
        path = article.source_path
        front, found = split_front_matter(path, read_text(path))
        problems += found
        if front is None:
            return None
        meta, found = check_schema(front, BriefingSchema)
        problems += found
        if meta is None:
            return None
        data, found = resolve_briefing(display_path(path), article.slug, meta, index, unreadable)
        problems += found
        article.briefing = data
        article.template = "briefing"
        return data

    # -- linking

    def _link_all(self, briefings, pages, index, matcher, href, policy, processed, warnings):
        for article, data in briefings:
            sentences = self._link_article(article, data, matcher, href, policy)
            warnings += trace_figures(data, list(sentences.items()), display_path(article.source_path))
            data.named = named_entities(data, index)
            processed.append((article, data, sentences))
        for slug, page in pages.items():
            # Most descriptions name no other entity: a scan of the raw HTML (which
            # finds every name its text could contain) spares parsing them.
            if all(m.slug == slug for m in matcher.find(html.unescape(page._content))):
                continue
            soup = BeautifulSoup(page._content, "html.parser")
            link_mentions(soup, matcher, href.get, policy=policy, exclude=slug)
            page._content = str(soup)

    def _link_article(self, article, data, matcher, href, policy):
        soup = BeautifulSoup(article._content, "html.parser")
        sentences = anchor_sentences(soup)
        # Linking never changes the visible text, so the sentences' texts stay valid.
        data.mentions = link_mentions(soup, matcher, href.get, policy=policy)
        article._content = str(soup)
        return sentences

    def _report_figures(self, problems):
        if problems and self.settings.get("BRIEFING_STRICT"):
            raise ContentError(problems)
        for problem in problems:
            log.warning("%s", problem)

    # -- writing

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        entity_template = self.get_template("entity")
        for view in self.entity_views:
            writer.write_file(view.page.save_as, entity_template, self.context, relative_urls=relative,
                              entity=view.entity, view=view, page=view.page, url=view.page.url)
        index_save_as = self.settings["BRIEFING_ENTITY_INDEX_SAVE_AS"]
        writer.write_file(index_save_as, self.get_template("entities"), self.context, relative_urls=relative,
                          url=self.settings["BRIEFING_ENTITY_INDEX_URL"])
        # GitHub Pages serves 404.html at any depth, so its links must not be relative.
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False)
        writer.write_file(".nojekyll", _EmptyTemplate(), self.context, relative_urls=False)
        self._write_feeds()
        self._write_data()

    def _write_file(self, save_as: str, text: str):
        path = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)

    def _write_feeds(self):
        base, site = self.settings["BRIEFING_ABSOLUTE_URL"], self.settings["SITENAME"]
        # A feed with no entries still needs a date: the newest briefing's, never the build's clock.
        fallback = feed_timestamp(self.processed[0][1].date) if self.processed else feed_timestamp(PartialDate(2000, 1))
        for view in self.entity_views:
            save_as = self.entity_feeds.get(view.entity.slug)
            if save_as:
                self._write_file(save_as, entity_feed(view, base=base, site_name=site, feed_url=save_as, when_empty=fallback))

    def _write_data(self):
        folder = self.settings.get("BRIEFING_DATA_PATH", "data")
        if not folder:
            return
        base, site = self.settings["BRIEFING_ABSOLUTE_URL"], self.settings["SITENAME"]
        self._write_file(posixpath.join(folder, "briefings.json"),
                         dumps(briefings_data(self.processed, base=base, site_name=site)))
        self._write_file(posixpath.join(folder, "entities.json"),
                         dumps(entities_data(self.entity_views, base=base, site_name=site,
                                             feed_for=lambda slug: self.entity_feeds.get(slug, ""))))
        self._write_file(posixpath.join(folder, "schema", "briefings.schema.json"), dumps(BRIEFINGS_SCHEMA, pretty=True))
        self._write_file(posixpath.join(folder, "schema", "entities.schema.json"), dumps(ENTITIES_SCHEMA, pretty=True))


class _EmptyTemplate:
    def render(self, context):
        return ""
