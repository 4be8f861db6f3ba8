"""Layered (Sugiyama-style) layout of a directed graph, in pure Python.

Referral paths and service neighbourhoods are small directed graphs whose meaning is a
flow ("from here the client moves on to there"), so a layered drawing that keeps the flow
in one direction is what a reader expects. We do it ourselves, deterministically, instead
of shelling out to Graphviz: the build must not depend on a binary and two builds must be
byte-identical.

Stages: cycle removal (DFS, input order) -> layers (longest path or caller-fixed) ->
dummy items for long edges -> crossing reduction (barycenter sweeps + transpose, group
members kept adjacent) -> cross-axis coordinates (isotonic regression sweeps, so edges are
straight where the order allows) -> flow-axis coordinates -> edge routes with ports.

Internally everything is computed in (flow, cross) coordinates; only the end result is
turned into (x, y) for "LR" (flow = x) or "TB" (flow = y).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class LayoutNode:
    """A box to place; `group` clusters nodes (kept adjacent, in bands of their own)."""

    id: str
    width: float
    height: float
    group: str = ""


@dataclass(frozen=True, slots=True)
class LayoutEdge:
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Box:
    """A placed node: (x, y) is the centre, so the caller can draw text centred."""

    id: str
    x: float
    y: float
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.y - self.height / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True, slots=True)
class Route:
    """An edge as drawn, in its own direction (source first); endpoints lie on box borders.

    kind is "normal", "flat" (both ends in one caller-fixed layer) or "self" (a loop).
    reversed means the edge goes against the flow: a loop back.
    """

    source: str
    target: str
    points: tuple[Point, ...]
    reversed: bool = False
    kind: str = "normal"
    gaps: tuple[int, ...] = ()  # segments (i -> i+1) that cross a gap between layers


@dataclass(frozen=True, slots=True)
class Layout:
    boxes: dict[str, Box]
    routes: tuple[Route, ...]  # one per input edge, in input order
    width: float
    height: float
    reversed: tuple[int, ...]  # indexes of input edges drawn against the flow
    layers: dict[str, int]
    crossings: int
    direction: str


@dataclass(frozen=True, slots=True)
class Spacing:
    node_gap: float = 20.0  # between boxes in one layer
    layer_gap: float = 56.0  # between layers, where edges bend
    dummy_gap: float = 10.0  # next to a long edge passing through a layer
    group_gap: float = 48.0  # between the bands of two groups
    port_step: float = 10.0  # between edges sharing one side of a box


class _Work:
    """Mutable state of one run. Items 0..n-1 are the real nodes, then the dummies."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.layer: list[int] = []
        self.fsize: list[float] = []  # extent along the flow
        self.csize: list[float] = []  # extent across the flow
        self.rank: list[int] = []  # group rank: the constraint on the order in a layer
        self.up: list[list[int]] = []
        self.down: list[list[int]] = []
        self.layers: list[list[int]] = []
        self.pos: list[int] = []
        self.cross: list[float] = []

    def add(self, layer: int, fsize: float, csize: float, rank: int) -> int:
        self.layer.append(layer)
        self.fsize.append(fsize)
        self.csize.append(csize)
        self.rank.append(rank)
        self.up.append([])
        self.down.append([])
        return len(self.layer) - 1

    def link(self, u: int, v: int) -> None:
        self.down[u].append(v)
        self.up[v].append(u)

    def set_order(self, layer: list[int]) -> None:
        for i, v in enumerate(layer):
            self.pos[v] = i


def layout(
    nodes: Sequence[LayoutNode],
    edges: Sequence[LayoutEdge],
    *,
    direction: str = "LR",
    layers: Mapping[str, int] | None = None,
    spacing: Spacing | None = None,
    group_extent: Mapping[str, float] | None = None,
) -> Layout:
    """Place `nodes` and route `edges`; see the module docstring for the stages.

    `layers` fixes the layer of some or all nodes (the others follow by longest path).
    `group_extent` gives a group's minimum size across the flow (room for its label).
    """
    if direction not in ("LR", "TB"):
        raise ValueError(f"direction must be 'LR' or 'TB', not {direction!r}")
    sp = spacing or Spacing()
    index = _index_nodes(nodes)
    pairs = [_edge_pair(e, index) for e in edges]
    fixed = {index[k]: v for k, v in (layers or {}).items() if k in index}
    back = _back_edges(len(nodes), pairs)
    layer_of = _assign_layers(len(nodes), pairs, back, fixed)
    w, chains = _build(nodes, pairs, layer_of, direction)
    crossings = _reduce_crossings(w)
    _assign_cross(w, sp)
    _straighten(w, chains, sp)
    names = _group_names(nodes)
    if len(names) > 1:
        extents = {i: (group_extent or {}).get(g, 0.0) for i, g in enumerate(names)}
        _separate_groups(w, sp.group_gap, extents)
    starts, sizes = _flow_positions(w, sp.layer_gap)
    return _finish(nodes, pairs, chains, w, starts, sizes, sp, direction, crossings)


