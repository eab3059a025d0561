"""Slugs: the names of files and URLs. Every slug rule of the project lives here."""

from __future__ import annotations

import re

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

# A slug: lowercase letters (any script) and digits, words joined by single dashes.
_SLUG_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# A reference written like an ASCII slug ("news-front"), as opposed to a name ("News Front").
_REFERENCE_SLUG_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def slug_for(text: str) -> str:
    """The slug Pelican would make of a title or name (lowercase ASCII, dashes)."""
    return slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def is_slug(text: str) -> bool:
    """Is this usable as a file name and URL segment as it is?"""
    return text == text.lower() and bool(_SLUG_RE.fullmatch(text))


def looks_like_slug(text: str) -> bool:
    """Was this written as a slug? A free-text field written so must name an entity."""
    return bool(_REFERENCE_SLUG_RE.fullmatch(text))


def slug_hint(text: str, fallback: str = "a-name") -> str:
    """A slug to suggest for text that is not one."""
    return slug_for(text) or fallback
