"""Tests for the static inline SVG map (plugins/briefing/output/worldmap.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import bake_worldmap as bake
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.output.worldmap import (
    COLORS,
    describe_map,
    known_codes,
    legend_items,
    render_legend,
    render_map,
)

SVG = "{http://www.w3.org/2000/svg}"
DEMO_PARTICIPANTS = ["RU", "BY", "AM", "TJ", "KG"]
DEMO_HOST = "KZ"
DEMO_LABELS = {
    "RU": "Russia",
    "BY": "Belarus",
    "AM": "Armenia",
    "TJ": "Tajikistan",
    "KG": "Kyrgyzstan",
    "KZ": "Kazakhstan",
}
BUDGET = 25_000


def demo(**kwargs) -> str:
    args = {"title": "Eurasian summit 2025", "labels": DEMO_LABELS, **kwargs}
    return render_map(DEMO_PARTICIPANTS, DEMO_HOST, **args)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def highlighted(root: ET.Element) -> dict[str, set[str]]:
    """data-iso -> classes of the shapes drawn for it."""
    found: dict[str, set[str]] = {}
    for elem in root.iter():
        code = elem.get("data-iso")
        if code:
            found.setdefault(code, set()).update(elem.get("class", "").split())
    return found


def path_bbox(d: str) -> tuple[int, int, int, int]:
    """Bounding box of path data made of M x y, relative l pairs and z."""
    xs: list[int] = []
    ys: list[int] = []
    for sub in re.findall(r"M([^Mz]*)z", d):
        numbers = [int(v) for v in re.findall(r"-?\d+", sub)]
        x, y = numbers[0], numbers[1]
        xs.append(x)
        ys.append(y)
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            x, y = x + dx, y + dy
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


# --------------------------------------------------------------------------
# The demo case
# --------------------------------------------------------------------------


def test_demo_is_well_formed_svg_within_budget():
    svg = demo()
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert len(svg.encode("utf-8")) <= BUDGET
    # It is a cropped map, not the whole 1.1 MB world.
    assert len(root.findall(f".//{SVG}path")) >= 3
    assert root.get("role") == "img"
    x, y, w, h = (float(v) for v in root.get("viewBox").split())
    assert (x, y) == (0, 0)
    assert 1.3 <= w / h <= 2.0


def test_demo_highlights_participants_and_host():
    root = parse(demo())
    found = highlighted(root)
    for code in ("ru", "by", "am", "tj", "kg"):
        assert found.get(code) == {"participant"}, code
    assert found.get("kz") == {"host"}
    assert set(found) == {"ru", "by", "am", "tj", "kg", "kz"}
    for code in found:
        path = root.find(f".//{SVG}path[@data-iso='{code}']")
        assert path is not None, code
        assert path.get("d", "").startswith("M")
    # Other countries are plain land.
    land = root.findall(f".//{SVG}path[@class='land']")
    assert len(land) == 1
    assert land[0].get("fill") == COLORS["land"]


def test_colours_are_presentation_attributes_and_distinct():
    root = parse(demo())
    fills = {}
    for elem in root.iter():
        cls = elem.get("class")
        if cls in ("land", "participant", "host"):
            fills.setdefault(cls, set()).add(elem.get("fill"))
    assert fills == {
        "land": {COLORS["land"]},
        "participant": {COLORS["participant"]},
        "host": {COLORS["host"]},
    }
    assert len({COLORS["land"], COLORS["participant"], COLORS["host"]}) == 3


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize(
    "a,b", [("land", "participant"), ("land", "host"), ("participant", "host")]
)
def test_adjacent_fills_have_3_to_1_contrast(a, b):
    la, lb = sorted((_luminance(COLORS[a]), _luminance(COLORS[b])), reverse=True)
    assert (la + 0.05) / (lb + 0.05) >= 3.0


def test_kazakhstan_is_central_and_europe_on_the_left():
    root = parse(demo())
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    boxes = {
        code: path_bbox(root.find(f".//{SVG}path[@data-iso='{code}']").get("d"))
        for code in ("kz", "by", "kg", "am")
    }
    kz = boxes["kz"]
    kz_cx, kz_cy = (kz[0] + kz[2]) / 2, (kz[1] + kz[3]) / 2
    assert width * 0.3 < kz_cx < width * 0.8
    assert height * 0.2 < kz_cy < height * 0.8
    assert boxes["by"][2] < kz[0]  # Belarus lies west of Kazakhstan
    assert boxes["kg"][1] > kz_cy  # Kyrgyzstan south of its centre
    am = boxes["am"]  # Armenia: south-west, beyond the Caspian
    assert (am[0] + am[2]) / 2 < kz_cx - 0.3 * (kz[2] - kz[0])
    assert (am[1] + am[3]) / 2 > kz_cy
    # Every highlighted state except Russia is entirely within the frame.
    for code, (x0, y0, x1, y1) in boxes.items():
        assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, code


def test_russia_is_clipped_not_framed():
    """Russia alone spans a third of the world; the frame follows the others."""
    root = parse(demo())
    vb_w = float(root.get("viewBox").split()[2])
    kz = path_bbox(root.find(f".//{SVG}path[@data-iso='kz']").get("d"))
    # Kazakhstan (about 41 degrees wide) takes a good part of the width; with
    # all of Russia (about 170 degrees) in the frame it would be a sliver.
    assert (kz[2] - kz[0]) / vb_w > 0.35


# --------------------------------------------------------------------------
# Text alternative and ids
# --------------------------------------------------------------------------


def test_title_and_desc_are_referenced_by_aria_labelledby():
    root = parse(demo())
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert title.text == "Eurasian summit 2025"
    assert desc.text.startswith("Map of ")
    assert "Host state: Kazakhstan." in desc.text
    assert "Participating states: Russia, Belarus, Armenia, Tajikistan, Kyrgyzstan." in desc.text


def test_id_prefix_avoids_clashes():
    first = parse(demo(id_prefix="summit-a"))
    second = parse(demo(id_prefix="summit-b"))
    ids_a = {e.get("id") for e in first.iter() if e.get("id")}
    ids_b = {e.get("id") for e in second.iter() if e.get("id")}
    assert ids_a == {"summit-a-title", "summit-a-desc"}
    assert ids_b == {"summit-b-title", "summit-b-desc"}
    assert first.get("aria-labelledby") == "summit-a-title summit-a-desc"
    default = parse(demo())
    assert default.get("aria-labelledby") == "map-title map-desc"


def test_hostile_id_prefix_is_sanitised():
    svg = demo(id_prefix='x" onload="alert(1)')
    root = parse(svg)
    for ref in root.get("aria-labelledby").split():
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*", ref)
    assert "onload" not in {k.lower() for e in root.iter() for k in e.attrib}


def test_region_can_be_given():
    root = parse(demo(region="Central Asia and Eastern Europe"))
    assert root.find(f"{SVG}desc").text.startswith(
        "Map of Central Asia and Eastern Europe. Host state: Kazakhstan."
    )


def test_tooltips_name_the_highlighted_states():
    root = parse(demo())
    for code, name in DEMO_LABELS.items():
        shape = root.find(f".//*[@data-iso='{code.lower()}']")
        assert shape.find(f"{SVG}title").text == name


def test_labels_fall_back_to_package_names():
    root = parse(render_map(["fr"], "de", title="t", labels={}))
    desc = root.find(f"{SVG}desc").text
    assert "Host state: Germany." in desc
    assert "Participating state: France." in desc


# --------------------------------------------------------------------------
# Escaping and safety
# --------------------------------------------------------------------------


def test_text_is_escaped():
    labels = {**DEMO_LABELS, "BY": "<script>alert('x')</script>", "KZ": 'Q&A "host"'}
    svg = render_map(DEMO_PARTICIPANTS, DEMO_HOST, title="Tom & Jerry <b>", labels=labels)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Tom & Jerry <b>"
    assert "<script>alert('x')</script>" in root.find(f"{SVG}desc").text
    by = root.find(f".//{SVG}path[@data-iso='by']")
    assert by.find(f"{SVG}title").text == "<script>alert('x')</script>"
    kz = root.find(f".//{SVG}path[@data-iso='kz']")
    assert kz.find(f"{SVG}title").text == 'Q&A "host"'
    assert root.find(f".//{SVG}script") is None


def test_no_script_style_event_handlers_or_foreign_urls():
    svg = demo()
    root = parse(svg)
    tags = {e.tag for e in root.iter()}
    assert f"{SVG}script" not in tags
    assert f"{SVG}style" not in tags
    assert f"{SVG}foreignObject" not in tags
    assert f"{SVG}image" not in tags
    for elem in root.iter():
        for name in elem.attrib:
            assert name != "style"
            assert not name.lower().startswith("on"), name
            assert "href" not in name
    urls = re.findall(r"https?://[^\s\"'<>]+", svg)
    assert urls == ["http://www.w3.org/2000/svg"]
    assert "url(" not in svg


# --------------------------------------------------------------------------
# Determinism and robustness
# --------------------------------------------------------------------------


_RENDER = (
    "import sys; sys.path.insert(0, sys.argv[1]); from briefing.output.worldmap import render_map; "
    "print(render_map(['ru', 'by', 'am', 'tj', 'kg'], 'kz', title='t', labels={'kz': 'Kazakhstan'}))"
)


@pytest.mark.parametrize("hash_seed", ["1", "2"])
def test_the_same_map_in_a_fresh_process(hash_seed):
    # Another process (no cache shared, another hash seed for sets and dicts) draws the same bytes.
    plugins = str(Path(__file__).resolve().parent.parent / "plugins")
    run = subprocess.run([sys.executable, "-c", _RENDER, plugins], capture_output=True, text=True,
                         env={**os.environ, "PYTHONHASHSEED": hash_seed}, check=True)
    here = render_map(["ru", "by", "am", "tj", "kg"], "kz", title="t", labels={"kz": "Kazakhstan"})
    assert run.stdout == here + "\n"


def test_case_and_duplicates_do_not_matter():
    assert render_map(
        ["ru", "By", "AM", "tj", "kg", "RU", "kz"], "kz", title="t", labels=DEMO_LABELS
    ) == render_map(DEMO_PARTICIPANTS, "Kz", title="t", labels=DEMO_LABELS)


def test_unknown_codes_are_ignored():
    with_unknown = render_map(
        [*DEMO_PARTICIPANTS, "zz", "", "EU"],
        DEMO_HOST,
        title="Eurasian summit 2025",
        labels=DEMO_LABELS,
    )
    root = parse(with_unknown)
    assert set(highlighted(root)) == {"ru", "by", "am", "tj", "kg", "kz"}
    assert with_unknown == demo()


def test_unknown_host_only_draws_participants():
    root = parse(render_map(["fr"], "xx", title="t", labels={}))
    assert highlighted(root) == {"fr": {"participant"}}
    assert "Host state" not in root.find(f"{SVG}desc").text


def test_nothing_to_highlight_gives_a_world_map():
    svg = render_map([], None, title="World", labels={})
    root = parse(svg)
    assert highlighted(root) == {}
    assert root.find(f"{SVG}desc").text == "Map of the world."
    assert len(svg.encode()) <= 2 * BUDGET


def test_microstate_gets_a_marker():
    """Malta and Singapore have no outline in the source, only a dot."""
    root = parse(render_map(["sg"], "mt", title="t", labels={}))
    for code, cls in (("mt", "host"), ("sg", "participant")):
        circle = root.find(f".//{SVG}circle[@data-iso='{code}']")
        assert circle is not None, code
        assert circle.get("class") == cls
        assert circle.find(f"{SVG}title").text


def test_small_state_in_wide_frame_gets_a_marker():
    root = parse(render_map(["lu"], "de", title="t", labels={}))
    assert root.find(f".//{SVG}circle[@data-iso='lu']") is not None
    assert root.find(f".//{SVG}circle[@data-iso='de']") is None  # Germany has room for its label


def rings(d: str) -> list[str]:
    return re.findall(r"M[^M]*z", d)


def test_crimea_is_drawn_as_part_of_ukraine():
    """The source gives Crimea to Russia; UN GA resolution 68/262 does not."""
    root = parse(render_map(["ua"], "ru", title="t", labels={}))
    ua_d = root.find(f".//{SVG}path[@data-iso='ua']").get("d")
    ru_d = root.find(f".//{SVG}path[@data-iso='ru']").get("d")
    mainland, crimea = (path_bbox(r) for r in rings(ua_d)[:2])
    # The peninsula: a second ring of Ukraine, hanging south of the mainland.
    assert crimea[3] > mainland[3]
    assert mainland[0] < crimea[0] and crimea[2] < mainland[2]
    # No ring of Russia lies there.
    for ring in rings(ru_d):
        x0, y0, x1, y1 = path_bbox(ring)
        inside = crimea[0] <= x0 and x1 <= crimea[2] and crimea[1] <= y0 and y1 <= crimea[3]
        assert not inside


def test_known_codes():
    codes = known_codes()
    assert {"ru", "by", "am", "tj", "kg", "kz", "mt", "sg"} <= codes
    assert all(re.fullmatch(r"[a-z]{2}", c) for c in codes)


codes_strategy = st.lists(
    st.one_of(st.sampled_from(sorted(known_codes())), st.text(max_size=4)),
    max_size=6,
)


@settings(max_examples=40, deadline=None)
@given(
    participants=codes_strategy,
    host=st.one_of(st.none(), st.sampled_from(sorted(known_codes())), st.text(max_size=3)),
    title=st.text(max_size=20),
    label=st.text(max_size=20),
)
def test_any_input_gives_parseable_safe_svg(participants, host, title, label):
    labels = dict.fromkeys(participants, label)
    svg = render_map(participants, host, title=title, labels=labels)
    root = parse(svg)  # also for control characters and lone surrogates
    printable = all(c == " " or c.isprintable() for c in title)
    if printable and title.strip() and not any("\ud800" <= c <= "\udfff" for c in title):
        assert root.find(f"{SVG}title").text == title
    drawn = highlighted(root)
    assert set(drawn) <= known_codes()
    for classes in drawn.values():
        assert classes in ({"participant"}, {"host"})
    assert svg == render_map(participants, host, title=title, labels=labels)


# --------------------------------------------------------------------------
# Legend
# --------------------------------------------------------------------------


def test_legend_items():
    assert legend_items(DEMO_PARTICIPANTS, DEMO_HOST, DEMO_LABELS) == [
        ("host", "Host state: Kazakhstan (KZ)"),
        ("participant", "Participating states: Russia (RU), Belarus (BY), Armenia (AM), Tajikistan (TJ), "
         "Kyrgyzstan (KG)"),
    ]
    assert legend_items(["fr"], None, {"FR": "France"}) == [
        ("participant", "Participating state: France (FR)")
    ]
    # A state the map cannot draw has no label to refer to.
    assert legend_items(["zz"], None, {"ZZ": "Atlantis"}) == [("participant", "Participating state: Atlantis")]
    assert legend_items([], None, {}) == []


def test_rendered_legend_is_escaped_html():
    html = render_legend(["by"], "kz", {"BY": "<b>Belarus</b>", "KZ": "K&Z"})
    root = ET.fromstring(html)
    assert root.tag == "ul"
    items = root.findall("li")
    assert [li.get("class") for li in items] == ["map-legend-host", "map-legend-participant"]
    assert "".join(items[1].itertext()).strip() == "Participating state: <b>Belarus</b> (BY)"
    assert "<b>" not in html
    swatch = items[0].find(f"{SVG}svg")
    assert swatch is not None and swatch.get("aria-hidden") == "true"
    assert swatch.find(f"{SVG}rect").get("fill") == COLORS["host"]
    assert render_legend([], None, {}) == ""


def test_describe_map_matches_desc():
    root = parse(demo())
    assert root.find(f"{SVG}desc").text == describe_map(DEMO_PARTICIPANTS, DEMO_HOST, DEMO_LABELS)


# --------------------------------------------------------------------------
# Readable at phone width, restylable, every state findable
# --------------------------------------------------------------------------

PHONE_MAP_PX = 320  # the map's width in the sidebar, on a phone and on a wide screen alike


def labels_of(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Label text -> its box (x0, y0, x1, y1)."""
    found = {}
    for group in root.iter(f"{SVG}g"):
        if "label" in group.get("class", "").split():
            rect, text = group.find(f"{SVG}rect"), group.find(f"{SVG}text")
            x, y = float(rect.get("x")), float(rect.get("y"))
            found[text.text] = (x, y, x + float(rect.get("width")), y + float(rect.get("height")))
    return found