def _index_nodes(nodes: Sequence[LayoutNode]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, node in enumerate(nodes):
        if node.id in index:
            raise ValueError(f"duplicate node id {node.id!r}")
        index[node.id] = i
    return index


def _edge_pair(edge: LayoutEdge, index: dict[str, int]) -> tuple[int, int]:
    for end in (edge.source, edge.target):
        if end not in index:
            raise ValueError(f"edge {edge.source!r} -> {edge.target!r}: unknown node {end!r}")
    return index[edge.source], index[edge.target]


def _back_edges(n: int, pairs: list[tuple[int, int]]) -> set[int]:
    """Edges closing a cycle, found by an iterative DFS in input order (so deterministic)."""
    out: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for i, (s, t) in enumerate(pairs):
        if s != t:
            out[s].append((t, i))
    state = [0] * n  # 0 new, 1 on the stack, 2 done
    back: set[int] = set()
    for root in range(n):
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, 0)]
        while stack:
            v, k = stack[-1]
            if k == len(out[v]):
                state[v] = 2
                stack.pop()
                continue
            stack[-1] = (v, k + 1)
            t, i = out[v][k]
            if state[t] == 1:
                back.add(i)
            elif state[t] == 0:
                state[t] = 1
                stack.append((t, 0))
    return back


def _assign_layers(
    n: int, pairs: list[tuple[int, int]], back: set[int], fixed: dict[int, int]
) -> list[int]:
    """Longest-path layers on the acyclic graph; fixed nodes keep the caller's layer.

    Sources are then pulled next to their first successor so they don't dangle far to
    the left with long edges. Layers are compacted to 0..k-1 at the end.
    """
    succ: list[list[int]] = [[] for _ in range(n)]
    indeg = [0] * n
    for i, (s, t) in enumerate(pairs):
        if s == t:
            continue
        a, b = (t, s) if i in back else (s, t)
        succ[a].append(b)
        indeg[b] += 1
    preds = indeg[:]
    layer = [fixed.get(v, 0) for v in range(n)]
    queue = deque(v for v in range(n) if indeg[v] == 0)
    topo: list[int] = []
    while queue:
        v = queue.popleft()
        topo.append(v)
        for t in succ[v]:
            if t not in fixed:
                layer[t] = max(layer[t], layer[v] + 1)
            indeg[t] -= 1
            if indeg[t] == 0:
                queue.append(t)
    for v in reversed(topo):
        if v not in fixed and preds[v] == 0 and succ[v]:
            layer[v] = max(layer[v], min(layer[t] for t in succ[v]) - 1)
    ranks = {value: i for i, value in enumerate(sorted(set(layer)))}
    return [ranks[value] for value in layer]


def _group_names(nodes: Sequence[LayoutNode]) -> list[str]:
    names: dict[str, None] = {}
    for node in nodes:
        names.setdefault(node.group, None)
    return list(names)


def _build(
    nodes: Sequence[LayoutNode], pairs: list[tuple[int, int]], layer_of: list[int], direction: str
) -> tuple[_Work, list[list[int]]]:
    """Real items, then a dummy per layer crossed by a long edge; chains run low -> high."""
    rank_of = {g: i for i, g in enumerate(_group_names(nodes))}
    w = _Work(len(nodes))
    for node, lay in zip(nodes, layer_of, strict=True):
        f, c = (node.width, node.height) if direction == "LR" else (node.height, node.width)
        w.add(lay, f, c, rank_of[node.group])
    chains: list[list[int]] = []
    for s, t in pairs:
        if layer_of[s] == layer_of[t]:
            chains.append([])
            continue
        a, b = (s, t) if layer_of[s] < layer_of[t] else (t, s)
        chain = [a]
        rank = w.rank[a] if w.rank[a] == w.rank[b] else w.rank[s]
        for lay in range(layer_of[a] + 1, layer_of[b]):
            chain.append(w.add(lay, 0.0, 2.0, rank))
        chain.append(b)
        for u, v in zip(chain, chain[1:], strict=False):
            w.link(u, v)
        chains.append(chain)
    w.layers = [[] for _ in range(max(layer_of, default=-1) + 1)]
    for v in sorted(range(len(w.layer)), key=lambda v: (w.rank[v], v)):
        w.layers[w.layer[v]].append(v)
    w.pos = [0] * len(w.layer)
    for layer in w.layers:
        w.set_order(layer)
    return w, chains


