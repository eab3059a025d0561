"""Pure functions behind the evidence sidebars, structured data, timeline and feeds."""

import json

import pytest

from briefing.model.domain import Attribution, Entity, Mention, Range, StateRole
from briefing.output.feeds import tag_uri
from briefing.output.structured import entity_thing, news_article, script_json
from briefing.read.entities import EntityIndex
from briefing.read.frontmatter import FrontMatter
from briefing.read.schemas import BriefingSchema, check_schema
from briefing.story.views import merge_timelines, state_map
from briefing.text.figures import find_sentence, format_value, states_figure
from support import processed


class TestRanges:
    def test_shown_with_an_en_dash_unit_and_hedge(self):
        assert format_value(Range(1000, 2000)) == "1,000\u20132,000"
        assert format_value(Range(1000, 2000), "troops", approximate=True) == "about 1,000\u20132,000 troops"

    @pytest.mark.parametrize("text", ["between 1,000 and 2,000 troops", "1000-2000 troops", "from 1 000 to 2 000"])
    def test_stated_when_both_ends_are(self, text):
        assert states_figure(text, Range(1000, 2000))

    def test_one_end_is_not_enough(self):
        assert not states_figure("more than 1,000 troops", Range(1000, 2000))
        assert find_sentence({"a": "More than 1,000.", "b": "From 1,000 to 2,000."}, Range(1000, 2000)) == "b"

    def figure(self, value):
        data = {"title": "T", "date": "2022-01", "key_figures": [{"value": value, "label": "troops"}]}
        result = check_schema(FrontMatter("x.md", data, ""), BriefingSchema)
        return result.value, list(result.problems)

    def test_front_matter_form(self):
        meta, problems = self.figure({"min": 1000, "max": 2000.5})
        assert problems == [] and meta.key_figures[0].value == Range(1000, 2000.5)

    @pytest.mark.parametrize("value, message", [
        ("1000-2000", "looks like a range: write it as value: {min: 1000, max: 2000}"),
        ("1,000 to 2,000", "looks like a range"),
        ({"min": 2000, "max": 1000}, "min (2000) must be less than its max (1000)"),
        ({"min": 1000}, "needs exactly the fields min and max"),
        ({"min": "many", "max": 2000}, "min must be a number"),
        ([1000, 2000], "must be a number, a range"),
    ])
    def test_bad_ranges_are_explained(self, value, message):
        _, problems = self.figure(value)
        assert [p.field for p in problems] == ["key_figures[0].value"] and message in problems[0].message

    def test_text_values_still_allowed(self):
        meta, _ = self.figure("dozens")
        assert meta.key_figures[0].value == "dozens"


class TestStates:
    def test_map_sets_the_host_apart(self):
        russia, kazakhstan = Entity("russia", "Russia", "state", iso="RU"), Entity("kazakhstan", "Kazakhstan", "state", iso="KZ")
        found = state_map(processed(states=[StateRole(russia, "RU", None, None)], host=kazakhstan).briefing)
        assert 'class="host" data-iso="kz"' in found.svg and 'class="participant" data-iso="ru"' in found.svg
        assert "Host state: Kazakhstan" in found.legend_html and "Participating state: Russia" in found.legend_html

    def test_no_map_without_states(self):
        assert state_map(processed().briefing) is None


class TestTimeline:
    def test_merged_by_date_month_before_its_days(self):
        a = processed("a", "2022-01-10", [("2022-01-06", "a1"), ("2022-01", "a2")])
        b = processed("b", "2022-01-20", [("2022-01", "b1"), ("2021-12-31", "b2")])
        months = merge_timelines([a, b])
        assert [m.month.display for m in months] == ["December 2021", "January 2022"]
        assert [(r.entry.text, r.briefing.slug) for m in months for r in m.rows] == [
            ("b2", "b"), ("a2", "a"), ("b1", "b"), ("a1", "a")]


class TestStructuredData:
    def test_script_json_cannot_close_the_script_element(self):
        doc = {"name": "</script><!-- & -->", "x": "\u2028"}
        text = script_json(doc)
        assert not set("<>&\u2028") & set(text)
        assert json.loads(text) == doc

    def test_news_article_fields(self):
        kz = Entity("kazakhstan", "Kazakhstan", "state", iso="KZ", wikidata="Q232")
        tass = Entity("tass", "TASS", "organization")
        place = Entity("almaty", "Almaty", "place")
        index = EntityIndex([kz, tass, place])
        data = processed(host=kz, source=Attribution("TASS", tass, "News Front", "https://example.org/r"), summary="S",
                         mentions=[Mention("almaty", "Almaty", None, True), Mention("kazakhstan", "Kazakhstan", None, True)])
        doc = news_article(data, index, "https://s/b/", lambda slug: f"https://s/e/{slug}/", "Site", "https://s/")
        assert (doc["@type"], doc["datePublished"], doc["description"]) == ("NewsArticle", "2022-01", "S")
        assert doc["about"] == {"@type": "Country", "name": "Kazakhstan", "url": "https://s/e/kazakhstan/",
                                "sameAs": ["https://www.wikidata.org/wiki/Q232"]}
        assert [(m["@type"], m["name"]) for m in doc["mentions"]] == [("Place", "Almaty"), ("Country", "Kazakhstan"), ("Organization", "TASS")]
        assert doc["isBasedOn"]["publisher"]["name"] == "News Front"

    def test_entity_thing(self):
        person = Entity("t", "Yerlan Turgumbayev", "person", ("Turgumbaev",), role="Minister", wikidata="Q1")
        doc = entity_thing(person, "https://s/e/t/", "A minister.")
        assert doc == {"@context": "https://schema.org", "@type": "Person", "name": "Yerlan Turgumbayev",
                       "alternateName": ["Turgumbaev"], "url": "https://s/e/t/",
                       "sameAs": ["https://www.wikidata.org/wiki/Q1"], "description": "A minister.", "jobTitle": "Minister"}


def test_feed_ids_keep_the_dates_precision():
    assert tag_uri("https://user.github.io/repo/briefings/x/", "2022-01") == "tag:user.github.io,2022-01:/repo/briefings/x/"
