"""Diagrams as inline, accessible SVG: referral paths, service neighbourhoods, the map.

No browser measures our text at build time, so box sizes come from a per-character width
table of Arial/Helvetica (metric-compatible with Liberation Sans), with a safety margin
for wider fallback fonts. Long Finnish compounds are hyphenated at a syllable boundary so
a label never overflows its box.

Meaning never rides on colour alone: the current service has a thick border and bold
text, secondary exits are dashed, loops back are curved. The SVG has no script, no event
handlers and no inline styles (a strict CSP may forbid them): presentation attributes and
classes only; focus and hover styling is in the page stylesheet (templates/static/style.css).
Output is byte-identical for identical input: coordinates are rounded to one decimal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from kennosto.layout import Box, Layout, LayoutEdge, LayoutNode, Route, Spacing, layout
from kennosto.textfit import char_width, text_width, wrap_text

__all__ = [
    "DiagramEdge",
    "NODES_OPEN",
    "edges_open",
    "DiagramNode",
    "DrawnNode",
    "NodeText",
    "arrow_markup",
    "char_width",
    "check_id_prefix",
    "draw_node",
    "edge_svg",
    "measure_node",
    "measure_text",
    "node_svg",
    "render_diagram",
    "svg_open",
    "text_width",
    "wrap_text",
]

FONT_FAMILY = "Arial, Helvetica, 'Liberation Sans', sans-serif"
INK = "#1a1a1a"  # 17:1 on white
INK_SOFT = "#404040"  # sublabels: 10:1 on white, 9:1 on the current-box fill
EDGE_SECONDARY = "#5c5c5c"  # 6.7:1, and dashed
CURRENT_FILL = "#fff6d5"
CLUSTER_FILL = "#f1f3f6"
CLUSTER_STROKE = "#8a9099"

LABEL_SIZE, LABEL_LINE = 14.0, 18.0
SUB_SIZE, SUB_LINE = 12.0, 15.0
GROUP_SIZE = 13.0
PAD_X, PAD_Y, SUB_GAP = 10.0, 8.0, 3.0
BOX_MIN_W, BOX_MAX_W = 112.0, 200.0
CLUSTER_PAD, CLUSTER_LABEL = 12.0, 20.0
MARGIN = 6.0
BOW = 22.0  # how far a loop back bulges beside the straight line: it reads as going back
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class DiagramNode:
    id: str
    label: str
    sublabel: str = ""
    href: str | None = None
    current: bool = False
    group: str = ""


@dataclass(frozen=True)
class DiagramEdge:
    source: str
    target: str
    secondary: bool = False
    weight: float = 0.0  # how much the layout keeps it straight; 0: 1.0, or 0.3 if secondary


@dataclass(frozen=True, slots=True)
class NodeText:
    """A node's wrapped text and the box size it needs."""

    lines: tuple[str, ...]
    sublines: tuple[str, ...]
    width: float
    height: float


def measure_node(node: DiagramNode) -> NodeText:
    """Wrap label and sublabel into at most BOX_MAX_W and size the box around them."""
    return measure_text(node.label, node.sublabel, node.current)


def measure_text(label: str, sublabel: str = "", bold: bool = False) -> NodeText:
    """measure_node by text alone. Callers keep what they draw, so a label is measured about
    once per language; the provider line recurs on thousands of boxes, so it is cached."""
    lines, label_w = _wrap(label, LABEL_SIZE, bold)
    subs, sub_w = _wrap_cached(sublabel, SUB_SIZE, False)
    width = min(BOX_MAX_W, max(BOX_MIN_W, max(label_w, sub_w) + 2 * PAD_X))
    height = 2 * PAD_Y + len(lines) * LABEL_LINE + (SUB_GAP + len(subs) * SUB_LINE if subs else 0)
    return NodeText(lines or ("",), subs, width, height)


# A box shows at most this much of a label (the longest real name is under 100); the page
# itself shows all of it. Keeps a pasted megabyte from drawing a box of 50,000 lines.
LABEL_MAX_CHARS = 200


