"""The plugin's pure functions, tested with plain data."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from briefing.model.dates import PartialDate
from briefing.model.domain import Entity
from briefing.names.linking import NameMatcher, fold
from briefing.read.entities import EntityIndex, check_entities, iso_for
from briefing.read.frontmatter import FrontMatter, split_front_matter
from briefing.read.schemas import BriefingSchema, check_schema
from briefing.text.annotate import annotate
from briefing.text.figures import find_sentence, format_value, states_figure
from briefing.text.sentences import SentenceSplitter


def matcher():
    return NameMatcher({
        "Kassym-Zhomart Tokayev": "tokayev", "Tokayev": "tokayev",
        "CSTO": "csto", "CSTO Collective Security Council": "council",
        "Russia": "russia", "Turgumbayev": "turgumbayev", "Turgumbaev": "turgumbayev",
    })


def found(text):
    return [(text[m.start:m.end], m.slug) for m in matcher().find(text)]


class TestMatching:
    def test_longest_name_wins(self):
        assert found("the CSTO Collective Security Council met") == [("CSTO Collective Security Council", "council")]

    def test_dash_and_space_variants_match_each_other(self):
        assert found("President Kassym – Zhomart Tokayev said") == [("Kassym – Zhomart Tokayev", "tokayev")]
        assert found("Kassym\u2014Zhomart\u00a0Tokayev") == [("Kassym\u2014Zhomart\u00a0Tokayev", "tokayev")]

    def test_whole_words_only(self):
        assert found("CSTOs and Russian and Prussia") == []

    def test_possessive_matches(self):
        assert found("Russia's units") == [("Russia", "russia")]

    def test_case_sensitive(self):
        assert found("russia") == []

    def test_both_spellings_resolve_to_one_entity(self):
        assert {slug for _, slug in found("Turgumbaev, or Turgumbayev")} == {"turgumbayev"}

    def test_fold_maps_positions_back(self):
        text = "a  –  b c"
        folded = fold(text)
        assert folded.text == "a-b c"
        assert folded.original_span(0, 3) == (0, 7)


class TestLinking:
    def link(self, html, **kw):
        result = annotate(html, matcher(), lambda slug: f"/e/{slug}/", anchor_sentences=False, **kw)
        return BeautifulSoup(result.html, "html.parser"), result.mentions

    def test_first_mention_linked_all_recorded(self):
        doc, mentions = self.link("<p>Russia and Russia again.</p>")
        assert [a.get_text() for a in doc.find_all("a")] == ["Russia"]
        assert [m.linked for m in mentions] == [True, False]
        assert doc.get_text() == "Russia and Russia again."

    def test_policy_all_links_every_mention(self):
        doc, _ = self.link("<p>Russia and Russia again.</p>", policy="all")
        assert len(doc.find_all("a")) == 2

    def test_never_inside_links_code_or_headings(self):
        doc, mentions = self.link("<h2>Russia</h2><p><a href='x'>Russia</a> <code>Russia</code></p><pre>Russia</pre>")
        assert [a["href"] for a in doc.find_all("a")] == ["x"]
        assert mentions == ()

    def test_page_never_links_to_itself(self):
        doc, mentions = self.link("<p>Russia</p>", exclude="russia")
        assert doc.find("a") is None and len(mentions) == 1


class TestSentences:
    def test_sentences_get_stable_ids(self):
        html = "<p>Law enforcement opened 1,822 cases. Of them, 116 went to prosecutors.</p>"
        first, second = annotate(html, matcher(), str), annotate(html, matcher(), str)
        doc = BeautifulSoup(first.html, "html.parser")
        ids = [s["id"] for s in doc.select("span.sentence")]
        assert ids == ["s-law-enforcement-opened-1-822", "s-of-them-116-went-to"]
        assert first == second
        assert doc.get_text() == BeautifulSoup(html, "html.parser").get_text()

    def test_ids_already_on_the_page_are_not_reused(self):
        result = annotate('<p id="s-russia-met">Russia met. Russia met.</p>', matcher(), lambda slug: f"/e/{slug}/")
        assert list(result.sentences) == ["s-russia-met-2", "s-russia-met-3"]
        assert [(m.sentence_id, m.linked) for m in result.mentions] == [("s-russia-met-2", True), ("s-russia-met-3", False)]

    def test_only_innermost_blocks_are_split_and_only_at_their_own_text(self):
        html = "<ul>\n<li>CSTO came. <em>It left.</em> Then Russia spoke!</li>\n<li><p>Nested. Block.</p></li>\n</ul>"
        result = annotate(html, matcher(), lambda slug: f"/e/{slug}/")
        assert result.html == (
            '<ul>\n<li><span class="sentence" id="s-csto-came-it-left-then"><a class="entity" href="/e/csto/">CSTO</a>'
            ' came. <em>It left.</em> Then <a class="entity" href="/e/russia/">Russia</a> spoke!</span></li>\n'
            '<li><p><span class="sentence" id="s-nested">Nested.</span> <span class="sentence" id="s-block">Block.</span>'
            '</p></li>\n</ul>')

    def test_header_cells_and_code_are_never_cut(self):
        # A sentence ends only where the plain text itself goes on: "A b. " before <code> does not end one.
        result = annotate("<table><tr><th>One. Two</th><td>One. Two.</td></tr></table><p>A b. <code>Russia. X</code> End.</p>",
                          matcher(), lambda slug: f"/e/{slug}/")
        assert result.sentences == {"s-one": "One.", "s-two": "Two.", "s-a-b-russia-x-end": "A b. Russia. X End."}

    def test_split(self):
        assert SentenceSplitter().split("One. Two! “Three.” Four") == ["One.", "Two!", "“Three.”", "Four"]


class TestFigures:
    def test_formats(self):
        assert format_value(1822) == "1,822"
        assert format_value(2000, approximate=True) == "about 2,000"
        assert format_value("dozens") == "dozens"

    @pytest.mark.parametrize("text", ["opened 1,822 cases", "1822 cases", "1 822 cases", "nearly 2,000 cases"])
    def test_common_written_forms(self, text):
        assert states_figure(text, 1822)

    @pytest.mark.parametrize("text", ["21,822", "1,8222", "2116", "nearly 3,000"])
    def test_other_numbers_do_not_count(self, text):
        assert not states_figure(text, 1822) and not states_figure(text, 116)

    def test_exact_statement_preferred_to_approximation(self):
        sentences = {"a": "Nearly 2,000 cases.", "b": "In all 1,822 cases."}
        assert find_sentence(sentences, 1822) == "b"

    def test_spelled_out_small_numbers(self):
        assert states_figure("units from five states", 5)


class TestDates:
    def test_month_precision_is_kept(self):
        d = PartialDate.parse("2022-01")
        assert (d.iso, d.display) == ("2022-01", "January 2022")

    def test_day_from_yaml_date(self):
        d = PartialDate.parse(dt.date(2022, 1, 6))
        assert (d.iso, d.display) == ("2022-01-06", "6 January 2022")

    def test_month_sorts_before_its_days(self):
        assert PartialDate.parse("2022-01").sort_key < PartialDate.parse("2022-01-01").sort_key

    @pytest.mark.parametrize("bad", ["2022", "2022-13", "2022-02-30", "Jan 2022"])
    def test_bad_dates(self, bad):
        with pytest.raises(ValueError):
            PartialDate.parse(bad)


class TestEntities:
    def entities(self):
        return [Entity("russia", "Russia", "state", ("Russian Federation",)),
                Entity("kyrgyzstan", "Kyrgyzstan", "state"),
                Entity("tass", "TASS", "organization", country="russia")]

    def test_resolve_by_slug_name_or_alias(self):
        index = EntityIndex(self.entities())
        assert index.resolve("russia") is index.resolve("Russian Federation") is index.resolve("RUSSIA")

    def test_suggests_closest(self):
        assert EntityIndex(self.entities()).suggest("Kyrgystan") == "Kyrgyzstan"

    def test_iso_derived_from_name(self):
        assert iso_for(Entity("kyrgyzstan", "Kyrgyzstan", "state")) == "KG"

    def test_alias_claimed_twice_is_a_problem(self):
        problems = check_entities([Entity("a", "A", "person", ("Tokayev",), source_path="a.md"),
                                   Entity("b", "B", "person", ("Tokayev",), source_path="b.md")])
        # Both files are named: the one just edited may be either.
        assert sorted((p.path, p.field) for p in problems) == [("a.md", "aliases[0]"), ("b.md", "aliases[0]")]
        assert "of b.md" in next(p.message for p in problems if p.path == "a.md")


class TestValidation:
    def test_unknown_field_gets_did_you_mean(self):
        front = FrontMatter("x.md", {"title": "T", "date": "2022-01", "key_figure": []}, "")
        problems = list(check_schema(front, BriefingSchema).problems)
        assert [str(p) for p in problems] == ['x.md: key_figure: unknown field — did you mean "key_figures"?']

    def test_missing_title(self):
        problems = list(check_schema(FrontMatter("x.md", {"date": "2022-01"}, ""), BriefingSchema).problems)
        assert problems[0].field == "title" and "required" in problems[0].message

    def test_non_http_url_rejected(self):
        data = {"title": "T", "date": "2022-01", "source": {"name": "X", "url": "javascript:alert(1)"}}
        problems = list(check_schema(FrontMatter("x.md", data, ""), BriefingSchema).problems)
        assert problems[0].field == "source.url"

    def test_front_matter_missing(self):
        front = split_front_matter("x.md", "just text")
        assert front.data is None and "no front matter" in front.problems[0].message


# ---------------------------------------------------------------- reading: plain one-line bodies

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from markdown import Markdown  # noqa: E402

from briefing.build.reader import plain_paragraph  # noqa: E402

_MARKDOWN = Markdown(extensions=["markdown.extensions.codehilite", "markdown.extensions.extra"],
                     extension_configs={"markdown.extensions.codehilite": {"css_class": "highlight"}},
                     output_format="html5")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZé ,.;:'\"?!()-–—‘’“”%/_*`[]<>&#|\\{}~=+1 \n\t")), max_size=40)
       | st.builds(lambda pad, word: pad + word, st.sampled_from(["", " ", "    ", "\n", "\t"]),
                   st.from_regex(r"[a-zé][a-z .,()-]{0,20}", fullmatch=True)))
def test_a_plain_line_is_what_markdown_makes_of_it(body):
    fast = plain_paragraph(body)
    if fast is not None:
        assert fast == _MARKDOWN.reset().convert(body)


def test_plain_lines_skip_markdown_and_the_rest_do_not():
    assert plain_paragraph("Anna Berg is a synthetic person, aged 40 (born 1984).\n") == \
        "<p>Anna Berg is a synthetic person, aged 40 (born 1984).</p>"
    for body in ("*Anna*", "Anna\n\nBerg", "- a list", "1. a list", "A [link](x)", "A & B", "    code", "_a_"):
        assert plain_paragraph(body) is None


# ---------------------------------------------------------------- visible text: one plain paragraph

from briefing.text.annotate import visible_text  # noqa: E402


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZé ,.;:'\"?!()-–—%/_*`[]<>&#;|\n\t\r\u00a0")), max_size=40))
def test_a_plain_paragraph_reads_as_the_parser_reads_it(text):
    # "<p>…</p>" alone takes the short way; inside a <div> the same text goes through the parser.
    assert visible_text(f"<p>{text}</p>") == visible_text(f"<div><p>{text}</p></div>")
