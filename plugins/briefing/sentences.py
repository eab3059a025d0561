"""Give every sentence of an article a stable anchor.

Each paragraph or list item is split into sentences, each wrapped in
<span class="sentence" id="s-...">. The id comes from the sentence's first
words, so it survives edits elsewhere in the article and is the same on
every build of the same text.
"""

from __future__ import annotations

import re
import unicodedata

from bs4 import BeautifulSoup, NavigableString
from bs4.element import Tag

# A sentence ends at . ! or ? (perhaps followed by a closing quote or
# bracket) before white space and a capital letter, digit or opening quote.
_BOUNDARY_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*(\s+)(?=[\"'“‘(\[]?[A-Z0-9\u0400-\u04ff])")
_BLOCKS = ("p", "li", "dd", "td")


def sentence_id(text: str, taken: set[str]) -> str:
    """s- and the first five words, ASCII, unique within the page."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:5] or ["sentence"]
    base = "s-" + "-".join(words)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences (white space between them dropped)."""
    text, out, last = text.strip(), [], 0
    for m in _BOUNDARY_RE.finditer(text):
        out.append(text[last:m.start(1)])
        last = m.end()
    return [s for s in out + [text[last:]] if s]


def _groups(block: Tag) -> list[list]:
    """The block's children cut into sentences; boundaries only inside plain text."""
    groups: list[list] = [[]]
    for child in list(block.children):
        if type(child) is not NavigableString:
            groups[-1].append(child.extract())
            continue
        text = str(child)
        pieces, last = [], 0
        for m in _BOUNDARY_RE.finditer(text):
            pieces.append(text[last:m.start(1)])
            last = m.end()
        child.extract()
        for sentence_end in pieces:
            groups[-1].append(NavigableString(sentence_end))
            groups.append([NavigableString(" ")])
        groups[-1].append(NavigableString(text[last:]))
    return groups


def anchor_sentences(soup: BeautifulSoup, taken: set[str] | None = None) -> dict[str, str]:
    """Wrap each sentence of each paragraph or list item in an anchored span, in place.

    Returns each sentence's text by its id, in document order.
    """
    sentences: dict[str, str] = {}
    taken = set() if taken is None else taken
    for existing in soup.find_all(id=True):
        taken.add(existing["id"])
    for block in soup.find_all(_BLOCKS):
        if block.find(_BLOCKS + ("div", "ul", "ol", "blockquote", "table", "pre")):
            continue  # a container: its inner blocks are split instead
        if not block.get_text(strip=True):
            continue
        for group in _groups(block):
            if group and isinstance(group[0], NavigableString) and group[0] == " ":
                block.append(group.pop(0))
            span = soup.new_tag("span", attrs={"class": "sentence"})
            for node in group:
                span.append(node)
            text = span.get_text()
            if not text.strip():
                for node in list(span.contents):
                    block.append(node.extract())
                continue
            span["id"] = sentence_id(text, taken)
            sentences[span["id"]] = text
            block.append(span)
    return sentences