def _reduce_crossings(w: _Work, iterations: int = 12) -> int:
    """Alternate down/up barycenter sweeps with transposition; keep the best order seen."""
    best = _total_crossings(w)
    best_order = [layer[:] for layer in w.layers]
    stale = 0
    for it in range(iterations):
        if best == 0 or stale >= 4:
            break
        if it % 2 == 0:
            for lay in range(1, len(w.layers)):
                _sort_layer(w, lay, w.up, len(w.layers[lay - 1]))
        else:
            for lay in range(len(w.layers) - 2, -1, -1):
                _sort_layer(w, lay, w.down, len(w.layers[lay + 1]))
        _transpose(w)
        count = _total_crossings(w)
        if count < best:
            best, best_order, stale = count, [layer[:] for layer in w.layers], 0
        else:
            stale += 1
    w.layers = best_order
    for layer in w.layers:
        w.set_order(layer)
    return best


def _sort_layer(w: _Work, lay: int, nbrs: list[list[int]], size: int) -> None:
    """Order by (group, barycenter, old place): ties and isolated items keep input order."""
    layer = w.layers[lay]
    pos = w.pos
    scale = size / len(layer) if layer else 1.0
    keys = []
    for i, v in enumerate(layer):
        ns = nbrs[v]
        bary = sum(pos[u] for u in ns) / len(ns) if ns else i * scale
        keys.append((w.rank[v], bary, i, v))
    keys.sort()
    w.layers[lay] = [k[3] for k in keys]
    w.set_order(w.layers[lay])


def _pair_crossings(w: _Work, u: int, v: int) -> tuple[int, int]:
    """Crossings among the edges of u and v: with u before v, and with v before u."""
    pos = w.pos
    before = after = 0
    for nbrs in (w.up, w.down):
        nv = nbrs[v]
        if not nv:
            continue
        pv = [pos[b] for b in nv]
        for a in nbrs[u]:
            pa = pos[a]
            for pb in pv:
                if pa > pb:
                    before += 1
                elif pa < pb:
                    after += 1
    return before, after


def _transpose(w: _Work, passes: int = 4) -> None:
    """Swap neighbours in a layer while that strictly lowers the crossings.

    Only layers next to a layer that changed in the previous pass are looked at again.
    """
    dirty = set(range(len(w.layers)))
    up, down, pos, rank = w.up, w.down, w.pos, w.rank
    for _ in range(passes):
        changed: set[int] = set()
        for lay in sorted(dirty):
            layer = w.layers[lay]
            for i in range(len(layer) - 1):
                u, v = layer[i], layer[i + 1]
                if rank[u] != rank[v]:
                    continue
                uu, vu, ud, vd = up[u], up[v], down[u], down[v]
                if len(uu) == len(vu) == len(ud) == len(vd) == 1:  # two long-edge dummies
                    a, b, c, d = pos[uu[0]], pos[vu[0]], pos[ud[0]], pos[vd[0]]
                    before, after = (a > b) + (c > d), (a < b) + (c < d)
                else:
                    before, after = _pair_crossings(w, u, v)
                if before > after:
                    layer[i], layer[i + 1] = v, u
                    w.pos[u], w.pos[v] = i + 1, i
                    changed.add(lay)
        if not changed:
            return
        dirty = {n for lay in changed for n in (lay - 1, lay, lay + 1) if 0 <= n < len(w.layers)}


def _total_crossings(w: _Work) -> int:
    """Inversions between consecutive layers, counted with a Fenwick tree."""
    total = 0
    pos = w.pos
    for lay in range(len(w.layers) - 1):
        size = len(w.layers[lay + 1])
        tree = [0] * (size + 1)
        seen = 0
        for u in w.layers[lay]:
            for p in sorted(pos[v] for v in w.down[u]):
                i, below = p + 1, 0
                while i > 0:
                    below += tree[i]
                    i -= i & -i
                total += seen - below
                i = p + 1
                while i <= size:
                    tree[i] += 1
                    i += i & -i
                seen += 1
    return total


