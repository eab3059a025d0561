"""Random front matter and Markdown: the build succeeds with link-clean output, or stops
with ContentError whose every line names a content file. Never any other exception."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from briefing.model.problems import ContentError
from briefing.model.slugs import looks_like_slug
from support import CONTENT, broken_links, build

SLUGS = sorted(p.stem for p in (CONTENT / "entities").glob("*.md"))
STATES = ["russia", "Belarus", "ARMENIA", "Republic of Tajikistan", "kyrgyzstan", "Kazakhstan"]
NAMES = ["Russia", "Kyrgyzstan", "Tokayev", "CSTO", "Kassym – Zhomart Tokayev", "TASS", "Belarus"]

odd_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
words = st.sampled_from(["", " ", "x", "Kyrgystan", "rusia", "news-frnt", "1,822", "<b>", "\u202e", "\u00a0",
                         "no", "yes", "null", "~", "2022-13", "https://example.org/", "javascript:alert(1)",
                         "{filename}/entities/russia.md", "ТАСС", "🙂", "a: b", "- x", "#", "'", '"'])
text = st.one_of(odd_text, words, st.sampled_from(NAMES))
reference = st.one_of(st.sampled_from(SLUGS), st.sampled_from(NAMES), text)
date = st.one_of(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
                 st.dates().map(lambda d: d.strftime("%Y-%m")), text, st.integers())
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text, date)
anything = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=6)


def maybe(strategy):
    """Mostly the expected kind of value, sometimes anything at all."""
    return st.one_of(strategy, strategy, strategy, strategy, anything)


good_text = odd_text.filter(lambda t: t.strip() and t.strip() not in ("~", "null")) | st.sampled_from(NAMES)
good_date = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))


key_figure = st.fixed_dictionaries(
    {"value": maybe(st.one_of(st.integers(0, 10**9), st.floats(0, 1e6), text)), "label": maybe(good_text)},
    optional={ "as_of": maybe(date), "source": maybe(reference), "note": maybe(text),
              "unit": maybe(text), "approximate": maybe(st.booleans()), "url": maybe(st.just("https://example.org/x"))})
state = st.fixed_dictionaries({"state": maybe(reference)}, optional={"role": maybe(text), "contribution": maybe(text)})
timeline = st.fixed_dictionaries({"date": maybe(date), "text": maybe(text)})
briefing_fields = st.fixed_dictionaries({"title": maybe(good_text), "date": maybe(good_date)}, optional={
    "summary": maybe(text), "host_state": maybe(reference),
    "source": maybe(st.fixed_dictionaries({"name": maybe(reference)}, optional={"via": maybe(text), "url": maybe(st.just("https://example.org/"))})),
    "key_figures": maybe(st.lists(key_figure, max_size=3)),
    "participating_states": maybe(st.lists(state, max_size=3)),
    "timeline": maybe(st.lists(timeline, max_size=2)),
    "entities": maybe(st.lists(reference, max_size=3)),
    "status": maybe(st.sampled_from(["published", "draft", "hidden"])),
    "tite": text,
}).map(lambda d: {k: v for k, v in d.items() if k != "tite"} if len(d) % 3 else d)
entity_fields = st.fixed_dictionaries({
    "name": maybe(good_text), "kind": maybe(st.sampled_from(["person", "organization", "state", "place", "event"]))}, optional={
    "aliases": maybe(st.lists(text, max_size=3)), "role": maybe(text), "country": maybe(reference),
    "iso": maybe(st.sampled_from(["UZ", "uz", "XX", "NO", "UZB"])), "wikidata": maybe(st.sampled_from(["Q265", "Q0", "265"])),
})
markdown = st.lists(st.one_of(text, st.sampled_from([
    "\n\n", "# Heading\n", "*em* ", "`code` ", "1,822 criminal cases. ", "Nearly 2,000 arrests. ",
    "[Russia]({filename}/entities/russia.md) ", "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>', "<div onclick=x>d</div>", "> quote\n", "- item\n", "```\ncode\n```\n",
    "Tokayev met Lukashenko in Russia. ", "<!-- c -->", "&amp; &lt;", "[^1]\n\n[^1]: note\n", "| a | b |\n|---|---|\n| 1 | 2 |\n",
])), max_size=12).map("".join)


# Valid content of every shape: it must always build.
valid_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda t: t.strip() and t.strip() not in ("~", "null"))
free_text = valid_text.filter(lambda t: not looks_like_slug(t.strip()))
valid_date = st.one_of(good_date, good_date.map(lambda d: d.strftime("%Y-%m")))
valid_briefing = st.fixed_dictionaries({"title": valid_text, "date": valid_date}, optional={
    "summary": valid_text, "host_state": st.sampled_from(STATES),
    "source": st.fixed_dictionaries({"name": st.one_of(st.sampled_from(SLUGS), free_text)},
                                    optional={"via": st.one_of(st.sampled_from(SLUGS), free_text),
                                              "stated_by": st.one_of(st.sampled_from(SLUGS), free_text),
                                              "url": st.just("https://example.org/a?b=1&c=2")}),
    "key_figures": st.lists(st.fixed_dictionaries(
        {"value": st.one_of(st.integers(0, 10**12), st.floats(0, 1e9, allow_nan=False), valid_text), "label": valid_text},
        optional={"as_of": valid_date, "source": st.one_of(st.sampled_from(SLUGS), free_text), "note": valid_text,
                  "unit": valid_text, "approximate": st.booleans(), "url": st.just("https://example.org/x")}), max_size=4),
    "participating_states": st.lists(st.fixed_dictionaries({"state": st.sampled_from(STATES)},
                                                           optional={"role": valid_text, "contribution": valid_text}), max_size=4),
    "timeline": st.lists(st.fixed_dictionaries({"date": valid_date, "text": valid_text}), max_size=3),
    "entities": st.lists(st.sampled_from(SLUGS), max_size=3),
    "status": st.sampled_from(["published", "hidden"]),
})
valid_markdown = st.lists(st.one_of(valid_text, st.sampled_from([
    "\n\n", "# Heading\n", "*em* ", "`code` ", "1,822 criminal cases. ", "[Russia]({filename}/entities/russia.md) ",
    "<script>alert(1)</script>", "Tokayev met Lukashenko in Russia. ", "> quote\n", "- item\n", "<b onclick=x>b</b>",
])), max_size=12).map("".join)


def write_front_matter(fields, body: str, raw_header: str | None) -> str:
    header = raw_header if raw_header is not None else yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n{body}\n"


def check_outcome(content: Path, output: Path, new_file: Path, slug: str | None, status) -> None:
    try:
        build(content, output)
    except ContentError as err:
        event("stopped with content errors")
        assert err.problems
        for problem in err.problems:
            line = str(problem)
            assert "\n" not in line and line.startswith(problem.path)
            assert Path(problem.path).resolve().is_file(), line
            assert content.resolve() in Path(problem.path).resolve().parents, line
        return
    event("built")
    assert broken_links(output) == []
    if slug and status != "draft":
        assert (output / "briefings" / slug / "index.html").is_file(), "a valid briefing was silently dropped"


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(fields=briefing_fields, body=markdown, raw=st.one_of(st.none(), st.none(), st.none(), odd_text))
def test_random_briefing(fields, body, raw):
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(CONTENT, content)
        path = content / "briefings" / "fuzzed.md"
        path.write_text(write_front_matter(fields, body, raw), encoding="utf-8")
        check_outcome(content, Path(tmp) / "output", path, "fuzzed", fields.get("status"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(fields=entity_fields, body=markdown)
def test_random_entity(fields, body):
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(CONTENT, content)
        path = content / "entities" / "fuzzed.md"
        path.write_text(write_front_matter(fields, body, None), encoding="utf-8")
        check_outcome(content, Path(tmp) / "output", path, None, None)


@FUZZ
@given(fields=valid_briefing, body=valid_markdown)
def test_random_valid_briefing_always_builds(fields, body):
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(CONTENT, content)
        (content / "briefings" / "fuzzed.md").write_text(write_front_matter(fields, body, None), encoding="utf-8")
        output = build(content, Path(tmp) / "output")
        assert broken_links(output) == []
        assert (output / "briefings" / "fuzzed" / "index.html").is_file()
