"""Box outlines by kind of entry, and line styles by kind of link.

Meaning never rides on shape or dash alone: callers put the kind in the box's text (its
sublabel, which is also its accessible name) and in the page's text equivalent. Shapes
keep the box's rectangle for layout, so text that fits a box fits every shape:

- box: a service (rounded rectangle);
- team: a double border;
- role: corners cut off (an octagon);
- plan: a document with its top right corner folded;
- benefit: a thick bar down the left side;
- end: a stadium (fully rounded ends), for an outcome: the end of a path;
- span: a dotted border, for an entry that goes alongside part of a path.
"""

from __future__ import annotations

from functools import lru_cache

SHAPES = ("box", "team", "role", "plan", "benefit", "end", "span")
END_EXTRA = 16.0  # a stadium's round ends need this much more width than a box
CUT = 8.0  # a role's cut corners, a plan's folded corner
INK = "#1a1a1a"
EDGE_SECONDARY = "#5c5c5c"  # 6.7:1 on white
EDGE_GAP = "#767676"  # 4.5:1 on white: lighter than every drawn transition

# Line styles: (class, stroke attributes, arrowhead?). "" is a transition's main line.
EDGE_STYLES: dict[str, tuple[str, str, bool]] = {
    "": ("", "", True),
    "secondary": (" kn-secondary", f' stroke="{EDGE_SECONDARY}" stroke-dasharray="6 4"', True),
    "alongside": (" kn-alongside", ' stroke-dasharray="2 3"', True),
    "consult": (" kn-consult", ' stroke-dasharray="8 3 2 3"', True),
    "gap": (" kn-gap", f' stroke="{EDGE_GAP}" stroke-dasharray="4 4" marker-end="none"', False),
}


def _f(v: float) -> str:
    r = round(v, 1)
    i = int(r)
    return str(i) if r == i else repr(r)


@lru_cache(maxsize=4096)
def outline(
    shape: str, w: float, h: float, fill: str, stroke_w: str, stroke: str = INK, dash: str = ""
) -> str:
    """The outline of a `w` x `h` box at the origin (class kn-box, for the focus style);
    `stroke` and `dash` draw a side box (grey, dashed) in any shape. Cached: box sizes
    recur (a page's centre box is drawn anew on every service page)."""
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{stroke_w}"'
    if dash and shape != "span":
        paint += f' stroke-dasharray="{dash}"'
    W, H = _f(w), _f(h)
    if shape == "end":
        return f'<rect class="kn-box" width="{W}" height="{H}" rx="{_f(h / 2)}" {paint}/>'
    if shape == "role":
        c = CUT
        d = (
            f"M{_f(c)},0H{_f(w - c)}L{W},{_f(c)}V{_f(h - c)}L{_f(w - c)},{H}"
            f"H{_f(c)}L0,{_f(h - c)}V{_f(c)}z"
        )
        return f'<path class="kn-box" d="{d}" {paint}/>'
    if shape == "plan":
        c = CUT + 2
        d = f"M0,0H{_f(w - c)}L{W},{_f(c)}V{H}H0z"
        fold = f"M{_f(w - c)},0V{_f(c)}H{W}"
        return (
            f'<path class="kn-box" d="{d}" {paint}/>'
            f'<path d="{fold}" fill="none" stroke="{INK}" stroke-width="1"/>'
        )
    if shape == "span":
        return (
            f'<rect class="kn-box" width="{W}" height="{H}" rx="4" {paint} stroke-dasharray="2 3"/>'
        )
    box = f'<rect class="kn-box" width="{W}" height="{H}" rx="4" {paint}/>'
    if shape == "team":
        inner = f'width="{_f(w - 6)}" height="{_f(h - 6)}" x="3" y="3" rx="2"'
        return box + f'<rect {inner} fill="none" stroke="{INK}" stroke-width="1"/>'
    if shape == "benefit":
        return box + f'<rect width="5" height="{H}" rx="2" fill="{INK}"/>'
    return box


def edge_style(style: str) -> tuple[str, str, bool]:
    """(extra class, stroke attributes, has an arrowhead) of a line style; unknown: main."""
    return EDGE_STYLES.get(style, EDGE_STYLES[""])
