"""Bad input stops the build with a message naming the file, the field and the fix."""

import os
import subprocess
import sys

import pytest

from briefing.model.problems import ContentError
from support import CONF, build, copy_content

BRIEFING = "briefings/kazakhstan-criminal-cases.md"


def edit(content, relative, old, new):
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_participating_state_fails_with_file_field_and_suggestion(tmp_path):
    content = copy_content(tmp_path)
    edit(content, BRIEFING, "state: Kyrgyzstan", "state: Kyrgystan")
    with pytest.raises(ContentError) as err:
        build(content, tmp_path / "out")
    lines = str(err.value).splitlines()
    assert any(line.endswith(f'{BRIEFING}: participating_states[4].state: unknown state "Kyrgystan" — did you mean "Kyrgyzstan"?')
               for line in lines), lines
    assert err.value.code != 0


def test_all_problems_of_a_build_are_reported_together(tmp_path):
    content = copy_content(tmp_path)
    edit(content, BRIEFING, "state: Kyrgyzstan", "state: Narnia")
    edit(content, BRIEFING, "host_state: kazakhstan", "host_state: kazakstan")
    edit(content, "entities/tass.md", "kind: organization", "kind: company")
    with pytest.raises(ContentError) as err:
        build(content, tmp_path / "out")
    fields = [(p.path.rsplit("content/", 1)[-1], p.field) for p in err.value.problems]
    assert (BRIEFING, "participating_states[4].state") in fields
    assert (BRIEFING, "host_state") in fields
    assert ("entities/tass.md", "kind") in fields


def test_command_line_build_exits_non_zero_with_plain_message_and_no_traceback(tmp_path):
    content = copy_content(tmp_path)
    edit(content, BRIEFING, "state: Kyrgyzstan", "state: Kyrgystan")
    env = {**os.environ, "SITEURL": ""}
    run = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(CONF), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 1
    assert 'content/briefings/kazakhstan-criminal-cases.md: participating_states[4].state: unknown state "Kyrgystan"' in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    content = copy_content(tmp_path)
    edit(content, "entities/russia.md", "kind: state", "kind: [state")
    with pytest.raises(ContentError) as err:
        build(content, tmp_path / "out")
    (problem,) = err.value.problems
    assert problem.path.endswith("entities/russia.md") and problem.line is not None
    assert "YAML syntax error" in problem.message


def test_unknown_entities_are_reported_alongside_schema_problems(tmp_path):
    content = copy_content(tmp_path)
    edit(content, BRIEFING, "state: Kyrgyzstan", "state: Kyrgystan")
    edit(content, BRIEFING, "date: 2022-01\n", "date: 2022-13\n")
    with pytest.raises(ContentError) as err:
        build(content, tmp_path / "out")
    fields = {p.field: p.message for p in err.value.problems}
    assert "real calendar date" in fields["date"]
    assert fields["participating_states[4].state"] == 'unknown state "Kyrgystan" — did you mean "Kyrgyzstan"?'
