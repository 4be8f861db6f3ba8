"""Tests of the diagram engine: kennosto.layout (geometry) and kennosto.svg (drawing).

Golden files: tests/golden/svg/*.svg hold the exact SVG of two reference diagrams. After an
intended change to the drawing, refresh them with

    KENNOSTO_UPDATE_GOLDEN=1 pytest tests/test_diagram_engine.py

then look at the diff (and at the pictures, e.g. open the .svg files in a browser) before
committing them. The other tests check properties that must hold for any drawing.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import assert_golden, pretty

from kennosto.diagram.layered import render_diagram
from kennosto.diagram.layout import Box, Layout, LayoutEdge, LayoutNode, layout
from kennosto.diagram.svg import (
    BOX_MAX_W,
    LABEL_SIZE,
    PAD_X,
    SUB_SIZE,
    DiagramEdge,
    DiagramNode,
    text_width,
    wrap_text,
)

GOLDEN = Path(__file__).parent / "golden" / "svg"
NS = "{http://www.w3.org/2000/svg}"
EPS = 0.15  # coordinates are written with one decimal


def path_diagram() -> tuple[list[DiagramNode], list[DiagramEdge]]:
    """A referral path with a branch (secondary exit) and two loops back."""
    nodes = [
        DiagramNode("ohjaamo", "Ohjaamo", "Lahden kaupunki", href="../ohjaamo/"),
        DiagramNode(
            "koordinaattori",
            "Työkykykoordinaattori",
            "Päijät-Hämeen hyvinvointialue",
            href="../koordinaattori/",
            current=True,
        ),
        DiagramNode("tutkimus", "Kuntoutustutkimuspoliklinikka", "Päijät-Hämeen hyvinvointialue"),
        DiagramNode("ammatillinen", "Ammatillinen kuntoutus", "Kela", href="../ammatillinen/"),
        DiagramNode("kokeilu", "Työkokeilu", "Työllisyysalue", href="../kokeilu/"),
        DiagramNode("palkkatuki", "Palkkatuettu työ", "Työllisyysalue", href="../palkkatuki/"),
    ]
    edges = [
        DiagramEdge("ohjaamo", "koordinaattori"),
        DiagramEdge("koordinaattori", "tutkimus"),
        DiagramEdge("tutkimus", "ammatillinen"),
        DiagramEdge("ammatillinen", "kokeilu"),
        DiagramEdge("kokeilu", "palkkatuki"),
        DiagramEdge("koordinaattori", "kokeilu", secondary=True),
        DiagramEdge("kokeilu", "koordinaattori"),
        DiagramEdge("ammatillinen", "tutkimus"),
    ]
    return nodes, edges


def neighbourhood() -> tuple[list[DiagramNode], list[DiagramEdge], dict[str, int]]:
    """A service page's neighbourhood: three services in, the centre, four out."""
    ins = [
        DiagramNode("terveysasema", "Terveysasema", "Hyvinvointialue", href="../terveysasema/"),
        DiagramNode("sosiaalityo", "Aikuissosiaalityö", "Hyvinvointialue", href="../sos/"),
        DiagramNode("tyollisyys", "Työllisyyspalvelut", "Lahden työllisyysalue", href="../ty/"),
    ]
    centre = DiagramNode("keskus", "Työkyvyn tuen palvelut", "Päijät-Häme", current=True)
    outs = [
        DiagramNode("poli", "Kuntoutustutkimuspoliklinikka", "Hyvinvointialue", href="../poli/"),
        DiagramNode("kela", "Ammatillinen kuntoutus", "Kela", href="../kela/"),
        DiagramNode("ktt", "Kuntouttava työtoiminta", "Kaupunki", href="../ktt/"),
        DiagramNode("mtp", "Mielenterveys- ja päihdepalvelut", "Hyvinvointialue", href="../mtp/"),
    ]
    edges = [DiagramEdge(n.id, "keskus") for n in ins]
    edges += [DiagramEdge("keskus", n.id, secondary=n.id == "mtp") for n in outs]
    layers = {**{n.id: 0 for n in ins}, "keskus": 1, **{n.id: 2 for n in outs}}
    return [*ins, centre, *outs], edges, layers


def random_graph(n: int, m: int, seed: int) -> tuple[list[LayoutNode], list[LayoutEdge]]:
    rnd = random.Random(seed)
    nodes = [
        LayoutNode(f"n{i}", rnd.choice((112, 150, 200)), rnd.choice((42, 60))) for i in range(n)
    ]
    edges = []
    for _ in range(m):
        a, b = rnd.randrange(n), rnd.randrange(n)
        edges.append(LayoutEdge(f"n{a}", f"n{b}"))
    return nodes, edges


def rendered_path() -> str:
    nodes, edges = path_diagram()
    return render_diagram(nodes, edges, title="Polku", desc="Asiakkaan polku.", id_prefix="polku")


