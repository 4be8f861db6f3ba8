"""Edge routes of a layered layout: ports on box sides, points through the gaps.

Split from kennosto.diagram.layout to keep each module small. Coordinates are (flow, cross).
"""

from __future__ import annotations

from kennosto.diagram.order import Work

Point = tuple[float, float]


def ports(
    w: Work, chains: list[list[int]], pairs: list[tuple[int, int]], step: float
) -> list[list[float]]:
    """Where each chain leaves and enters its boxes, across the flow.

    Edges sharing a side are spread in the order of their other ends (so they don't
    cross at the box); loops back go last, so they run beside their forward twin.
    """
    sides: tuple[dict[int, list[tuple[float, bool, int]]], ...] = ({}, {})
    for i, ch in enumerate(chains):
        if ch:
            rev = ch[0] != pairs[i][0]
            sides[0].setdefault(ch[0], []).append((w.cross[ch[1]], rev, i))
            sides[1].setdefault(ch[-1], []).append((w.cross[ch[-2]], rev, i))
    ports = [[0.0, 0.0] for _ in chains]
    for slot, side in enumerate(sides):
        for v, entries in side.items():
            entries.sort()
            k = len(entries)
            st = min(step, max(w.csize[v] - 8.0, 0.0) / max(k - 1, 1))
            for j, (_, _, i) in enumerate(entries):
                ports[i][slot] = w.cross[v] + (j - (k - 1) / 2) * st
    return ports


def chain_points(
    w: Work, ch: list[int], port: list[float], starts: list[float], sizes: list[float]
) -> tuple[list[Point], list[int]]:
    """Border port, along the flow to the column edge, diagonals only in the gaps.

    The run along the flow next to a box narrower than its column is only kept when a
    straight line from the border would cut a wider neighbour box.
    """
    a, b = ch[0], ch[-1]
    la, lb = w.layer[a], w.layer[b]
    a_end = starts[la] + (sizes[la] + w.fsize[a]) / 2
    pts: list[Point] = [(a_end, port[0])]
    stub_a = starts[la] + sizes[la] > a_end + 0.01
    if stub_a:
        pts.append((starts[la] + sizes[la], port[0]))
    gaps: list[int] = []
    for d in ch[1:-1]:
        lay = w.layer[d]
        gaps.append(len(pts) - 1)
        pts += [(starts[lay], w.cross[d]), (starts[lay] + sizes[lay], w.cross[d])]
    gaps.append(len(pts) - 1)
    b_start = starts[lb] + (sizes[lb] - w.fsize[b]) / 2
    stub_b = b_start > starts[lb] + 0.01
    if stub_b:
        pts.append((starts[lb], port[1]))
    pts.append((b_start, port[1]))
    if stub_a and _clear(w, (la, lb), (a, b), pts[0], pts[2], starts, sizes):
        del pts[1]
        gaps = [g - 1 for g in gaps]
    if stub_b and _clear(w, (la, lb), (a, b), pts[-3], pts[-1], starts, sizes):
        del pts[-2]
    return pts, gaps


def _clear(
    w: Work,
    lays: tuple[int, int],
    skip: tuple[int, int],
    p: Point,
    q: Point,
    starts: list[float],
    sizes: list[float],
) -> bool:
    """True when segment p-q keeps 4 px away from every other box in the given layers."""
    m = 4.0
    for lay in lays:
        centre = starts[lay] + sizes[lay] / 2
        for v in w.layers[lay]:
            if v >= w.n or v in skip:
                continue
            f0, f1 = centre - w.fsize[v] / 2 - m, centre + w.fsize[v] / 2 + m
            c0, c1 = w.cross[v] - w.csize[v] / 2 - m, w.cross[v] + w.csize[v] / 2 + m
            if _hits(p, q, f0, f1, c0, c1):
                return False
    return True


def _hits(p: Point, q: Point, f0: float, f1: float, c0: float, c1: float) -> bool:
    """Liang-Barsky: does segment p-q enter the rectangle [f0, f1] x [c0, c1]?"""
    t0, t1 = 0.0, 1.0
    df, dc = q[0] - p[0], q[1] - p[1]
    for step, dist in ((-df, p[0] - f0), (df, f1 - p[0]), (-dc, p[1] - c0), (dc, c1 - p[1])):
        if step == 0:
            if dist < 0:
                return False
            continue
        t = dist / step
        if step < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def side_points(
    w: Work, u: int, v: int, starts: list[float], sizes: list[float], gap: float
) -> list[Point]:
    """A flat edge (same layer) or a self loop: out of the flow-end side, round, back in."""
    lay = w.layer[u]
    out = starts[lay] + sizes[lay] + gap * 0.4
    fu = starts[lay] + (sizes[lay] + w.fsize[u]) / 2
    fv = starts[lay] + (sizes[lay] + w.fsize[v]) / 2
    qu, qv = w.csize[u] / 4, w.csize[v] / 4
    if u == v:
        cu = w.cross[u]
        return [(fu, cu - qu), (fu + gap * 0.4, cu - qu), (fu + gap * 0.4, cu + qu), (fu, cu + qu)]
    sign = 1.0 if w.cross[v] >= w.cross[u] else -1.0
    cu, cv = w.cross[u] + sign * qu, w.cross[v] - sign * qv
    return [(fu, cu), (out, (cu + cv) / 2), (fv, cv)]
