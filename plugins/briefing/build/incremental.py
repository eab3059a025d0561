"""Incremental builds for the dev server: a Pelican run that makes only what changed.

`BuildSession.build()` runs the same generators, signals and templates as
`Pelican.run()` (Pelican 4.12's sequence, mirrored in `_run`), so the site is the
one a clean build makes. What it saves:

- stage results (reading, the entity set, each briefing, each description, the entity
  views) come from the stage cache, kept in memory between builds (stagecache.py);
- each page is rendered only when its render key changed: the values its template reads
  (`RenderKeys`), compared with ==; a file whose text comes out the same is not rewritten,
  and a file the site no longer has is removed (outputs.SelectiveOutputs);
- static files are copied again only when a file other than a briefing or entity changed.

Every error ends the build, never the session: content problems (ContentError), a bad
setting, a template or plugin error. The next build starts from the last good output.
"""

from __future__ import annotations

import gc
import io
import os
import posixpath
import re
import time
import traceback
from dataclasses import dataclass, field
from urllib.parse import unquote

import jinja2
from pelican import Pelican, signals
from pelican.contents import Content
from pelican.generators import StaticGenerator
from pelican.settings import read_settings
from pelican.utils import clean_output_dir, sanitised_join

from ..model.domain import EntitySource
from ..model.problems import ContentError, format_problems
from .generator import BriefingGenerator, BriefingWriter, EntityPage
from .outputs import SelectiveOutputs
from .stagecache import memory_cache

# Links to other content files, which Pelican resolves when it writes a page (contents.py).
_LINK_RE = re.compile(r"""\{(?:filename|static|attach)\}([^"'#?\s<>]*)""")
# Templates that read no content: only the settings (constant in a session) shape them.
SETTINGS_ONLY_TEMPLATES = frozenset({"404", "search"})


@dataclass
class BuildResult:
    """What one build did: ok, or the problems (one line each) and the text to show for them."""

    ok: bool
    seconds: float
    problems: list[str] = field(default_factory=list)
    message: str = ""  # the error list as `make html` prints it, or a traceback for a plugin error
    written: list[str] = field(default_factory=list)  # files written (absolute paths)
    removed: list[str] = field(default_factory=list)
    skipped: int = 0  # outputs not made again: their inputs had not changed
    cache_hits: int = 0
    cache_misses: int = 0


class RenderKeys:
    """The render key of each page Pelican's generators and ours write: the values its template reads."""

    def __init__(self, context: dict, settings: dict, targets: dict | None = None):
        self.context = context
        self.settings = settings
        self._articles: dict[int, tuple] = {}
        # Link targets by text, kept from the last build: an unchanged file's text is the same string.
        self._known_targets = targets or {}
        self.targets: dict[int, tuple[str, tuple[str, ...]]] = {}  # this build's, for the next one

    def _link_targets(self, html: str) -> tuple[str, ...]:
        known = self.targets.get(id(html)) or self._known_targets.get(id(html))
        if known is None or known[0] is not html:
            known = (html, tuple(dict.fromkeys(_LINK_RE.findall(html))))
        self.targets[id(html)] = known
        return known[1]

    def links(self, html: str, source: str) -> tuple:
        """The URL of each content file the text links to ({filename}...: Pelican resolves them when it
        writes the page). source: the text's file, relative to the content folder."""
        targets = self._link_targets(html)
        if not targets:
            return ()
        found = self.context.get("generated_content", {})
        static = self.context.get("static_content", {})
        folder = posixpath.dirname(source)
        urls = []
        for target in targets:
            path = unquote(target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target)))
            item = found.get(path) or static.get(path)
            urls.append((target, getattr(item, "url", None)))
        return tuple(urls)

    def article(self, article) -> tuple:
        known = self._articles.get(id(article))
        if known is not None and known[0] is article:
            return known[1]
        source = article.relative_source_path
        processed = self.context.get("briefing_views", {}).get(source)
        translations = tuple((t.lang, t.url, t.title) for t in getattr(article, "translations", ()))
        # A briefing page also shows its figures within their series and its place in its story.
        key = (processed, article.metadata.get("front_matter"), article.url, article.save_as, article.status,
               article.lang, translations, self.links(article._content, source),
               self.context.get("figure_contexts", {}).get(source), self.context.get("story_places", {}).get(source))
        self._articles[id(article)] = (article, key)
        return key

    def page(self, template, template_name, kwargs: dict):
        """The key of a write_file call, or None to always render it."""
        pagination = self.settings.get("PAGINATED_TEMPLATES", {})
        if template_name in pagination and (pagination[template_name] or self.settings.get("DEFAULT_PAGINATION")):
            return None
        name = template.name
        if os.path.splitext(name)[0] in SETTINGS_ONLY_TEMPLATES:
            return (name,)
        if "article" in kwargs:
            return (name, self.article(kwargs["article"]))
        if "view" in kwargs:  # an entity page
            page, view = kwargs["page"], kwargs["view"]
            return (name, view, page._content, self.links(page._content, view.entity.href[len("{filename}/"):]),
                    kwargs.get("url"), self.context.get("story_views", {}).get(view.entity.slug))
        if "articles" in kwargs:  # index and the other direct templates (the home page lists draft previews too)
            return (name, tuple(self.article(a) for a in kwargs["articles"]),
                    tuple(self.article(a) for a in kwargs.get("dates", ())), tuple(self.context.get("draft_views", ())))
        return self._site_page(name, kwargs)

    def _site_page(self, name: str, kwargs: dict):
        stem = os.path.splitext(name)[0]
        if stem == "timeline":
            return (name, self.context.get("briefing_timeline"), kwargs.get("url"))
        if stem == "entities":
            return (name, tuple((v.entity, v.url, v.mention_count, len(v.briefings))
                                for v in self.context.get("entity_views", ())), kwargs.get("url"))
        return None

    def feed(self, elements, path, feed_title) -> tuple:
        items = elements[: self.settings.get("FEED_MAX_ITEMS")]
        return ("feed", path, feed_title, tuple(self.article(a) for a in items))


