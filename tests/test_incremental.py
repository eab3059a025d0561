"""Incremental builds equal clean builds, byte for byte, after any sequence of single-file edits.

A hypothesis property test: a tiny site is built by a BuildSession (the dev server's builder),
then edited one file at a time (briefing text, a new mention, a figure value, an alias added or
removed, an entity file added or deleted, a briefing added or deleted, a content error and its
fix); after each edit the session builds again and its output folder must equal a clean build of
the same content, file for file. A broken edit must fail both builds with the same problems, and
the next good edit must bring the session back to the clean build's output.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.build.incremental import BuildSession
from briefing.model.problems import ContentError
from support import CONF, briefing, build, content_file, entity, write_content

ENTITIES = {
    "anna-berg": entity("Anna Berg", aliases=["Berg"]),
    "delta-council": entity("Delta Council", "organization"),
    "kazakhstan": entity("Kazakhstan", "state"),
    "almaty": entity("Almaty", "place", country="kazakhstan"),
    "the-talks": entity("The talks", "event"),
}
SERIES = {"label": "Cases", "unit": "cases", "definition": "Cases counted.", "cumulative": True, "event": "the-talks"}
EXTRA_ENTITY = ("omar-sayed", entity("Omar Sayed", aliases=["Sayed"]))


def _briefing(n: int, figure: int = 100, extra: str = "", **front) -> dict:
    body = (f"Anna Berg met the Delta Council in Almaty. Officials counted {figure} cases in week {n}."
            f"{extra}\n\nBerg said the talks would go on.")
    return briefing(f"Talks, part {n}", body, date=f"2022-01-{10 + n:02d}", host_state="kazakhstan",
                    key_figures=[{"value": figure, "label": "cases", "series": "cases"}], story="the-talks",
                    participating_states=[{"state": "kazakhstan", "role": "host"}],
                    timeline=[{"date": f"2022-01-{n + 1:02d}", "text": f"Event {n}"}], **front)


BRIEFINGS = {f"talks-{n}": _briefing(n) for n in range(1, 4)}

# One edit: (what, which file); each is applied to the content folder and returns the paths it changed.
EDITS = st.tuples(st.sampled_from(["text", "mention", "figure", "alias-add", "alias-remove", "entity-add",
                                   "entity-delete", "briefing-add", "briefing-delete", "error", "fix",
                                   "correction", "series-edit", "story-leave"]),
                  st.integers(min_value=1, max_value=3))


def site_content(root: Path) -> Path:
    """The tiny site every test starts from: entities, three briefings of one story, a series."""
    content = write_content(root, ENTITIES, BRIEFINGS)
    (content / "figures").mkdir()
    (content / "figures" / "cases.md").write_text(content_file(SERIES, "Notes."), encoding="utf-8")
    return content


def _write(path: Path, spec: dict) -> None:
    front = {k: v for k, v in spec.items() if k != "body"}
    path.write_text(content_file(front, spec.get("body", "")), encoding="utf-8")


def apply(content: Path, what: str, n: int, counter: list[int]) -> set[str]:
    """Make one edit; return the files it touched."""
    counter[0] += 1
    version = counter[0]
    path = content / "briefings" / f"talks-{n}.md"
    if what in ("text", "mention", "figure", "fix") and not path.exists() and what != "fix":
        what = "briefing-add"
    if what == "text":
        spec = _briefing(n, extra=f" The meeting ran late, version {version}.")
    elif what == "mention":
        spec = _briefing(n, extra=" Omar Sayed and Kazakhstan were named too.")
    elif what == "figure":
        spec = _briefing(n, figure=100 + version)
    elif what in ("briefing-add", "fix"):
        spec = _briefing(n, extra=f" Added as version {version}.")
    elif what == "correction":
        spec = _briefing(n, corrections=[{"date": "2022-02-01", "text": f"Corrected, version {version}."}])
    elif what == "story-leave":
        spec = {k: v for k, v in _briefing(n).items() if k != "story"}
    elif what == "series-edit":
        series = content / "figures" / "cases.md"
        observations = [{"value": 50 + version, "as_of": "2022-01-05", "stated_by": "delta-council", "url": "https://example.org/c"}]
        series.write_text(content_file({**SERIES, "observations": observations[: n % 2]}, f"Notes, version {version}."),
                          encoding="utf-8")
        return {str(series)}
    elif what == "briefing-delete":
        path.unlink(missing_ok=True)
        return {str(path)}
    elif what == "error":
        path.write_text("---\ntitle: [broken\ndate: 2022-01-01\n---\nText.\n", encoding="utf-8")
        return {str(path)}
    else:
        return _entity_edit(content, what, version)
    _write(path, spec)
    return {str(path)}


def _entity_edit(content: Path, what: str, version: int) -> set[str]:
    if what in ("entity-add", "entity-delete"):
        slug, spec = EXTRA_ENTITY
        path = content / "entities" / f"{slug}.md"
        if what == "entity-add":
            _write(path, {**spec, "body": f"A person, version {version}."})
        else:
            path.unlink(missing_ok=True)
        return {str(path)}
    path = content / "entities" / "delta-council.md"
    aliases = ["Council"] if what == "alias-add" else []
    _write(path, {**entity("Delta Council", "organization", aliases=aliases), "body": "A council."})
    return {str(path)}


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def clean_build(content: Path, output: Path) -> tuple[dict[str, bytes] | None, list[str]]:
    try:
        build(content, output)
    except ContentError as err:
        return None, [str(p) for p in err.problems]
    return tree(output), []


def check_same(session: BuildSession, content: Path, work: Path, changed: set[str] | None, step: int) -> None:
    result = session.build(changed)
    expected, problems = clean_build(content, work / f"clean-{step}")
    if expected is None:
        assert not result.ok, "the clean build failed, the incremental one did not"
        assert result.problems == problems
        return
    assert result.ok, result.message
    got = tree(Path(session.output))
    assert sorted(got) == sorted(expected), f"files differ: {sorted(set(got) ^ set(expected))}"
    different = [name for name in expected if got[name] != expected[name]]
    assert different == [], f"after step {step}: {different}"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(EDITS, min_size=1, max_size=5))
def test_incremental_output_equals_a_clean_build_after_every_edit(edits):
    with tempfile.TemporaryDirectory(prefix="incremental-") as folder:
        work = Path(folder)
        content = site_content(work / "content")
        session = BuildSession(str(CONF), str(content), str(work / "output"), str(work / "cache"))
        check_same(session, content, work, None, 0)
        counter = [0]
        for step, (what, n) in enumerate(edits, start=1):
            changed = apply(content, what, n, counter)
            check_same(session, content, work, changed, step)


def test_a_session_writes_only_what_changed(tmp_path):
    content = site_content(tmp_path / "content")
    session = BuildSession(str(CONF), str(content), str(tmp_path / "output"), str(tmp_path / "cache"))
    assert session.build().ok
    again = session.build(set())
    assert again.ok and again.written == [] and again.removed == []
    edited = apply(content, "mention", 2, [0])
    result = session.build(edited)
    written = sorted(str(Path(p).relative_to(tmp_path / "output")) for p in result.written)
    # The briefing, the newly named entity's page and feed, the pages that list mention counts, the data.
    assert "briefings/talks-2/index.html" in written
    assert "entities/kazakhstan/index.html" in written
    assert "entities/index.html" in written
    assert "data/entities.json" in written
    assert "briefings/talks-1/index.html" not in written
    assert "entities/almaty/index.html" not in written
    assert result.cache_misses <= 2, "only the edited briefing is read and linked again"


def test_a_content_error_fails_the_build_and_the_next_good_save_recovers(tmp_path):
    content = site_content(tmp_path / "content")
    output = tmp_path / "output"
    session = BuildSession(str(CONF), str(content), str(output), str(tmp_path / "cache"))
    assert session.build().ok
    before = tree(output)
    broken = apply(content, "error", 1, [0])
    failed = session.build(broken)
    assert not failed.ok
    assert any("talks-1.md" in line and "YAML syntax error" in line for line in failed.problems), failed.problems
    assert failed.message.endswith("Build stopped: 1 content problem (see docs/errors.md).")
    assert "Traceback" not in failed.message
    assert tree(output) == before, "a failed build leaves the last good site"
    fixed = session.build(apply(content, "fix", 1, [0]))
    assert fixed.ok
    expected, _ = clean_build(content, tmp_path / "clean")
    assert tree(output) == expected


def test_a_template_error_fails_the_build_with_its_traceback_and_the_session_goes_on(tmp_path):
    content = site_content(tmp_path / "content")
    theme = tmp_path / "theme"
    shutil.copytree(CONF.parent / "theme", theme)
    session = BuildSession(str(CONF), str(content), str(tmp_path / "output"), str(tmp_path / "cache"),
                           overrides={"THEME": str(theme)})
    assert session.build().ok
    entity_template = theme / "templates" / "entity.html"
    good = entity_template.read_text(encoding="utf-8")
    entity_template.write_text(good.replace("{% endblock %}", "{% endblok %}", 1), encoding="utf-8")
    session.restart()
    broken = session.build()
    assert not broken.ok and "Traceback" in broken.message and "TemplateSyntaxError" in broken.problems[0]
    entity_template.write_text(good, encoding="utf-8")
    session.restart()
    assert session.build().ok