def test_every_drawn_state_is_labelled_with_the_code_the_legend_names():
    root = parse(demo())
    assert set(labels_of(root)) == {"KZ", "RU", "BY", "AM", "TJ", "KG"}
    legend = " ".join(text for _, text in legend_items(DEMO_PARTICIPANTS, DEMO_HOST, DEMO_LABELS))
    for code, name in DEMO_LABELS.items():
        assert f"{name} ({code})" in legend


@pytest.mark.parametrize("participants,host", [(DEMO_PARTICIPANTS, DEMO_HOST), (["lu", "be", "nl", "fr", "mt"], "de"),
                                               (["sg", "my", "bn"], "id"), (["am", "az", "ge"], "ru")])
def test_labels_stay_in_the_frame_and_do_not_overlap(participants, host):
    root = parse(render_map(participants, host, title="t"))
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    boxes = list(labels_of(root).values())
    assert len(boxes) == len({c.lower() for c in [*participants, host]})
    for x0, y0, x1, y1 in boxes:
        assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_small_states_get_a_pin_and_a_leader_line_big_ones_a_label_inside():
    root = parse(demo())
    pins = {c.get("data-iso") for c in root.iter(f"{SVG}circle")}
    assert pins == {"am", "tj", "kg"}  # Armenia, Tajikistan and Kyrgyzstan: too small for their labels
    assert len(root.findall(f"{SVG}line[@class='leader']")) == 3
    kz = path_bbox(root.find(f".//{SVG}path[@data-iso='kz']").get("d"))
    x0, y0, x1, y1 = labels_of(root)["KZ"]
    assert kz[0] < x0 and x1 < kz[2] and kz[1] < y0 and y1 < kz[3]


