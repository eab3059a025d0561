"""What `make check` warns about: content that builds but may mislead or go unseen.

Plain functions over the data a build produced (BriefingData, EntityView); they
never stop a build. `tools/content_warnings.py` prints them.
"""

from __future__ import annotations

from .pages import EntityView
from .sidebars import BriefingData
from .validation import Problem


def unbacked_figures(path: str, data: BriefingData) -> list[Problem]:
    """Key figures the article never states and no source document backs."""
    return [Problem(path, f"key_figures[{i}]", f'"{fig.display} {fig.label}" is not stated in the text and has no url: state it in the article or add url: https://... of its source')
            for i, fig in enumerate(data.key_figures) if fig.sentence_id is None and not fig.url]


def unsourced_figures(path: str, data: BriefingData) -> list[Problem]:
    """Key figures that say nowhere where they come from."""
    return [Problem(path, f"key_figures[{i}].source", f'"{fig.display} {fig.label}" has no source: add source: (an entity slug or a name)')
            for i, fig in enumerate(data.key_figures) if not fig.source_entity and not fig.source_text and not fig.url]


def unmentioned_entities(views: list[EntityView]) -> list[Problem]:
    """Entities no briefing names, lists or cites: their pages say only "no briefing yet"."""
    return [Problem(view.entity.source_path, "", f'no briefing mentions "{view.entity.name}": name it in a briefing, or remove the file')
            for view in views if not view.briefings and not view.figures and not view.state_roles]


def content_warnings(briefings: list[tuple[str, BriefingData]], views: list[EntityView]) -> list[Problem]:
    """Every warning of a built site, sorted by file and field. briefings: (path, data)."""
    found: list[Problem] = []
    for path, data in briefings:
        found += unbacked_figures(path, data)
        found += unsourced_figures(path, data)
    found += unmentioned_entities(views)
    return sorted(found)
