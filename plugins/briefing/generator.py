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

from markdown import Markdown
from pelican.contents import Page
from pelican.generators import Generator
from pelican.urlwrappers import Category

from .annotate import annotate, visible_text
from .dates import PartialDate, newest_first
from .entities import EntityIndex, check_entities, entity_from_front_matter, matcher_names
from .linking import NameMatcher
from .export import (BRIEFINGS_SCHEMA, ENTITIES_SCHEMA, briefings_data, dumps, entities_data, entity_feed,
                     feed_timestamp)
from .pages import build_entity_views
from .sanitize import sanitize_html
from .sidebars import named_entities, raw_reference_problems, resolve_briefing, state_map, trace_figures
from .site_files import SitemapEntry, absolute_url, check_publish_settings, newest, robots_txt, sitemap_xml
from .structured import entity_thing, news_article, script_json
from .timeline import merge_timelines
from .validation import (BriefingSchema, ContentError, EntitySchema, Problem, check_schema,
                         display_path, missing_link_targets, read_source, slug_for,
                         split_front_matter)

log = logging.getLogger(__name__)

DEFAULT_ENTITY_FEED = "feeds/entities/{slug}.atom.xml"


class EntityPage(Page):
    """An entity's Markdown file as a Pelican content object (for url and {filename} links)."""

    @functools.cached_property
    def url(self):  # Pelican formats it anew on every access; an entity's url never changes
        return super().url

    def _expand_settings(self, key: str) -> str:
        return super(Page, self)._expand_settings(key, "briefing_entity")


def read_front_matter(path: str, schema, problems: list[Problem]):
    """The validated front matter of one file (None when it has problems, added to
    `problems`) and the file as read (None when it could not be split)."""
    text, found = read_source(path)
    problems += found
    if text is None:
        return None, None
    front, found = split_front_matter(path, text)
    problems += found
    if front is None:
        return None, None
    meta, found = check_schema(front, schema)
    problems += found
    return meta, front


def is_slug(name: str) -> bool:
    return name == name.lower() and name == name.strip() and all(c.isalnum() or c == "-" for c in name) and name[:1].isalnum()


