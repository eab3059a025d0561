"""Pelican's reader for our Markdown files: each file is read and parsed once, here.

The reader gives Pelican the fields it knows (title, date, slug, status,
lang, summary...) when they are valid, and the whole parsed file as the
`front_matter` metadata (frontmatter.FrontMatter), which the pipeline
validates. A briefing whose front matter is broken still reaches the
pipeline, with a stand-in title and date: Pelican never skips it with a
message of its own, and ours names the field and the fix.
"""

from __future__ import annotations

import copy
import functools
import os
import re

from markdown import Markdown
from markupsafe import escape
from pelican.readers import MarkdownReader

from ..model.dates import PartialDate, newest
from ..model.slugs import is_slug
from ..read.frontmatter import FrontMatter, parse_source
from .parallel import processes_for, share_map
from .stagecache import stage_cache

STATUSES = ("published", "draft", "hidden")
# A body that is one line of words and plain punctuation, starting with a letter: Markdown would
# only wrap it in <p> (no character here starts emphasis, a link, code, HTML, a list or a table).
_PLAIN_LINE_RE = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;:'\"?!()\-–—‘’“”%/])*")
# Stands in for a briefing's missing or unreadable date: the build stops on it anyway.
_PLACEHOLDER_DATE = "1970-01-01"


class BriefingReader(MarkdownReader):
    file_extensions = MarkdownReader.file_extensions

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        md_settings = copy.deepcopy(self.settings["MARKDOWN"])
        md_settings["extensions"] = [e for e in md_settings.get("extensions", []) if e != "markdown.extensions.meta"]
        # One Markdown instance for every file this reader reads (reset between files).
        self._md = Markdown(**md_settings)
        folder = self.settings.get("BRIEFING_CACHE_PATH")
        # Files read in earlier builds, by their bytes (stagecache.py); None without a cache.
        self._memo = stage_cache(folder) if folder else None
        # Files read ahead (read_ahead), by path: their bytes, and what they read as when that was made then.
        self._ahead: dict[str, tuple[bytes, tuple | None]] = {}

    def read(self, source_path):
        raw, result = self._ahead.pop(source_path, (None, None))
        if raw is None:
            raw = _bytes(source_path)
        make = functools.partial(_given, result) if result is not None else functools.partial(self._read, source_path, raw)
        return make() if self._memo is None else self._memo.read(source_path, raw, make)

    def read_ahead(self, paths: list[str]) -> None:
        """Read these files (absolute paths) now: those no earlier build read are parsed at once,
        shared between processes (parallel.py). read() then gives each back as it was now (a file
        saved meanwhile is the next build's)."""
        raws = {path: _bytes(path) for path in paths}
        if self._memo is not None:
            self._memo.use_settings(self.settings)
        todo = [path for path, raw in raws.items() if self._memo is None or not self._memo.has_read(path, raw)]
        processes = processes_for(self.settings.get("BRIEFING_PROCESSES", 0), len(todo))
        made = dict(zip(todo, share_map(lambda path: self._read(path, raws[path]), todo, processes), strict=True)) \
            if processes > 1 else {}
        self._ahead.update({path: (raw, made.get(path)) for path, raw in raws.items()})

    def _read(self, source_path: str, raw: bytes):
        front = parse_source(source_path, raw)
        html = plain_paragraph(front.body) or self._md.reset().convert(front.body) if front.data is not None else ""
        return html, self.pelican_metadata(front, source_path)

    def pelican_metadata(self, front: FrontMatter, source_path: str) -> dict:
        data = front.data or {}
        meta: dict = {"front_matter": front}
        title = data.get("title", data.get("name"))
        if isinstance(title, str) and title.strip():
            meta["title"] = title.strip()
        for key in ("date", "modified"):
            partial = _date(data.get(key))
            if key == "modified":
                # An update or a correction changes the briefing too: Pelican's feed dates it so.
                partial = newest([partial, *(_date(n.get("date")) for field in ("updates", "corrections")
                                             for n in _list(data.get(field)) if isinstance(n, dict))])
            if partial is not None:
                # Pelican would fill a missing day from today's date: give it the month's first day.
                meta[key] = self.process_metadata(key, partial.first_day().isoformat())
                meta[f"{key}_partial"] = partial
        if isinstance(data.get("slug"), str) and is_slug(data["slug"].strip()):
            meta["slug"] = data["slug"].strip()
        if data.get("status") in STATUSES:
            meta["status"] = data["status"]
        for key in ("lang", "translation"):
            if isinstance(data.get(key), (str, bool)):
                meta[key] = data[key]
        if isinstance(data.get("summary"), str):
            # Plain text wherever it lands (FORMATTED_FIELDS is empty): escaped once, here.
            meta["summary"] = str(escape(data["summary"].strip()))
        if self._is_article(source_path):
            meta["template"] = "briefing"
            meta.setdefault("title", os.path.splitext(os.path.basename(source_path))[0])
            meta.setdefault("date", self.process_metadata("date", _PLACEHOLDER_DATE))
        return meta

    def _is_article(self, source_path: str) -> bool:
        root = os.path.join(os.path.abspath(self.settings["PATH"]), "")
        return any(source_path.startswith(os.path.join(root, folder, "")) for folder in self.settings["ARTICLE_PATHS"])


def _bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _given(value):
    return value


def _date(value) -> PartialDate | None:
    """A date as written, or None when it is absent or not a date (validation reports it)."""
    try:
        return PartialDate.parse(value) if value is not None else None
    except ValueError:
        return None


def _list(value) -> list:
    return value if isinstance(value, list) else []


def plain_paragraph(body: str) -> str | None:
    """The HTML Markdown makes of a body that is one plain line, without running Markdown (thousands
    of entity descriptions are such a line); None for any other body."""
    text = body.strip("\n")
    if "\n" in text or text.endswith(" ") or not _PLAIN_LINE_RE.fullmatch(text):
        return None
    return f"<p>{text}</p>"


def add_reader(readers):
    for ext in BriefingReader.file_extensions:
        readers.reader_classes[ext] = BriefingReader


def read_ahead(readers, paths: list[str]) -> None:
    """Have each of our readers read its files among paths (absolute) ahead (BriefingReader.read_ahead)."""
    by_reader: dict[int, tuple[BriefingReader, list[str]]] = {}
    for path in paths:
        reader = readers.readers.get(os.path.splitext(path)[1][1:])
        if isinstance(reader, BriefingReader):
            by_reader.setdefault(id(reader), (reader, []))[1].append(path)
    for reader, found in by_reader.values():
        reader.read_ahead(found)


def read_articles_ahead(generator):
    """Pelican's articles generator is ready (article_generator_init): its files are read ahead,
    shared between processes, before it asks for them one by one."""
    paths = generator.get_files(generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"])
    read_ahead(generator.readers, [os.path.abspath(os.path.join(generator.path, path)) for path in paths])
