"""Linking rules as properties (hypothesis) and as examples: what an editor can rely on."""

import re
from html import unescape

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.model.domain import Entity
from briefing.names.linking import NameMatcher
from briefing.read.entities import check_entities, name_matcher
from briefing.read.frontmatter import FrontMatter
from briefing.read.schemas import EntitySchema, check_schema
from briefing.text.annotate import annotate

NAMES = {"Russia": "russia", "CSTO": "csto", "CSTO Collective Security Council": "council",
         "Kassym-Zhomart Tokayev": "tokayev", "Tokayev": "tokayev", "Turgumbayev": "turgumbayev"}
ANY_CASE = {"Odkb": "csto"}


def matcher():
    return NameMatcher(NAMES, ANY_CASE)


def found(text):
    return [(text[m.start:m.end], m.slug) for m in matcher().find(text)]


class TestAliasesThatIgnoreCase:
    def test_alias_marked_ignore_case_matches_any_case(self):
        assert found("the ODKB and the odkb and Odkb") == [("ODKB", "csto"), ("odkb", "csto"), ("Odkb", "csto")]

    def test_plain_names_stay_case_sensitive(self):
        assert found("russia and csto") == []

    def test_longest_match_across_both_kinds(self):
        m = NameMatcher({"CSTO": "csto"}, {"csto council": "council"})
        text = "The CSTO Council met; the CSTO did not."
        assert [(text[x.start:x.end], x.slug) for x in m.find(text)] == [("CSTO Council", "council"), ("CSTO", "csto")]

    def test_case_sensitive_name_wins_a_tie(self):
        m = NameMatcher({"Mac": "mac-person"}, {"mac": "mac-tool"})
        assert [x.slug for x in m.find("Mac and mac")] == ["mac-person", "mac-tool"]

    def test_characters_whose_lower_case_is_longer_keep_positions(self):
        m = NameMatcher({}, {"istanbul": "istanbul"})
        text = "İzmir and Istanbul"
        assert [(text[x.start:x.end]) for x in m.find(text)] == ["Istanbul"]

    def test_front_matter_mixes_plain_strings_and_mappings(self):
        data = {"name": "Collective Security Treaty Organization", "kind": "organization",
                "aliases": ["CSTO", {"name": "odkb", "ignore_case": True}]}
        result = check_schema(FrontMatter("csto.md", data, ""), EntitySchema)
        meta, problems = result.value, list(result.problems)
        assert problems == [] and meta.alias_names == ["CSTO", "odkb"] and meta.any_case_aliases == ["odkb"]

    def test_mistyped_alias_field_is_reported_with_a_suggestion(self):
        data = {"name": "X", "kind": "organization", "aliases": ["X1", {"name": "x", "ignore_cas": True}]}
        problems = list(check_schema(FrontMatter("x.md", data, ""), EntitySchema).problems)
        assert [str(p) for p in problems] == ['x.md: aliases[1].ignore_cas: unknown field — did you mean "ignore_case"?']

    def test_alias_ignoring_case_may_not_shadow_another_entity(self):
        a = Entity("mac", "Mac", "person", source_path="mac.md")
        b = Entity("mac-tool", "Tool", "organization", ("mac",), any_case=("mac",), source_path="tool.md")
        problems = check_entities([a, b])
        assert [(p.path, p.field) for p in problems] == [("tool.md", "aliases[0]")]
        assert "ignores case" in problems[0].message

    def test_name_matcher_keeps_case_except_for_ignore_case_aliases(self):
        e = Entity("csto", "CSTO", "organization", ("ODKB", "odkb-x"), any_case=("odkb-x",))
        m = name_matcher([e])
        assert [x.slug for x in m.find("CSTO ODKB ODKB-X Odkb-x")] == ["csto", "csto", "csto", "csto"]
        assert m.find("csto odkb") == []


def link_html(html, policy="first", exclude=None):
    return annotate(html, matcher(), lambda slug: f"/e/{slug}/", policy=policy, exclude=exclude,
                    anchor_sentences=False).html


def link(html, policy="first", exclude=None):
    return BeautifulSoup(link_html(html, policy, exclude), "html.parser")


class TestIdempotence:
    def test_linking_twice_with_first_policy_adds_nothing(self):
        once = link_html("<p>Russia met Russia.</p><p>Russia again.</p>")
        assert once.count("<a") == 1
        assert link_html(once) == once

    def test_a_name_already_linked_by_the_editor_counts_as_linked(self):
        doc = link('<p><a href="https://example.org">Russia</a> and Russia.</p>')
        assert len(doc.find_all("a")) == 1


# ---------------------------------------------------------------- properties

WORDS = st.sampled_from(["Russia", "CSTO", "CSTO Collective Security Council", "Kassym – Zhomart Tokayev",
                         "Tokayev's", "odkb", "ODKB", "Russian", "the", "and", "met", "in", "—", " ", "  ",
                         "\u00a0", ",", ".", "'", "“", "&", "<", "x_Russia", "Russia2"])
