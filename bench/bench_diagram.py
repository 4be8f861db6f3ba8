"""Time the diagram engine: a service neighbourhood and a large synthetic graph.

Run: python bench/bench_diagram.py
Targets: a 3-column, 20-node neighbourhood well under 2 ms; 500 nodes and 1000 edges
under 2 s. The graphs are generated from a fixed seed, so figures are comparable.
The build draws service neighbourhoods with columns.render_columns, not the layered
engine timed here; bench_diagram_stages.py times the build's own diagram stages.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from kennosto.diagram import DiagramEdge, DiagramNode, render_diagram
from kennosto.diagram.layout import LayoutEdge, LayoutNode, layout

WORDS = (
    "Työkyvyn tuki",
    "Kuntoutustutkimuspoliklinikka",
    "Ammatillinen kuntoutus",
    "Työkokeilu",
    "Mielenterveys- ja päihdepalvelut",
    "Ohjaamo",
    "Kuntouttava työtoiminta",
)


def neighbourhood(n_in: int = 8, n_out: int = 11) -> tuple[list, list, dict[str, int]]:
    """Clients come from n_in services to the centre and move on to n_out services."""
    ins = [
        DiagramNode(f"in{i}", WORDS[i % 7], "Hyvinvointialue", href=f"../in{i}/")
        for i in range(n_in)
    ]
    outs = [
        DiagramNode(f"out{i}", WORDS[(i + 3) % 7], "Kela", href=f"../out{i}/") for i in range(n_out)
    ]
    centre = DiagramNode("c", "Työkykykoordinaattori", "Päijät-Häme", current=True)
    edges = [DiagramEdge(n.id, "c") for n in ins]
    edges += [DiagramEdge("c", n.id, secondary=i % 4 == 3) for i, n in enumerate(outs)]
    layers = {**{n.id: 0 for n in ins}, "c": 1, **{n.id: 2 for n in outs}}
    return [*ins, centre, *outs], edges, layers


def random_graph(n: int = 500, m: int = 1000, seed: int = 7) -> tuple[list, list]:
    """Mostly forward edges between nearby services, some long jumps and loops back."""
    rnd = random.Random(seed)
    nodes = [DiagramNode(f"s{i}", f"{WORDS[i % 7]} {i}", "Palveluntuottaja") for i in range(n)]
    edges = []
    for _ in range(m):
        a = rnd.randrange(n)
        b = min(n - 1, a + rnd.randint(1, 12)) if rnd.random() < 0.9 else rnd.randrange(n)
        if a != b:
            edges.append(DiagramEdge(f"s{a}", f"s{b}"))
    return nodes, edges


def best_of(fn: Callable[[], object], repeat: int, number: int) -> float:
    """Best mean time per call, in seconds, over `repeat` rounds of `number` calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return min(times)


def main() -> None:
    nodes, edges, layers = neighbourhood()
    t = best_of(lambda: render_diagram(nodes, edges, title="t", desc="d", layers=layers), 5, 200)
    print(f"neighbourhood, {len(nodes)} nodes, {len(edges)} edges, render: {t * 1000:.2f} ms")

    nodes, edges = random_graph()
    lay_nodes = [LayoutNode(n.id, 160, 50) for n in nodes]
    lay_edges = [LayoutEdge(e.source, e.target) for e in edges]
    result = layout(lay_nodes, lay_edges)
    t_layout = best_of(lambda: layout(lay_nodes, lay_edges), 3, 1)
    t_render = best_of(lambda: render_diagram(nodes, edges, title="t", desc="d"), 3, 1)
    size = len(render_diagram(nodes, edges, title="t", desc="d"))
    print(
        f"random graph, {len(nodes)} nodes, {len(edges)} edges: layout {t_layout:.2f} s, "
        f"layout + render {t_render:.2f} s ({len(set(result.layers.values()))} layers, "
        f"{result.crossings} crossings, {size // 1024} KiB of SVG)"
    )


if __name__ == "__main__":
    main()
