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

from kennosto.diagram.svg import (
    MARGIN,
    NODES_OPEN,
    DrawnNode,
    arrow_markup,
    check_id_prefix,
    edges_open,
    svg_open,
)

COLUMN_GAP = 64.0  # room for the arrows between columns
ROW_GAP = 12.0

# Where a placed box is: the x of its left and right sides, and the y of its middle.
Placed = tuple[float, float, float]


def _height(column: Sequence[DrawnNode]) -> float:
    if not column:
        return 0.0
    return sum(n.height for n in column) + ROW_GAP * (len(column) - 1)


def _width(column: Sequence[DrawnNode]) -> float:
    return max((n.width for n in column), default=0.0)


def _stack(column: Sequence[DrawnNode], x: float, height: float, out: list[str]) -> list[Placed]:
    """Boxes one below the other, centred on `x`, the stack centred in `height`; their
    markup (a DrawnNode's head, its place, body and close, in pieces: the boxes' text is
    copied once, into the page) goes to `out`."""
    y = (height - _height(column)) / 2
    placed = []
    for node in column:
        half_w, half_h = node.width / 2, node.height / 2
        middle = y + half_h
        out += (
            node.head,
            f' transform="translate({x - half_w:.1f},{middle - half_h:.1f})">',
            node.body,
            node.close,
        )
        placed.append((x - half_w, x + half_w, middle))
        y += node.height + ROW_GAP
    return placed


# Arrows are horizontal at both ends, a straight line when the ends are level. One end is
# the middle of a side of the centre box, shared by every arrow on that side, so it comes
# formatted ('x,y' and 'y'). Coordinates are formatted inline with one decimal: this runs
# on every arrow of every service page.


def _curve_in(x0: float, y0: float, x1: float, y1: float, end: str, end_y: str) -> str:
    """From (x0, y0) into the centre box at (x1, y1)."""
    y = f"{y0:.1f}"
    if abs(y0 - y1) < 0.05:
        return f"M{x0:.1f},{y}L{end}"
    mid = f"{(x0 + x1) / 2:.1f}"
    return f"M{x0:.1f},{y}C{mid},{y} {mid},{end_y} {end}"


def _curve_out(x0: float, y0: float, x1: float, y1: float, start: str, start_y: str) -> str:
    """From the centre box at (x0, y0) out to (x1, y1)."""
    y = f"{y1:.1f}"
    if abs(y0 - y1) < 0.05:
        return f"M{start}L{x1:.1f},{y}"
    mid = f"{(x0 + x1) / 2:.1f}"
    return f"M{start}C{mid},{start_y} {mid},{y} {x1:.1f},{y}"


def render_columns(
    sources: Sequence[DrawnNode],
    centre: DrawnNode,
    targets: Sequence[DrawnNode],
    *,
    title: str,
    desc: str,
    id_prefix: str = "n",
    secondary: frozenset[str] = frozenset(),
    styles_in: dict[str, str] | None = None,
    styles_out: dict[str, str] | None = None,
) -> str:
    """`sources` -> `centre` -> `targets` as an SVG string; an empty side is left out.

    Each arrow has data-source/data-target (node ids); ids in `secondary` get dashed arrows
    (for a "+ N more" box, say); `styles_in` / `styles_out` give the line style (see
    shapes.py) of the arrow from a source / to a target by its id. Output is
    byte-identical for identical input. Every service page has one: the boxes are placed
    and their arrows drawn in one pass per side.
    """
    check_id_prefix(id_prefix)
    left_w, right_w = _width(sources), _width(targets)
    height = max(_height(sources), _height(targets), centre.height)
    x = left_w + COLUMN_GAP if sources else 0.0
    edges: list[str] = []
    boxes: list[str] = []
    left = _stack(sources, left_w / 2, height, boxes)
    ((c_left, c_right, c_y),) = _stack([centre], x + centre.width / 2, height, boxes)
    x += centre.width
    me, c_ys = centre.ref, f"{c_y:.1f}"
    into, out_of = f"{c_left:.1f},{c_ys}", f"{c_right:.1f},{c_ys}"
    if sources:
        styles = styles_in or {}
        for n, (_, r, y) in zip(sources, left, strict=True):
            d = _curve_in(r, y, c_left, c_y, into, c_ys)
            edges.append(arrow_markup(n.ref, me, d, n.id in secondary, style=styles.get(n.id, "")))
    if targets:
        styles = styles_out or {}
        right = _stack(targets, x + COLUMN_GAP + right_w / 2, height, boxes)
        x += COLUMN_GAP + right_w
        for n, (l_, _, y) in zip(targets, right, strict=True):
            d = _curve_out(c_right, c_y, l_, y, out_of, c_ys)
            edges.append(arrow_markup(me, n.ref, d, n.id in secondary, style=styles.get(n.id, "")))
    interactive = centre.linked or any(n.linked for n in sources) or any(n.linked for n in targets)
    extent = (-MARGIN, -MARGIN, x + MARGIN, height + MARGIN)
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