def _wrap(text: str, size: float, bold: bool) -> tuple[tuple[str, ...], float]:
    """Lines of at most a box's inner width, and the widest line's width."""
    text = _clean(text)
    if len(text) > LABEL_MAX_CHARS:
        text = text[: LABEL_MAX_CHARS - 1].rstrip() + "…"
    lines = tuple(wrap_text(text, BOX_MAX_W - 2 * PAD_X, size, bold))
    return lines, max([text_width(line, size, bold) for line in lines], default=0.0)


_wrap_cached = lru_cache(maxsize=8192)(_wrap)


def _clean(text: str) -> str:
    """Drop characters XML cannot carry, so no label can break the document."""
    return _CONTROL.sub("", text)


@lru_cache(maxsize=65536)
def _n(v: float) -> str:
    """A coordinate with one decimal, no trailing '.0' and no '-0': stable, compact.
    (round() is correctly rounded like '%.1f', and the repr of its result is the shortest,
    i.e. one decimal. Cached: box sizes and text baselines recur on thousands of pages.)"""
    r = round(v, 1)
    i = int(r)
    return str(i) if r == i else repr(r)


@lru_cache(maxsize=131072)
def _attr(text: str) -> str:
    """Escaped for XML text and attributes; cached, as slugs and names recur on many pages."""
    return escape(_clean(text), quote=True)


def _text(text: str) -> str:
    """_attr for text that rarely recurs (titles, descriptions): not worth caching."""
    return escape(_clean(text), quote=True)


@lru_cache(maxsize=64)
def check_id_prefix(id_prefix: str) -> None:
    if not _ID.fullmatch(id_prefix):
        raise ValueError(f"id_prefix must match {_ID.pattern}, not {id_prefix!r}")


def svg_open(
    extent: tuple[float, float, float, float], interactive: bool, title: str, desc: str, p: str
) -> str:
    """The <svg> start tag, its <title> and <desc>, and the arrowhead marker.

    `extent` is (x0, y0, x1, y1); a diagram with links is a labelled group, else an image."""
    x0, y0, x1, y1 = extent
    w, h = _n(x1 - x0), _n(y1 - y0)
    head, defs = _svg_parts(interactive, p)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kn-diagram" '
        f'viewBox="{_n(x0)} {_n(y0)} {w} {h}" width="{w}" height="{h}" {head}'
        f'<title id="{p}-title">{_text(title)}</title><desc id="{p}-desc">{_text(desc)}</desc>'
        f"{defs}"
    )


@lru_cache(maxsize=64)
def _svg_parts(interactive: bool, p: str) -> tuple[str, str]:
    """The parts of svg_open that do not change from diagram to diagram."""
    head = (
        f'role="{"group" if interactive else "img"}" '
        f'aria-labelledby="{p}-title" aria-describedby="{p}-desc" '
        f'font-family="{_attr(FONT_FAMILY)}">'
    )
    defs = (
        f'<defs><marker id="{p}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
        f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0,0L10,5L0,10z" fill="{INK}"/></marker></defs>'
    )
    return head, defs


def edge_svg(edge: DiagramEdge, d: str, p: str, back: bool = False) -> str:
    """One arrow: solid for the main flow, dashed and grey for a secondary exit."""
    return arrow_markup(_attr(edge.source), _attr(edge.target), d, edge.secondary, back)


def arrow_markup(source: str, target: str, d: str, secondary: bool, back: bool = False) -> str:
    """edge_svg without an edge object, the node ids already escaped (DrawnNode.ref).
    Stroke and arrowhead are inherited from the edges group (see edges_open): small pages."""
    cls = "kn-edge" + (" kn-secondary" if secondary else "") + (" kn-back" if back else "")
    style = _DASHED if secondary else ""
    return f'<path class="{cls}" data-source="{source}" data-target="{target}" d="{d}"{style}/>'


