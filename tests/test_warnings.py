"""`make check` warnings: figures nothing backs, figures with no source, entities no briefing mentions."""

from __future__ import annotations

from briefing.model.domain import Entity, EntityView, FigureIn, KeyFigure
from briefing.story.checks import content_warnings
from support import ROOT, copy_content, edit, processed, run_tool

B = "briefings/kazakhstan-criminal-cases.md"


def figure(value, label, **extra):
    return KeyFigure(value=value, display=str(value), label=label, **extra)


def test_warnings_name_file_and_field_sorted():
    tass = Entity("tass", "TASS", "organization", source_path="content/entities/tass.md")
    lonely = Entity("uzbekistan", "Uzbekistan", "state", source_path="content/entities/uzbekistan.md")
    data = processed(path="content/briefings/b.md", figures=[
        figure(1822, "cases", sentence_id="s-x", source_entity=tass),
        figure(5, "states", sentence_id=None, source_text="CSTO"),
        figure(7, "arrests", sentence_id=None, url="https://example.org/"),
        figure(9, "sites", sentence_id="s-y")])
    views = [EntityView(tass, "e/tass/", "", figures=(FigureIn(data, data.key_figures[0]),)), EntityView(lonely, "e/u/", "")]
    lines = [str(w) for w in content_warnings([data], views)]
    assert lines == [
        'content/briefings/b.md: key_figures[1]: "5 states" is not stated in the text and has no url: state it in the article or add url: https://... of its source',
        'content/briefings/b.md: key_figures[3].source: "9 sites" has no source: add source: (an entity slug or a name)',
        'content/entities/uzbekistan.md: no briefing mentions "Uzbekistan": name it in a briefing, or remove the file',
    ]


def warnings_tool(content):
    return run_tool("briefing-warnings", str(content), "--settings", str(ROOT / "pelican.conf.py"), cwd=content.parent)


def test_tool_lists_the_warnings_of_real_content(tmp_path):
    content = copy_content(tmp_path)
    edit(content, B, "  - value: 5\n", "  - value: 42\n    label: arrests\n  - value: 5\n")
    (content / "entities" / "uzbekistan.md").write_text("---\nname: Uzbekistan\nkind: state\n---\nA state.\n", encoding="utf-8")
    run = warnings_tool(content)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert f'{B}: key_figures[2]: "42 arrests" is not stated in the text and has no url' in "\n".join(lines)
    assert f'{B}: key_figures[2].source: "42 arrests" has no source' in "\n".join(lines)
    assert any(line.endswith('entities/uzbekistan.md: no briefing mentions "Uzbekistan": name it in a briefing, or remove the file') for line in lines)
    assert lines[-1] == "3 content warnings"


def test_tool_reports_errors_and_fails(tmp_path):
    content = copy_content(tmp_path)
    edit(content, B, "state: Kyrgyzstan", "state: Kyrgystan")
    run = warnings_tool(content)
    assert run.returncode == 1
    assert 'did you mean "Kyrgyzstan"?' in run.stderr and "Traceback" not in run.stderr
