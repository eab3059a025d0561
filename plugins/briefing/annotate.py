"""One pass over rendered HTML: anchor every sentence and link entity names.

Markdown's output (after nh3) is well-formed, so a regular expression cuts it
into tags and text, and one walk with a stack of open tags does both jobs:

- each paragraph, list item, dd or td that holds no other block is split into
  sentences (boundaries only in text directly inside it), each wrapped in
  <span class="sentence" id="s-..."> (see sentences.py for the rules);
- entity names in text outside links, code, headings and the like
  (linking.SKIP_TAGS) are linked, and every mention is recorded.

Names are matched on the unescaped text; every text is written back escaped
(& < >), so the visible text never changes.
"""

from __future__ import annotations

import html as _html
import re
from typing import NamedTuple

from .linking import SKIP_TAGS, Mention, NameMatcher
from .sentences import BOUNDARY_RE, sentence_id

_TOKEN_RE = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?[^>]*>|<(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_ATTR_RE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
# Blocks split into sentences, and the elements that make a block a container
# (its inner blocks are split instead).
_BLOCKS = frozenset({"p", "li", "dd", "td"})
_CONTAINERS = _BLOCKS | {"div", "ul", "ol", "blockquote", "table", "pre"}

_PRESERVE = frozenset({"pre", "textarea"})
_ASCII_SPACES = " \n\t\f\r"

_TEXT, _OPEN, _CLOSE, _OTHER = range(4)


class Annotated(NamedTuple):
    html: str
    mentions: list[Mention]
    sentences: dict[str, str]  # each sentence's text by its id, in document order


def _attr(name: str, attrs: str) -> str | None:
    """The value of one attribute in a tag's attribute text, unescaped; None when absent."""
    for m in _ATTR_RE.finditer(attrs):
        if m.group(1).lower() == name:
            value = next((v for v in m.groups()[1:] if v is not None), "")
            return _html.unescape(value) if "&" in value else value
    return None


def _tokens(source: str):
    """The tokens (kind, raw, tag name or unescaped text, attributes, extra), the ids
    already in use, and the token indices of the blocks to split into sentences
    (those with text and no inner block).

    For a close tag `extra` is how many open elements it closes (0: a stray end tag).
    """
    tokens, taken, stack = [], set(), []
    blocks = {}  # token index of an open p/li/dd/td -> [has text, holds a block]
    open_blocks: list[int] = []
    pos = preserve = 0
    for m in _TOKEN_RE.finditer(source):
        if m.start() > pos:
            _text_token(source[pos:m.start()], tokens, blocks, open_blocks, preserve)
        pos = m.end()
        closing, name, attrs = m.groups()
        if name is None:  # a comment, doctype or processing instruction: kept as it is
            tokens.append((_OTHER, m.group(), "", "", 0))
            continue
        name = name.lower()
        if closing:
            depth = next((i for i in range(len(stack) - 1, -1, -1) if stack[i] == name), None)
            count = 0 if depth is None else len(stack) - depth
            for _ in range(count):
                if stack.pop() in _PRESERVE:
                    preserve -= 1
                if open_blocks and len(stack) < blocks[open_blocks[-1]][2]:
                    open_blocks.pop()
            tokens.append((_CLOSE, m.group(), name, "", count))
            continue
        if " id" in attrs or "\tid" in attrs or "\nid" in attrs:
            found = _attr("id", attrs)
            if found is not None:
                taken.add(found)
        if name in _CONTAINERS and open_blocks and not blocks[open_blocks[-1]][1]:
            for index in open_blocks:  # every enclosing block is a container
                blocks[index][1] = True
        if name in _VOID or attrs.rstrip().endswith("/"):
            tokens.append((_OTHER, m.group(), name, attrs, 0))
            continue
        if name in _BLOCKS:
            blocks[len(tokens)] = [False, False, len(stack) + 1]
            open_blocks.append(len(tokens))
        stack.append(name)
        if name in _PRESERVE:
            preserve += 1
        tokens.append((_OPEN, m.group(), name, attrs, 0))
    if pos < len(source):
        _text_token(source[pos:], tokens, blocks, open_blocks, preserve)
    split = {index for index, (has_text, container, _) in blocks.items() if has_text and not container}
    return tokens, taken, split


def _text_token(raw, tokens, blocks, open_blocks, preserve):
    text = _html.unescape(raw) if "&" in raw else raw
    if not preserve and not text.strip(_ASCII_SPACES):
        # White space between tags (outside pre) counts as one space or one line
        # break, as in any HTML parser's tree; it is written back so.
        text = "\n" if "\n" in text else " "
    if open_blocks and not blocks[open_blocks[-1]][0] and text.strip():
        for index in open_blocks:
            blocks[index][0] = True
    tokens.append((_TEXT, raw, text, "", 0))


def visible_text(source: str) -> str:
    """The text of an HTML fragment, its runs of white space as one space."""
    return " ".join(_html.unescape(_TOKEN_RE.sub("", source)).split())


_PENDING = object()  # the id of a sentence not yet complete


def annotate(source: str, matcher: NameMatcher, href_for, *, policy: str = "first", exclude: str | None = None,
             anchor_sentences: bool = True, already_linked: set[str] | None = None) -> Annotated:
    """Anchor the sentences of `source` (unless anchor_sentences is False) and link entity names.

    href_for(slug) gives a link target. policy "first" links the first mention
    of each entity, "all" every one; `exclude` (an entity's own page) is never
    linked; a name inside an existing link counts as linked. Every mention is
    returned, linked or not, with the id of its sentence.
    """
    escape = _html.escape
    tokens, taken, split = _tokens(source)
    if not anchor_sentences:
        split = set()
    linked = set() if already_linked is None else already_linked
    mentions: list[Mention] = []
    sentences: dict[str, str] = {}
    out: list[str] = []
    # Open elements: (name, what closing it undoes): 1 skip, 2 sentence span, 3 link to read, 4 split block.
    stack: list[tuple[str, int]] = []
    skip = 0
    sids: list = [None]
    link_text: list[str] | None = None  # the text of an existing link, read to mark its names as linked
    # The sentence being gathered in a split block.
    block_depth = -1
    group: list[str] = []
    group_text: list[str] = []
    group_lead = False  # it starts with the space left where the previous one ended
    group_pending: list[int] = []
    sink = out

    def emit_text(text: str, linkable: bool):
        if link_text is not None:
            link_text.append(text)
        if block_depth >= 0:
            group_text.append(text)
        if not linkable or not text:
            sink.append(escape(text, quote=False))
            return
        matches = matcher.find(text)
        if not matches:
            sink.append(escape(text, quote=False))
            return
        last, sid = 0, sids[-1]
        for m in matches:
            surface = text[m.start:m.end]
            link = m.slug != exclude and (policy == "all" or m.slug not in linked)
            if sid is _PENDING:
                group_pending.append(len(mentions))
            mentions.append(Mention(m.slug, surface, sid, link))
            if not link:
                continue
            linked.add(m.slug)
            if m.start > last:
                sink.append(escape(text[last:m.start], quote=False))
            sink.append(f'<a class="entity" href="{escape(href_for(m.slug))}">{escape(surface, quote=False)}</a>')
            last = m.end
        if last < len(text):
            sink.append(escape(text[last:], quote=False))

    def end_group():
        nonlocal group_lead
        text = "".join(group_text)
        if group_lead:
            out.append(" ")
        if text.strip():
            sid = sentence_id(text, taken)
            sentences[sid] = text
            out.append(f'<span class="sentence" id="{sid}">')
            out.extend(group)
            out.append("</span>")
            for i in group_pending:
                mentions[i] = mentions[i]._replace(sentence_id=sid)
        else:
            out.extend(group)
        group.clear()
        group_text.clear()
        group_pending.clear()
        group_lead = False

    def close(name, undo):
        nonlocal skip, link_text, block_depth, sink
        if undo == 4:
            end_group()
            block_depth, sink = -1, out
            sids.pop()
        sink.append(f"</{name}>")
        if undo == 1:
            skip -= 1
        elif undo == 2:
            sids.pop()
        elif undo == 3:
            skip -= 1
            linked.update(m.slug for m in matcher.find("".join(link_text)))
            link_text = None

    for index, (kind, raw, name, attrs, extra) in enumerate(tokens):
        if kind == _TEXT:
            if len(stack) == block_depth:  # directly inside a split block: cut at sentence ends
                last = 0
                for m in BOUNDARY_RE.finditer(name):
                    emit_text(name[last:m.start(1)], not skip)
                    end_group()
                    group_lead = True
                    if link_text is not None:
                        link_text.append(" ")
                    last = m.end()
                rest = name[last:]
                if rest == " " and not group and not group_lead:
                    group_lead = True  # a lone space first: written before the sentence
                    if link_text is not None:
                        link_text.append(rest)
                else:
                    emit_text(rest, not skip)
            else:
                emit_text(name, not skip)
        elif kind == _OPEN:
            sink.append(raw)
            if index in split:
                stack.append((name, 4))
                block_depth = len(stack)
                sids.append(_PENDING)
                sink = group
            elif name == "a" and not skip:
                stack.append((name, 3))
                skip += 1
                link_text = []
            elif name in SKIP_TAGS:
                stack.append((name, 1))
                skip += 1
            elif name == "span" and "sentence" in (_attr("class", attrs) or "").split():
                stack.append((name, 2))
                sids.append(_attr("id", attrs) or sids[-1])
            else:
                stack.append((name, 0))
        elif kind == _CLOSE:
            for _ in range(extra):
                close(*stack.pop())
        else:
            sink.append(raw)
    while stack:
        close(*stack.pop())
    return Annotated("".join(out), mentions, sentences)
