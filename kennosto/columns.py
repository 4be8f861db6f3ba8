"""A cheap three-column diagram: where clients come from -> a service -> where they go next.

Every service page has one, 30,000 of them in a 10,000-service catalogue, so this draws
without the layered layout engine: fixed columns, boxes stacked and centred, one smooth
curve per arrow converging on the middle of the centre box's side (the arrowheads meet in
one). It takes boxes already drawn (svg.DrawnNode), which the caller keeps per service, so
a page costs only the placing arithmetic. Boxes, arrows, title, description and focus
styling are svg.py's, so the three kinds of diagram look alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from kennosto.svg import (
    MARGIN,
    NODES_OPEN,
    DrawnNode,
    arrow_svg,
    check_id_prefix,
    edges_open,
    svg_open,
)

COLUMN_GAP = 64.0  # room for the arrows between columns
ROW_GAP = 12.0

# A placed box: its markup, the x of its left and right sides, and the y of its middle.
Placed = tuple[str, float, float, float]


def _height(column: Sequence[DrawnNode]) -> float:
    if not column:
        return 0.0
    return sum(n.height for n in column) + ROW_GAP * (len(column) - 1)


def _width(column: Sequence[DrawnNode]) -> float:
    return max((n.width for n in column), default=0.0)


def _stack(column: Sequence[DrawnNode], x: float, height: float) -> list[Placed]:
    """Boxes one below the other, centred on `x`, the stack centred in `height`."""
    y = (height - _height(column)) / 2
    out = []
    for node in column:
        half_w, half_h = node.width / 2, node.height / 2
        middle = y + half_h
        out.append((node.at(x - half_w, middle - half_h), x - half_w, x + half_w, middle))
        y += node.height + ROW_GAP
    return out


def _curve(x0: float, y0: float, x1: float, y1: float) -> str:
    """Horizontal at both ends; a straight line when the ends are level. (Formatted inline
    with one decimal: this runs on every arrow of every service page.)"""
    if abs(y0 - y1) < 0.05:
        return f"M{x0:.1f},{y0:.1f}L{x1:.1f},{y1:.1f}"
    mid = (x0 + x1) / 2
    return f"M{x0:.1f},{y0:.1f}C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"


def render_columns(
    sources: Sequence[DrawnNode],
    centre: DrawnNode,
    targets: Sequence[DrawnNode],
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
    left_w, right_w = _width(sources), _width(targets)
    height = max(_height(sources), _height(targets), centre.height)
    x = 0.0
    left = _stack(sources, x + left_w / 2, height) if sources else []
    if sources:
        x += left_w + COLUMN_GAP
    ((mid, c_left, c_right, c_y),) = _stack([centre], x + centre.width / 2, height)
    x += centre.width
    right = _stack(targets, x + COLUMN_GAP + right_w / 2, height) if targets else []
    if targets:
        x += COLUMN_GAP + right_w
    me = centre.id
    edges = [
        arrow_svg(n.id, me, _curve(r, y, c_left, c_y), n.id in secondary)
        for n, (_, _, r, y) in zip(sources, left, strict=True)
    ]
    edges += [
        arrow_svg(me, n.id, _curve(c_right, c_y, l_, y), n.id in secondary)
        for n, (_, l_, _, y) in zip(targets, right, strict=True)
    ]
    interactive = centre.linked or any(n.linked for n in (*sources, *targets))
    extent = (-MARGIN, -MARGIN, x + MARGIN, height + MARGIN)
    return "".join(
        (
            svg_open(extent, interactive, title, desc, id_prefix),
            edges_open(id_prefix),
            *edges,
            "</g>",
            NODES_OPEN,
            *(p[0] for p in left),
            mid,
            *(p[0] for p in right),
            "</g></svg>",
        )
    )
