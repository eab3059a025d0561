"""Figures for `make bench`: build time against plain Pelican, and linking speed.

Generates a deterministic synthetic corpus (same seed, same files) into a temp
folder, builds it with the plugin and with plain Pelican, and times the
linking engine over a large text. Prints tables; never fails on a missed
target, but says so plainly.

    python tools/bench.py                 # N=1,000 briefings, E=300 and E=5,000
    python tools/bench.py --briefings 200 # quicker, smaller
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefing.annotate import annotate
from briefing.linking import NameMatcher
from briefing.model import Entity
from briefing.names import name_table

ROOT = Path(__file__).resolve().parent.parent

SEED = 20220106
TARGET_RATIO = 1.3
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


def write_corpus(folder: Path, briefings: int, entities: int, seed: int = SEED) -> None:
    """A content/ folder: `entities` entity files, `briefings` briefings of about 600 words."""
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
        cast = [name for _, name, aliases, _ in rng.sample(people, 12) for name in (name, *aliases)]
        paragraphs = [_paragraph(rng, cast, 100) for _ in range(6)]
        figure = rng.randint(100, 9999)
        paragraphs[0] += f" Officials counted {figure:,} cases."
        month = f"20{rng.randint(10, 24):02d}-{rng.randint(1, 12):02d}"
        date = month if i % 3 else f"{month}-{rng.randint(1, 28):02d}"
        host, other = (slug for slug, *_ in rng.sample(states, 2))
        front = (f"---\ntitle: Synthetic briefing {i}\ndate: {date}\nsummary: A synthetic briefing for the benchmark.\n"
                 f"host_state: {host}\nkey_figures:\n  - value: {figure}\n    label: cases\n"
                 f"participating_states:\n  - state: {other}\n    role: sent units\n---\n")
        (folder / "briefings" / f"synthetic-{i:04d}.md").write_text(front + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- builds

_BUILD = """
import sys, time
from pelican import Pelican
from pelican.settings import read_settings
plain = sys.argv[3] == "plain"
override = {"PATH": sys.argv[1], "OUTPUT_PATH": sys.argv[2]}
if plain:
    # Same settings; only the YAML front-matter reader instead of our plugin, and
    # Pelican's own "simple" theme (ours needs the plugin's data).
    override["PLUGINS"] = ["pelican.plugins.yaml_metadata"]
    override["THEME"] = "simple"
    override["DIRECT_TEMPLATES"] = ["index"]  # "simple" has no search page (ours is one static page)
settings = read_settings(sys.argv[4], override=override)
start = time.perf_counter()
Pelican(settings).run()
print(time.perf_counter() - start)
"""


def time_build(content: Path, output: Path, plain: bool) -> float:
    """Seconds for Pelican(settings).run() in a fresh process (imports not counted)."""
    env = {**os.environ, "SITEURL": "", "BRIEFING_STRICT": ""}
    done = subprocess.run([sys.executable, "-c", _BUILD, str(content), str(output), "plain" if plain else "plugin",
                           str(ROOT / "pelican.conf.py")], capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"bench build failed ({'plain' if plain else 'plugin'}):\n{done.stderr[-3000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def build_figures(briefings: int, entity_counts: list[int], work: Path) -> list[dict]:
    rows = []
    for entities in entity_counts:
        content = work / f"content-{entities}"
        write_corpus(content, briefings, entities)
        plugin = time_build(content, work / f"out-plugin-{entities}", plain=False)
        plain = time_build(content, work / f"out-plain-{entities}", plain=True)
        pages = sum(1 for _ in (work / f"out-plugin-{entities}" / "entities").glob("*/index.html"))
        rows.append({"briefings": briefings, "entities": entities, "entity_pages": pages,
                     "plugin": plugin, "plain": plain, "ratio": plugin / plain})
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
        start = time.perf_counter()
        found = matcher.find(text)
        find_seconds = time.perf_counter() - start
        gc.unfreeze()
        html = "".join(f"<p>{p}</p>" for p in text.split("\n")[: max(1, len(text.split(chr(10))) // 4)])
        html_size = len(html.encode()) / 1_000_000
        # The bench's own name lists are a large live heap: keep the garbage
        # collector from re-scanning them, as the plugin does during a build.
        gc.collect()
        gc.freeze()
        start = time.perf_counter()
        annotate(html, matcher, lambda slug: f"/entities/{slug}/")
        link_seconds = time.perf_counter() - start
        gc.unfreeze()
        rows.append({"names": len(entries), "entities": count, "spellings": generated, "automaton": built, "mb": size,
                     "matches": len(found),
                     "find_per_mb": find_seconds / size, "link_per_mb": link_seconds / html_size})
    return rows


# ---------------------------------------------------------------- report

def print_build_table(rows: list[dict]) -> list[str]:
    print("Full build, plugin vs plain Pelican (same briefings and settings; plain: PLUGINS=[yaml_metadata], THEME=simple)")
    print(f"{'briefings':>9} {'entities':>8} {'entity pages':>12} {'plugin s':>9} {'plain s':>8} {'ratio':>6}")
    missed = []
    for r in rows:
        print(f"{r['briefings']:>9,} {r['entities']:>8,} {r['entity_pages']:>12,} {r['plugin']:>9.2f} {r['plain']:>8.2f} {r['ratio']:>6.2f}")
        if r["ratio"] > TARGET_RATIO:
            missed.append(f"build ratio {r['ratio']:.2f} at E={r['entities']:,} is above the target {TARGET_RATIO}")
    print()
    return missed


def print_linking_table(rows: list[dict]) -> list[str]:
    print("Linking speed (NameMatcher.find over plain text; link: annotate, sentences and links, over HTML)")
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
    parser.add_argument("--skip-build", action="store_true", help="only the linking figures")
    args = parser.parse_args(argv)
    missed = []
    missed += print_linking_table(linking_figures(args.names))
    if not args.skip_build:
        with tempfile.TemporaryDirectory(prefix="briefing-bench-") as work:
            missed += print_build_table(build_figures(args.briefings, args.entities, Path(work)))
    print(f"Targets: build ratio <= {TARGET_RATIO}; linking <= {TARGET_SECONDS_PER_MB} s per MB at the largest name count.")
    for line in missed:
        print(f"TARGET MISSED: {line}")
    if not missed:
        print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