class _TextOut(io.StringIO):
    """A file Pelican's writer writes into: on closing, written only if its text changed."""

    def __init__(self, path: str, outputs: SelectiveOutputs):
        super().__init__()
        self.path = path
        self.outputs = outputs

    def __exit__(self, *exc):
        if exc[0] is None:
            self.outputs.write(self.path, self.getvalue())
        return super().__exit__(*exc)


class SelectiveWriter(BriefingWriter):
    """Pelican's writer (ours: BriefingWriter) that renders a page only when its render key changed."""

    def __init__(self, output_path, settings, outputs: SelectiveOutputs, keys: RenderKeys):
        super().__init__(output_path, settings=settings)
        self.outputs = outputs
        self.keys = keys

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if not name:
            return
        path = sanitised_join(self.output_path, name)
        key = self.keys.page(template, template_name, {**kwargs, "url": url})
        if not self.outputs.wanted(path, key):
            return
        super().write_file(name, template, context, relative_urls, paginated, template_name, override_output, url,
                           **kwargs)
        self.outputs.made(path, key)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False,
                   feed_title=None):
        if not path:
            return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        full = sanitised_join(self.output_path, path)
        key = self.keys.feed(elements, path, feed_title)
        if not self.outputs.wanted(full, key):
            return None
        feed = super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        self.outputs.made(full, key)
        return feed

    def _open_w(self, filename, encoding, override=False):  # noqa: ARG002 - Pelican passes them by name
        return _TextOut(filename, self.outputs)


