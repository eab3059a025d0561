"""The stage cache between `make html` runs: results reused by key, never stale, same bytes."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from pelican import signals

from briefing.build import stagecache
from briefing.build.generator import BriefingGenerator
from briefing.build.stagecache import plugin_version, settings_key, stage_cache
from briefing.output.export import briefings_file, briefings_json, data_json, entities_file, entities_json
from support import CONTENT, briefing, build, entity, write_content

ENTITIES = {"anna-berg": entity("Anna Berg"), "kazakhstan": entity("Kazakhstan", "state")}
BRIEFINGS = {f"b{n}": briefing(f"Talks {n}", f"Anna Berg met officials, meeting {n}.", host_state="kazakhstan")
             for n in range(3)}


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def new_process_build(content: Path, output: Path, cache: Path):
    """A build as a new `make html` run would make it: the cache read from disk, not from memory."""
    stagecache._OPEN.clear()
    build(content, output, BRIEFING_CACHE_PATH=str(cache))
    return stage_cache(str(cache))


def test_a_second_run_reuses_every_result_and_writes_the_same_bytes(tmp_path):
    content = write_content(tmp_path / "content", ENTITIES, BRIEFINGS)
    cache = tmp_path / "cache"
    first = new_process_build(content, tmp_path / "first", cache)
    assert first.hits == 0 and first.misses > 0
    assert [p.name for p in cache.iterdir()] == [f"stages-{plugin_version()}.pickle"]
    second = new_process_build(content, tmp_path / "second", cache)
    assert second.misses == 0 and second.hits == first.misses
    build(content, tmp_path / "uncached")
    assert tree(tmp_path / "second") == tree(tmp_path / "first") == tree(tmp_path / "uncached")


def test_an_edited_file_is_made_again_and_nothing_else(tmp_path):
    content = write_content(tmp_path / "content", ENTITIES, BRIEFINGS)
    cache = tmp_path / "cache"
    new_process_build(content, tmp_path / "first", cache)
    write_content(content, briefings={"b1": briefing("Talks 1", "Anna Berg met officials again.", host_state="kazakhstan")})
    again = new_process_build(content, tmp_path / "second", cache)
    # The file read again, and the briefing processed again: two results, all the others reused.
    assert again.misses == 2, again.misses
    assert "met officials again." in (tmp_path / "second" / "briefings" / "b1" / "index.html").read_text(encoding="utf-8")
    build(content, tmp_path / "uncached")
    assert tree(tmp_path / "second") == tree(tmp_path / "uncached")


def test_an_entity_edit_makes_every_briefing_again(tmp_path):
    content = write_content(tmp_path / "content", ENTITIES, BRIEFINGS)
    cache = tmp_path / "cache"
    new_process_build(content, tmp_path / "first", cache)
    write_content(content, entities={"anna-berg": entity("Anna Berg", aliases=["Berg"])})
    again = new_process_build(content, tmp_path / "second", cache)
    # The entity file read again, the entity set, three briefings and two descriptions made again.
    assert again.misses == 1 + 1 + 3 + 2, again.misses
    build(content, tmp_path / "uncached")
    assert tree(tmp_path / "second") == tree(tmp_path / "uncached")


def test_a_settings_change_misses_and_the_output_folder_does_not(tmp_path):
    settings = {"PATH": "content", "OUTPUT_PATH": "output", "BRIEFING_LINK": "first"}
    assert settings_key(settings) == settings_key({**settings, "OUTPUT_PATH": "output.tmp"})
    assert settings_key(settings) != settings_key({**settings, "BRIEFING_LINK": "all"})


def test_a_damaged_cache_file_is_rebuilt_with_a_warning(tmp_path, caplog):
    content = write_content(tmp_path / "content", ENTITIES, BRIEFINGS)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"stages-{plugin_version()}.pickle").write_bytes(b"not a pickle")
    used = new_process_build(content, tmp_path / "out", cache)
    assert used.misses > 0
    assert "ignoring the stage cache" in caplog.text
    stagecache._OPEN.clear()
    assert stage_cache(str(cache)).hits == 0 and len(stage_cache(str(cache))._entries) == used.misses


def test_old_plugin_versions_files_are_removed(tmp_path):
    content = write_content(tmp_path / "content", ENTITIES, BRIEFINGS)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "stages-0123.pickle").write_bytes(b"")
    new_process_build(content, tmp_path / "out", cache)
    assert sorted(os.listdir(cache)) == [f"stages-{plugin_version()}.pickle"]


def test_data_files_made_record_by_record_equal_the_whole_models(tmp_path):
    views, published = _demo_views(tmp_path)
    base, name = "https://example.org", "Briefing"
    known = ({}, {})
    for _ in range(2):  # the second time from the kept records
        assert briefings_json(published, base=base, site_name=name, known=known[0]) == \
            data_json(briefings_file(published, base=base, site_name=name))
        assert entities_json(views, published, base=base, site_name=name, known=known[1]) == \
            data_json(entities_file(views, published, base=base, site_name=name))
    assert len(known[1]) == len(views)
    assert pickle.loads(pickle.dumps(published)) == published  # stage results go to disk and come back equal


_FOUND: dict = {}


def _keep_site(generators):
    for generator in generators:
        if isinstance(generator, BriefingGenerator):
            _FOUND["site"] = generator.site


def _demo_views(tmp_path):
    """The demo's entity views and published briefings, as a build's generator made them."""
    signals.all_generators_finalized.connect(_keep_site)
    try:
        build(CONTENT, tmp_path / "demo")
    finally:
        signals.all_generators_finalized.disconnect(_keep_site)
    site = _FOUND.pop("site")
    return [site.views[s] for s in sorted(site.views)], list(site.published)


def test_make_html_keeps_its_cache_and_make_clean_removes_it(project):
    first = project("html")
    assert first.returncode == 0, first.stderr
    cache = project.root / "cache"
    assert [p.name for p in cache.iterdir()] == [f"stages-{plugin_version()}.pickle"]
    second = project("html")
    assert second.returncode == 0, second.stderr
    assert project("clean-cache").returncode == 0 and not cache.exists()
    assert project("html").returncode == 0 and cache.exists()
    assert project("clean").returncode == 0 and not cache.exists() and not (project.root / "output").exists()
