"""Where sentences end and how each is named.

Each paragraph or list item is split into sentences, each wrapped in
<span class="sentence" id="s-..."> (annotate.py does the wrapping). The id
comes from the sentence's first words, so it survives edits elsewhere in the
article and is the same on every build of the same text.
"""

from __future__ import annotations

import re
import unicodedata

# A sentence ends at . ! or ? (perhaps followed by a closing quote or
# bracket) before white space and a capital letter, digit or opening quote.
BOUNDARY_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*(\s+)(?=[\"'“‘(\[]?[A-Z0-9\u0400-\u04ff])")


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
    for m in BOUNDARY_RE.finditer(text):
        out.append(text[last:m.start(1)])
        last = m.end()
    return [s for s in out + [text[last:]] if s]
