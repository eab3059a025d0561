"""Content that builds but may mislead or go unseen: warnings, never fatal unless strict.

Plain functions over what the pipeline made; `make html` prints the first
kind, `make check` (briefing-warnings) all of them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from urllib.parse import unquote

from ..model.dates import PartialDate
from ..model.domain import Briefing, EntityView, ProcessedBriefing
from ..model.problems import Problem, display_path
from ..read.frontmatter import FrontMatter
from ..read.scaffold import BRIEFING_PLACEHOLDER, ENTITY_PLACEHOLDER

# A headline longer than this is cut off in search results, feeds and link previews.
TITLE_LIMIT = 120


def unbacked_figures(path: str, figures) -> list[Problem]:
    """Key figures the article never states and no source document backs."""
    return [Problem(path, f"key_figures[{i}]", f'"{fig.display} {fig.label}" is not stated in the text and has no url: state it in the article or add url: https://... of its source')
            for i, fig in enumerate(figures) if fig.sentence_id is None and not fig.url]


def unsourced_figures(path: str, figures) -> list[Problem]:
    """Key figures that say nowhere where they come from."""
    return [Problem(path, f"key_figures[{i}].source", f'"{fig.display} {fig.label}" has no source: add source: (an entity slug or a name)')
            for i, fig in enumerate(figures) if not fig.source_entity and not fig.source_text and not fig.url]


def unmentioned_entities(views: list[EntityView]) -> list[Problem]:
    """Entities no briefing names, lists or cites: their pages say only "no briefing yet"."""
    return [Problem(view.entity.source_path, "", f'no briefing mentions "{view.entity.name}": name it in a briefing, or remove the file')
            for view in views if not view.briefings and not view.figures and not view.state_roles]


def content_warnings(briefings: list[ProcessedBriefing], views: list[EntityView]) -> list[Problem]:
    """Every warning of a built site, sorted by file and field."""
    found: list[Problem] = []
    for item in briefings:
        found += unbacked_figures(item.path, item.key_figures)
        found += unsourced_figures(item.path, item.key_figures)
    found += unmentioned_entities(views)
    return sorted(found)


_INTERNAL_LINK_RE = re.compile(r"""(?:href|src)\s*=\s*(["'])\{(filename|static|attach)\}([^"'#?]*)""")


def missing_link_targets(html: str, source_path: str, content_root: str, exists) -> list[Problem]:
    """{filename} and {static} links whose file is not in the content folder (exists(path) tells).

    Pelican would only log these and publish a broken link.
    """
    links = _INTERNAL_LINK_RE.findall(html)
    if not links:  # most files (thousands of entity files)
        return []
    problems = []
    root = os.path.realpath(content_root)
    where = display_path(source_path)
    for _, what, target in links:
        path = unquote(target)
        base = root if path.startswith("/") else os.path.dirname(os.path.realpath(source_path))
        full = os.path.realpath(os.path.join(base, path.lstrip("/")))
        if not path or not exists(full) or not full.startswith(root + os.sep):
            problems.append(Problem(where, "body", f"the link {{{what}}}{target} leads to no file in the content folder: correct the path (relative to this file, or starting with / for the content folder)"))
    return problems


# ---------------------------------------------------------------- mistakes that can build

def briefing_warnings(path: str, briefing: Briefing, front: FrontMatter, today: dt.date | None) -> list[Problem]:
    """What builds but is very likely a mistake, each named by its field."""
    found = _listed_states(path, briefing)
    found += _dates(path, briefing, today)
    if len(briefing.title) > TITLE_LIMIT:
        found.append(Problem(path, "title", f"is {len(briefing.title)} characters long: a headline over {TITLE_LIMIT} is cut off in search results, feeds and link previews; shorten it, and put the rest in summary:"))
    if BRIEFING_PLACEHOLDER in front.body:
        found.append(Problem(path, "body", f'still has the text make briefing wrote ("{BRIEFING_PLACEHOLDER}"): write the briefing in its place'))
    return found


def _listed_states(path: str, briefing: Briefing) -> list[Problem]:
    found, seen = [], {}
    for i, role in enumerate(briefing.states):
        field = f"participating_states[{i}].state"
        if role.entity.slug in seen:
            found.append(Problem(path, field, f'"{role.entity.name}" is listed twice (also participating_states[{seen[role.entity.slug]}]): remove one, or merge their roles'))
        seen.setdefault(role.entity.slug, i)
        if briefing.host_state is not None and role.entity.slug == briefing.host_state.slug:
            found.append(Problem(path, field, f'"{role.entity.name}" is also the host_state: name it once, as host_state'))
    return found


def _dates(path: str, briefing: Briefing, today: dt.date | None) -> list[Problem]:
    found = []
    if today is not None:
        now = PartialDate(today.year, today.month, today.day)
        dated = [("date", briefing.date), ("modified", briefing.modified)]
        dated += [(f"timeline[{i}].date", t.date) for i, t in enumerate(briefing.timeline)]
        found += [Problem(path, field, f"{date.iso} is in the future (today is {today.isoformat()}): a typo in the year?")
                  for field, date in dated if date is not None and date.certainly_after(now)]
    found += [Problem(path, f"key_figures[{i}].as_of", f"{fig.as_of.iso} is later than the briefing's date ({briefing.date.iso}): a figure cannot be known before it is reported; correct the as_of or the date")
              for i, fig in enumerate(briefing.key_figures) if fig.as_of is not None and fig.as_of.certainly_after(briefing.date)]
    return found


def entity_warnings(path: str, name: str, front: FrontMatter) -> list[Problem]:
    if ENTITY_PLACEHOLDER.format(name=name) in front.body:
        return [Problem(path, "body", "still has the description make entity wrote: describe the entity in a sentence or two")]
    return []


# ---------------------------------------------------------------- images

_IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
_ATTR_RE = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def image_problems(html: str, front: FrontMatter) -> list[Problem]:
    """Images from another site (a page asks nothing of other hosts) and images without alt text."""
    found = []
    for tag in _IMG_RE.findall(html):
        attrs = {m.group(1).lower(): next(v for v in m.groups()[1:] if v is not None) for m in _ATTR_RE.finditer(tag)}
        src, alt = attrs.get("src", ""), attrs.get("alt", "").strip()
        line = _line_of(front, src)
        if src.startswith("//") or re.match(r"[a-z][a-z0-9+.-]*:", src, re.I):
            found.append(Problem(front.path, "body", f"the image {src} is on another site, and a page asks nothing of other hosts: save it in content/images/ and write ![what it shows]({{static}}/images/<file>)", line))
        if not alt:
            found.append(Problem(front.path, "body", f"the image {src} has no alt text: say what it shows, ![a crowd outside the akimat]({src})", line))
    return found


def _line_of(front: FrontMatter, text: str) -> int | None:
    for number, line in enumerate(front.body.split("\n"), start=front.body_line):
        if text and text in line:
            return number
    return None
