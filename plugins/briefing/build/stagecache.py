"""Stage results kept between builds: in memory in the dev server, on disk between `make html` runs.

What is kept, and under which key (memo.py makes the keys from values):

- each file as read (the body's HTML and the metadata): the file's bytes;
- the entity set (index and name matcher): every entity file as read;
- each briefing through validate → resolve → annotate → trace: the briefing as read and the
  entity set's fingerprint;
- each entity's linked description: the file as read and the entity set's fingerprint;
- in memory only, the entity views of the last build: a build whose entity set is the same
  object remakes only the views of entities named by a briefing that changed.

Every key also holds a digest of Pelican's settings (the output folder aside) and of the plugin
(its code and the versions of the libraries results depend on), so a change to any of them
makes every result anew. On disk, one file per plugin version in BRIEFING_CACHE_PATH holds the
results the last successful build used; delete the folder to clear it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import os
import pickle
import tempfile
import types
from importlib import metadata
from pathlib import Path

from .memo import Memo, affected_entities, briefing_source_key, digest, entity_source_key

log = logging.getLogger(__name__)

PLUGIN_FOLDER = Path(__file__).resolve().parent.parent
# Libraries whose version can change what a stage returns.
DEPENDENCIES = ("pelican", "markdown", "nh3", "pyyaml", "pycountry", "pydantic", "pyahocorasick", "rapidfuzz")
# Settings that do not change any stage's result (Jinja's shape only rendering).
_UNKEYED_SETTINGS = frozenset({"OUTPUT_PATH", "BRIEFING_CACHE_PATH", "JINJA_ENVIRONMENT", "JINJA_FILTERS",
                               "JINJA_GLOBALS", "JINJA_TESTS"})
FILE_PREFIX = "stages-"


@functools.cache
def plugin_version() -> str:
    """A digest of the plugin's code and data files and of its libraries' versions."""
    h = hashlib.blake2b(digest_size=12)
    # Every subpackage: a change to any module or data file of the plugin makes every result anew.
    for path in sorted([*PLUGIN_FOLDER.rglob("*.py"), *PLUGIN_FOLDER.rglob("*.json")]):
        h.update(path.relative_to(PLUGIN_FOLDER).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in DEPENDENCIES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=?\0".encode())
    return h.hexdigest()


def _plain(value):
    """A settings value as plain data whose repr is the same in every process."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(_plain(v)) for v in value))
    if isinstance(value, (types.FunctionType, type)):
        return f"{value.__module__}.{value.__qualname__}"
    return type(value).__qualname__


def settings_key(settings: dict) -> str:
    """A digest of Pelican's settings, the output folder aside, and of the plugin's version."""
    plain = tuple(sorted((k, _plain(v)) for k, v in settings.items() if k not in _UNKEYED_SETTINGS))
    return digest(plugin_version(), plain)