TEXT = st.lists(WORDS, max_size=12).map(" ".join)


@st.composite
def fragments(draw, depth=0):
    """Well-formed HTML: text, and text inside p, em, strong, a, code, pre, h2 (no link in a link)."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "p", "em", "a", "code", "pre", "h2"] if depth < 2 else ["text"]))
        if kind == "text":
            parts.append(_escape(draw(TEXT)))
        else:
            inner = _escape(draw(TEXT)) if kind in ("a", "code", "pre", "h2") else draw(fragments(depth + 1))
            attrs = ' href="/x/"' if kind == "a" else ""
            parts.append(f"<{kind}{attrs}>{inner}</{kind}>")
    return "".join(parts)


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;")


def visible(html_text):
    """The text of linked HTML as written, without a parser between (which would shorten white space)."""
    return unescape(re.sub(r"<[^>]*>", "", html_text))


@settings(max_examples=300, deadline=None)
@given(fragments(), st.sampled_from(["first", "all"]), st.sampled_from([None, "russia"]))
def test_linking_never_changes_the_visible_text(html, policy, exclude):
    assert visible(link_html(html, policy, exclude)) == BeautifulSoup(html, "html.parser").get_text()


@settings(max_examples=300, deadline=None)
@given(fragments(), st.sampled_from(["first", "all"]))
def test_linking_never_nests_links(html, policy):
    doc = link(html, policy)
    assert all(a.find_parent("a") is None for a in doc.find_all("a"))


@settings(max_examples=300, deadline=None)
@given(fragments(), st.sampled_from(["first", "all"]))
def test_linking_never_touches_code_pre_headings_or_existing_links(html, policy):
    before = BeautifulSoup(html, "html.parser")
    after = link(html, policy)
    for tag in ("code", "pre", "h2", "a"):
        old = [str(el) for el in before.find_all(tag) if tag != "a" or el.get("href") == "/x/"]
        new = [str(el) for el in after.find_all(tag) if tag != "a" or el.get("href") == "/x/"]
        assert new == old
    assert not any(a.find_parent(["code", "pre", "h2"]) for a in after.find_all("a", class_="entity"))


@settings(max_examples=300, deadline=None)
@given(fragments(), st.sampled_from(["first", "all"]), st.sampled_from([None, "russia"]))
def test_linking_twice_equals_linking_once(html, policy, exclude):
    once = link_html(html, policy, exclude)
    # Compared with the linked HTML parsed again: white space alone between two
    # tags counts as one space (as in any parser's tree), which is no part of linking.
    assert str(link(once, policy, exclude)) == str(BeautifulSoup(once, "html.parser"))


@settings(max_examples=200, deadline=None)
@given(fragments())
def test_first_policy_links_each_entity_at_most_once(html):
    doc = link(html, "first")
    slugs = [a["href"] for a in doc.find_all("a", class_="entity")]
    assert len(slugs) == len(set(slugs))


@st.composite
def articles(draw):
    """Markdown-like HTML: paragraphs and list items of several sentences, with inline markup."""
    sentence = st.tuples(TEXT, st.sampled_from([".", "!", "?", ".”"]), st.sampled_from(["Russia", "The", "CSTO", "1,822"]))
    def block(tag):
        return st.lists(st.tuples(sentence, st.sampled_from(["", "<em>", "<code>"])), min_size=1, max_size=4).map(
            lambda ss: f"<{tag}>" + " ".join(
                f"{start} {_escape(text)}{end}" if not mark else f"{start} {mark}{_escape(text)}{mark.replace('<', '</')}{end}"
                for (text, end, start), mark in ss) + f"</{tag}>")
    parts = draw(st.lists(st.one_of(block("p"), block("li").map(lambda li: f"<ul>{li}</ul>"), fragments()), max_size=5))
    return "\n".join(parts)


@settings(max_examples=200, deadline=None)
@given(articles(), st.sampled_from(["first", "all"]))
def test_anchored_sentences_keep_the_text_and_hold_their_mentions(html, policy):
    result = annotate(html, matcher(), lambda slug: f"/e/{slug}/", policy=policy)
    doc = BeautifulSoup(result.html, "html.parser")
    # Only the white space where one sentence ends and the next begins may change (to one space).
    assert doc.get_text().split() == BeautifulSoup(html, "html.parser").get_text().split()
    spans = {s["id"]: s for s in doc.select("span.sentence")}
    assert list(spans) == list(result.sentences)
    assert all(spans[sid].get_text().split() == text.split() for sid, text in result.sentences.items())
    assert all(a.find_parent("a") is None and not a.find_parent(["code", "pre", "h2"])
               for a in doc.find_all("a", class_="entity"))
    for mention in result.mentions:
        if mention.sentence_id is not None:
            # Each mention carries where the matcher found it: those very words of its sentence.
            assert result.sentences[mention.sentence_id][mention.start:mention.end] == mention.surface
            assert mention.surface in spans[mention.sentence_id].get_text()
