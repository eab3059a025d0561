"""Content that builds but may mislead or go unseen: warnings, never fatal unless strict.

Plain functions over what the pipeline made; `make html` prints the first
kind, `make check` (briefing-warnings) all of them.
"""

from __future__ import annotations

import os
import re
from urllib.parse import unquote

from .model import EntityView, ProcessedBriefing
from .problems import Problem


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


def missing_link_targets(html: str, where: str, source_path: str, content_root: str, exists) -> list[Problem]:
    """{filename} and {static} links whose file is not in the content folder (exists(path) tells).

    Pelican would only log these and publish a broken link.
    """
    problems = []
    root = os.path.realpath(content_root)
    for _, what, target in _INTERNAL_LINK_RE.findall(html):
        path = unquote(target)
        base = root if path.startswith("/") else os.path.dirname(os.path.realpath(source_path))
        full = os.path.realpath(os.path.join(base, path.lstrip("/")))
        if not path or not exists(full) or not full.startswith(root + os.sep):
            problems.append(Problem(where, "body", f"the link {{{what}}}{target} leads to no file in the content folder: correct the path (relative to this file, or starting with / for the content folder)"))
    return problems
