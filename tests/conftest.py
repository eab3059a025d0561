"""Shared fixtures: build real sites into temp dirs with the project's own settings."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CONF = ROOT / "pelican.conf.py"


def build(content: Path, output: Path, siteurl: str = "", **overrides) -> Path:
    """Build a site from `content` into `output` with pelican.conf.py, as `make html` does."""
    old = os.environ.get("SITEURL")
    os.environ["SITEURL"] = siteurl  # pelican.conf.py derives its URLs from it
    try:
        settings = read_settings(str(CONF), override={"PATH": str(content), "OUTPUT_PATH": str(output), **overrides})
    finally:
        if old is None:
            os.environ.pop("SITEURL", None)
        else:
            os.environ["SITEURL"] = old
    Pelican(settings).run()
    return output


def copy_content(tmp_path: Path) -> Path:
    """A private copy of the demo content, for tests that edit it."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


SEED_BRIEFING = "kazakhstan-criminal-cases.md"


def copy_seed_content(tmp_path: Path) -> Path:
    """A private copy of the demo content with only its first briefing (the seed), for tests that
    add briefings of their own and check exactly which briefings appear, and in what order."""
    target = copy_content(tmp_path)
    for path in (target / "briefings").glob("*.md"):
        if path.name != SEED_BRIEFING:
            path.unlink()
    return target


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo site, built once per test session (local mode: relative links)."""
    return build(CONTENT, tmp_path_factory.mktemp("demo") / "output")


@pytest.fixture(scope="session")
def briefing_page(demo_site) -> BeautifulSoup:
    return soup(demo_site / "briefings" / "kazakhstan-criminal-cases" / "index.html")
