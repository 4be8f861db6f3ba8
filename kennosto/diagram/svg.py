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
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from kennosto.diagram.layout import Box
from kennosto.diagram.shapes import END_EXTRA, edge_style, outline
from kennosto.diagram.textfit import char_width, text_width, wrap_measured, wrap_text

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
    "svg_open",
    "text_width",
    "wrap_text",
]

FONT_FAMILY = "Arial, Helvetica, 'Liberation Sans', sans-serif"
INK = "#1a1a1a"  # 17:1 on white
INK_SOFT = "#404040"  # sublabels: 10:1 on white, 9:1 on the current-box fill
CURRENT_FILL = "#fff6d5"
CLUSTER_FILL = "#f1f3f6"
CLUSTER_STROKE = "#8a9099"

LABEL_SIZE, LABEL_LINE = 14.0, 18.0
SUB_SIZE, SUB_LINE = 12.0, 15.0
GROUP_SIZE = 13.0
BADGE_W, BADGE_R, BADGE_SIZE = 26.0, 10.5, 13.0  # a step number's room, disc and digits
MINOR_FILL, MINOR_STROKE = "#f6f6f6", "#5c5c5c"  # 6.7:1 on white, like a secondary line
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
    shape: str = "box"  # see shapes.py: box, team, role, plan, benefit or end
    badge: str = ""  # a short mark in a dark disc at the box's left (a path step's number)
    minor: bool = False  # a side box (a path's exit): grey dashed border, lighter fill


@dataclass(frozen=True)
class DiagramEdge:
    source: str
    target: str
    secondary: bool = False
    weight: float = 0.0  # how much the layout keeps it straight; 0: 1.0, or 0.3 if secondary
    style: str = ""  # "" (by `secondary`), "alongside", "consult" or "gap" (see shapes.py)

    @property
    def line(self) -> str:
        """The line style drawn: the explicit style, else secondary or main."""
        return self.style or ("secondary" if self.secondary else "")


@dataclass(frozen=True, slots=True)
class NodeText:
    """A node's wrapped text and the box size it needs."""

    lines: tuple[str, ...]
    sublines: tuple[str, ...]
    width: float
    height: float


def measure_node(node: DiagramNode) -> NodeText:
    """Wrap label and sublabel into at most BOX_MAX_W and size the box around them."""
    text = measure_text(node.label, node.sublabel, node.current)
    extra = (END_EXTRA if node.shape == "end" else 0.0) + (BADGE_W if node.badge else 0.0)
    if extra:  # round ends, a badge: room beside the text
        return NodeText(text.lines, text.sublines, text.width + extra, text.height)
    return text


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
    lines, widest = wrap_measured(text, BOX_MAX_W - 2 * PAD_X, size, bold)
    return tuple(lines), widest


_wrap_cached = lru_cache(maxsize=8192)(_wrap)


def _clean(text: str) -> str:
    """Drop characters XML cannot carry, so no label can break the document. (Text of
    printable characters only, nearly all, has none of them: one C call finds that.)"""
    return text if text.isprintable() else _CONTROL.sub("", text)


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
    """One line: solid for the main flow, dashed and grey for a secondary exit, its own
    dash for the other kinds of link (shapes.EDGE_STYLES)."""
    return arrow_markup(_attr(edge.source), _attr(edge.target), d, edge.secondary, back, edge.style)


def arrow_markup(
    source: str, target: str, d: str, secondary: bool, back: bool = False, style: str = ""
) -> str:
    """edge_svg without an edge object, the node ids already escaped (DrawnNode.ref).
    Stroke and arrowhead are inherited from the edges group (see edges_open): small pages."""
    cls, attrs, _ = edge_style(style or ("secondary" if secondary else ""))
    back_cls = " kn-back" if back else ""
    return (
        f'<path class="kn-edge{cls}{back_cls}" data-source="{source}" data-target="{target}" '
        f'd="{d}"{attrs}/>'
    )


def edges_open(p: str) -> str:
    """The group of arrows; its presentation attributes are inherited by every arrow."""
    return (
        f'<g class="kn-edges" aria-hidden="true" fill="none" stroke-width="1.5" stroke="{INK}" '
        f'marker-end="url(#{p}-arrow)">'
    )


# Box labels inherit these; only the smaller, softer provider line sets its own.
NODES_OPEN = f'<g class="kn-nodes" text-anchor="middle" font-size="{LABEL_SIZE:g}" fill="{INK}">'


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


def draw_node(node: DiagramNode) -> DrawnNode:
    text = measure_node(node)
    head, body, close = _draw_parts(node, text, text.width, text.height)
    return DrawnNode(
        node.id, text.width, text.height, head, body, close, bool(node.href), _attr(node.id)
    )


def _draw_parts(node: DiagramNode, text: NodeText, w: float, h: float) -> tuple[str, str, str]:
    """A box at the origin as (start tag without its '>', content, end tag)."""
    shift = BADGE_W if node.badge else 0.0
    centre = _n((w + shift) / 2)
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
    box = outline(node.shape, w, h, fill, stroke_w)
    if node.minor:
        box = outline(node.shape, w, h, MINOR_FILL, "1.5", MINOR_STROKE, "5 3")
    body = box + f'<text class="kn-label"{weight}>{label}</text>{sub}' + _badge(node.badge, h)
    cls = "kn-node kn-current" if node.current else "kn-node"
    cls += " kn-minor" if node.minor else ""
    ident = f'class="{cls}" data-id="{_text(node.id)}"'
    if not node.href:
        return f"<g {ident}", body, "</g>"
    name = _clean(node.label) + (f", {_clean(node.sublabel)}" if node.sublabel else "")
    if node.badge:
        name = f"{_clean(node.badge)}. {name}"
    cur = ' aria-current="page"' if node.current else ""
    return f'<a {ident} href="{_text(node.href)}" aria-label="{_text(name)}"{cur}', body, "</a>"


def _badge(mark: str, h: float) -> str:
    """A step's number in a dark disc at the box's left, centred on the box's height."""
    if not mark:
        return ""
    cx, cy = _n(4 + BADGE_R), _n(h / 2)
    return (
        f'<g class="kn-badge" aria-hidden="true"><circle cx="{cx}" cy="{cy}" r="{_n(BADGE_R)}" '
        f'fill="{INK}"/><text x="{cx}" y="{_n(h / 2 + 0.35 * BADGE_SIZE)}" '
        f'font-size="{_n(BADGE_SIZE)}" font-weight="bold" fill="#fff">{_text(mark)}</text></g>'
    )


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
