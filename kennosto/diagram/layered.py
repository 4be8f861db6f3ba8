"""Layered diagrams (paths, maps): lay out a directed graph and draw it as SVG.

The boxes, arrows, title and description are svg.py's (shared with the neighbourhood
columns); this module adds what only a laid-out graph has: clusters of grouped boxes,
routed arrows (loops back curve beside the line), and the bands and spans of overlays.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kennosto.diagram.layout import Box, Layout, LayoutEdge, LayoutNode, Route, Spacing, layout
from kennosto.diagram.overlays import (
    BAND_FILL,
    BAND_STROKE,
    SPAN_GAP,
    Band,
    PlacedBand,
    place_bands,
    place_span,
)
from kennosto.diagram.svg import (
    BOW,
    CLUSTER_FILL,
    CLUSTER_LABEL,
    CLUSTER_PAD,
    CLUSTER_STROKE,
    GROUP_SIZE,
    INK,
    MARGIN,
    NODES_OPEN,
    DiagramEdge,
    DiagramNode,
    NodeText,
    _attr,
    _clean,
    _n,
    _text,
    check_id_prefix,
    edge_svg,
    edges_open,
    measure_node,
    node_svg,
    svg_open,
    text_width,
)

__all__ = ["Band", "Drawing", "Span", "draw_diagram", "render_diagram"]


@dataclass(frozen=True)
class Span:
    """A box drawn beside layers `first`..`last` (see overlays.py)."""

    node: DiagramNode
    first: int
    last: int


@dataclass(frozen=True)
class Drawing:
    """A drawn diagram and where its boxes are, in CSS px from the SVG's top left corner
    (left, top, width, height), so the page around it can point at a box: the frame of
    a path diagram opens on the first step (diagrams.framed)."""

    svg: str
    boxes: dict[str, tuple[float, float, float, float]]


def _spacing(direction: str, grouped: bool) -> Spacing:
    """Gaps sized for our boxes; bands of groups leave room for a cluster and its label."""
    group_gap = 2 * CLUSTER_PAD + (CLUSTER_LABEL if direction == "LR" else 0.0) + 14.0
    if direction == "LR":
        return Spacing(node_gap=16.0, layer_gap=60.0, group_gap=group_gap)
    return Spacing(node_gap=20.0, layer_gap=44.0, group_gap=group_gap if grouped else 48.0)


def _dedupe(edges: Sequence[DiagramEdge]) -> list[DiagramEdge]:
    """One edge per (source, target); it is secondary only if every copy was, and keeps
    the first copy's style unless another copy is a plain transition."""
    merged: dict[tuple[str, str], bool] = {}
    weights: dict[tuple[str, str], float] = {}
    styles: dict[tuple[str, str], str] = {}
    for e in edges:
        key = (e.source, e.target)
        merged[key] = merged.get(key, True) and e.secondary
        weights[key] = max(weights.get(key, 0.0), e.weight)
        styles[key] = "" if e.style == "" else styles.get(key, e.style)
    return [
        DiagramEdge(s, t, sec, weights[(s, t)], styles[(s, t)]) for (s, t), sec in merged.items()
    ]


@dataclass(frozen=True, slots=True)
class _Cluster:
    name: str
    x: float
    y: float
    width: float
    height: float


def _clusters(nodes: Sequence[DiagramNode], lay: Layout) -> list[_Cluster]:
    """A light rectangle around each named group's boxes, with a label strip on top."""
    group_of = {n.id: n.group for n in nodes}
    members: dict[str, list[Box]] = {}
    for node in nodes:
        if node.group:
            b = lay.boxes[node.id]
            members.setdefault(node.group, []).append(b)
    for r in lay.routes:  # edges inside a group stay inside its rectangle
        group = group_of[r.source]
        if group and group == group_of[r.target]:
            members[group].extend(Box("", x, y, 0.0, 0.0) for x, y in r.points)
    out = []
    for name, boxes in members.items():
        x0 = min(b.left for b in boxes) - CLUSTER_PAD
        x1 = max(b.right for b in boxes) + CLUSTER_PAD
        y0 = min(b.top for b in boxes)
        y1 = max(b.bottom for b in boxes)
        lo, hi = lay.bands[name]  # its long edges run inside, clear of the label
        if lay.direction == "LR":
            y0, y1 = min(y0, lo), max(y1, hi)
        else:
            x0, x1 = min(x0, lo - CLUSTER_PAD), max(x1, hi + CLUSTER_PAD)
        y0 -= CLUSTER_PAD + CLUSTER_LABEL
        y1 += CLUSTER_PAD
        need = text_width(_clean(name), GROUP_SIZE, True) + 16.0
        if need > x1 - x0:
            x0 -= (need - (x1 - x0)) / 2
            x1 = x0 + need
        out.append(_Cluster(name, x0, y0, x1 - x0, y1 - y0))
    return out


