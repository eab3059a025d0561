"""Work shared with helper processes (parallel.py): the same output whoever makes it, every item
done once, and a helper's error raised in the build."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.settings import DEFAULT_CONFIG

from briefing.build.parallel import SharedWork, processes_for, share_map
from briefing.build.reader import BriefingReader
from briefing.model.problems import ContentError, HelperFailed, Problem
from support import CONF, CONTENT, ROOT, briefing, build, entity, write_content


def _square(n: int) -> int:
    return n * n


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=300), st.integers(min_value=1, max_value=4))
def test_share_map_is_map_whatever_the_processes(count, processes):
    items = list(range(count))
    assert share_map(_square, items, processes) == [n * n for n in items]


def test_every_item_is_taken_once_across_processes():
    parent = os.getpid()

    def work(shared: SharedWork):
        return [(os.getpid(), item) for item in shared.take()]

    shared = SharedWork.start(range(5000), 3, work)
    mine = work(shared)
    theirs = [pair for found in shared.finish() for pair in found]
    taken = sorted(item for _, item in mine + theirs)
    assert taken == list(range(5000))
    assert {pid for pid, _ in mine} == {parent}
    assert parent not in {pid for pid, _ in theirs}


def _failing_in_helper(error: BaseException):
    parent = os.getpid()

    def work(shared: SharedWork):
        items = list(shared.take())
        if os.getpid() != parent:
            raise error
        return items

    return work


def test_a_helpers_error_is_raised_in_the_build():
    shared = SharedWork.start(range(100), 2, _failing_in_helper(ValueError("no such template: entity.html")))
    with pytest.raises(ValueError, match=r"no such template: entity\.html"):
        shared.finish()


def test_a_helpers_content_error_keeps_its_problems():
    problem = Problem("content/entities/x.md", "name", "missing: add name: the entity's name")
    shared = SharedWork.start(range(100), 2, _failing_in_helper(ContentError([problem])))
    with pytest.raises(ContentError) as caught:
        shared.finish()
    assert caught.value.problems == [problem]


class _Unpicklable(Exception):
    def __init__(self, handle):
        super().__init__("the template's filter failed")
        self.handle = handle

    def __reduce__(self):
        raise TypeError("cannot pickle a file handle")


def test_an_error_that_cannot_be_sent_back_comes_as_its_traceback():
    shared = SharedWork.start(range(100), 2, _failing_in_helper(_Unpicklable(object())))
    with pytest.raises(HelperFailed, match=r"(?s)in a helper process.*the template's filter failed"):
        shared.finish()


def test_a_helper_that_dies_fails_the_build_and_says_how_to_see_why():
    parent = os.getpid()

    def work(shared: SharedWork):
        if os.getpid() != parent:
            os._exit(3)
        return list(shared.take())

    shared = SharedWork.start(range(100), 2, work)
    with pytest.raises(HelperFailed, match="BRIEFING_PROCESSES = 1"):
        shared.finish()


def test_stopping_ends_a_helper_that_is_still_working():
    parent = os.getpid()

    def work(shared: SharedWork):
        if os.getpid() != parent:
            time.sleep(60)
        return []

    shared = SharedWork.start(range(10), 2, work)
    (helper,) = shared.helpers
    start = time.perf_counter()
    shared.stop()
    assert time.perf_counter() - start < 10
    with pytest.raises(ChildProcessError):  # reaped: no process left behind
        os.waitpid(helper.pid, os.WNOHANG)


def test_one_process_unless_there_is_work_enough_or_it_is_asked_for():
    # In a fresh process: other tests leave threads running in this one (a served site's, say).
    run = subprocess.run([sys.executable, "-c", "from briefing.build.parallel import processes_for as p; "
                          "print(p(2, 100), p(1, 10_000), p(3, 5), p(0, 1), p(0, 10), p(0, 10_000) >= 1)"],
                         capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["2", "1", "3", "1", "1", "True"]  # a number given is used; 0: from 64 pieces on
    assert processes_for(1, 10_000) == 1


# ---------------------------------------------------------------- whole sites

def test_never_a_fork_while_other_threads_run():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert processes_for(4, 10_000) == 1
    finally:
        stop.set()
        thread.join()


def _trees_differ(left: Path, right: Path) -> list[str]:
    """Files present in one tree only, or with different bytes."""
    left_files = {p.relative_to(left) for p in left.rglob("*") if p.is_file()}
    right_files = {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    differ = sorted(str(p) for p in left_files ^ right_files)
    differ += sorted(str(p) for p in left_files & right_files if not filecmp.cmp(left / p, right / p, shallow=False))
    return differ


def _cli_build(content: Path, output: Path, siteurl: str = "", processes: int | None = None, cache: Path | None = None) -> Path:
    """`pelican` in a fresh process, as `make html` runs it (this one may have threads running,
    and a build never forks beside them)."""
    extra = ["-e", f"BRIEFING_PROCESSES={processes}"] if processes is not None else []
    env = {**os.environ, "SITEURL": siteurl, "BRIEFING_CACHE_PATH": str(cache or "")}
    subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(CONF), "-o", str(output), *extra],
                   check=True, capture_output=True, cwd=ROOT, env=env, timeout=300)
    return output


def _site_of(size: int) -> tuple[dict, dict]:
    """size people and about as many briefings, each naming a few of them (and one state)."""
    people = {f"person-{i:03d}": entity(f"Person{i:03d} Surname{i:03d}", role=f"Role {i}") for i in range(size)}
    states = {"kazakhstan": entity("Kazakhstan", kind="state", iso="KZ"), "russia": entity("Russia", kind="state", iso="RU")}
    briefings = {}
    for b in range(size):
        named = [f"Person{(b * 7 + k) % size:03d} Surname{(b * 7 + k) % size:03d}" for k in range(3)]
        text = f"{named[0]} met {named[1]} in Almaty. Russia sent troops. {named[2]} counted {100 + b} cases."
        briefings[f"briefing-{b:03d}"] = briefing(f"Briefing {b}", text, date=f"2022-{1 + b % 12:02d}-{1 + b % 28:02d}",
                                                   host_state="kazakhstan",
                                                   key_figures=[{"value": 100 + b, "label": "cases"}])
    return {**people, **states}, briefings


def test_a_site_built_by_several_processes_is_the_same_bytes(tmp_path):
    entities, briefings = _site_of(90)
    content = write_content(tmp_path / "content", entities, briefings)
    one = _cli_build(content, tmp_path / "one", processes=1)
    assert len(list((one / "entities").glob("*/index.html"))) == 92
    assert _trees_differ(one, build(content, tmp_path / "in-process", BRIEFING_PROCESSES=1)) == []
    for processes in (2, 3):
        assert _trees_differ(one, _cli_build(content, tmp_path / f"p{processes}", processes=processes)) == []
    # The default shares it too (from 64 pieces of work), with the stage cache filled and then read.
    cache = tmp_path / "cache"
    assert _trees_differ(one, _cli_build(content, tmp_path / "cold", cache=cache)) == []
    assert _trees_differ(one, _cli_build(content, tmp_path / "warm", cache=cache)) == []


@pytest.mark.parametrize("siteurl", ["", "https://example.org/briefing"])
def test_the_demo_built_by_two_processes_is_the_same_bytes(tmp_path, siteurl):
    one = _cli_build(CONTENT, tmp_path / "one", siteurl, processes=1)
    if siteurl:  # the published build's own files too
        assert (one / "sitemap.xml").exists() and (one / "robots.txt").exists()
    assert _trees_differ(one, _cli_build(CONTENT, tmp_path / "two", siteurl, processes=2)) == []


def test_a_template_error_in_a_helper_stops_the_build_with_its_message(tmp_path):
    entities, briefings = _site_of(70)
    content = write_content(tmp_path / "content", entities, briefings)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "entity.html"
    # Only the last entity's page fails: a helper, which takes batches from the start, may well be the one.
    broken = template.read_text(encoding="utf-8").replace(
        "{% block content %}", '{% block content %}{% if entity.slug == "russia" %}{{ entity.no_such_field.deeper }}{% endif %}', 1)
    template.write_text(broken, encoding="utf-8")
    for processes in ("1", "2"):
        run = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(CONF), "-o", str(tmp_path / f"out{processes}"),
                              "-t", str(theme), "-e", f"BRIEFING_PROCESSES={processes}"],
                             capture_output=True, text=True, cwd=ROOT, env={**os.environ, "SITEURL": ""}, timeout=300)
        assert run.returncode != 0, processes
        said = " ".join((run.stderr + run.stdout).split())
        assert "UndefinedError: 'briefing.model.domain.Entity object' has no attribute 'no_such_field'" in said, processes
        # Where, even when a helper met it (the console wraps long lines anywhere).
        assert "templates/entity.html" in "".join(said.split()), processes


def test_read_ahead_gives_what_reading_gives_and_keeps_the_bytes_it_read(tmp_path, monkeypatch):
    monkeypatch.setattr("briefing.build.reader.processes_for", lambda _setting, _items: 2)  # shared, threads or not
    entities, briefings = _site_of(80)
    content = write_content(tmp_path / "content", entities, briefings)
    paths = sorted(str(p) for p in (content / "briefings").glob("*.md"))
    settings = {**DEFAULT_CONFIG, "PATH": str(content), "BRIEFING_PROCESSES": 2}
    ahead, plain = BriefingReader(settings), BriefingReader(settings)
    ahead.read_ahead(paths)
    saved = Path(paths[0])
    saved.write_text(saved.read_text(encoding="utf-8").replace("Briefing 0", "Briefing zero"), encoding="utf-8")
    assert ahead.read(paths[0])[1]["title"] == "Briefing 0"  # as it was read: the save is the next build's
    assert plain.read(paths[0])[1]["title"] == "Briefing zero"
    for path in paths[1:]:
        html, meta = ahead.read(path)
        assert (html, meta["title"], meta["front_matter"]) == (plain.read(path)[0], plain.read(path)[1]["title"],
                                                                 plain.read(path)[1]["front_matter"])
