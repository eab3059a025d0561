"""Linking rules as properties (hypothesis) and as examples: what an editor can rely on."""

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.entities import Entity, check_entities, matcher_names
from briefing.linking import NameMatcher, link_mentions
from briefing.validation import EntitySchema, FrontMatter, check_schema

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
        meta, problems = check_schema(FrontMatter("csto.md", data, ""), EntitySchema)
        assert problems == [] and meta.alias_names == ["CSTO", "odkb"] and meta.any_case_aliases == ["odkb"]

    def test_mistyped_alias_field_is_reported_with_a_suggestion(self):
        data = {"name": "X", "kind": "organization", "aliases": ["X1", {"name": "x", "ignore_cas": True}]}
        _, problems = check_schema(FrontMatter("x.md", data, ""), EntitySchema)
        assert [str(p) for p in problems] == ['x.md: aliases[1].ignore_cas: unknown field — did you mean "ignore_case"?']

    def test_alias_ignoring_case_may_not_shadow_another_entity(self):
        a = Entity("mac", "Mac", "person", source_path="mac.md")
        b = Entity("mac-tool", "Tool", "organization", ("mac",), any_case=("mac",), source_path="tool.md")
        problems = check_entities([a, b])
        assert [(p.path, p.field) for p in problems] == [("tool.md", "aliases[0]")]
        assert "ignores case" in problems[0].message

    def test_matcher_names_splits_the_two_kinds(self):
        e = Entity("csto", "CSTO", "organization", ("ODKB", "odkb-x"), any_case=("odkb-x",))
        assert matcher_names([e]) == ({"CSTO": "csto", "ODKB": "csto"}, {"odkb-x": "csto"})


def link(html, policy="first", exclude=None):
    doc = BeautifulSoup(html, "html.parser")
    link_mentions(doc, matcher(), lambda slug: f"/e/{slug}/", policy=policy, exclude=exclude)
    return doc


class TestIdempotence:
    def test_linking_twice_with_first_policy_adds_nothing(self):
        once = str(link("<p>Russia met Russia.</p><p>Russia again.</p>"))
        assert once.count("<a") == 1
        assert str(link(once)) == once

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


def visible(doc):
    return doc.get_text()


@settings(max_examples=300, deadline=None)
@given(fragments(), st.sampled_from(["first", "all"]), st.sampled_from([None, "russia"]))
def test_linking_never_changes_the_visible_text(html, policy, exclude):
    assert visible(link(html, policy, exclude)) == visible(BeautifulSoup(html, "html.parser"))


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
    once = str(link(html, policy, exclude))
    # Compared with the linked HTML parsed again: the parser itself shortens
    # white-space-only strings ("  " to " "), which is no part of linking.
    assert str(link(once, policy, exclude)) == str(BeautifulSoup(once, "html.parser"))


@settings(max_examples=200, deadline=None)
@given(fragments())
def test_first_policy_links_each_entity_at_most_once(html):
    doc = link(html, "first")
    slugs = [a["href"] for a in doc.find_all("a", class_="entity")]
    assert len(slugs) == len(set(slugs))
