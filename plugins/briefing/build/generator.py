"""The Pelican edge: Pelican's objects in, the pipeline's values out, written to disk.

BriefingGenerator converts what Pelican read (articles, entity files) into
BriefingSource and EntitySource values, runs pipeline.build_site, and assigns
the results back in one place (_publish). Everything else it does is writing.
"""

from __future__ import annotations

import datetime as dt
import functools
import os

from pelican.contents import Page
from pelican.generators import Generator
from pelican.urlwrappers import Category
from pelican.writers import Writer

from ..model.dates import PartialDate, newest, newest_first_key
from ..model.domain import BriefingSource, EntitySource, SeriesSource
from ..model.kinds import ENTITY_KINDS, KINDS_BY_NAME
from ..model.problems import ContentError, Problem, report_warnings
from ..model.settings import SETTINGS_FILE, BriefingSettings
from ..output.export import (
    BriefingsFile,
    EntitiesFile,
    FiguresFile,
    briefings_json,
    data_json,
    entities_json,
    figures_file,
    schema_json,
    series_csv,
)
from ..output.feeds import entity_feed, feed_timestamp, tag_uri
from ..output.site_files import (
    SitemapEntry,
    absolute_url,
    check_absolute_url,
    check_publish_settings,
    robots_txt,
    sitemap_xml,
)
from ..story.checks import missing_link_targets
from .memo import NO_MEMO, Memo
from .outputs import Outputs
from .parallel import SharedWork, processes_for
from .pipeline import Publication, Site, build_site
from .reader import read_ahead
from .stagecache import stage_cache

# Pelican's lists of what ArticlesGenerator read.
_ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations")


class EntityPage(Page):
    """An entity's Markdown file as a Pelican content object (for its url and {filename} links).

    Its slug is its file name, whatever the script.
    """

    def __init__(self, content, metadata=None, settings=None, source_path=None, context=None):
        slug = os.path.splitext(os.path.basename(source_path))[0]
        super().__init__(content, {**(metadata or {}), "slug": slug}, settings, source_path, context)

    @functools.cached_property
    def url(self):  # Pelican formats it anew on every access; an entity's url never changes
        return super().url

    @functools.cached_property
    def _relative_source_path(self):
        return super().get_relative_source_path()

    def get_relative_source_path(self, source_path=None):
        return super().get_relative_source_path(source_path) if source_path else self._relative_source_path

    def _expand_settings(self, key: str) -> str:
        return super(Page, self)._expand_settings(key, "briefing_entity")


def settings_for(pelican_settings: dict) -> BriefingSettings:
    """The plugin's settings, or the build stops naming the setting at fault."""
    checked = BriefingSettings.from_pelican(pelican_settings)
    if checked.value is None:
        raise ContentError(list(checked.problems))
    return checked.value


class BriefingGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config: BriefingSettings = settings_for(self.settings)
        base = self.config.absolute_url or self.settings.get("SITEURL") or ""
        self.publication = Publication(self.settings["SITENAME"], self.settings.get("AUTHOR"), base, self.config.home_url,
                                       self.config.canonical_url.rstrip("/"), dt.date.today(),
                                       self.settings.get("DEFAULT_LANG") or "en")
        self.site: Site | None = None
        self.entity_pages: dict[str, EntityPage] = {}  # by slug
        self.articles: dict[str, object] = {}  # Pelican's articles, by source path relative to the content folder
        # Stage results kept between builds (stagecache.py), and how outputs are written (outputs.py):
        # the dev server sets both for an incremental build.
        self.memo: Memo = stage_cache(self.config.cache_path) if self.config.cache_path else NO_MEMO
        self.memo.begin(self.settings)
        self.outputs = Outputs()
        self.data_records: tuple[dict, dict] | None = None  # the data files' records kept between builds
        # The data files, entity pages and feeds: tasks taken in batches by this process and its helpers (parallel.py).
        self.shared_output: SharedWork | None = None

    # -- in: Pelican's objects to the pipeline's values

    def generate_context(self):
        problems = check_publish_settings(self.settings.get("SITEURL", ""), self.config.cname)
        if self.config.drafts and self.config.canonical_url:
            problems.append(Problem(SETTINGS_FILE, "BRIEFING_DRAFTS", "drafts are previewed in local builds only (make html DRAFTS=1), never published"))
        if self.config.entity_feed_atom or self.config.data_path:
            problems += check_absolute_url(self.config.absolute_url, self.settings.get("SITEURL", ""))
        entity_paths = sorted(self.get_files(self.config.entity_path))
        self._read_entities_ahead(entity_paths)
        entity_sources = [self._entity_source(path) for path in entity_paths]
        series_sources = [self._series_source(path) for path in sorted(self.get_files(self.config.figure_path))]
        listed = {id(a) for a in self.context.get("articles", [])}
        for key in _ARTICLE_LISTS:
            for article in self.context.get(key, []):
                self.articles[article.relative_source_path] = article
                # Pelican keeps translations off its context lists: each original holds its own.
                for translation in getattr(article, "translations", ()):
                    self.articles[translation.relative_source_path] = translation
        sources = [self._briefing_source(article, id(article) in listed)
                   for _, article in sorted(self.articles.items())]
        for item in [*self.articles.values(), *self.entity_pages.values()]:
            problems += missing_link_targets(item._content, item.source_path, self.path, os.path.isfile)
        built = build_site(entity_sources, sources, self.config, self.publication, series_sources, self.memo)
        problems += built.problems
        if problems:
            raise ContentError(problems)
        self._report(built.value.warnings)
        self._publish(built.value)

    def _entity_source(self, path: str) -> EntitySource:
        page, source = self._read_entity(path)
        if source.slug not in self.entity_pages:
            self.entity_pages[source.slug] = page
            self.add_source_path(page)
        return source

    def _read_entities_ahead(self, paths: list[str]) -> None:
        read_ahead(self.readers, [os.path.join(self.path, path) for path in paths])

    def _read_entity(self, path: str) -> tuple[EntityPage, EntitySource]:
        # Our reader, straight: Pelican's read_file adds path and default metadata no entity uses,
        # at a cost that counts with thousands of entity files.
        full = os.path.join(self.path, path)
        html, metadata = self.readers.readers[os.path.splitext(path)[1][1:]].read(full)
        page = EntityPage(html, metadata, settings=self.settings, source_path=full, context=self.context)
        slug = os.path.splitext(os.path.basename(path))[0]
        front = page.metadata["front_matter"]
        return page, EntitySource(slug, front.path, "{filename}/" + page.get_relative_source_path(), front, page._content)

    def _series_source(self, path: str) -> SeriesSource:
        full = os.path.join(self.path, path)
        html, metadata = self.readers.readers[os.path.splitext(path)[1][1:]].read(full)
        front = metadata["front_matter"]
        return SeriesSource(os.path.splitext(os.path.basename(path))[0], front.path, front, html)

    def _briefing_source(self, article, listed: bool) -> BriefingSource:
        # Pelican's draft writer reads .category, which it leaves unset when CATEGORY_SAVE_AS is "".
        if article.status == "draft" and not hasattr(article, "category"):
            article.category = Category(self.settings["DEFAULT_CATEGORY"], self.settings)
        front = article.metadata["front_matter"]
        return BriefingSource(front.path, article.relative_source_path, article.slug, article.lang, article.url,
                              article.status, listed, front, article._content)

    def _report(self, warnings: tuple[Problem, ...]):
        if warnings and self.config.strict:
            raise ContentError(list(warnings))
        report_warnings(warnings)

    # -- out: the pipeline's values, assigned back in one place

    def _publish(self, site: Site):
        self.site = site
        for item in site.briefings:
            self.articles[item.source_key]._content = item.annotation.html
        for slug, html in site.descriptions.items():
            self.entity_pages[slug]._content = html
        self.context.update(
            briefing_views={item.source_key: item for item in site.briefings},
            draft_views=[item for item in site.briefings if item.status == "draft"] if self.config.drafts else [],
            briefing_timeline=site.timeline,
            entity_index=site.entities.index,
            entity_views=[site.views[slug] for slug in sorted(site.views)],
            entity_urls={slug: view.url for slug, view in site.views.items()},
            entity_feeds={slug: view.feed for slug, view in site.views.items()},
            entity_kinds=ENTITY_KINDS,
            figure_series=site.ledger.series,
            figure_contexts=site.ledger.contexts,
            story_views=site.stories,
            story_places=site.story_places,
            corrections=site.corrections,
            entity_kinds_by_name=KINDS_BY_NAME,
        )

    # -- writing

    def share_output(self):
        """Every generator's context is done (Pelican's all_generators_finalized): on a clean build,
        helper processes start on the stage cache, the data files and the entity pages and feeds while this one writes
        Pelican's pages; generate_output takes the tasks left and waits for the helpers."""
        slugs = sorted(self.site.views)
        published = self.site.published
        # A feed with no entries still needs a date: the newest briefing's, never the build's clock.
        empty_feed_date = feed_timestamp(published[0].date if published else PartialDate(2000, 1))
        tasks = [self._keep_stages, self._write_data, self._write_site_pages,
                 *(functools.partial(self._write_entity, slug, empty_feed_date) for slug in slugs)]
        processes = processes_for(self.config.processes, len(slugs)) if self.outputs.shareable else 1
        if processes > 1:  # compiled once, before the helpers are forked, rather than in each
            for name in ("entity", "timeline", "entities", "figures", "figure", "corrections", "404"):
                self.get_template(name)
        self.shared_output = SharedWork.start(tasks, processes, self._write_shared_in_helper)

    def _write_shared_in_helper(self, work: SharedWork) -> None:
        self._write_shared(work, BriefingWriter(self.output_path, settings=self.settings), Outputs())

    def _write_shared(self, work: SharedWork, writer, outputs: Outputs) -> None:
        """Tasks taken batch by batch while batches are left; each writes through writer and outputs."""
        for task in work.take():
            task(writer, outputs)

    def _keep_stages(self, _writer, _outputs) -> None:
        """Every stage has run: the stage cache keeps this build's results (saved when it persists)."""
        self.memo.finish()

    def _write_entity(self, slug: str, empty_feed_date: dt.datetime, writer, outputs: Outputs) -> None:
        """An entity's page and its feed."""
        view, page = self.site.views[slug], self.entity_pages[slug]
        writer.write_file(page.save_as, self.get_template("entity"), self.context, relative_urls=self.settings["RELATIVE_URLS"],
                          entity=view.entity, view=view, page=page, url=view.url)
        path = os.path.join(self.output_path, view.feed)
        if view.feed and outputs.wanted(path, (view, empty_feed_date)):
            outputs.write(path, entity_feed(view, base=self.publication.base_url, site_name=self.publication.name,
                                            author=self.publication.author, when_empty=empty_feed_date))
            outputs.made(path, (view, empty_feed_date))

    def generate_output(self, writer):
        if self.shared_output is None:  # a run that does not send all_generators_finalized
            self.share_output()
        try:
            self._write_shared(self.shared_output, writer, self.outputs)
            self.shared_output.finish()
        finally:
            self.shared_output.stop()

    def _write_site_pages(self, writer, outputs: Outputs):
        """The timeline, the entity index, the ledger, the corrections, 404.html and the site's small files."""
        relative = self.settings["RELATIVE_URLS"]
        config = self.config
        writer.write_file(config.timeline_save_as, self.get_template("timeline"), self.context,
                          relative_urls=relative, url=config.timeline_url)
        writer.write_file(config.entity_index_save_as, self.get_template("entities"), self.context,
                          relative_urls=relative, url=config.entity_index_url)
        self._write_ledger(writer, outputs)
        writer.write_file(config.corrections_save_as, self.get_template("corrections"), self.context,
                          relative_urls=relative, url=config.corrections_url)
        # GitHub Pages serves 404.html at any depth, so its links must not be relative.
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False)
        self._write_text(outputs, ".nojekyll", "")
        canonical = self.publication.canonical_url
        if canonical:  # for search engines, which need the published address
            self._write_text(outputs, "sitemap.xml", sitemap_xml(canonical, self._sitemap_entries()))
            self._write_text(outputs, "robots.txt", robots_txt(absolute_url(canonical, "sitemap.xml")))
        if config.cname:  # for GitHub Pages publishing from a branch; an Actions deployment ignores it
            self._write_text(outputs, "CNAME", config.cname.lower() + "\n")

    def _write_ledger(self, writer, outputs: Outputs):
        """/figures/, a page and a CSV file per series."""
        relative, config = self.settings["RELATIVE_URLS"], self.config
        writer.write_file(config.figure_index_save_as, self.get_template("figures"), self.context, relative_urls=relative,
                          url=config.figure_index_url)
        template = self.get_template("figure")
        for series in self.site.ledger.series:
            writer.write_file(config.figure_save_as.format(id=series.id), template, self.context, relative_urls=relative,
                              series=series, url=series.url)
            self._write_text(outputs, series.csv_url, series_csv(series, self.publication.base_url))

    def _write_text(self, outputs: Outputs, save_as: str, text: str):
        outputs.write(os.path.join(self.output_path, save_as), text)

    def _sitemap_entries(self) -> list[SitemapEntry]:
        """Every page a search engine should know, each dated by the newest content it shows."""
        def changed(item):
            return newest([item.date, item.briefing.last_changed])

        published = self.site.published
        latest = newest(changed(item) for item in published)
        config = self.config
        entries = [SitemapEntry(config.home_url, latest), SitemapEntry(config.entity_index_url, latest),
                   SitemapEntry(config.timeline_url, latest)]
        if "search" in self.settings["DIRECT_TEMPLATES"]:
            entries.append(SitemapEntry(self.settings["SEARCH_URL"]))
        entries += [SitemapEntry(item.url, changed(item)) for item in published]
        # Translations: published in another language, each at its own address.
        entries += [SitemapEntry(item.url, changed(item)) for item in self.site.briefings
                    if item.status == "published" and not item.listed]
        entries += [SitemapEntry(p.url) for p in self.context.get("pages", [])]
        entries += [SitemapEntry(config.figure_index_url, latest), SitemapEntry(config.corrections_url, latest)]
        entries += [SitemapEntry(s.url, newest(o.as_of for o in s.observations)) for s in self.site.ledger.series]
        entries += [SitemapEntry(view.url, newest(changed(b.briefing) for b in view.briefings))
                    for view in self.site.views.values()]
        return entries

    def _write_data(self, _writer, outputs: Outputs):
        """/data/*.json and their schemas."""
        folder = self.config.data_path
        if not folder:
            return
        base, name = self.publication.base_url, self.publication.name
        views = [self.site.views[slug] for slug in sorted(self.site.views)]
        published = list(self.site.published)
        known = self.data_records or ({}, {})
        files = {
            "briefings.json": briefings_json(published, base=base, site_name=name, known=known[0]),
            "entities.json": entities_json(views, published, base=base, site_name=name, known=known[1]),
            "figures.json": data_json(figures_file(list(self.site.ledger.series), base=base, site_name=name)),
            "schema/briefings.schema.json": schema_json(BriefingsFile, "briefings"),
            "schema/entities.schema.json": schema_json(EntitiesFile, "entities"),
            "schema/figures.schema.json": schema_json(FiguresFile, "figures"),
        }
        for file, text in files.items():
            outputs.write(os.path.join(self.output_path, folder, file), text)

class BriefingWriter(Writer):
    """Pelican's writer, with feeds that use absolute links and a briefing's date precision in entry ids."""

    def write_feed(self, elements, context, path=None, url=None, *args, **kwargs):
        base = self.settings.get("BRIEFING_ABSOLUTE_URL")
        if base and not context.get("SITEURL"):
            context = {**context, "SITEURL": base}
        return super().write_feed(elements, context, path, url, *args, **kwargs)

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        date = getattr(item, "date_partial", None)
        if date is not None:
            entry = feed.items[-1]
            entry["unique_id"] = tag_uri(entry["link"], date.iso)


def order_newest_first(article) -> tuple:
    """ARTICLE_ORDER_BY: newest first by the date as written (a month after its days), then by slug."""
    return newest_first_key(getattr(article, "date_partial", None), getattr(article, "slug", ""))