def rendered_neighbourhood() -> str:
    nodes, edges, layers = neighbourhood()
    return render_diagram(
        nodes, edges, title="Naapurusto", desc="Mistä tullaan, minne jatketaan.", layers=layers
    )


# --- golden files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make"),
    [("path_branch_loop", rendered_path), ("neighbourhood", rendered_neighbourhood)],
)
def test_golden_svg(name: str, make) -> None:
    assert_golden(GOLDEN / f"{name}.svg", pretty(make()))


# --- helpers over the SVG -----------------------------------------------------------------


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def node_elements(root: ET.Element) -> dict[str, ET.Element]:
    return {el.get("data-id"): el for el in root.iter() if el.get("data-id") is not None}


def box_of(el: ET.Element) -> tuple[float, float, float, float]:
    """The box's rectangle in diagram coordinates (boxes are drawn at the origin and moved
    into place with a translate, so their markup can be reused)."""
    rect = next(r for r in el.iter(f"{NS}rect") if r.get("class") == "kn-box")
    dx, dy = map(float, re.fullmatch(r"translate\((.+),(.+)\)", el.get("transform")).groups())
    x, y = dx + float(rect.get("x", 0)), dy + float(rect.get("y", 0))
    return x, y, x + float(rect.get("width")), y + float(rect.get("height"))


