"""The command-line tools (entry points in pyproject.toml):

    briefing-new briefing --title "..."        a correctly formed briefing file, dated today
    briefing-new entity --name "..." --kind person
    briefing-report [content]                  names in briefings that are probably meant to link
    briefing-warnings [content]                content that builds but may mislead (a build into a temp folder)
    briefing-names <entity>                    every spelling an entity links from, and its folding key
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

from pelican import Pelican, signals
from pelican.settings import read_settings

from ..build.generator import BriefingGenerator
from ..names.folding import name_key
from ..names.spellings import find_entity, name_table
from ..read.entities import read_entity_files
from ..read.frontmatter import parse_source
from ..read.scaffold import ScaffoldError, create_briefing, create_entity
from ..story.checks import content_warnings
from .report import format_unlinked, unlinked_report


def new(argv: list[str] | None = None) -> int:
    """make briefing / make entity."""
    parser = argparse.ArgumentParser(prog="briefing-new", description="Create a new briefing or entity file.")
    sub = parser.add_subparsers(dest="what", required=True)
    briefing = sub.add_parser("briefing", help="a new briefing dated today")
    briefing.add_argument("--title", default="")
    entity = sub.add_parser("entity", help="a new person, organisation, state, place or event")
    entity.add_argument("--name", default="")
    entity.add_argument("--kind", default="")
    for command in (briefing, entity):
        command.add_argument("--content", default="content", help="the content folder (default: content)")
    args = parser.parse_args(argv)
    content = Path(args.content)
    try:
        if args.what == "briefing":
            path = create_briefing(content, args.title)
        else:
            path = create_entity(content, args.name, args.kind)
    except ScaffoldError as err:
        print(f"make {args.what}: {err}", file=sys.stderr)
        return 1
    print(f"created {path}: fill in the fields, then run make html")
    return 0


# ---------------------------------------------------------------- briefing-report

def _valid_entities(content: Path, folder: str = "entities"):
    """Entities whose files are valid (the build reports the others)."""
    return [entity for _, _, entity in read_entity_files(sorted((content / folder).glob("*.md"))) if entity is not None]


def _briefing_bodies(content: Path, folder: str = "briefings"):
    """(path, Markdown body) of each briefing with readable front matter, lines counted from the file's top."""
    out = []
    for path in sorted((content / folder).rglob("*.md")):
        front = parse_source(str(path), path.read_bytes())
        if front.data is not None:
            out.append((front.path, "\n" * (front.body_line - 1) + front.body))
    return out


def report(argv: list[str] | None = None) -> int:
    """Content report for make check; never fails the check."""
    args = sys.argv[1:] if argv is None else argv
    content = Path(args[0] if args else "content")
    print(f"Content report for {content}/")
    print()
    near, unknown = unlinked_report(_valid_entities(content), _briefing_bodies(content))
    print(format_unlinked(near, unknown))
    return 0


# ---------------------------------------------------------------- briefing-names

def names(argv: list[str] | None = None) -> int:
    """Every spelling an entity links from, with its folding key: what a name will match."""
    parser = argparse.ArgumentParser(prog="briefing-names", description=names.__doc__)
    parser.add_argument("entity", help="the entity's slug (its file name), or any of its names or spellings")
    parser.add_argument("--content", default="content", help="the content folder (default: content)")
    parser.add_argument("--lang", default="en", help="the site's language (DEFAULT_LANG; default: en)")
    args = parser.parse_args(argv)
    entities = _valid_entities(Path(args.content))
    table = name_table(entities, args.lang)
    entity = find_entity(args.entity, entities, table)
    if entity is None:
        print(f'briefing-names: no entity in {args.content}/entities is "{args.entity}" or spelt so', file=sys.stderr)
        return 1
    print(f"{entity.name} ({entity.source_path or entity.slug}): every spelling that links to it, and its key")
    rows = [(s.text, name_key(s.text), s.script, s.lang or "-", s.system + ("" if s.shown else " (matched, not shown)"))
            for s in table.spellings[entity.slug]]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[4])
    for problem in table.problems:
        if problem.path == entity.source_path:
            print(f"warning: {problem}")
    return 0


# ---------------------------------------------------------------- briefing-warnings

_built: list[BriefingGenerator] = []


def _keep_generator(generators):
    _built.extend(g for g in generators if isinstance(g, BriefingGenerator))


def collect_warnings(content: Path, settings_file: Path) -> list:
    """The warnings of a build of `content` with the given settings (output to a temporary folder)."""
    os.environ["SITEURL"] = ""
    with tempfile.TemporaryDirectory() as output:
        settings = read_settings(str(settings_file), override={"PATH": str(content.resolve()), "OUTPUT_PATH": output})
        signals.all_generators_finalized.connect(_keep_generator)
        _built.clear()
        Pelican(settings).run()
    site = _built[-1].site
    return content_warnings(list(site.briefings), [site.views[slug] for slug in sorted(site.views)])


def warnings(argv: list[str] | None = None) -> int:
    """Exits 0 with warnings, 1 when the content has errors (listed as make html lists them)."""
    parser = argparse.ArgumentParser(prog="briefing-warnings", description="List the content warnings of a site.")
    parser.add_argument("content", nargs="?", default="content")
    parser.add_argument("--settings", default="pelican.conf.py")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # the build's own warnings are listed below, once
    try:
        found = collect_warnings(Path(args.content), Path(args.settings))
    finally:
        logging.disable(logging.NOTSET)
    for warning in found:
        print(warning)
    print(f"{len(found)} content warning{'s' if len(found) != 1 else ''}")
    return 0