_DASHED = f' stroke="{EDGE_SECONDARY}" stroke-dasharray="6 4"'


def edges_open(p: str) -> str:
    """The group of arrows; its presentation attributes are inherited by every arrow."""
    return (
        f'<g class="kn-edges" aria-hidden="true" fill="none" stroke-width="1.5" stroke="{INK}" '
        f'marker-end="url(#{p}-arrow)">'
    )


# Box labels inherit these; only the smaller, softer provider line sets its own.
NODES_OPEN = f'<g class="kn-nodes" text-anchor="middle" font-size="{LABEL_SIZE:g}" fill="{INK}">'


def _spacing(direction: str, grouped: bool) -> Spacing:
    """Gaps sized for our boxes; bands of groups leave room for a cluster and its label."""
    group_gap = 2 * CLUSTER_PAD + (CLUSTER_LABEL if direction == "LR" else 0.0) + 14.0
    if direction == "LR":
        return Spacing(node_gap=16.0, layer_gap=60.0, group_gap=group_gap)
    return Spacing(node_gap=20.0, layer_gap=44.0, group_gap=group_gap if grouped else 48.0)


def _dedupe(edges: Sequence[DiagramEdge]) -> list[DiagramEdge]:
    """One edge per (source, target); it is secondary only if every copy was."""
    merged: dict[tuple[str, str], bool] = {}
    weights: dict[tuple[str, str], float] = {}
    for e in edges:
        key = (e.source, e.target)
        merged[key] = merged.get(key, True) and e.secondary
        weights[key] = max(weights.get(key, 0.0), e.weight)
    return [DiagramEdge(s, t, sec, weights[(s, t)]) for (s, t), sec in merged.items()]


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
    nodes: Sequence[DiagramNode],
    edges: Sequence[DiagramEdge],
    *,
    title: str,
    desc: str,
    direction: str = "LR",
    layers: dict[str, int] | None = None,
    id_prefix: str = "d",
) -> str:
    """Lay out and draw; returns '<svg …>…</svg>' ready to be embedded in HTML."""
    check_id_prefix(id_prefix)
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
    )
    clusters = _clusters(nodes, lay) if grouped else []
    bow = BOW
    x0 = min([0.0] + [c.x for c in clusters]) - MARGIN
    y0 = min([0.0] + [c.y for c in clusters]) - MARGIN
    x1 = max([lay.width + (bow if direction == "TB" and lay.reversed else 0.0)])
    y1 = max([lay.height + (bow if direction == "LR" and lay.reversed else 0.0)])
    x1 = max([x1] + [c.x + c.width for c in clusters]) + MARGIN
    y1 = max([y1] + [c.y + c.height for c in clusters]) + MARGIN
    interactive = any(n.href for n in nodes)
    p = id_prefix
    out = [svg_open((x0, y0, x1, y1), interactive, title, desc, p)]
    if clusters:
        out.append('<g class="kn-clusters" aria-hidden="true">')
        out.extend(_cluster_rect(c) for c in clusters)
        out.append("</g>")
    out.append(_edges_svg(edges, lay, p, bow))
    out.append(_nodes_svg(nodes, texts, lay, clusters))
    out.append("</svg>")
    return "".join(out)


def _cluster_rect(c: _Cluster) -> str:
    return (
        f'<rect x="{_n(c.x)}" y="{_n(c.y)}" width="{_n(c.width)}" height="{_n(c.height)}" '
        f'rx="6" fill="{CLUSTER_FILL}" stroke="{CLUSTER_STROKE}" stroke-width="1"/>'
    )


def _edges_svg(edges: Sequence[DiagramEdge], lay: Layout, p: str, bow: float) -> str:
    """Secondary edges first, so the main path is drawn on top of them."""
    out = [edges_open(p)]
    order = sorted(range(len(edges)), key=lambda i: (not edges[i].secondary, i))
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


