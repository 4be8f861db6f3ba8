"""Stacked sections (the map's categories): one band per section, top to bottom, each as
wide as the page allows, so a map grows downwards rather than sideways.

A section's boxes fall apart into connected pieces (services linked by arrows, and those
linked with nothing). Each piece is laid out on its own by layout.py, top to bottom, or
left to right when that is narrower and top to bottom would not fit; the pieces are then
packed into rows like words into lines (a "shelf"), wrapping at `max_width`. Arrows run
only inside a section: what flows between sections is the caller's to show (the map draws
a separate picture of the categories and the flows between them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kennosto.diagram.layered import Drawing, _dedupe, _edges_svg, _nodes_svg, _spacing
from kennosto.diagram.layout import Layout, LayoutEdge, LayoutNode, layout
from kennosto.diagram.svg import (
    BOW,
    CLUSTER_FILL,
    CLUSTER_LABEL,
    CLUSTER_PAD,
    CLUSTER_STROKE,
    GROUP_SIZE,
    INK,
    MARGIN,
    DiagramEdge,
    DiagramNode,
    NodeText,
    _attr,
    _clean,
    _n,
    check_id_prefix,
    measure_node,
    svg_open,
    text_width,
)

PIECE_GAP_X, PIECE_GAP_Y = 24.0, 16.0  # between the pieces of one section
SECTION_GAP = 16.0  # between two sections


@dataclass(frozen=True)
class Section:
    """A labelled band of boxes; `edges` between boxes of this section only."""

    label: str
    nodes: Sequence[DiagramNode]
    edges: Sequence[DiagramEdge]


@dataclass(frozen=True)
class _Piece:
    nodes: list[DiagramNode]
    edges: list[DiagramEdge]
    texts: dict[str, NodeText]
    lay: Layout
    width: float
    height: float


def _pieces(section: Section) -> list[tuple[list[DiagramNode], list[DiagramEdge]]]:
    """Connected pieces, those with arrows first, each in input order (deterministic)."""
    parent = {n.id: n.id for n in section.nodes}

    def root(v: str) -> str:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for e in section.edges:
        a, b = root(e.source), root(e.target)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[str, list[DiagramNode]] = {}
    for node in section.nodes:
        members.setdefault(root(node.id), []).append(node)
    links: dict[str, list[DiagramEdge]] = {}
    for e in section.edges:
        links.setdefault(root(e.source), []).append(e)
    out = [(ns, links.get(r, [])) for r, ns in members.items()]
    return sorted(out, key=lambda piece: len(piece[0]) == 1)


def _lay_out(
    nodes: list[DiagramNode],
    edges: list[DiagramEdge],
    max_width: float,
    order: Mapping[str, float] | None,
) -> _Piece:
    """Top to bottom if it fits `max_width`; else left to right if that fits; else top to
    bottom with each over-full layer wrapped into rows; whichever is narrowest of those
    tried if none fits."""
    edges = _dedupe(edges)
    texts = {n.id: measure_node(n) for n in nodes}
    lnodes = [LayoutNode(n.id, texts[n.id].width, texts[n.id].height) for n in nodes]
    ledges = [LayoutEdge(e.source, e.target, e.weight or 1.0) for e in edges]
    best: _Piece | None = None
    tries: list[tuple[str, dict[str, int] | None]] = [("TB", None), ("LR", None)]
    for direction, layers in tries:
        sp = _spacing(direction, False)
        lay = layout(lnodes, ledges, direction=direction, spacing=sp, layers=layers, order=order)
        bow = BOW if lay.reversed else 0.0
        width = lay.width + (bow if direction == "TB" else 0.0)
        height = lay.height + (bow if direction == "LR" else 0.0)
        piece = _Piece(nodes, edges, texts, lay, width, height)
        if best is None or width < best.width:
            best = piece
        if width <= max_width:
            break
        if direction == "TB" and layers is None:
            tries.append(("TB", _wrapped(lay, max_width, sp.node_gap)))
    assert best is not None
    return best


def _wrapped(lay: Layout, max_width: float, gap: float) -> dict[str, int]:
    """The layers of a top-to-bottom layout, each split into rows of as many boxes (in
    their left-to-right order) as fit `max_width`: a fan of many boxes grows down."""
    by_layer: dict[int, list[str]] = {}
    for node_id in sorted(lay.boxes, key=lambda k: (lay.layers[k], lay.boxes[k].x)):
        by_layer.setdefault(lay.layers[node_id], []).append(node_id)
    out: dict[str, int] = {}
    row = 0
    for layer in sorted(by_layer):
        used = 0.0
        for node_id in by_layer[layer]:
            w = lay.boxes[node_id].width
            if used and used + gap + w > max_width:
                row, used = row + 1, 0.0
            out[node_id] = row
            used += (gap if used else 0.0) + w
        row += 1
    return out


def _shelves(pieces: list[_Piece], max_width: float) -> tuple[list[tuple[float, float]], float]:
    """Top-left corners of the pieces packed in rows of at most `max_width` (a piece
    wider than that gets a row of its own), and the total height."""
    at: list[tuple[float, float]] = []
    x = y = row_h = 0.0
    for p in pieces:
        if x > 0 and x + p.width > max_width:
            x, y, row_h = 0.0, y + row_h + PIECE_GAP_Y, 0.0
        at.append((x, y))
        x += p.width + PIECE_GAP_X
        row_h = max(row_h, p.height)
    return at, y + row_h


def render_stacked(sections: Sequence[Section], **options: Any) -> str:
    """draw_stacked's '<svg …>…</svg>' alone (the same keyword arguments)."""
    return draw_stacked(sections, **options).svg


