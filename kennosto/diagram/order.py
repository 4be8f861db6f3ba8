"""Layout stages that place items inside their layers: order, then coordinates.

Split from kennosto.diagram.layout to keep each module small; see there for the whole picture.
Everything here works on a `Work` (plain lists indexed by item: real nodes first, then the
dummies of long edges) and uses (flow, cross) coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import le, mul, sub


@dataclass(frozen=True, slots=True)
class Spacing:
    node_gap: float = 20.0  # between boxes in one layer
    layer_gap: float = 56.0  # between layers, where edges bend
    dummy_gap: float = 10.0  # next to a long edge passing through a layer
    group_gap: float = 48.0  # between the bands of two groups
    port_step: float = 10.0  # between edges sharing one side of a box


class Work:
    """Mutable state of one layout run. Items 0..n-1 are the real nodes, then the dummies."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.layer: list[int] = []
        self.fsize: list[float] = []  # extent along the flow
        self.csize: list[float] = []  # extent across the flow
        self.rank: list[int] = []  # group rank: the constraint on the order in a layer
        self.up: list[list[int]] = []
        self.down: list[list[int]] = []
        self.upw: list[list[float]] = []  # edge weights, parallel to up and down
        self.downw: list[list[float]] = []
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
        self.upw.append([])
        self.downw.append([])
        return len(self.layer) - 1

    def link(self, u: int, v: int, weight: float) -> None:
        self.down[u].append(v)
        self.up[v].append(u)
        self.downw[u].append(weight)
        self.upw[v].append(weight)

    def set_order(self, layer: list[int]) -> None:
        for i, v in enumerate(layer):
            self.pos[v] = i


def reduce_crossings(w: Work, iterations: int = 12) -> int:
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


def _sort_layer(w: Work, lay: int, nbrs: list[list[int]], size: int) -> None:
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


def _pair_crossings(w: Work, u: int, v: int) -> tuple[int, int]:
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


def _transpose(w: Work, passes: int = 4) -> None:
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


def _total_crossings(w: Work) -> int:
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


def _sep(w: Work, a: int, b: int, sp: Spacing) -> float:
    """Least distance between the centres of neighbours a and b in one layer."""
    gap = sp.node_gap if a < w.n and b < w.n else sp.dummy_gap
    if w.rank[a] != w.rank[b]:
        gap += sp.group_gap
    return (w.csize[a] + w.csize[b]) / 2 + gap


def _separations(w: Work, layer: list[int], sp: Spacing) -> list[float]:
    """Offset of each item from the first when packed as tightly as allowed."""
    offsets = [0.0]
    for a, b in zip(layer, layer[1:], strict=False):
        offsets.append(offsets[-1] + _sep(w, a, b, sp))
    return offsets


def straighten(w: Work, chains: list[list[int]], sp: Spacing) -> None:
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
    if all(map(le, targets, targets[1:])):  # no violator to pool: the fit is the targets
        return targets
    return pool_adjacent(targets, weights)


def pool_adjacent(targets: list[float], weights: list[float]) -> list[float]:
    """The fit by pooling adjacent violators, for any targets."""
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


SETTLED = 0.01  # px: far below the 0.1 px the SVG is written with

# How a layer is pulled in one kind of sweep: per item, its neighbours and their edge
# weights with the weights' sum (None for an item nothing pulls), and the item's weight.
Pulls = tuple[list[tuple[list[int] | None, list[float], float]], list[float]]


def assign_cross(w: Work, sp: Spacing, sweeps: int = 8) -> None:
    """Pull each item towards its neighbours' mean without breaking order or spacing.

    Each layer is an isotonic regression in offset space, solved exactly; alternating
    sweeps settle parents over children and keep long edges (heavy dummies) straight.
    Who pulls an item, and how hard, is the same in every sweep, so it is worked out once
    (`_pulls`); a sweep only computes the targets (a path diagram runs 9 sweeps of its
    10 layers: this halved the time of the build's 1,200 path diagrams).
    """
    offsets = [_separations(w, layer, sp) for layer in w.layers]
    w.cross = [0.0] * len(w.layer)
    for layer, offs in zip(w.layers, offsets, strict=True):
        mid = offs[-1] / 2 if offs else 0.0
        for v, o in zip(layer, offs, strict=True):
            w.cross[v] = o - mid
    down = [_pulls(w, layer, True, False) for layer in w.layers]
    up = [_pulls(w, layer, False, False) for layer in w.layers]
    order = list(range(len(w.layers)))
    for _ in range(sweeps // 2):
        before = w.cross[:]
        for lay in order:
            _place_layer(w.cross, w.layers[lay], offsets[lay], down[lay])
        for lay in reversed(order):
            _place_layer(w.cross, w.layers[lay], offsets[lay], up[lay])
        if max(map(abs, map(sub, w.cross, before)), default=0.0) < SETTLED:
            break  # a sweep down and up moved nothing visibly: more would not either
    for lay in order:
        _place_layer(w.cross, w.layers[lay], offsets[lay], _pulls(w, w.layers[lay], True, True))


def _pulls(w: Work, layer: list[int], down: bool, both: bool) -> Pulls:
    """Who pulls each item of `layer`: above it when sweeping down, below when up, or both."""
    rows: list[tuple[list[int] | None, list[float], float]] = []
    weights: list[float] = []
    for v in layer:
        ns, ws = (w.up[v], w.upw[v]) if down else (w.down[v], w.downw[v])
        if both:
            ns, ws = w.up[v] + w.down[v], w.upw[v] + w.downw[v]
        total = sum(ws)
        if total > 0:
            rows.append((ns, ws, total))
            weights.append(total * (1.0 if v < w.n else 2.0) / len(ns))
        else:
            rows.append((None, ws, total))
            weights.append(0.05)
    return rows, weights


def _place_layer(cross: list[float], layer: list[int], offs: list[float], pulls: Pulls) -> None:
    """Targets: the weighted mean of the pulling neighbours; an item nothing pulls stays."""
    rows, weights = pulls
    at = cross.__getitem__
    targets = [
        cross[v] - o if ns is None else sum(map(mul, map(at, ns), ws)) / total - o
        for v, o, (ns, ws, total) in zip(layer, offs, rows, strict=True)
    ]
    for v, o, y in zip(layer, offs, _isotonic(targets, weights), strict=True):
        cross[v] = y + o


def separate_groups(w: Work, gap: float, extents: dict[int, float]) -> None:
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