def test_legible_at_phone_width():
    root = parse(demo())
    px = PHONE_MAP_PX / float(root.get("viewBox").split()[2])
    for text in root.iter(f"{SVG}text"):
        assert float(text.get("font-size")) * px >= 10.5 and text.get("font-weight") == "700"
    # The lines between states are wide enough to keep neighbours (Tajikistan, Kyrgyzstan) apart.
    assert float(root.find(f"{SVG}g[@class='borders']").get("stroke-width")) * px >= 0.75
    for pin in root.iter(f"{SVG}circle"):
        assert float(pin.get("r")) * px >= 2.5


def test_every_painted_shape_has_a_class_for_the_stylesheet():
    """Dark mode is CSS (no style attribute may be used): it needs a class on or above every colour."""
    root = parse(demo())

    def walk(elem, classed):
        for child in elem:
            has = classed or bool(child.get("class"))
            if child.get("fill") or child.get("stroke"):
                assert has, child.tag
            walk(child, has)

    walk(root, False)
    classes = {c for e in root.iter() for c in e.get("class", "").split()}
    assert {"sea", "land", "borders", "participant", "host", "label", "leader"} <= classes


def test_data_file_is_what_the_regeneration_script_makes():
    shipped = bake.OUT.read_text(encoding="utf-8")
    assert bake.bake() == shipped
    assert "LGPL-3.0-or-later" in shipped.splitlines()[0] and "docs/map.md" in shipped.splitlines()[0]


def test_no_pin_or_leader_line_is_drawn_over_a_label():
    order = [e.tag for e in parse(render_map(["lu", "be", "nl", "fr", "mt"], "de", title="t")) if e.tag != f"{SVG}g"
             or "label" in e.get("class", "")]
    first_label = order.index(f"{SVG}g")
    assert f"{SVG}circle" not in order[first_label:] and f"{SVG}line" not in order[first_label:]