def node_svg(node: DiagramNode, text: NodeText, box: Box) -> str:
    """One box: an <a> when it links somewhere (focusable), else a plain group.

    The box is drawn at the origin and moved into place, so its markup is computed once
    per node and reused wherever the node appears (a service is a neighbour on many pages).
    """
    head, body, close = _node_parts(node, text, box.width, box.height)
    return f'{head} transform="translate({box.left:.1f},{box.top:.1f})">{body}{close}'


@dataclass(frozen=True, slots=True)
class DrawnNode:
    """A node measured and drawn at the origin, ready to be placed by `at`. Callers that
    draw the same node on many pages keep these, so the per-page work is arithmetic."""

    id: str
    width: float
    height: float
    head: str
    body: str
    close: str
    linked: bool  # an <a>: the diagram is interactive
    ref: str  # the id, escaped for an attribute (arrows name their ends)

    def at(self, left: float, top: float) -> str:
        """The box's markup with its top left corner at (left, top)."""
        return f'{self.head} transform="translate({left:.1f},{top:.1f})">{self.body}{self.close}'


def draw_node(node: DiagramNode) -> DrawnNode:
    text = measure_node(node)
    head, body, close = _draw_parts(node, text, text.width, text.height)
    return DrawnNode(
        node.id, text.width, text.height, head, body, close, bool(node.href), _attr(node.id)
    )


def _draw_parts(node: DiagramNode, text: NodeText, w: float, h: float) -> tuple[str, str, str]:
    """A box at the origin as (start tag without its '>', content, end tag)."""
    centre = _n(w / 2)
    label = "".join(
        f'<tspan x="{centre}" y="{y}">{_text(line)}</tspan>'
        for line, y in zip(text.lines, _label_baselines(len(text.lines)), strict=True)
    )
    sub = ""
    if text.sublines:
        baselines = _sub_baselines(len(text.lines), len(text.sublines))
        sub = (
            _SUB_OPEN
            + "".join(
                f'<tspan x="{centre}" y="{y}">{_attr(line)}</tspan>'
                for line, y in zip(text.sublines, baselines, strict=True)
            )
            + "</text>"
        )
    fill, stroke_w, weight = (
        (CURRENT_FILL, "3", ' font-weight="bold"') if node.current else ("#fff", "1.5", "")
    )
    body = (
        f'<rect class="kn-box" width="{_n(w)}" height="{_n(h)}" rx="4" '
        f'fill="{fill}" stroke="{INK}" stroke-width="{stroke_w}"/>'
        f'<text class="kn-label"{weight}>{label}</text>{sub}'
    )
    cls = "kn-node kn-current" if node.current else "kn-node"
    ident = f'class="{cls}" data-id="{_text(node.id)}"'
    if not node.href:
        return f"<g {ident}", body, "</g>"
    name = _clean(node.label) + (f", {_clean(node.sublabel)}" if node.sublabel else "")
    cur = ' aria-current="page"' if node.current else ""
    return f'<a {ident} href="{_text(node.href)}" aria-label="{_text(name)}"{cur}', body, "</a>"


_SUB_OPEN = f'<text class="kn-sub" font-size="{SUB_SIZE:g}" fill="{INK_SOFT}">'


@lru_cache(maxsize=64)
def _label_baselines(count: int) -> tuple[str, ...]:
    return tuple(
        _n(PAD_Y + i * LABEL_LINE + LABEL_LINE / 2 + 0.35 * LABEL_SIZE) for i in range(count)
    )


@lru_cache(maxsize=256)
def _sub_baselines(label_lines: int, count: int) -> tuple[str, ...]:
    top = PAD_Y + label_lines * LABEL_LINE + SUB_GAP
    return tuple(_n(top + i * SUB_LINE + SUB_LINE / 2 + 0.35 * SUB_SIZE) for i in range(count))


# The layered diagrams (paths, maps) draw a node again wherever it recurs; cache those.
_node_parts = lru_cache(maxsize=16384)(_draw_parts)
