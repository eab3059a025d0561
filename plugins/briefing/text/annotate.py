"""One pass over rendered HTML: anchor every sentence and link entity names.

The standard library's HTML parser cuts the (sanitised) HTML into tokens;
one walk with a stack of open elements then does both jobs:

- each paragraph, list item, dd or td that holds no other block is split into
  sentences (boundaries only in text directly inside it, see sentences.py),
  each wrapped in <span class="sentence" id="s-...">;
- entity names in text outside links, code, headings and the like
  (linking.SKIP_TAGS) are linked, and every mention is recorded with its
  sentence and its offsets in that sentence's text.

Names are matched on the unescaped text; every text is written back escaped
(& < >), so the visible text never changes.
"""

from __future__ import annotations

import enum
import html as _html
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import NamedTuple

from ..model.domain import Annotation, Mention
from ..names.linking import SKIP_TAGS, NameMatcher
from .sentences import SentenceSplitter, sentence_id

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
# Blocks split into sentences, and the elements that make a block a container
# (its inner blocks are split instead).
_BLOCKS = frozenset({"p", "li", "dd", "td"})
_CONTAINERS = _BLOCKS | {"div", "ul", "ol", "blockquote", "table", "pre"}
_PRESERVE = frozenset({"pre", "textarea"})
_ASCII_SPACES = " \n\t\f\r"
_DEFAULT_SPLITTER = SentenceSplitter()


class TokenKind(enum.Enum):
    TEXT = "text"
    OPEN = "open"
    CLOSE = "close"
    OTHER = "other"  # void and self-closed elements, comments, declarations: written as they are


class Token(NamedTuple):
    kind: TokenKind
    raw: str  # the markup as written (start tags, comments); "" for text
    name: str  # the tag name; for text, the unescaped text
    attrs: tuple[tuple[str, str | None], ...] = ()
    closes: int = 0  # for an end tag: how many open elements it closes (0: a stray end tag)


@dataclass
class _Block:
    """A p, li, dd or td while the tokens are read."""

    depth: int  # its depth in the stack of open elements
    has_text: bool = False
    holds_block: bool = False