def draw_stacked(
    sections: Sequence[Section],
    *,
    title: str,
    desc: str,
    id_prefix: str = "d",
    max_width: float = 900.0,
    order: Mapping[str, float] | None = None,
) -> Drawing:
    """Sections one below the other, their pieces wrapped into rows of at most
    `max_width` (plus the section's padding), with where each box landed (as
    layered.draw_diagram gives it), so the page can open a frame on a box. `order` ranks
    boxes along the flow, as in layout.layout (a path's steps keep their order)."""
    check_id_prefix(id_prefix)
    inner = max_width - 2 * CLUSTER_PAD
    drawn = []
    for sec in sections:
        pieces = [_lay_out(ns, es, inner, order) for ns, es in _pieces(sec)]
        at, height = _shelves(pieces, inner)
        used = max((x + p.width for p, (x, _) in zip(pieces, at, strict=True)), default=0.0)
        need = max(used, text_width(_clean(sec.label), GROUP_SIZE, True) + 16 - 2 * CLUSTER_PAD)
        drawn.append((sec, pieces, at, need, height))
    width = max((d[3] for d in drawn), default=0.0) + 2 * CLUSTER_PAD
    out, y = [], 0.0
    where: dict[str, tuple[float, float, float, float]] = {}
    for sec, pieces, at, _, height in drawn:
        out.append(_section_svg(sec, pieces, at, y, width, height, id_prefix))
        pad_x, pad_top, _ = _chrome(sec)
        for piece, (px, py) in zip(pieces, at, strict=True):
            for b in piece.lay.boxes.values():
                left = MARGIN + pad_x + px + b.x - b.width / 2
                top = MARGIN + y + pad_top + py + b.y - b.height / 2
                where[b.id] = (left, top, b.width, b.height)
        y += _chrome(sec)[2] + height + SECTION_GAP
    total = max(y - SECTION_GAP, 0.0)
    interactive = any(n.href for s in sections for n in s.nodes)
    extent = (-MARGIN, -MARGIN, width + MARGIN, total + MARGIN)
    svg = svg_open(extent, interactive, title, desc, id_prefix) + "".join(out) + "</svg>"
    return Drawing(svg, where)


def _chrome(sec: Section) -> tuple[float, float, float]:
    """Room a section takes around its pieces: left, top, and top and bottom together."""
    if not sec.label:
        return CLUSTER_PAD, 0.0, 0.0
    return CLUSTER_PAD, CLUSTER_LABEL + CLUSTER_PAD, CLUSTER_LABEL + 2 * CLUSTER_PAD


def _section_svg(
    sec: Section,
    pieces: list[_Piece],
    at: list[tuple[float, float]],
    top: float,
    width: float,
    height: float,
    p: str,
) -> str:
    """A band: its rectangle and label, then each piece's arrows and boxes, moved into
    place, in one labelled group (screen readers hear the boxes under the section). An
    unlabelled section is only its pieces."""
    pad_x, pad_top, pad_y = _chrome(sec)
    h = pad_y + height
    out = (
        ["<g>"]
        if not sec.label
        else [
            f'<rect class="kn-section" x="0" y="{_n(top)}" width="{_n(width)}" height="{_n(h)}" '
            f'rx="6" fill="{CLUSTER_FILL}" stroke="{CLUSTER_STROKE}" stroke-width="1" '
            f'aria-hidden="true"/>',
            f'<g class="kn-group" role="group" aria-label="{_attr(sec.label)}">',
            f'<text class="kn-group-label" x="8" y="{_n(top + 15)}" font-size="{_n(GROUP_SIZE)}" '
            f'font-weight="bold" fill="{INK}" aria-hidden="true">{_attr(sec.label)}</text>',
        ]
    )
    for piece, (x, y) in zip(pieces, at, strict=True):
        dx, dy = pad_x + x, top + pad_top + y
        out.append(f'<g transform="translate({_n(dx)},{_n(dy)})">')
        out.append(_edges_svg(piece.edges, piece.lay, p, BOW))
        out.append(_nodes_svg(piece.nodes, piece.texts, piece.lay, []))
        out.append("</g>")
    out.append("</g>")
    return "".join(out)