class IncrementalGenerator(BriefingGenerator):
    """Our generator, keeping each entity file's page object from build to build while the file is
    unchanged (thousands of files: Pelican would make each page object again).

    A file is unchanged when its bytes are; they are not even read again when its stat (device,
    inode, modification time, size) is the same and the watcher did not name it (`changed`).
    """

    kept: dict[str, tuple] = {}  # by path: (stat, bytes, page, source); the session gives its own
    changed: frozenset | None = None  # (device, inode) of the files changed since the last build; None: unknown

    def _read_entities_ahead(self, paths: list[str]) -> None:
        """Not here: _read_entity reads only the files whose stat changed."""

    def _read_entity(self, path: str) -> tuple[EntityPage, EntitySource]:
        full = os.path.join(self.path, path)
        stat = os.stat(full)
        stamp = (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        known = self.kept.get(path)
        if known is not None and self.changed is not None and known[0] == stamp and stamp[:2] not in self.changed:
            return self._reuse(known)
        with open(full, "rb") as handle:
            raw = handle.read()
        if known is not None and known[1] == raw:
            self.kept[path] = (stamp, *known[1:])
            return self._reuse(known)
        page, source = super()._read_entity(path)
        self.kept[path] = (stamp, raw, page, source)
        return page, source

    def _reuse(self, known: tuple) -> tuple[EntityPage, EntitySource]:
        page, source = known[2], known[3]
        page._context = self.context  # links resolve against this build's files
        page._content = source.description_html  # the build links it again (BriefingGenerator._publish)
        return page, source


def _identities(paths) -> frozenset | None:
    """(device, inode) of each existing file among paths; None when paths is None."""
    if paths is None:
        return None
    found = set()
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found.add((stat.st_dev, stat.st_ino))
    return frozenset(found)


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory between builds (Pelican makes a new Jinja environment per
    build); a template whose source changed is compiled again (Jinja keys them by source checksum)."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = bucket.bytecode_to_string()


class BuildSession:
    """Builds a site again and again in one process, each time making only what changed."""

    def __init__(self, settings_file: str, content: str, output: str, cache: str, overrides: dict | None = None):
        self.settings_file = settings_file
        self.content = os.path.abspath(content)
        self.output = os.path.abspath(output)
        self.cache = os.path.abspath(cache)
        self.overrides = dict(overrides or {})
        self.pelican: Pelican | None = None
        self.outputs = SelectiveOutputs()
        self.data_records: tuple[dict, dict] = ({}, {})
        self.entity_pages: dict[str, tuple] = {}  # IncrementalGenerator.kept
        self.templates = TemplateCache()
        self.link_targets: dict = {}  # RenderKeys.targets of the last build
        self.builds = 0

    def restart(self) -> None:
        """Settings or templates changed: read the settings again and make every output again
        (files whose text is the same are still not rewritten)."""
        self.pelican = None
        self.outputs.forget()

    def build(self, changed: set[str] | None = None) -> BuildResult:
        """One build. changed: the files changed since the last build (None: unknown, copy static files too)."""
        start = time.perf_counter()
        # A build makes many objects that live until the next one; the caller collects
        # garbage after the build (collect_garbage), when no one is waiting for the pages.
        gc.disable()
        try:
            memo = self._run(changed)
        except ContentError as err:
            return BuildResult(False, time.perf_counter() - start, [str(p) for p in err.problems], format_problems(err.problems))
        except Exception as err:  # noqa: BLE001 - the dev server must outlive a broken template or plugin
            text = "".join(traceback.format_exception(err)).rstrip()
            return BuildResult(False, time.perf_counter() - start, [f"{type(err).__name__}: {err}"], text)
        finally:
            _forget_rendered_content()
            gc.enable()
        removed = self.outputs.finish(self.output)
        for path in [p for p in self.entity_pages if not os.path.exists(os.path.join(self.content, p))]:
            del self.entity_pages[path]
        self.builds += 1
        return BuildResult(True, time.perf_counter() - start, written=list(self.outputs.written), removed=removed,
                           skipped=self.outputs.skipped, cache_hits=memo.hits, cache_misses=memo.misses)

    def _start(self) -> Pelican:
        override = {**self.overrides, "PATH": self.content, "OUTPUT_PATH": self.output, "BRIEFING_CACHE_PATH": self.cache}
        settings = read_settings(self.settings_file, override=override)
        settings["JINJA_ENVIRONMENT"] = {**settings.get("JINJA_ENVIRONMENT", {}), "bytecode_cache": self.templates}
        pelican = Pelican(settings)
        if self.builds == 0 and os.path.isdir(self.output):
            # The first build makes the whole site: nothing left from another build may stay.
            clean_output_dir(self.output, [])
        return pelican

    def _run(self, changed: set[str] | None):
        """Pelican.run() (4.12) with our writer and caches; returns the stage cache it used."""
        copy_static = self.pelican is None or changed is None or any(not _is_text_content(p) for p in changed)
        if self.pelican is None:
            self.pelican = self._start()
        pelican = self.pelican
        settings = pelican.settings
        memo = memory_cache(self.cache)
        self.outputs.begin()
        context = settings.copy()
        context.update(generated_content={}, static_links=set(), static_content={}, localsiteurl=settings["SITEURL"])
        classes = [IncrementalGenerator if cls is BriefingGenerator else cls for cls in pelican._get_generator_classes()]
        generators = [cls(context=context, settings=settings, path=pelican.path, theme=pelican.theme,
                          output_path=pelican.output_path) for cls in classes]
        for generator in generators:
            if isinstance(generator, IncrementalGenerator):
                generator.outputs = self.outputs
                generator.data_records = self.data_records
                generator.kept = self.entity_pages
                generator.changed = None if copy_static else _identities(changed)
        for generator in generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
            if hasattr(generator, "check_disabled_readers"):
                generator.check_disabled_readers()
        signals.all_generators_finalized.send(generators)
        for generator in generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        keys = RenderKeys(context, settings, self.link_targets)
        writer = SelectiveWriter(pelican.output_path, settings, self.outputs, keys)
        for generator in generators:
            if isinstance(generator, StaticGenerator) and not copy_static:
                continue
            if hasattr(generator, "generate_output"):
                generator.generate_output(writer)
        signals.finalized.send(pelican)
        self.link_targets = keys.targets
        return memo


def _is_text_content(path: str) -> bool:
    """A briefing or entity file (a Markdown file): its changes never need static files copied again."""
    return path.endswith(".md")


def _forget_rendered_content() -> None:
    """Pelican memoises each content object's rendered text for the life of the process: let the
    objects of this build go."""
    for method in (Content.get_content, Content.get_summary):
        method.cache.clear()


def collect_garbage() -> None:
    """What the last build left (its content objects refer to each other) freed at once, frozen or not."""
    gc.unfreeze()
    gc.collect()