class _Tokenizer(HTMLParser):
    """The tokens of a fragment, the ids already in it, and the blocks to split into sentences."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self.taken: set[str] = set()
        self._stack: list[str] = []
        self._blocks: dict[int, _Block] = {}  # token index of an open block -> what it holds
        self._open_blocks: list[int] = []
        self._preserve = 0

    def split_blocks(self) -> set[int]:
        return {index for index, block in self._blocks.items() if block.has_text and not block.holds_block}

    def handle_starttag(self, tag, attrs):
        self._note_id(attrs)
        if tag in _CONTAINERS and self._open_blocks and not self._blocks[self._open_blocks[-1]].holds_block:
            for index in self._open_blocks:  # every enclosing block is a container
                self._blocks[index].holds_block = True
        raw = self.get_starttag_text()
        if tag in _VOID:
            self.tokens.append(Token(TokenKind.OTHER, raw, tag, tuple(attrs)))
            return
        if tag in _BLOCKS:
            self._blocks[len(self.tokens)] = _Block(len(self._stack) + 1)
            self._open_blocks.append(len(self.tokens))
        self._stack.append(tag)
        if tag in _PRESERVE:
            self._preserve += 1
        self.tokens.append(Token(TokenKind.OPEN, raw, tag, tuple(attrs)))

    def handle_startendtag(self, tag, attrs):
        self._note_id(attrs)
        self.tokens.append(Token(TokenKind.OTHER, self.get_starttag_text(), tag, tuple(attrs)))

    def handle_endtag(self, tag):
        stack = self._stack
        depth = next((i for i in range(len(stack) - 1, -1, -1) if stack[i] == tag), None)
        count = 0 if depth is None else len(stack) - depth
        for _ in range(count):
            if stack.pop() in _PRESERVE:
                self._preserve -= 1
            if self._open_blocks and len(stack) < self._blocks[self._open_blocks[-1]].depth:
                self._open_blocks.pop()
        self.tokens.append(Token(TokenKind.CLOSE, "", tag, (), count))

    def handle_data(self, data):
        if not self._preserve and not data.strip(_ASCII_SPACES):
            # White space between tags (outside pre) counts as one space or one line
            # break, as in any HTML parser's tree; it is written back so.
            data = "\n" if "\n" in data else " "
        if self._open_blocks and not self._blocks[self._open_blocks[-1]].has_text and data.strip():
            for index in self._open_blocks:
                self._blocks[index].has_text = True
        self.tokens.append(Token(TokenKind.TEXT, "", data))

    def handle_comment(self, data):
        self.tokens.append(Token(TokenKind.OTHER, f"<!--{data}-->", ""))

    def handle_decl(self, decl):
        self.tokens.append(Token(TokenKind.OTHER, f"<!{decl}>", ""))

    def handle_pi(self, data):
        self.tokens.append(Token(TokenKind.OTHER, f"<?{data}>", ""))

    def unknown_decl(self, data):
        self.tokens.append(Token(TokenKind.OTHER, f"<![{data}]>", ""))

    def _note_id(self, attrs):
        for name, value in attrs:
            if name == "id" and value is not None:
                self.taken.add(value)


def tokenize(source: str) -> _Tokenizer:
    tokenizer = _Tokenizer()
    tokenizer.feed(source)
    tokenizer.close()
    return tokenizer


class Closing(enum.Enum):
    """What closing an open element undoes."""

    NOTHING = 0
    SKIPPED = 1  # text inside is not linked (code, headings...)
    SENTENCE = 2  # a sentence span already in the text
    LINK = 3  # an existing link: its text is read to mark its names as linked
    SPLIT_BLOCK = 4  # a block being split into sentences


@dataclass
class _Sentence:
    """The sentence being written: its id (None until complete) and how much text it has so far."""

    id: str | None
    length: int = 0
    # Mentions waiting for the id: their place in the list of mentions, and their fields.
    pending: list[tuple[int, str, str, bool, int, int]] = field(default_factory=list)


@dataclass
class _Annotator:
    matcher: NameMatcher
    href_for: object
    policy: str
    exclude: str | None
    linked: set[str]
    taken: set[str]
    splitter: SentenceSplitter
    out: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    sentences: dict[str, str] = field(default_factory=dict)
    stack: list[tuple[str, Closing]] = field(default_factory=list)
    contexts: list[_Sentence | None] = field(default_factory=lambda: [None])
    skip: int = 0
    link_text: list[str] | None = None
    block_depth: int = -1
    # The sentence being gathered in a split block: its markup, its text, and
    # whether it starts with the space left where the previous one ended.
    group: list[str] = field(default_factory=list)
    group_text: list[str] = field(default_factory=list)
    group_lead: bool = False

    @property
    def sink(self) -> list[str]:
        return self.group if self.block_depth >= 0 else self.out

    def text(self, text: str) -> None:
        if self.link_text is not None:
            self.link_text.append(text)
        if self.block_depth >= 0:
            self.group_text.append(text)
        context = self.contexts[-1]
        start = context.length if context is not None else 0
        if context is not None:
            context.length += len(text)
        self._link(text, start, context)

    def _link(self, text: str, offset: int, context: _Sentence | None) -> None:
        escape, sink = _html.escape, self.sink
        matches = self.matcher.find(text) if text and not self.skip else ()
        if not matches:
            sink.append(escape(text, quote=False))
            return
        last = 0
        for m in matches:
            surface = text[m.start:m.end]
            link = m.slug != self.exclude and (self.policy == "all" or m.slug not in self.linked)
            if context is None:
                self.mentions.append(Mention(m.slug, surface, None, link))
            elif context.id is None:  # made once the sentence, and so its id, is complete
                context.pending.append((len(self.mentions), m.slug, surface, link, offset + m.start, offset + m.end))
                self.mentions.append(None)
            else:
                self.mentions.append(Mention(m.slug, surface, context.id, link, offset + m.start, offset + m.end))
            if not link:
                continue
            self.linked.add(m.slug)
            if m.start > last:
                sink.append(escape(text[last:m.start], quote=False))
            sink.append(f'<a class="entity" href="{escape(self.href_for(m.slug))}">{escape(surface, quote=False)}</a>')
            last = m.end
        if last < len(text):
            sink.append(escape(text[last:], quote=False))

    def block_text(self, text: str) -> None:
        """Text directly inside a block being split: cut at sentence ends."""
        last = 0
        for start, end in self.splitter.gaps(text):
            self.text(text[last:start])
            self.end_sentence()
            self.group_lead = True
            if self.link_text is not None:
                self.link_text.append(" ")
            last = end
        rest = text[last:]
        if rest == " " and not self.group and not self.group_lead:
            self.group_lead = True  # a lone space first: written before the sentence
            if self.link_text is not None:
                self.link_text.append(rest)
        else:
            self.text(rest)

    def end_sentence(self) -> None:
        text = "".join(self.group_text)
        if self.group_lead:
            self.out.append(" ")
        if text.strip():
            sid = sentence_id(text, self.taken)
            self.sentences[sid] = text
            self.out.append(f'<span class="sentence" id="{sid}">')
            self.out.extend(self.group)
            self.out.append("</span>")
        else:  # white space only: nothing to anchor, and no name in it
            sid = None
            self.out.extend(self.group)
        for i, slug, surface, link, start, end in self.contexts[-1].pending:
            self.mentions[i] = Mention(slug, surface, sid, link, start, end)
        self.contexts[-1] = _Sentence(None)
        self.group.clear()
        self.group_text.clear()
        self.group_lead = False

    def open(self, token: Token, split: bool) -> None:
        self.sink.append(token.raw)
        name = token.name
        if split:
            self.stack.append((name, Closing.SPLIT_BLOCK))
            self.block_depth = len(self.stack)
            self.contexts.append(_Sentence(None))
        elif name == "a" and not self.skip:
            self.stack.append((name, Closing.LINK))
            self.skip += 1
            self.link_text = []
        elif name in SKIP_TAGS:
            self.stack.append((name, Closing.SKIPPED))
            self.skip += 1
        elif name == "span" and "sentence" in (dict(token.attrs).get("class") or "").split():
            self.stack.append((name, Closing.SENTENCE))
            outer = self.contexts[-1]
            self.contexts.append(_Sentence(dict(token.attrs).get("id") or (outer.id if outer else None)))
        else:
            self.stack.append((name, Closing.NOTHING))

    def close(self) -> None:
        name, undo = self.stack.pop()
        if undo is Closing.SPLIT_BLOCK:
            self.end_sentence()
            self.block_depth = -1
            self.contexts.pop()
        self.sink.append(f"</{name}>")
        if undo is Closing.SKIPPED:
            self.skip -= 1
        elif undo is Closing.SENTENCE:
            self.contexts.pop()
        elif undo is Closing.LINK:
            self.skip -= 1
            self.linked.update(m.slug for m in self.matcher.find("".join(self.link_text)))
            self.link_text = None


def annotate(source: str, matcher: NameMatcher, href_for, *, policy: str = "first", exclude: str | None = None,
             anchor_sentences: bool = True, already_linked: set[str] | None = None,
             splitter: SentenceSplitter = _DEFAULT_SPLITTER) -> Annotation:
    """Anchor the sentences of `source` (unless anchor_sentences is False) and link entity names.

    href_for(slug) gives a link target. policy "first" links the first mention
    of each entity, "all" every one; `exclude` (an entity's own page) is never
    linked; a name inside an existing link counts as linked. Every mention is
    returned, linked or not, with its sentence and its offsets there.
    """
    tokens = tokenize(source)
    split = tokens.split_blocks() if anchor_sentences else set()
    walk = _Annotator(matcher, href_for, policy, exclude, set() if already_linked is None else already_linked,
                      tokens.taken, splitter)
    for index, token in enumerate(tokens.tokens):
        if token.kind is TokenKind.TEXT:
            if len(walk.stack) == walk.block_depth:
                walk.block_text(token.name)
            else:
                walk.text(token.name)
        elif token.kind is TokenKind.OPEN:
            walk.open(token, index in split)
        elif token.kind is TokenKind.CLOSE:
            for _ in range(token.closes):
                walk.close()
        else:
            walk.sink.append(token.raw)
    while walk.stack:
        walk.close()
    return Annotation("".join(walk.out), tuple(walk.mentions), walk.sentences)


def visible_text(source: str) -> str:
    """The text of an HTML fragment, its runs of white space as one space."""
    inner = source[3:-4]
    if source.startswith("<p>") and source.endswith("</p>") and "<" not in inner and "&" not in inner:
        return " ".join(inner.split())  # one plain paragraph (most entity descriptions): nothing to parse
    return " ".join("".join(token.name for token in tokenize(source).tokens if token.kind is TokenKind.TEXT).split())
