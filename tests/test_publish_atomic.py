"""A failed `make html` or `make publish` leaves the previous output/ exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", [["html"], ["publish", "SITEURL=https://example.org/briefing"]])
def test_failed_build_leaves_previous_output_untouched(project, target):
    first = project("html")
    assert first.returncode == 0, first.stderr
    output = project.root / "output"
    before = snapshot(output)
    assert "briefings/kazakhstan-criminal-cases/index.html" in before

    briefing = project.root / "content" / "briefings" / "kazakhstan-criminal-cases.md"
    briefing.write_text(briefing.read_text(encoding="utf-8").replace("state: Kyrgyzstan", "state: Kyrgystan"), encoding="utf-8")
    (project.root / "content" / "briefings" / "another.md").write_text("---\ntitle: Another\ndate: 2022-02\n---\nText.\n", encoding="utf-8")
    failed = project(*target)

    assert failed.returncode != 0
    assert 'participating_states[4].state: unknown state "Kyrgystan" — did you mean "Kyrgyzstan"?' in failed.stderr
    assert "Traceback" not in failed.stderr + failed.stdout
    # What docs/errors.md says a script or CI sees: make's own status 2, after Pelican's 1.
    assert failed.returncode == 2 and "Error 1" in failed.stderr
    assert "itself exits with status 2" in (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert snapshot(output) == before
    assert not (project.root / "output.tmp").exists()


def test_successful_build_replaces_output_with_no_leftovers(project):
    assert project("html").returncode == 0
    stale = project.root / "output" / "stale.html"
    stale.write_text("left from an earlier build", encoding="utf-8")
    (project.root / "content" / "briefings" / "another.md").write_text("---\ntitle: Another\ndate: 2022-02\n---\nText.\n", encoding="utf-8")
    assert project("html").returncode == 0
    assert not stale.exists()
    assert (project.root / "output" / "briefings" / "another" / "index.html").is_file()
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith("output")) == ["output"]