class StageCache(Memo):
    """Results of the stages by key; `folder` ("" for memory only) is where they are saved."""

    def __init__(self, folder: str = ""):
        self.folder = folder
        self.persist = bool(folder)  # save after each successful build (the dev server keeps them in memory)
        self._entries: dict[str, object] = {}
        self._used: set[str] = set()
        self._context = ""  # settings_key of the build under way
        self._entities = ""  # fingerprint of the entity set of the build under way
        self._views: tuple | None = None  # (entity set, published, descriptions, views) of the last build
        # Sources' keys by the identity of what they hold: a file read again unchanged gives the same
        # parsed front matter and HTML objects (the read memo), so its key need not be made again.
        self._source_keys: dict[tuple, tuple[tuple, str]] = {}
        self._older_source_keys: dict[tuple, tuple[tuple, str]] = {}
        self._last_context: tuple | None = None
        # This build's keys by (stage, source, context) identity; the entry holds both, so their ids stay theirs.
        self._keys: dict[tuple, tuple] = {}
        self.hits = 0
        self.misses = 0
        if folder:
            self._load()

    # -- a build

    def begin(self, settings: dict) -> None:
        """A build starts with these settings: counts and the record of what it used start anew."""
        self.use_settings(settings)
        self._keys = {}
        self._used = set()
        self.hits = self.misses = 0
        # Keep the keys of the sources the last build saw; forget older ones.
        self._older_source_keys, self._source_keys = self._source_keys, {}

    def use_settings(self, settings: dict) -> None:
        """The settings of the build under way (every key holds their digest); a reader reading
        ahead may come before the build's begin()."""
        self._context = settings_key(settings)

    def finish(self) -> None:
        """A build succeeded: forget what it did not use, and save the rest when persisting."""
        self._entries = {key: self._entries[key] for key in self._used if key in self._entries}
        if self.persist:
            self._save()

    def _get(self, key: str, make):
        self._used.add(key)
        try:
            value = self._entries[key]
        except KeyError:
            self.misses += 1
            value = self._entries[key] = make()
        else:
            self.hits += 1
        return value

    # -- the hooks

    def _read_key(self, path: str, raw: bytes) -> str:
        return digest("read", self._context, path, hashlib.blake2b(raw, digest_size=16).digest())

    def read(self, path: str, raw: bytes, make):
        """A file as read by BriefingReader: kept by its bytes."""
        return self._get(self._read_key(path, raw), make)

    def has_read(self, path: str, raw: bytes) -> bool:
        return self._read_key(path, raw) in self._entries

    def _source_key(self, source, make) -> str:
        """make(source), remembered by the identity of its parsed front matter and long texts and the
        value of its other fields."""
        fields = tuple(vars(source).values())
        ids = tuple(id(v) if dataclasses.is_dataclass(v) or (isinstance(v, str) and len(v) > 200) else v for v in fields)
        known = self._source_keys.get(ids) or self._older_source_keys.get(ids)
        if known is None:
            # The entry holds the objects, so their ids stay theirs while it lives.
            known = (fields, make(source))
        self._source_keys[ids] = known
        return known[1]

    def _entity_key(self, source) -> str:
        return self._source_key(source, entity_source_key)

    def entity_set(self, _sources, make):
        self._entities = digest("entities", self._context, [self._entity_key(s) for s in _sources])
        return self._get(self._entities, make)

    def _context_key(self, context: tuple) -> str:
        if self._last_context is None or self._last_context[0] is not context:
            self._last_context = (context, repr(context))
        return self._last_context[1]

    def _build_key(self, kind: str, source, context, make) -> str:
        """A key asked for twice in one build (has_briefing, then briefing) is made once."""
        slot = (kind, id(source), id(context), self._entities, self._context)
        known = self._keys.get(slot)
        if known is None:
            known = self._keys[slot] = (source, context, make())
        return known[2]

    def _briefing_key(self, source, context) -> str:
        return self._build_key("briefing", source, context, lambda: digest(
            "briefing", self._entities, self._source_key(source, briefing_source_key), self._context_key(context)))

    def briefing(self, _source, _context, make):
        return self._get(self._briefing_key(_source, _context), make)

    def has_briefing(self, _source, _context) -> bool:
        return self._briefing_key(_source, _context) in self._entries

    def _description_key(self, source, context) -> str:
        return self._build_key("description", source, context, lambda: digest(
            "description", self._entities, self._entity_key(source), self._context_key(context)))

    def description(self, _source, _context, make):
        return self._get(self._description_key(_source, _context), make)

    def has_description(self, _source, _context) -> bool:
        return self._description_key(_source, _context) in self._entries

    def entity_views(self, _entities, _published, _descriptions, make):
        last = self._views
        if last is not None and last[0] is _entities and last[2] == _descriptions:
            views = dict(last[3])
            slugs = affected_entities(last[1], _published)
            if slugs:
                views.update(make(slugs))
        else:
            views = make(None)
        self._views = (_entities, _published, _descriptions, views)
        return views

    # -- on disk

    @property
    def file(self) -> Path:
        return Path(self.folder) / f"{FILE_PREFIX}{plugin_version()}.pickle"

    def _load(self) -> None:
        try:
            with open(self.file, "rb") as handle:
                entries = pickle.load(handle)
        except FileNotFoundError:
            return
        except Exception as err:  # noqa: BLE001 - a damaged cache is rebuilt, never fatal
            log.warning("briefing: ignoring the stage cache %s (%s); it will be rebuilt", self.file, err)
            return
        if isinstance(entries, dict):
            self._entries = entries

    def _save(self) -> None:
        folder = Path(self.folder)
        folder.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=folder, prefix=".stages-")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(self._entries, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(scratch, self.file)
        finally:
            if os.path.exists(scratch):
                os.unlink(scratch)
        for old in folder.glob(f"{FILE_PREFIX}*.pickle"):
            if old != self.file:
                old.unlink(missing_ok=True)


_OPEN: dict[str, StageCache] = {}


def stage_cache(folder: str) -> StageCache:
    """The process's cache for a folder, loaded from disk the first time."""
    folder = os.path.abspath(folder)
    if folder not in _OPEN:
        _OPEN[folder] = StageCache(folder)
    return _OPEN[folder]


def memory_cache(folder: str) -> StageCache:
    """The dev server's cache: loaded from the folder once, kept in memory, never saved."""
    cache = stage_cache(folder)
    cache.persist = False
    return cache
