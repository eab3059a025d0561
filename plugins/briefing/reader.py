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
import os
import re

from markdown import Markdown
from markupsafe import escape
from pelican.readers import MarkdownReader

from .dates import PartialDate, newest
from .frontmatter import FrontMatter, parse_source
from .slugs import is_slug
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

    def read(self, source_path):
        with open(source_path, "rb") as handle:
            raw = handle.read()
        if self._memo is None:
            return self._read(source_path, raw)
        return self._memo.read(source_path, raw, lambda: self._read(source_path, raw))

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
