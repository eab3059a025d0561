"""Fixtures: the demo site built once per session, and a copy of the project driven through make."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support import CONTENT, build, make_project, soup


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo site, built once per test session (local mode: relative links)."""
    return build(CONTENT, tmp_path_factory.mktemp("demo") / "output")


@pytest.fixture(scope="session")
def briefing_page(demo_site) -> BeautifulSoup:
    return soup(demo_site / "briefings" / "kazakhstan-criminal-cases" / "index.html")


@pytest.fixture
def project(tmp_path):
    """A copy of the project that runs make with this interpreter's environment."""
    return make_project(tmp_path)