def on_border(p: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    x, y = p
    x0, y0, x1, y1 = box
    inside_x = x0 - EPS <= x <= x1 + EPS
    inside_y = y0 - EPS <= y <= y1 + EPS
    on_vertical = (abs(x - x0) <= EPS or abs(x - x1) <= EPS) and inside_y
    on_horizontal = (abs(y - y0) <= EPS or abs(y - y1) <= EPS) and inside_x
    return on_vertical or on_horizontal


def endpoints(d: str) -> tuple[tuple[float, float], tuple[float, float]]:
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return (nums[0], nums[1]), (nums[-2], nums[-1])


def all_svgs() -> list[str]:
    nodes, edges = path_diagram()
    return [
        rendered_path(),
        rendered_neighbourhood(),
        render_diagram(nodes, edges, title="t", desc="d", direction="TB"),
    ]


# --- properties of the drawing ------------------------------------------------------------


@pytest.mark.parametrize("svg", all_svgs())
def test_every_edge_starts_and_ends_on_a_box_border(svg: str) -> None:
    root = parse(svg)
    nodes = node_elements(root)
    paths = [p for p in root.iter(f"{NS}path") if "kn-edge" in (p.get("class") or "")]
    assert paths
    for path in paths:
        start, end = endpoints(path.get("d"))
        assert on_border(start, box_of(nodes[path.get("data-source")])), path.get("d")
        assert on_border(end, box_of(nodes[path.get("data-target")])), path.get("d")


def test_layout_routes_end_on_box_borders() -> None:
    nodes, edges = random_graph(40, 70, seed=3)
    for direction in ("LR", "TB"):
        lay = layout(nodes, edges, direction=direction)
        for r in lay.routes:
            boxes = lay.boxes
            first, last = r.points[0], r.points[-1]
            assert on_border(first, edges_box(boxes[r.source])), r
            assert on_border(last, edges_box(boxes[r.target])), r


def edges_box(b: Box) -> tuple[float, float, float, float]:
    return b.left, b.top, b.right, b.bottom


def overlaps(a: Box, b: Box) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


@pytest.mark.parametrize("direction", ["LR", "TB"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_boxes_never_overlap(direction: str, seed: int) -> None:
    nodes, edges = random_graph(50, 80, seed)
    grouped = [LayoutNode(n.id, n.width, n.height, group=f"g{i % 3}") for i, n in enumerate(nodes)]
    for ns in (nodes, grouped):
        boxes = list(layout(ns, edges, direction=direction).boxes.values())
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not overlaps(a, b), (a, b)


def test_text_lines_fit_their_box() -> None:
    long_nodes = [
        DiagramNode("a", "Kuntoutustutkimuspoliklinikka", "Päijät-Hämeen hyvinvointialue"),
        DiagramNode("b", "Työllisyyspalveluidenasiakasohjausyksikkö", current=True),
        DiagramNode("c", "Mielenterveys- ja päihdepalvelut sekä muut WWWWWWWWWWWWWWWWW"),
        DiagramNode("d", "x" * 80, "Åbo Akademi – Ämmässuon ÖÖÖÖÖÖÖÖÖÖÖÖÖÖÖÖÖ"),
    ]
    edges = [DiagramEdge("a", "b"), DiagramEdge("b", "c"), DiagramEdge("c", "d")]
    svgs = [render_diagram(long_nodes, edges, title="t", desc="d"), *all_svgs()]
    for svg in svgs:
        for el in node_elements(parse(svg)).values():
            x0, _, x1, _ = box_of(el)
            assert x1 - x0 <= BOX_MAX_W + EPS
            for text in el.iter(f"{NS}text"):
                bold = text.get("font-weight") == "bold"
                size = LABEL_SIZE if text.get("class") == "kn-label" else SUB_SIZE
                for span in text.iter(f"{NS}tspan"):
                    assert text_width(span.text or "", size, bold) <= x1 - x0 - 2 * PAD_X + EPS


def test_long_finnish_compound_breaks_at_the_compound_joint() -> None:
    assert wrap_text("Kuntoutustutkimuspoliklinikka", 180, LABEL_SIZE) == [
        "Kuntoutustutkimus-",
        "poliklinikka",
    ]
    assert wrap_text("Mielenterveys- ja päihdepalvelut", 180, LABEL_SIZE) == [
        "Mielenterveys- ja",
        "päihdepalvelut",
    ]
    for part in wrap_text("Työllisyyspalveluidenasiakasohjausyksikkö", 120, LABEL_SIZE):
        assert text_width(part, LABEL_SIZE) <= 120


def test_text_is_escaped_and_injects_nothing() -> None:
    evil = '<script>alert("x")</script> & "quoted"'
    nodes = [
        DiagramNode("a", evil, evil, href='../a/?x="1"&y=<2>', group=evil),
        DiagramNode("b", "B"),
    ]
    svg = render_diagram(nodes, [DiagramEdge("a", "b")], title=evil, desc=evil, direction="TB")
    assert "<script" not in svg
    root = parse(svg)  # well-formed XML
    assert root.find(f"{NS}title").text == evil
    assert root.find(f"{NS}desc").text == evil
    a = node_elements(root)["a"]
    assert a.get("href") == '../a/?x="1"&y=<2>'
    spans = "".join(s.text or "" for s in a.iter(f"{NS}tspan"))
    assert "<script>" in spans
    assert not any(k.startswith("on") for el in root.iter() for k in el.attrib)
    assert not any("style" in el.attrib for el in root.iter())


def test_output_is_deterministic_across_runs_and_hash_seeds() -> None:
    assert rendered_path() == rendered_path()
    code = (
        "from tests.test_diagram_engine import rendered_path, rendered_neighbourhood;"
        "print(rendered_path() + rendered_neighbourhood())"
    )
    root = Path(__file__).parent.parent
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(Path(__file__).parent)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outs) == 1


def test_loop_back_is_reversed_and_drawn_as_a_curve() -> None:
    nodes = [LayoutNode(c, 120, 40) for c in "abc"]
    edges = [LayoutEdge("a", "b"), LayoutEdge("b", "c"), LayoutEdge("c", "a")]
    lay = layout(nodes, edges)
    assert lay.reversed == (2,)
    assert lay.layers == {"a": 0, "b": 1, "c": 2}
    back = lay.routes[2]
    assert back.reversed and back.points[0][0] > back.points[-1][0]  # drawn right to left

    root = parse(rendered_path())
    backs = [p for p in root.iter(f"{NS}path") if "kn-back" in (p.get("class") or "")]
    assert {(p.get("data-source"), p.get("data-target")) for p in backs} == {
        ("kokeilu", "koordinaattori"),
        ("ammatillinen", "tutkimus"),
    }
    assert all("C" in p.get("d") for p in backs)


def segments(lay: Layout) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    return [
        (f"{r.source}>{r.target}", p, q)
        for r in lay.routes
        for p, q in zip(r.points, r.points[1:], strict=False)
    ]


def cross(p, q, r, s) -> bool:
    def orient(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(r, s, p), orient(r, s, q)
    d3, d4 = orient(p, q, r), orient(p, q, s)
    return d1 * d2 < 0 and d3 * d4 < 0


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_a_tree_is_drawn_without_crossings(direction: str) -> None:
    # a binary tree listed in an order that invites crossings, plus a second tree whose
    # leaf sits in a fixed layer further on, so one of its edges is long
    names = [f"t{i}" for i in range(15)]
    nodes = [LayoutNode(n, 120, 40) for n in reversed(names)]
    nodes += [LayoutNode(n, 150, 60) for n in ("r", "r1", "r2", "r3")]
    edges = [LayoutEdge(f"t{(i - 1) // 2}", f"t{i}") for i in range(14, 0, -1)]
    edges += [LayoutEdge("r", "r3"), LayoutEdge("r", "r1"), LayoutEdge("r1", "r2")]
    lay = layout(nodes, edges, direction=direction, layers={"r3": 3})
    assert len(lay.routes[-3].points) > 2
    assert lay.crossings == 0
    segs = segments(lay)
    for i, (e1, p, q) in enumerate(segs):
        for e2, r, s in segs[i + 1 :]:
            if e1 != e2:
                assert not cross(p, q, r, s), (e1, e2)


def test_fixed_layers_are_respected_and_flow_left_to_right() -> None:
    nodes, edges, layers = neighbourhood()
    lay = layout(
        [LayoutNode(n.id, 120, 40) for n in nodes],
        [LayoutEdge(e.source, e.target) for e in edges],
        layers=layers,
    )
    assert lay.layers == layers
    xs = {k: lay.boxes[k].x for k in layers}
    assert max(xs[k] for k, v in layers.items() if v == 0) < xs["keskus"]
    assert xs["keskus"] < min(xs[k] for k, v in layers.items() if v == 2)
    assert lay.crossings == 0


def test_accessibility_markup() -> None:
    svg = rendered_neighbourhood()
    root = parse(svg)
    assert root.get("role") == "group"
    assert root.get("aria-labelledby") == "d-title"
    assert root.get("aria-describedby") == "d-desc"
    assert [child.tag for child in root][:2] == [f"{NS}title", f"{NS}desc"]
    assert root.get("viewBox") and "kn-diagram" in root.get("class")
    links = root.findall(f".//{NS}a")
    assert len(links) == 7 and all(a.get("href") and a.get("aria-label") for a in links)
    assert len(root.findall(f".//{NS}marker")) == 1
    dashed = [p for p in root.iter(f"{NS}path") if p.get("stroke-dasharray")]
    assert [(p.get("data-source"), p.get("data-target")) for p in dashed] == [("keskus", "mtp")]
    plain = render_diagram([DiagramNode("a", "A")], [], title="t", desc="d", id_prefix="x2")
    assert 'role="img"' in plain and 'id="x2-title"' in plain


def test_ids_are_prefixed_so_diagrams_can_share_a_page() -> None:
    one = rendered_path()
    two = rendered_neighbourhood()
    ids_one = set(re.findall(r' id="([^"]+)"', one))
    ids_two = set(re.findall(r' id="([^"]+)"', two))
    assert ids_one and ids_two and not ids_one & ids_two
    with pytest.raises(ValueError):
        render_diagram([], [], title="t", desc="d", id_prefix='x" onload="')


def test_groups_form_separate_labelled_clusters() -> None:
    cats = ("Työkyvyn arviointi", "Kuntoutus", "Työllistyminen")
    nodes = [
        DiagramNode(f"s{i}", f"Palvelu {i}", href=f"../s{i}/", group=cats[i % 3]) for i in range(12)
    ]
    edges = [DiagramEdge(f"s{i}", f"s{(i * 5 + 1) % 12}") for i in range(12)]
    layers = {f"s{i}": i // 3 for i in range(12)}
    for direction in ("LR", "TB"):
        svg = render_diagram(nodes, edges, title="t", desc="d", layers=layers, direction=direction)
        root = parse(svg)
        groups = root.findall(f".//{NS}g[@class='kn-group']")
        assert [g.get("aria-label") for g in groups] == list(cats)
        rects = root.findall(f".//{NS}g[@class='kn-clusters']/{NS}rect")
        boxes = []
        for rect in rects:
            x, y = float(rect.get("x")), float(rect.get("y"))
            boxes.append(
                Box(
                    "",
                    x + float(rect.get("width")) / 2,
                    y + float(rect.get("height")) / 2,
                    float(rect.get("width")),
                    float(rect.get("height")),
                )
            )
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not overlaps(a, b)
        for rect_box, group in zip(boxes, groups, strict=True):
            for el in group.iter(f"{NS}a"):
                x0, y0, x1, y1 = box_of(el)
                assert rect_box.left < x0 and x1 < rect_box.right
                assert rect_box.top < y0 and y1 < rect_box.bottom


def test_bad_input_is_a_clear_error_and_odd_graphs_still_draw() -> None:
    with pytest.raises(ValueError, match="unknown node 'zz'"):
        render_diagram([DiagramNode("a", "A")], [DiagramEdge("a", "zz")], title="t", desc="d")
    with pytest.raises(ValueError, match="duplicate"):
        render_diagram([DiagramNode("a", "A"), DiagramNode("a", "B")], [], title="t", desc="d")
    nodes = [DiagramNode(c, c.upper()) for c in "abcd"]
    edges = [
        DiagramEdge("a", "a"),
        DiagramEdge("a", "b"),
        DiagramEdge("a", "b", secondary=True),
        DiagramEdge("b", "c"),
        DiagramEdge("c", "d"),
    ]
    svg = render_diagram(nodes, edges, title="t", desc="d", layers={"b": 1, "c": 1, "d": 0})
    root = parse(svg)
    assert len([p for p in root.iter(f"{NS}path") if "kn-edge" in (p.get("class") or "")]) == 4
    assert render_diagram([], [], title="t", desc="d").startswith("<svg")
