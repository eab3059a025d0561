"""Figures for `make bench`: build time against plain Pelican, and linking speed.

Generates a deterministic synthetic corpus (same seed, same files) into a temp
folder, builds it with the plugin and with plain Pelican, and times the
linking engine over a large text. Prints tables; never fails on a missed
target, but says so plainly.

    python tools/bench.py                 # N=1,000 briefings, E=300 and E=5,000
    python tools/bench.py --briefings 200 # quicker, smaller
    python tools/bench.py --skip-build --skip-linking   # only the edit loop
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from briefing.build.parallel import SHARE_FROM, processes_for
from briefing.model.domain import Entity
from briefing.names.linking import NameMatcher
from briefing.names.spellings import name_table
from briefing.text.annotate import annotate

ROOT = Path(__file__).resolve().parent.parent

SEED = 20220106
TARGET_TAGS_RATIO = 1.0  # cold build against Pelican with tags and tag feeds
TARGET_EDIT_P95 = 1.0  # seconds from save to the served page showing the change
STRETCH_EDIT_P95 = 0.3
TARGET_SECONDS_PER_MB = 0.1

_SYLLABLES = ("ka", "zy", "mar", "tol", "bek", "an", "ser", "gei", "nur", "sul", "tan", "vo", "lin", "os",
              "tro", "mi", "ra", "dov", "ush", "el", "ba", "yev", "ko", "len", "ar", "is", "ul", "dz", "pe", "ch")
_WORDS = ("the", "of", "and", "to", "in", "a", "said", "that", "on", "for", "was", "with", "as", "by", "officials",
          "government", "forces", "security", "after", "meeting", "agreed", "region", "capital", "talks", "week",
          "reported", "according", "minister", "protests", "units", "support", "held", "statement", "council",
          "while", "also", "more", "than", "new", "from", "under", "its", "their", "been", "had", "were")
_KINDS = ("person", "person", "organization", "state", "place")


# ---------------------------------------------------------------- synthetic corpus

def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def make_names(count: int, seed: int = SEED) -> list[tuple[str, str, list[str], str]]:
    """count distinct (slug, name, aliases, kind); persons get their surname as an alias."""
    rng, seen, out = random.Random(seed), set(), []
    while len(out) < count:
        kind = _KINDS[len(out) % len(_KINDS)]
        if kind == "person":
            given, family = _word(rng, 2), _word(rng, 4)
            name, aliases = f"{given} {family}", [family]
        elif kind == "organization":
            name, aliases = f"{_word(rng, 4)} {rng.choice(('Council', 'Ministry', 'Agency', 'Front'))}", []
        else:
            name, aliases = _word(rng, rng.choice((3, 4))), []
        keys = {name, *aliases}
        if keys & seen:
            continue
        seen |= keys
        slug = name.lower().replace(" ", "-") + f"-{len(out)}"
        out.append((slug, name, aliases, kind))
    return out


def _paragraph(rng: random.Random, names: list[str], words: int) -> str:
    sentences, count = [], 0
    while count < words:
        length = rng.randint(10, 22)
        body = [rng.choice(_WORDS) for _ in range(length)]
        for _ in range(rng.randint(0, 2)):
            body.insert(rng.randrange(len(body)), rng.choice(names))
        body[0] = body[0].capitalize()
        sentences.append(" ".join(body) + ".")
        count += length
    return " ".join(sentences)


def write_corpus(folder: Path, briefings: int, entities: int, seed: int = SEED, tags: bool = False) -> None:
    """A content/ folder: `entities` entity files, `briefings` briefings of about 600 words.

    With tags, each briefing is also tagged with the names of its entities (`tags:`), for Pelican's
    own taxonomy (the plugin's schema has no such field, so that corpus is for plain Pelican only)."""
    rng = random.Random(seed)
    people = make_names(entities, seed)
    (folder / "entities").mkdir(parents=True)
    (folder / "briefings").mkdir(parents=True)
    for slug, name, aliases, kind in people:
        alias_line = f"aliases: {json.dumps(aliases)}\n" if aliases else ""
        iso = "iso: KZ\n" if kind == "state" else ""
        (folder / "entities" / f"{slug}.md").write_text(
            f"---\nname: {name}\nkind: {kind}\n{alias_line}{iso}---\n{name} is a synthetic {kind} for the benchmark.\n",
            encoding="utf-8")
    states = [p for p in people if p[3] == "state"]
    for i in range(briefings):
        chosen = rng.sample(people, 12)
        cast = [name for _, name, aliases, _ in chosen for name in (name, *aliases)]
        paragraphs = [_paragraph(rng, cast, 100) for _ in range(6)]
        figure = rng.randint(100, 9999)
        paragraphs[0] += f" Officials counted {figure:,} cases."
        month = f"20{rng.randint(10, 24):02d}-{rng.randint(1, 12):02d}"
        date = month if i % 3 else f"{month}-{rng.randint(1, 28):02d}"
        host, other = (slug for slug, *_ in rng.sample(states, 2))
        front = (f"---\ntitle: Synthetic briefing {i}\ndate: {date}\nsummary: A synthetic briefing for the benchmark.\n"
                 f"host_state: {host}\nkey_figures:\n  - value: {figure}\n    label: cases\n"
                 f"participating_states:\n  - state: {other}\n    role: sent units\n")
        if tags:
            front += f"tags: {json.dumps(sorted({p[1] for p in chosen} | {state_name(people, host), state_name(people, other)}))}\n"
        front += "---\n"
        (folder / "briefings" / f"synthetic-{i:04d}.md").write_text(front + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def state_name(people, slug: str) -> str:
    return next(name for s, name, _, _ in people if s == slug)


# ---------------------------------------------------------------- builds

_BUILD = """
import importlib, sys, time
from pelican import Pelican
from pelican.settings import read_settings
mode = sys.argv[3]
override = {"PATH": sys.argv[1], "OUTPUT_PATH": sys.argv[2]}
if mode in ("plain", "tags"):
    # Same settings; only the YAML front-matter reader instead of our plugin, and
    # Pelican's own "simple" theme (ours needs the plugin's data).
    override["PLUGINS"] = ["pelican.plugins.yaml_metadata"]
    override["THEME"] = "simple"
    override["DIRECT_TEMPLATES"] = ["index"]  # "simple" has no search page (ours is one static page)
if mode == "tags":
    # The stock way to get one page and one feed per entity: a tag per entity.
    override.update(TAG_URL="tag/{slug}/", TAG_SAVE_AS="tag/{slug}/index.html", TAGS_SAVE_AS="tags/index.html",
                    TAG_FEED_ATOM="feeds/tag/{slug}.atom.xml")
if len(sys.argv) > 5:
    override["BRIEFING_CACHE_PATH"] = sys.argv[5]
settings = read_settings(sys.argv[4], override=override)
for plugin in settings["PLUGINS"]:  # imports are not counted: the plugins' no more than Pelican's
    importlib.import_module(plugin)
start = time.perf_counter()
Pelican(settings).run()
print(time.perf_counter() - start)
"""


def time_build(content: Path, output: Path, mode: str, cache: Path | None = None) -> tuple[float, float]:
    """Seconds for Pelican(settings).run() in a fresh process (imports not counted), and the CPU
    seconds of that process and its helpers (imports counted).

    mode: "plugin", "plain" or "tags"; cache: the plugin's stage cache folder (as `make html` has it)."""
    env = {**os.environ, "SITEURL": "", "BRIEFING_STRICT": ""}
    shutil.rmtree(output, ignore_errors=True)
    os.sync()  # every build starts on a settled disk: the last build's files written out
    args = [sys.executable, "-c", _BUILD, str(content), str(output), mode, str(ROOT / "pelican.conf.py")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args + ([str(cache)] if cache else []), capture_output=True, text=True, env=env, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"bench build failed ({mode}):\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return float(done.stdout.strip().splitlines()[-1]), cpu


def time_hugo(content: Path, work: Path) -> float | None:
    """Seconds for `hugo` to build the same briefings with an entity taxonomy (a page and a feed per
    entity), or None when hugo is not installed."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    site = work / "hugo-site"
    write_hugo_site(content, site)
    start = time.perf_counter()
    done = subprocess.run([hugo, "--quiet", "--source", str(site), "--destination", str(work / "hugo-out")],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench build failed (hugo):\n{done.stderr[-3000:]}")
    return seconds


_HUGO_LAYOUTS = {
    "_default/baseof.html": '<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>\n',
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .GetTerms "entities" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}\n',
    "_default/terms.html": '{{ define "main" }}<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}\n',
}


def write_hugo_site(content: Path, site: Path) -> None:
    """A Hugo site of the corpus's briefings: each tagged with its entities in an `entities` taxonomy."""
    shutil.rmtree(site, ignore_errors=True)
    (site / "content" / "briefings").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "http://127.0.0.1:8000/"\ntitle = "Bench"\n'
                                    'disableKinds = ["robotsTXT", "sitemap"]\n[taxonomies]\nentity = "entities"\n',
                                    encoding="utf-8")
    for name, text in _HUGO_LAYOUTS.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    for path in sorted((content / "briefings").glob("*.md")):
        _, header, body = path.read_text(encoding="utf-8").split("---\n", 2)
        front = yaml.safe_load(header)
        date = str(front["date"]) if len(str(front["date"])) == 10 else f"{front['date']}-01"
        names = front.get("tags", [])
        head = {"title": front["title"], "date": date, "summary": front["summary"], "entities": names}
        (site / "content" / "briefings" / path.name).write_text(f"---\n{yaml.safe_dump(head)}---\n{body}",
                                                                encoding="utf-8")


def build_figures(briefings: int, entity_counts: list[int], work: Path, runs: int = 3) -> list[dict]:
    """Each build `runs` times, in rounds (cold, warm, plain, tags, Hugo; then again), the fastest
    of each kept: what the build costs, less what the shared machine adds (as timeit does)."""
    rows = []
    for entities in entity_counts:
        content = work / f"content-{entities}"
        tagged = work / f"content-{entities}-tags"
        write_corpus(content, briefings, entities)
        write_corpus(tagged, briefings, entities, tags=True)
        cache = work / f"cache-{entities}"
        times: dict[str, list[tuple[float, float]]] = {"plugin": [], "warm": [], "plain": [], "tags": [], "hugo": []}
        # Each build writes a folder of its own: removing the last build's files just before the
        # next build would slow that one (the disk still at work on the removal), and only it.
        outputs = work / f"outputs-{entities}"
        for run in range(runs):
            shutil.rmtree(cache, ignore_errors=True)
            times["plugin"].append(time_build(content, outputs / f"plugin-{run}", "plugin", cache))  # cold: fills the cache
            times["warm"].append(time_build(content, outputs / f"warm-{run}", "plugin", cache))  # `make html` again
            times["plain"].append(time_build(content, outputs / f"plain-{run}", "plain"))
            times["tags"].append(time_build(tagged, outputs / f"tags-{run}", "tags"))
            hugo = time_hugo(tagged, work)
            if hugo is not None:
                times["hugo"].append((hugo, 0.0))
        best = {mode: min(found) if found else None for mode, found in times.items()}
        pages = sum(1 for _ in (outputs / "plugin-0" / "entities").glob("*/index.html"))
        tag_pages = sum(1 for _ in (outputs / "tags-0" / "tag").glob("*/index.html"))
        shutil.rmtree(outputs)
        plugin, tags = best["plugin"][0], best["tags"][0]
        rows.append({"briefings": briefings, "entities": entities, "entity_pages": pages, "tag_pages": tag_pages,
                     "plugin": plugin, "warm": best["warm"][0], "plain": best["plain"][0], "tags": tags,
                     "hugo": best["hugo"][0] if best["hugo"] else None,
                     "plugin_cpu": min(cpu for _, cpu in times["plugin"]), "tags_cpu": min(cpu for _, cpu in times["tags"]),
                     "runs": runs, "ratio": plugin / best["plain"][0], "tags_ratio": plugin / tags})
    return rows


# ---------------------------------------------------------------- linking speed

_CYRILLIC = dict(zip("abcdeghiklmnoprstuvyz", "абцдегхиклмнопрстувыз", strict=True))


def cyrillic(name: str) -> str:
    """A synthetic name written in Cyrillic, as an entity's native: Russian name."""
    out = name.replace("ch", "ч").replace("Ch", "Ч").replace("sh", "ш").replace("yev", "ев")
    return "".join(_CYRILLIC.get(c.lower(), c).upper() if c.isupper() else _CYRILLIC.get(c, c) for c in out)


def bench_entities(count: int) -> list[Entity]:
    """The synthetic entities, each person and state with a Russian native name (so generated spellings count)."""
    return [Entity(slug, name, kind, tuple(aliases), native=(("ru", cyrillic(name)),) if kind in ("person", "state") else ())
            for slug, name, aliases, kind in make_names(count)]


def linking_text(names: list[str], megabytes: float, seed: int = SEED) -> str:
    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < megabytes * 1_000_000:
        paragraph = _paragraph(rng, names[:2000], 120)
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 1
    return "\n".join(paragraphs)


def linking_figures(name_counts: list[int], megabytes: float = 4.0) -> list[dict]:

    rows = []
    for count in name_counts:
        people = make_names(count)
        start = time.perf_counter()
        # Every spelling: names, aliases, native names, the systems' spellings, case forms, surnames.
        entries = name_table(bench_entities(count)).entries
        generated = time.perf_counter() - start
        start = time.perf_counter()
        matcher = NameMatcher.of(entries)
        built = time.perf_counter() - start
        text = linking_text([name for _, name, _, _ in people], megabytes)
        size = len(text.encode()) / 1_000_000
        # The name tables are a large live heap: keep the garbage collector from re-scanning them,
        # as the plugin does during a build (pipeline.build_site).
        gc.collect()
        gc.freeze()
        # The best of three runs: what the code costs, less what the shared machine adds (as timeit does).
        find_seconds = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            found = matcher.find(text)
            find_seconds = min(find_seconds, time.perf_counter() - start)
        gc.unfreeze()
        html = "".join(f"<p>{p}</p>" for p in text.split("\n")[: max(1, len(text.split(chr(10))) // 4)])
        html_size = len(html.encode()) / 1_000_000
        # The bench's own name lists are a large live heap: keep the garbage
        # collector from re-scanning them, as the plugin does during a build.
        gc.collect()
        gc.freeze()
        link_seconds = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            annotate(html, matcher, lambda slug: f"/entities/{slug}/")
            link_seconds = min(link_seconds, time.perf_counter() - start)
        gc.unfreeze()
        rows.append({"names": len(entries), "entities": count, "spellings": generated, "automaton": built, "mb": size,
                     "matches": len(found),
                     "find_per_mb": find_seconds / size, "link_per_mb": link_seconds / html_size})
    return rows


# ---------------------------------------------------------------- the edit loop

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return ""


def _wait_for(url: str, marker: str, timeout: float) -> float:
    """Poll url until its body contains marker; the moment it does (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if marker in _fetch(url):
            return time.perf_counter()
        time.sleep(0.005)
    raise SystemExit(f"edit loop: {url} never showed {marker!r}")


def _edit(kind: str, k: int, text: str, names: list[str]) -> tuple[str, str]:
    """One save of the given kind: the new text and what the served page must then show."""
    if kind == "text":
        return text.replace(" Officials counted", f" Editors checked draft{k}. Officials counted", 1), f"draft{k}"
    if kind == "figure":
        old = re.search(r"- value: (\d+)", text).group(1)
        value = 20000 + k
        changed = text.replace(f"- value: {old}", f"- value: {value}", 1)
        return changed.replace(f"counted {int(old):,} cases", f"counted {value:,} cases", 1), f"{value:,}"
    name = next(n for n in names if n not in text)  # "mention": an entity the briefing did not name
    return text.rstrip("\n") + f" {name} was named too.\n", name


def edit_loop_figures(briefings: int, entities: int, work: Path, saves: int = 20, pause: float = 1.0) -> dict:
    """Start the dev server on the corpus, save `saves` times (a text edit, a new mention, a figure
    value, in turn) and time each from the file's write to the served page showing the change."""
    content = work / "edit-content"
    write_corpus(content, briefings, entities)
    people = [(slug, name) for slug, name, _, kind in make_names(entities) if kind == "person"]
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (work / "devserver.log").open("w")
    command = [str(Path(sys.executable).parent / "briefing-devserver"), "--settings", str(ROOT / "pelican.conf.py"),
               "--content", str(content), "--output", str(work / "edit-out"), "--cache", str(work / "edit-cache"),
               "--theme", str(ROOT / "theme"), "--plugins", str(ROOT / "plugins"), "--port", str(port)]
    server = subprocess.Popen(command, stdout=log, stderr=log, env={**os.environ, "SITEURL": "", "BRIEFING_STRICT": ""})
    times: dict[str, list[float]] = {"text": [], "mention": [], "figure": []}
    try:
        start = time.perf_counter()
        first = _wait_for(base + "briefings/synthetic-0000/", "Synthetic briefing 0<", 600) - start
        for k in range(saves):
            kind = ("text", "mention", "figure")[k % 3]
            i = (k * 37) % briefings
            path = content / "briefings" / f"synthetic-{i:04d}.md"
            text = path.read_text(encoding="utf-8")
            if kind == "mention":
                slug, name = next((s, n) for s, n in people[k:] if n not in text)
                changed, _ = _edit(kind, k, text, [name])
                url, marker = base + f"entities/{slug}/", f">Synthetic briefing {i}</a>"
            else:
                changed, marker = _edit(kind, k, text, [])
                url = base + f"briefings/synthetic-{i:04d}/"
            saved = time.perf_counter()
            path.write_text(changed, encoding="utf-8")
            times[kind].append(_wait_for(url, marker, 120) - saved)
            time.sleep(pause)  # save, look, save again
    finally:
        server.terminate()
        server.wait(30)
        log.close()
    return {"briefings": briefings, "entities": entities, "first": first, "times": times}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def print_edit_loop_table(row: dict) -> list[str]:
    print(f"Edit loop (make devserver; {row['briefings']:,} briefings, {row['entities']:,} entities): seconds from "
          "a file's save to the served page showing the change, over HTTP")
    print(f"first build and serve: {row['first']:.2f} s")
    print(f"{'save':>8} {'saves':>5} {'p50 s':>6} {'p95 s':>6} {'max s':>6}")
    every = [t for values in row["times"].values() for t in values]
    for kind, values in [*row["times"].items(), ("all", every)]:
        print(f"{kind:>8} {len(values):>5} {_percentile(values, 0.5):>6.3f} {_percentile(values, 0.95):>6.3f} "
              f"{max(values):>6.3f}")
    print("(text: a sentence added to a briefing; mention: a briefing names an entity it did not, checked on the "
          "entity's page; figure: a key figure's value, in the front matter and the text)")
    print()
    p95 = _percentile(every, 0.95)
    missed = []
    if p95 > TARGET_EDIT_P95:
        missed.append(f"edit loop p95 {p95:.3f} s is above the target {TARGET_EDIT_P95} s")
    elif p95 > STRETCH_EDIT_P95:
        print(f"Edit loop: p95 {p95:.3f} s meets the target ({TARGET_EDIT_P95} s), not the stretch ({STRETCH_EDIT_P95} s).")
    return missed


# ---------------------------------------------------------------- report

def print_build_table(rows: list[dict]) -> list[str]:
    processes = processes_for(0, SHARE_FROM)
    print(f"Full build (seconds, the fastest of {rows[0]['runs'] if rows else 0} runs each): the plugin cold (an empty cache/) "
          "and warm (make html again), plain Pelican,")
    print("Pelican with tags and tag feeds (a tag per entity), Hugo with an entity taxonomy; same briefings.")
    print(f"The plugin shares its work between {processes} process{'es' if processes != 1 else ''} here (one per CPU, "
          "BRIEFING_PROCESSES); cpu: CPU seconds of all of them, and of Pelican with tags")
    print(f"{'briefings':>9} {'entities':>8} {'pages':>6} {'cold':>6} {'warm':>6} {'plain':>6} {'tags':>6} {'tag pages':>9} "
          f"{'hugo':>6} {'cold/plain':>10} {'cold/tags':>9} {'cold cpu':>8} {'tags cpu':>8}")
    missed = []
    for r in rows:
        hugo = f"{r['hugo']:>6.2f}" if r["hugo"] is not None else f"{'-':>6}"
        print(f"{r['briefings']:>9,} {r['entities']:>8,} {r['entity_pages']:>6,} {r['plugin']:>6.2f} {r['warm']:>6.2f} "
              f"{r['plain']:>6.2f} {r['tags']:>6.2f} {r['tag_pages']:>9,} {hugo} {r['ratio']:>10.2f} {r['tags_ratio']:>9.2f} "
              f"{r['plugin_cpu']:>8.2f} {r['tags_cpu']:>8.2f}")
        if r["tags_ratio"] > TARGET_TAGS_RATIO:
            missed.append(f"cold build {r['tags_ratio']:.2f}x Pelican with tags at E={r['entities']:,} is above the "
                          f"target {TARGET_TAGS_RATIO}")
        if r["warm"] >= r["plugin"]:
            missed.append(f"the warm build ({r['warm']:.2f} s) is not faster than the cold one ({r['plugin']:.2f} s) "
                          f"at E={r['entities']:,}")
    if any(r["hugo"] is None for r in rows):
        print("(hugo is not installed: no Hugo figures; apt-get install hugo to add them)")
    print()
    return missed


def print_linking_table(rows: list[dict]) -> list[str]:
    print("Linking speed (NameMatcher.find over plain text; link: annotate, sentences and links, over HTML; best of three runs)")
    print("names: every spelling matched (persons and states have a Russian native name, so the systems' spellings,")
    print("case forms and surnames are counted); spellings s: the time to generate them")
    print(f"{'entities':>8} {'names':>7} {'spellings s':>11} {'automaton s':>11} {'text MB':>7} {'matches':>8} {'find s/MB':>9} {'link s/MB':>9}")
    missed = []
    for r in rows:
        print(f"{r['entities']:>8,} {r['names']:>7,} {r['spellings']:>11.2f} {r['automaton']:>11.3f} {r['mb']:>7.2f} {r['matches']:>8,} "
              f"{r['find_per_mb']:>9.3f} {r['link_per_mb']:>9.3f}")
    largest = rows[-1]
    if largest["find_per_mb"] > TARGET_SECONDS_PER_MB:
        missed.append(f"linking {largest['find_per_mb']:.3f} s/MB at {largest['entities']:,} entities is above the target {TARGET_SECONDS_PER_MB}")
    print()
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefings", type=int, default=1000)
    parser.add_argument("--entities", type=int, nargs="+", default=[300, 5000])
    parser.add_argument("--names", type=int, nargs="+", default=[300, 5000, 50000], help="entity counts for the linking figures")
    parser.add_argument("--saves", type=int, default=20, help="saves timed in the edit loop")
    parser.add_argument("--runs", type=int, default=3, help="runs of each full build (the fastest is kept)")
    parser.add_argument("--on-disk", action="store_true",
                        help="build in a temp folder on disk rather than in memory (/dev/shm) when there is one")
    parser.add_argument("--skip-build", action="store_true", help="no full builds")
    parser.add_argument("--skip-linking", action="store_true", help="no linking figures")
    parser.add_argument("--skip-edit", action="store_true", help="no edit loop")
    args = parser.parse_args(argv)
    missed = []
    if not args.skip_linking:
        missed += print_linking_table(linking_figures(args.names))
    # In memory when the machine has it: on a shared disk one file's creation takes from 0.03 to
    # 0.7 ms from one minute to the next, which would decide the comparison (docs/benchmarks.md).
    memory = None if args.on_disk or not os.access("/dev/shm", os.W_OK) else "/dev/shm"
    with tempfile.TemporaryDirectory(prefix="briefing-bench-", dir=memory) as work:
        print(f"Corpora, caches and outputs in {'memory (/dev/shm)' if memory else 'a temp folder on disk'}.")
        print()
        if not args.skip_edit:
            missed += print_edit_loop_table(edit_loop_figures(args.briefings, max(args.entities), Path(work), args.saves))
        if not args.skip_build:
            missed += print_build_table(build_figures(args.briefings, args.entities, Path(work), args.runs))
    print(f"Targets: edit loop p95 <= {TARGET_EDIT_P95} s (stretch {STRETCH_EDIT_P95} s); cold build <= "
          f"{TARGET_TAGS_RATIO}x Pelican with tags and tag feeds, and the warm build faster than the cold one; "
          f"linking <= {TARGET_SECONDS_PER_MB} s per MB at the largest name count.")
    for line in missed:
        print(f"TARGET MISSED: {line}")
    if not missed:
        print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