def render_diagram(
    nodes: Sequence[DiagramNode], edges: Sequence[DiagramEdge], **options: Any
) -> str:
    """Lay out and draw; returns '<svg …>…</svg>' ready to be embedded in HTML (the
    options are draw_diagram's)."""
    return draw_diagram(nodes, edges, **options).svg


def draw_diagram(
    nodes: Sequence[DiagramNode],
    edges: Sequence[DiagramEdge],
    *,
    title: str,
    desc: str,
    direction: str = "LR",
    layers: dict[str, int] | None = None,
    id_prefix: str = "d",
    bands: Sequence[Band] = (),
    spans: Sequence[Span] = (),
    order: dict[str, float] | None = None,
) -> Drawing:
    """Lay out and draw: the SVG and where each box is in it. `bands` and `spans`
    (top-to-bottom only) are drawn behind and beside the layers they name; `order`
    ranks nodes along the flow (see layout.layout)."""
    check_id_prefix(id_prefix)
    if (bands or spans) and direction != "TB":
        raise ValueError("bands and spans need direction='TB'")
    texts = {n.id: measure_node(n) for n in nodes}
    edges = _dedupe(edges)
    grouped = any(n.group for n in nodes)
    extent = {}
    if grouped and direction == "TB":
        for n in nodes:
            extent[n.group] = text_width(_clean(n.group), GROUP_SIZE, True) + 16 - 2 * CLUSTER_PAD
    lay = layout(
        [LayoutNode(n.id, texts[n.id].width, texts[n.id].height, n.group) for n in nodes],
        [LayoutEdge(e.source, e.target, e.weight or (0.3 if e.secondary else 1.0)) for e in edges],
        direction=direction,
        layers=layers,
        spacing=_spacing(direction, grouped),
        group_extent=extent,
        order=order,
    )
    clusters = _clusters(nodes, lay) if grouped else []
    bow = BOW
    x0 = min([0.0] + [c.x for c in clusters]) - MARGIN
    y0 = min([0.0] + [c.y for c in clusters]) - MARGIN
    x1 = max([lay.width + (bow if direction == "TB" and lay.reversed else 0.0)])
    y1 = max([lay.height + (bow if direction == "LR" and lay.reversed else 0.0)])
    x1 = max([x1] + [c.x + c.width for c in clusters]) + MARGIN
    y1 = max([y1] + [c.y + c.height for c in clusters]) + MARGIN
    placed = place_bands(list(bands), lay, x0 + MARGIN / 2, x1 - MARGIN / 2)
    y0 = min([y0] + [b.y - MARGIN for b in placed])
    y1 = max([y1] + [b.y + b.height + MARGIN for b in placed])
    beside: list[tuple[DiagramNode, Box]] = []
    for span in spans:
        text = measure_node(span.node)
        texts[span.node.id] = text
        box = place_span(
            lay,
            span.first,
            span.last,
            x1 + SPAN_GAP - MARGIN,
            text.width,
            text.height,
            span.node.id,
        )
        beside.append((span.node, box))
        x1 = box.right + MARGIN
        y1 = max(y1, box.bottom + MARGIN)
    interactive = any(n.href for n in nodes) or any(s.node.href for s in spans)
    p = id_prefix
    out = [svg_open((x0, y0, x1, y1), interactive, title, desc, p)]
    if placed:
        out.append('<g class="kn-bands" aria-hidden="true">')
        out.extend(_band_svg(b) for b in placed)
        out.append("</g>")
    if clusters:
        out.append('<g class="kn-clusters" aria-hidden="true">')
        out.extend(_cluster_rect(c) for c in clusters)
        out.append("</g>")
    out.append(_edges_svg(edges, lay, p, bow))
    nodes_svg = _nodes_svg(nodes, texts, lay, clusters)
    if beside:  # spans after the steps, in the same group of boxes
        extra = "".join(node_svg(n, texts[n.id], b) for n, b in beside)
        nodes_svg = nodes_svg[: -len("</g>")] + extra + "</g>"
    out.append(nodes_svg)
    out.append("</svg>")
    where = {
        b.id: (b.left - x0, b.top - y0, b.width, b.height)
        for b in (*lay.boxes.values(), *(box for _, box in beside))
    }
    return Drawing("".join(out), where)