def _sep(w: _Work, a: int, b: int, sp: Spacing) -> float:
    """Least distance between the centres of neighbours a and b in one layer."""
    gap = sp.node_gap if a < w.n and b < w.n else sp.dummy_gap
    if w.rank[a] != w.rank[b]:
        gap += sp.group_gap
    return (w.csize[a] + w.csize[b]) / 2 + gap


def _separations(w: _Work, layer: list[int], sp: Spacing) -> list[float]:
    """Offset of each item from the first when packed as tightly as allowed."""
    offsets = [0.0]
    for a, b in zip(layer, layer[1:], strict=False):
        offsets.append(offsets[-1] + _sep(w, a, b, sp))
    return offsets


def _straighten(w: _Work, chains: list[list[int]], sp: Spacing) -> None:
    """Put the dummies of each long edge on one line where their neighbours leave room.

    The regression sweeps leave long edges slightly wavy; a ruler-straight run reads far
    better and this greedy pass cannot break order or spacing.
    """
    for ch in chains:
        dummies = ch[1:-1]
        if len(dummies) < 2:
            continue
        lo, hi = float("-inf"), float("inf")
        for d in dummies:
            layer, i = w.layers[w.layer[d]], w.pos[d]
            if i > 0:
                lo = max(lo, w.cross[layer[i - 1]] + _sep(w, layer[i - 1], d, sp))
            if i + 1 < len(layer):
                hi = min(hi, w.cross[layer[i + 1]] - _sep(w, d, layer[i + 1], sp))
        if lo > hi:
            continue
        values = sorted(w.cross[d] for d in dummies)
        target = min(max(values[len(values) // 2], lo), hi)
        for d in dummies:
            w.cross[d] = target


def _isotonic(targets: list[float], weights: list[float]) -> list[float]:
    """Weighted least-squares non-decreasing fit (pool adjacent violators), O(n)."""
    vals: list[float] = []
    wts: list[float] = []
    cnts: list[int] = []
    for t, wt in zip(targets, weights, strict=True):
        vals.append(t)
        wts.append(wt)
        cnts.append(1)
        while len(vals) > 1 and vals[-2] > vals[-1]:
            v2, w2, c2 = vals.pop(), wts.pop(), cnts.pop()
            tw = wts[-1] + w2
            vals[-1] = (vals[-1] * wts[-1] + v2 * w2) / tw
            wts[-1] = tw
            cnts[-1] += c2
    out: list[float] = []
    for v, c in zip(vals, cnts, strict=True):
        out.extend([v] * c)
    return out


def _assign_cross(w: _Work, sp: Spacing, sweeps: int = 8) -> None:
    """Pull each item towards its neighbours' mean without breaking order or spacing.

    Each layer is an isotonic regression in offset space, solved exactly; alternating
    sweeps settle parents over children and keep long edges (heavy dummies) straight.
    """
    offsets = [_separations(w, layer, sp) for layer in w.layers]
    w.cross = [0.0] * len(w.layer)
    for layer, offs in zip(w.layers, offsets, strict=True):
        mid = offs[-1] / 2 if offs else 0.0
        for v, o in zip(layer, offs, strict=True):
            w.cross[v] = o - mid
    order = list(range(len(w.layers)))
    for it in range(sweeps + 1):
        both = it == sweeps
        for lay in order if it % 2 == 0 else order[::-1]:
            nb = w.up if it % 2 == 0 else w.down
            _place_layer(w, w.layers[lay], offsets[lay], nb, w.down if both else None)


def _place_layer(
    w: _Work,
    layer: list[int],
    offs: list[float],
    nbrs: list[list[int]],
    more: list[list[int]] | None,
) -> None:
    cross = w.cross
    targets: list[float] = []
    weights: list[float] = []
    for v, o in zip(layer, offs, strict=True):
        ns = nbrs[v] + more[v] if more is not None else nbrs[v]
        if ns:
            targets.append(sum(cross[u] for u in ns) / len(ns) - o)
            weights.append(1.0 if v < w.n else 8.0)
        else:
            targets.append(cross[v] - o)
            weights.append(0.05)
    for v, o, y in zip(layer, offs, _isotonic(targets, weights), strict=True):
        cross[v] = y + o


def _separate_groups(w: _Work, gap: float, extents: dict[int, float]) -> None:
    """Shift whole groups apart so each owns a band across the flow, the same in every layer.

    Group order is the same in every layer and shifts grow with the rank, so the order
    and spacing inside each layer survive; the bands can then be drawn as clusters.
    """
    lo: dict[int, float] = {}
    hi: dict[int, float] = {}
    for v, r in enumerate(w.rank):
        half = w.csize[v] / 2
        lo[r] = min(lo.get(r, w.cross[v] - half), w.cross[v] - half)
        hi[r] = max(hi.get(r, w.cross[v] + half), w.cross[v] + half)
    shift: dict[int, float] = {}
    run, prev_hi = 0.0, None
    for r in sorted(lo):
        low, high = lo[r], hi[r]
        spare = extents.get(r, 0.0) - (high - low)
        if spare > 0:
            low, high = low - spare / 2, high + spare / 2
        if prev_hi is not None and low + run < prev_hi + gap:
            run = prev_hi + gap - low
        shift[r] = run
        prev_hi = high + run
    for v, r in enumerate(w.rank):
        w.cross[v] += shift[r]


def _flow_positions(w: _Work, layer_gap: float) -> tuple[list[float], list[float]]:
    sizes = [max((w.fsize[v] for v in layer), default=0.0) for layer in w.layers]
    starts: list[float] = []
    at = 0.0
    for size in sizes:
        starts.append(at)
        at += size + layer_gap
    return starts, sizes


def _ports(
    w: _Work, chains: list[list[int]], pairs: list[tuple[int, int]], step: float
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


def _chain_points(
    w: _Work, ch: list[int], port: list[float], starts: list[float], sizes: list[float]
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
    w: _Work,
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


def _side_points(
    w: _Work, u: int, v: int, starts: list[float], sizes: list[float], gap: float
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


def _finish(
    nodes: Sequence[LayoutNode],
    pairs: list[tuple[int, int]],
    chains: list[list[int]],
    w: _Work,
    starts: list[float],
    sizes: list[float],
    sp: Spacing,
    direction: str,
    crossings: int,
) -> Layout:
    """Route every edge, move the drawing to the origin and map (flow, cross) to (x, y)."""
    ports = _ports(w, chains, pairs, sp.port_step)
    raw: list[tuple[list[Point], bool, str]] = []
    gaps: list[tuple[int, ...]] = []
    for i, (s, t) in enumerate(pairs):
        if chains[i]:
            pts, gap = _chain_points(w, chains[i], ports[i], starts, sizes)
            rev = chains[i][0] != s
            raw.append((pts[::-1] if rev else pts, rev, "normal"))
            gaps.append(tuple(sorted(len(pts) - 2 - g for g in gap)) if rev else tuple(gap))
        else:
            kind = "self" if s == t else "flat"
            raw.append((_side_points(w, s, t, starts, sizes, sp.layer_gap), False, kind))
            gaps.append(())
    centres = [(starts[w.layer[v]] + sizes[w.layer[v]] / 2, w.cross[v]) for v in range(w.n)]
    fs = [c[0] - w.fsize[v] / 2 for v, c in enumerate(centres)]
    fs += [p[0] for pts, _, _ in raw for p in pts]
    cs = [c[1] - w.csize[v] / 2 for v, c in enumerate(centres)]
    cs += [p[1] for pts, _, _ in raw for p in pts]
    f0, c0 = min(fs, default=0.0), min(cs, default=0.0)
    f1 = max([c[0] + w.fsize[v] / 2 for v, c in enumerate(centres)] + fs, default=0.0)
    c1 = max([c[1] + w.csize[v] / 2 for v, c in enumerate(centres)] + cs, default=0.0)

    def xy(f: float, c: float) -> Point:
        return (f - f0, c - c0) if direction == "LR" else (c - c0, f - f0)

    boxes = {}
    for v, node in enumerate(nodes):
        x, y = xy(*centres[v])
        boxes[node.id] = Box(node.id, x, y, node.width, node.height)
    routes = tuple(
        Route(nodes[s].id, nodes[t].id, tuple(xy(*p) for p in pts), rev, kind, gap)
        for (s, t), (pts, rev, kind), gap in zip(pairs, raw, gaps, strict=True)
    )
    width, height = xy(f1, c1)
    return Layout(
        boxes=boxes,
        routes=routes,
        width=width,
        height=height,
        reversed=tuple(i for i, r in enumerate(routes) if r.reversed),
        layers={node.id: w.layer[v] for v, node in enumerate(nodes)},
        crossings=crossings,
        direction=direction,
    )
