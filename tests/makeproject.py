"""A copy of the project in a temp folder, driven through its Makefile."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

PROJECT_FILES = ["Makefile", "pelican.conf.py", "requirements.txt", "requirements-dev.txt", "content", "plugins", "theme", "tools"]


@pytest.fixture
def project(tmp_path):
    """A copy of the project that runs make with this interpreter's environment."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for name in PROJECT_FILES:
        source = ROOT / name
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    stamp = tmp_path / "requirements-installed"
    stamp.touch()  # the running environment already has the requirements

    def make(*args):
        return subprocess.run(["make", *args, f"VENV={sys.prefix}", f"BUILD_STAMP={stamp}"], cwd=tmp_path,
                              capture_output=True, text=True, env={**os.environ, "SITEURL": ""})
    make.root = tmp_path
    return make
