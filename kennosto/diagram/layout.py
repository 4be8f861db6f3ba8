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

from kennosto.diagram.order import (
    Spacing,
    Work,
    assign_cross,
    reduce_crossings,
    separate_groups,
    straighten,
)
from kennosto.diagram.route import chain_points, ports, side_points

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
    """`weight` says how much the edge wants to be straight (a path's main steps: more)."""

    source: str
    target: str
    weight: float = 1.0


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
    bands: dict[str, tuple[float, float]]  # each group's extent across the flow (y for LR)


def layout(
    nodes: Sequence[LayoutNode],
    edges: Sequence[LayoutEdge],
    *,
    direction: str = "LR",
    layers: Mapping[str, int] | None = None,
    spacing: Spacing | None = None,
    group_extent: Mapping[str, float] | None = None,
    order: Mapping[str, float] | None = None,
) -> Layout:
    """Place `nodes` and route `edges`; see the module docstring for the stages.

    `layers` fixes the layer of some or all nodes (the others follow by longest path).
    `group_extent` gives a group's minimum size across the flow (room for its label).
    `order` ranks some nodes along the flow (a path's steps): an edge from a higher to a
    lower rank is a loop back, whatever the input order, so a chain that returns to its
    start is still drawn from its first step on.
    """
    if direction not in ("LR", "TB"):
        raise ValueError(f"direction must be 'LR' or 'TB', not {direction!r}")
    sp = spacing or Spacing()
    index = _index_nodes(nodes)
    pairs = [_edge_pair(e, index) for e in edges]
    fixed = {index[k]: v for k, v in (layers or {}).items() if k in index}
    rank = [(order or {}).get(node.id) for node in nodes]
    back = _back_edges(len(nodes), pairs, rank)
    layer_of = _assign_layers(len(nodes), pairs, back, fixed)
    w, chains = _build(nodes, edges, pairs, layer_of, direction)
    crossings = reduce_crossings(w)
    assign_cross(w, sp)
    for _ in range(2):  # a second pass uses room the first one freed
        straighten(w, chains, sp)
    names = _group_names(nodes)
    if len(names) > 1:
        extents = {i: (group_extent or {}).get(g, 0.0) for i, g in enumerate(names)}
        separate_groups(w, sp.group_gap, extents)
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


def _back_edges(
    n: int, pairs: list[tuple[int, int]], rank: Sequence[float | None] = ()
) -> set[int]:
    """Edges closing a cycle: first those going against `rank` (both ends ranked), then
    those an iterative DFS finds, from the ranked nodes in rank order, then the others in
    input order (so deterministic)."""
    rank = list(rank) or [None] * n
    out: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    back: set[int] = set()
    for i, (s, t) in enumerate(pairs):
        rs, rt = rank[s], rank[t]
        if rs is not None and rt is not None and rs > rt:
            back.add(i)
        elif s != t:
            out[s].append((t, i))
    state = [0] * n  # 0 new, 1 on the stack, 2 done
    ranked = sorted((r, v) for v, r in enumerate(rank) if r is not None)
    roots = [v for _, v in ranked] + [v for v in range(n) if rank[v] is None]
    for root in roots:
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
    nodes: Sequence[LayoutNode],
    edges: Sequence[LayoutEdge],
    pairs: list[tuple[int, int]],
    layer_of: list[int],
    direction: str,
) -> tuple[Work, list[list[int]]]:
    """Real items, then a dummy per layer crossed by a long edge; chains run low -> high."""
    rank_of = {g: i for i, g in enumerate(_group_names(nodes))}
    w = Work(len(nodes))
    for node, lay in zip(nodes, layer_of, strict=True):
        f, c = (node.width, node.height) if direction == "LR" else (node.height, node.width)
        w.add(lay, f, c, rank_of[node.group])
    chains: list[list[int]] = []
    for (s, t), edge in zip(pairs, edges, strict=True):
        if layer_of[s] == layer_of[t]:
            chains.append([])
            continue
        a, b = (s, t) if layer_of[s] < layer_of[t] else (t, s)
        chain = [a]
        rank = w.rank[a] if w.rank[a] == w.rank[b] else w.rank[s]
        for lay in range(layer_of[a] + 1, layer_of[b]):
            chain.append(w.add(lay, 0.0, 2.0, rank))
        chain.append(b)
        weight = edge.weight * (0.5 if a != s else 1.0)  # loops back matter less
        for u, v in zip(chain, chain[1:], strict=False):
            w.link(u, v, weight)
        chains.append(chain)
    w.layers = [[] for _ in range(max(layer_of, default=-1) + 1)]
    for v in sorted(range(len(w.layer)), key=lambda v: (w.rank[v], v)):
        w.layers[w.layer[v]].append(v)
    w.pos = [0] * len(w.layer)
    for layer in w.layers:
        w.set_order(layer)
    return w, chains


def _flow_positions(w: Work, layer_gap: float) -> tuple[list[float], list[float]]:
    sizes = [max((w.fsize[v] for v in layer), default=0.0) for layer in w.layers]
    starts: list[float] = []
    at = 0.0
    for size in sizes:
        starts.append(at)
        at += size + layer_gap
    return starts, sizes


def _finish(
    nodes: Sequence[LayoutNode],
    pairs: list[tuple[int, int]],
    chains: list[list[int]],
    w: Work,
    starts: list[float],
    sizes: list[float],
    sp: Spacing,
    direction: str,
    crossings: int,
) -> Layout:
    """Route every edge, move the drawing to the origin and map (flow, cross) to (x, y)."""
    port_of = ports(w, chains, pairs, sp.port_step)
    raw: list[tuple[list[Point], bool, str]] = []
    gaps: list[tuple[int, ...]] = []
    for i, (s, t) in enumerate(pairs):
        if chains[i]:
            pts, gap = chain_points(w, chains[i], port_of[i], starts, sizes)
            rev = chains[i][0] != s
            raw.append((pts[::-1] if rev else pts, rev, "normal"))
            gaps.append(tuple(sorted(len(pts) - 2 - g for g in gap)) if rev else tuple(gap))
        else:
            kind = "self" if s == t else "flat"
            raw.append((side_points(w, s, t, starts, sizes, sp.layer_gap), False, kind))
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
        bands=_bands(nodes, w, c0),
    )


def _bands(nodes: Sequence[LayoutNode], w: Work, c0: float) -> dict[str, tuple[float, float]]:
    """Across the flow, where each group's items (its long edges too) lie: its cluster."""
    names = _group_names(nodes)
    bands: dict[str, tuple[float, float]] = {}
    for v, r in enumerate(w.rank):
        lo, hi = w.cross[v] - w.csize[v] / 2 - c0, w.cross[v] + w.csize[v] / 2 - c0
        old = bands.get(names[r], (lo, hi))
        bands[names[r]] = (min(old[0], lo), max(old[1], hi))
    return bands