class BriefingGenerator(Generator):
    def generate_context(self):
        problems: list[Problem] = check_publish_settings(self.settings.get("SITEURL", ""),
                                                         self.settings.get("BRIEFING_CNAME", ""))
        entities, pages = self._read_entities(problems)
        # Entity files with problems of their own: references to them are not reported twice.
        stems = {os.path.splitext(os.path.basename(p.path))[0] for p in problems}
        unreadable = frozenset({s.casefold() for s in stems} | {slug_for(s) for s in stems})
        problems += check_entities(entities, unreadable)
        index = EntityIndex(entities)
        for draft in self.context.get("drafts", []):
            # Pelican's draft writer reads .category, which it leaves unset when CATEGORY_SAVE_AS is "".
            if not hasattr(draft, "category"):
                draft.category = Category(self.settings["DEFAULT_CATEGORY"], self.settings)
        briefings = self._read_briefings(index, problems, unreadable)
        for item in [article for article, _ in briefings] + list(pages.values()):
            problems += missing_link_targets(item._content, item.source_path, self.path)
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

        processed.sort(key=lambda item: newest_first(item[0]))
        # Drafts are not written and hidden briefings are not listed: entity pages show neither.
        listed = {id(a) for a in self.context.get("articles", [])}
        published = [item for item in processed if id(item[0]) in listed]
        views = build_entity_views(list(index), pages, published)
        self._structured_data(index, pages, processed, views)
        self.timeline = merge_timelines([(article, data) for article, data, _ in published])
        self.context["briefing_timeline"] = self.timeline
        self.entity_views = [views[slug] for slug in sorted(views)]
        # For tools/content_warnings.py: (source path, data) of every briefing, newest first.
        self.briefings = [(display_path(article.source_path), data) for article, data, _ in processed]
        self.context["entity_index"] = index
        self.context["entity_views"] = self.entity_views
        self.context["entity_urls"] = {slug: page.url for slug, page in pages.items()}
        self.sitemap = self._sitemap_entries()
        self.processed = processed
        feed_pattern = self.settings.get("BRIEFING_ENTITY_FEED_ATOM", DEFAULT_ENTITY_FEED)
        self.entity_feeds = {slug: feed_pattern.format(slug=slug) for slug in views} if feed_pattern else {}
        self.context["entity_feeds"] = self.entity_feeds
        self.context["BRIEFING_ENTITY_KINDS"] = ("state", "person", "organization", "place", "event")

    # -- reading

    def _read_entities(self, problems):
        folder = os.path.join(self.path, self.settings.get("BRIEFING_ENTITY_PATH", "entities"))
        entities, pages = [], {}
        for path in self._markdown_files(folder):
            slug = os.path.splitext(os.path.basename(path))[0]
            if not is_slug(slug):
                problems.append(Problem(display_path(path), "", f'the file name "{slug}" is not a slug: rename the file to {slug_for(slug) or "a-name"}.md (lowercase, dashes)'))
                continue
            meta, front = read_front_matter(path, EntitySchema, problems)
            if meta is None:
                continue
            # The description, converted with one shared Markdown instance: Pelican's
            # reader would parse the front matter a second time for each file.
            page = EntityPage(self._markdown().reset().convert(front.body), metadata={"title": meta.name, "slug": slug},
                              settings=self.settings, source_path=path, context=self.context)
            entity = entity_from_front_matter(slug, meta, display_path(path))
            page.entity = entity
            self.add_source_path(page)
            entities.append(entity)
            pages.setdefault(slug, page)
        return entities, pages

    def _markdown(self):
        if getattr(self, "_md", None) is None:
            md_settings = copy.deepcopy(self.settings["MARKDOWN"])
            extensions = [e for e in md_settings.get("extensions", []) if e != "markdown.extensions.meta"]
            self._md = Markdown(**{**md_settings, "extensions": extensions})
        return self._md

    def _markdown_files(self, folder):
        """Every Markdown file under folder (subfolders too), in a stable order."""
        extensions = tuple(f".{ext}" for ext in self.readers.extensions if ext in ("md", "markdown", "mkd", "mdown"))
        found = []
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found += [os.path.join(root, f) for f in files if f.endswith(extensions) and not f.startswith(".")]
        return sorted(found)

    def _read_briefings(self, index, problems, unreadable):
        """Check every briefing file, not only those Pelican could read: a file it skipped
        (no title, a bad date, not UTF-8...) must stop the build, not vanish from the site."""
        by_path = {os.path.realpath(a.source_path): a for key in ("articles", "hidden_articles", "drafts", "translations",
                                                                   "hidden_translations", "drafts_translations")
                   for a in self.context.get(key, [])}
        slugs: dict[str, str] = {}
        briefings = []
        for folder in self.settings["ARTICLE_PATHS"]:
            for path in self._markdown_files(os.path.join(self.path, folder)):
                where = display_path(path)
                meta, front = read_front_matter(path, BriefingSchema, problems)
                if meta is None:
                    if front is not None:
                        # Schema problems first, but unknown entities named elsewhere in the file too.
                        reported = {p.field for p in problems if p.path == where}
                        problems += raw_reference_problems(where, front.data, index, unreadable, reported)
                    continue
                slug = meta.slug or slug_for(os.path.splitext(os.path.basename(path))[0])
                if slug.casefold() in slugs:
                    problems.append(Problem(where, "slug", f'"{slug}" is also the slug of {slugs[slug.casefold()]}: rename one file, or give it slug: another-slug'))
                    continue
                slugs[slug.casefold()] = where
                article = by_path.get(os.path.realpath(path))
                if article is None:
                    problems.append(Problem(where, "", "Pelican could not read this file (see its message above): fix what it names"))
                    continue
                data, found = resolve_briefing(where, article.slug, meta, index, unreadable)
                problems += found
                article.briefing = data
                article.template = "briefing"
                briefings.append((article, data))
        return briefings

    # -- linking

    def _link_all(self, briefings, pages, index, matcher, href, policy, processed, warnings):
        for article, data in briefings:
            article._content = sanitize_html(article._content)
            sentences = self._link_article(article, data, matcher, href, policy)
            warnings += trace_figures(data, list(sentences.items()), display_path(article.source_path))
            data.named = named_entities(data, index)
            data.map = state_map(data.states, data.host_state)
            processed.append((article, data, sentences))
        for slug, page in pages.items():
            page._content = sanitize_html(page._content)
            # Most descriptions name no other entity: a scan of the raw HTML (which
            # finds every name its text could contain) spares parsing them.
            if all(m.slug == slug for m in matcher.find(html.unescape(page._content))):
                continue
            page._content = annotate(page._content, matcher, href.get, policy=policy, exclude=slug,
                                     anchor_sentences=False).html

    def _link_article(self, article, data, matcher, href, policy):
        article._content, data.mentions, sentences = annotate(article._content, matcher, href.get, policy=policy)
        return sentences

    def _structured_data(self, index, pages, processed, views):
        """JSON-LD for each briefing and entity page, with absolute URLs."""
        base = self.settings.get("BRIEFING_ABSOLUTE_URL") or self.settings.get("SITEURL") or ""
        site_url = absolute_url(base, self.settings.get("BRIEFING_HOME_URL", ""))

        def entity_url(slug):
            return absolute_url(base, pages[slug].url)

        for article, data, _ in processed:
            doc = news_article(data, index, absolute_url(base, article.url), entity_url, self.settings["SITENAME"],
                               site_url, self.settings.get("AUTHOR"))
            article.jsonld = script_json(doc)
        for slug, view in views.items():
            text = visible_text(pages[slug]._content)
            view.description = text
            view.jsonld = script_json(entity_thing(view.entity, entity_url(slug), text or view.entity.role))

    def _report_figures(self, problems):
        if problems and self.settings.get("BRIEFING_STRICT"):
            raise ContentError(problems)
        for problem in problems:
            log.warning("%s", problem)

    def _sitemap_entries(self) -> list[SitemapEntry]:
        """Every page a search engine should know, each dated by the newest content it shows."""
        def changed(article):
            return newest([getattr(article, "date_partial", None), getattr(article, "modified_partial", None)])

        published = self.context.get("articles", [])
        latest = newest(changed(a) for a in published)
        entries = [SitemapEntry(self.settings["BRIEFING_HOME_URL"], latest),
                   SitemapEntry(self.settings["BRIEFING_ENTITY_INDEX_URL"], latest),
                   SitemapEntry(self.settings["BRIEFING_TIMELINE_URL"], latest)]
        if "search" in self.settings["DIRECT_TEMPLATES"]:
            entries.append(SitemapEntry(self.settings["SEARCH_URL"]))
        entries += [SitemapEntry(a.url, changed(a)) for a in published]
        entries += [SitemapEntry(p.url) for p in self.context.get("pages", [])]
        entries += [SitemapEntry(v.page.url, newest(changed(b.briefing) for b in v.briefings))
                    for v in self.entity_views]
        return entries

    # -- writing

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        entity_template = self.get_template("entity")
        for view in self.entity_views:
            writer.write_file(view.page.save_as, entity_template, self.context, relative_urls=relative,
                              entity=view.entity, view=view, page=view.page, url=view.page.url)
        writer.write_file(self.settings["BRIEFING_TIMELINE_SAVE_AS"], self.get_template("timeline"),
                          self.context, relative_urls=relative, url=self.settings["BRIEFING_TIMELINE_URL"])
        index_save_as = self.settings["BRIEFING_ENTITY_INDEX_SAVE_AS"]
        writer.write_file(index_save_as, self.get_template("entities"), self.context, relative_urls=relative,
                          url=self.settings["BRIEFING_ENTITY_INDEX_URL"])
        # GitHub Pages serves 404.html at any depth, so its links must not be relative.
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False)
        writer.write_file(".nojekyll", _Text(""), self.context, relative_urls=False)
        base = self.settings["BRIEFING_ABSOLUTE_URL"]
        writer.write_file("sitemap.xml", _Text(sitemap_xml(base, self.sitemap)), self.context, relative_urls=False)
        writer.write_file("robots.txt", _Text(robots_txt(absolute_url(base, "sitemap.xml"))), self.context,
                          relative_urls=False)
        cname = self.settings.get("BRIEFING_CNAME", "")
        if cname:  # for GitHub Pages publishing from a branch; an Actions deployment ignores it
            writer.write_file("CNAME", _Text(cname.lower() + "\n"), self.context, relative_urls=False)
        self._write_feeds()
        self._write_data()

    def _write_file(self, save_as: str, text: str):
        path = os.path.join(self.output_path, save_as)
        folder = os.path.dirname(path)
        made = self.__dict__.setdefault("_made_folders", set())
        if folder not in made:  # thousands of feeds share one folder
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
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


class _Text:
    """A fixed text where Pelican's writer expects a template."""

    def __init__(self, text: str):
        self.text = text

    def render(self, context):
        return self.text