def _band_svg(b: PlacedBand) -> str:
    """A stage: a light rectangle and its label (the page's list has the same headings)."""
    return (
        f'<rect x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.width)}" height="{_n(b.height)}" '
        f'rx="6" fill="{BAND_FILL}" stroke="{BAND_STROKE}" stroke-width="1"/>'
        f'<text class="kn-band-label" x="{_n(b.x + 8)}" y="{_n(b.y + 15)}" '
        f'font-size="{_n(GROUP_SIZE)}" font-weight="bold" fill="{INK}">{_text(b.label)}</text>'
    )


def _cluster_rect(c: _Cluster) -> str:
    return (
        f'<rect x="{_n(c.x)}" y="{_n(c.y)}" width="{_n(c.width)}" height="{_n(c.height)}" '
        f'rx="6" fill="{CLUSTER_FILL}" stroke="{CLUSTER_STROKE}" stroke-width="1"/>'
    )


def _edges_svg(edges: Sequence[DiagramEdge], lay: Layout, p: str, bow: float) -> str:
    """Secondary edges first, so the main path is drawn on top of them."""
    out = [edges_open(p)]
    order = sorted(range(len(edges)), key=lambda i: (edges[i].line == "", i))
    for i in order:
        e, r = edges[i], lay.routes[i]
        out.append(edge_svg(e, _path_d(r, lay.direction, bow), p, r.reversed))
    out.append("</g>")
    return "".join(out)


def _path_d(r: Route, direction: str, bow: float) -> str:
    """Straight polylines forward; curves for loops back, flat edges and self loops."""
    pts = r.points
    if r.kind != "normal":
        return _side_curve(pts, direction)
    if not r.reversed:
        return "M" + "L".join(f"{_n(x)},{_n(y)}" for x, y in pts)
    return _back_curve(pts, r.gaps, direction, bow)


def _fc(p: tuple[float, float], direction: str) -> tuple[float, float]:
    return p if direction == "LR" else (p[1], p[0])


def _pt(f: float, c: float, direction: str) -> str:
    x, y = (f, c) if direction == "LR" else (c, f)
    return f"{_n(x)},{_n(y)}"


def _side_curve(pts: tuple[tuple[float, float], ...], direction: str) -> str:
    fc = [_fc(p, direction) for p in pts]
    if len(fc) == 4:  # self loop
        c1, c2 = fc[1], fc[2]
    else:
        c1, c2 = (fc[1][0], fc[0][1]), (fc[1][0], fc[2][1])
    a, b = fc[0], fc[-1]
    return "M" + _pt(*a, direction) + "C" + " ".join(_pt(*q, direction) for q in (c1, c2, b))


def _back_curve(
    pts: tuple[tuple[float, float], ...], gaps: tuple[int, ...], direction: str, bow: float
) -> str:
    """Bulge the first and last gap crossing to the far side; S-curves in between."""
    fc = [_fc(p, direction) for p in pts]
    d = ["M" + _pt(*fc[0], direction)]
    for i in range(len(fc) - 1):
        (f0, c0), (f1, c1) = fc[i], fc[i + 1]
        if i not in gaps:
            d.append("L" + _pt(f1, c1, direction))
            continue
        b0 = bow if i == gaps[0] else 0.0
        b1 = bow if i == gaps[-1] else 0.0
        mid = (f0 + f1) / 2
        ctrl = (_pt(mid, c0 + b0, direction), _pt(mid, c1 + b1, direction))
        d.append("C" + " ".join((*ctrl, _pt(f1, c1, direction))))
    return "".join(d)


def _nodes_svg(
    nodes: Sequence[DiagramNode],
    texts: dict[str, NodeText],
    lay: Layout,
    clusters: list[_Cluster],
) -> str:
    """Boxes in reading order (layer, then across), grouped under their cluster's label."""

    def reading(n: DiagramNode) -> tuple[int, float]:
        b = lay.boxes[n.id]
        return lay.layers[n.id], b.y if lay.direction == "LR" else b.x

    out = [NODES_OPEN]
    for c in clusters:
        out.append(f'<g class="kn-group" role="group" aria-label="{_attr(c.name)}">')
        out.append(
            f'<text class="kn-group-label" x="{_n(c.x + 8)}" y="{_n(c.y + 15)}" '
            f'text-anchor="start" font-size="{_n(GROUP_SIZE)}" font-weight="bold" fill="{INK}" '
            f'aria-hidden="true">'
            f"{_attr(c.name)}</text>"
        )
        members = sorted((n for n in nodes if n.group == c.name), key=reading)
        out.extend(node_svg(n, texts[n.id], lay.boxes[n.id]) for n in members)
        out.append("</g>")
    out.extend(
        node_svg(n, texts[n.id], lay.boxes[n.id])
        for n in sorted((n for n in nodes if not n.group), key=reading)
    )
    out.append("</g>")
    return "".join(out)
