"""A cheap three-column diagram: where clients come from -> a service -> where they go next.

Every service page has one, 30,000 of them in a 10,000-service catalogue, so this draws
without the layered layout engine: fixed columns, boxes stacked and centred, one smooth
curve per arrow converging on the middle of the centre box's side (the arrowheads meet in
one). Boxes, arrows, title, description and focus styling are svg.py's, so the three kinds
of diagram look alike; text measurement is cached per label (svg.measure_text).
"""

from __future__ import annotations

from collections.abc import Sequence

from kennosto.layout import Box
from kennosto.svg import (
    MARGIN,
    NODES_OPEN,
    DiagramEdge,
    DiagramNode,
    NodeText,
    check_id_prefix,
    edge_svg,
    edges_open,
    measure_text,
    node_svg,
    svg_open,
)

COLUMN_GAP = 64.0  # room for the arrows between columns
ROW_GAP = 12.0


Column = list[tuple[DiagramNode, NodeText]]


def _measured(nodes: Sequence[DiagramNode]) -> Column:
    return [(n, measure_text(n.label, n.sublabel, n.current)) for n in nodes]


def _height(column: Column) -> float:
    if not column:
        return 0.0
    return sum(t.height for _, t in column) + ROW_GAP * (len(column) - 1)


def _width(column: Column) -> float:
    return max((t.width for _, t in column), default=0.0)


def _stack(column: Column, x: float, height: float) -> list[tuple[DiagramNode, NodeText, Box]]:
    """Boxes one below the other, centred on `x`, the stack centred in `height`."""
    y = (height - _height(column)) / 2
    out = []
    for node, text in column:
        out.append((node, text, Box(node.id, x, y + text.height / 2, text.width, text.height)))
        y += text.height + ROW_GAP
    return out


def _curve(x0: float, y0: float, x1: float, y1: float) -> str:
    """Horizontal at both ends; a straight line when the ends are level. (Formatted inline
    with one decimal: this runs on every arrow of every service page.)"""
    if abs(y0 - y1) < 0.05:
        return f"M{x0:.1f},{y0:.1f}L{x1:.1f},{y1:.1f}"
    mid = (x0 + x1) / 2
    return f"M{x0:.1f},{y0:.1f}C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"


def render_columns(
    sources: Sequence[DiagramNode],
    centre: DiagramNode,
    targets: Sequence[DiagramNode],
    *,
    title: str,
    desc: str,
    id_prefix: str = "n",
    secondary: frozenset[str] = frozenset(),
) -> str:
    """`sources` -> `centre` -> `targets` as an SVG string; an empty side is left out.

    Each arrow has data-source/data-target (node ids); ids in `secondary` get dashed arrows
    (for a "+ N more" box, say). Output is byte-identical for identical input.
    """
    check_id_prefix(id_prefix)
    left, right = _measured(sources), _measured(targets)
    left_w, right_w = _width(left), _width(right)
    centre_text = measure_text(centre.label, centre.sublabel, centre.current)
    height = max(_height(left), _height(right), centre_text.height)
    x = 0.0
    placed_left = _stack(left, x + left_w / 2, height) if left else []
    if left:
        x += left_w + COLUMN_GAP
    (mid,) = _stack([(centre, centre_text)], x + centre_text.width / 2, height)
    x += centre_text.width
    placed_right = _stack(right, x + COLUMN_GAP + right_w / 2, height) if right else []
    if right:
        x += COLUMN_GAP + right_w
    cbox = mid[2]
    edges = []
    for node, _, box in placed_left:
        edge = DiagramEdge(node.id, centre.id, node.id in secondary)
        edges.append(edge_svg(edge, _curve(box.right, box.y, cbox.left, cbox.y), id_prefix))
    for node, _, box in placed_right:
        edge = DiagramEdge(centre.id, node.id, node.id in secondary)
        edges.append(edge_svg(edge, _curve(cbox.right, cbox.y, box.left, box.y), id_prefix))
    interactive = bool(centre.href) or any(n.href for n in (*sources, *targets))
    extent = (-MARGIN, -MARGIN, x + MARGIN, height + MARGIN)
    boxes = [node_svg(n, t, b) for n, t, b in (*placed_left, mid, *placed_right)]
    return "".join(
        (
            svg_open(extent, interactive, title, desc, id_prefix),
            edges_open(id_prefix),
            *edges,
            "</g>",
            NODES_OPEN,
            *boxes,
            "</g></svg>",
        )
    )
