"""Editor-written Markdown may carry raw HTML; only harmless HTML reaches a page.

The rendered body of every briefing and entity goes through nh3 (the Ammonia
sanitiser): scripts, styles, frames, forms, event-handler attributes and any
URL scheme but http, https and mailto are removed, and so are images from other hosts; the text inside removed
elements is kept as text, except for script and style, whose content goes too.
"""

from __future__ import annotations

import nh3

_GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang", "dir"}
ALLOWED_ATTRIBUTES = {
    "*": _GLOBAL_ATTRIBUTES,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
}
ALLOWED_TAGS = (nh3.ALLOWED_TAGS | {"span", "section", "sup", "sub", "hr"}) - {"area", "map", "center"}
URL_SCHEMES = {"http", "https", "mailto"}


def _own_images_only(_tag: str, attribute: str, value: str) -> str | None:
    # A page asks nothing of other hosts: an image must be one of the site's own files.
    if attribute == "src" and (value.startswith("//") or ":" in value.split("/", 1)[0]):
        return None
    return value


def sanitize_html(html: str) -> str:
    """The rendered Markdown with anything that could run in a browser removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_own_images_only,
    )
