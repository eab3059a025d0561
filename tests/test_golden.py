"""The demo site, byte for byte: a few representative files of a build compared with tests/golden/.

When a change to the output is intended, look at the difference, then rewrite the golden
files with:  BRIEFING_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os

import pytest

from support import CONTENT, ROOT, build

GOLDEN = ROOT / "tests" / "golden"
FILES = [
    "index.html",
    "briefings/kazakhstan-criminal-cases/index.html",
    "entities/yerlan-turgumbayev/index.html",
    "entities/index.html",
    "timeline/index.html",
    "feeds/entities/russia.atom.xml",
    "data/briefings.json",
    "data/entities.json",
    "data/schema/briefings.schema.json",
]
# From `make publish SITEURL=https://user.github.io/repo`: what only a published build writes or names.
PUBLISHED = ["sitemap.xml", "robots.txt", "briefings/kazakhstan-criminal-cases/index.html"]
SITE = "https://user.github.io/repo"


@pytest.fixture(scope="module")
def published_demo(tmp_path_factory):
    return build(CONTENT, tmp_path_factory.mktemp("golden-published") / "out", siteurl=SITE)


def golden_name(relative: str, published: bool) -> str:
    return ("published__" if published else "") + relative.replace("/", "__")


@pytest.mark.parametrize(("relative", "published"), [(f, False) for f in FILES] + [(f, True) for f in PUBLISHED])
def test_demo_output_matches_the_golden_file(demo_site, published_demo, relative, published):
    built = ((published_demo if published else demo_site) / relative).read_text(encoding="utf-8")
    golden = GOLDEN / golden_name(relative, published)
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(built, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if built != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), built.splitlines(True), "golden", "built", n=1))
        pytest.fail(f"{relative} differs from {golden.name}:\n{diff[:4000]}")


def test_every_golden_file_is_checked():
    expected = [golden_name(f, False) for f in FILES] + [golden_name(f, True) for f in PUBLISHED]
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(expected)
