"""Fast paths of the diagrams (and of the list data) give exactly what the general code gave.

Each test keeps the general (earlier) code as a reference and compares the two on varied
input, float for float and byte for byte: the site must stay byte-identical.
"""

from __future__ import annotations

import random
from dataclasses import fields, replace
from operator import sub

import pytest
from helpers import REPO

from kennosto.diagram import order
from kennosto.diagram.layout import (
    LayoutEdge,
    LayoutNode,
    _assign_layers,
    _back_edges,
    _build,
    _edge_pair,
    _index_nodes,
)
from kennosto.diagram.order import Spacing, Work, reduce_crossings
from kennosto.diagram.svg import DiagramNode
from kennosto.diagram.textfit import text_width, wrap_measured, wrap_text
from kennosto.diagrams import _as_centre
from kennosto.graph import build_graph
from kennosto.pipeline import load_model
from kennosto.referral import list_entry, split_transitions
from kennosto.render import Localizer, load_strings

# --- layout: cross-axis placement ---------------------------------------------------------


def _place_layer_general(w: Work, layer: list[int], offs: list[float], down: bool, both: bool):
    cross = w.cross
    targets: list[float] = []
    weights: list[float] = []
    for v, o in zip(layer, offs, strict=True):
        ns, ws = (w.up[v], w.upw[v]) if down else (w.down[v], w.downw[v])
        if both:
            ns, ws = w.up[v] + w.down[v], w.upw[v] + w.downw[v]
        total = sum(ws)
        if total > 0:
            targets.append(sum(cross[u] * x for u, x in zip(ns, ws, strict=True)) / total - o)
            weights.append(total * (1.0 if v < w.n else 2.0) / len(ns))
        else:
            targets.append(cross[v] - o)
            weights.append(0.05)
    for v, o, y in zip(layer, offs, order.pool_adjacent(targets, weights), strict=True):
        cross[v] = y + o


def _assign_cross_general(w: Work, sp: Spacing, sweeps: int = 8) -> None:
    offsets = [order._separations(w, layer, sp) for layer in w.layers]
    w.cross = [0.0] * len(w.layer)
    for layer, offs in zip(w.layers, offsets, strict=True):
        mid = offs[-1] / 2 if offs else 0.0
        for v, o in zip(layer, offs, strict=True):
            w.cross[v] = o - mid
    lays = list(range(len(w.layers)))
    for _ in range(sweeps // 2):
        before = w.cross[:]
        for lay in lays:
            _place_layer_general(w, w.layers[lay], offsets[lay], True, False)
        for lay in reversed(lays):
            _place_layer_general(w, w.layers[lay], offsets[lay], False, False)
        if max(map(abs, map(sub, w.cross, before)), default=0.0) < order.SETTLED:
            break
    for lay in lays:
        _place_layer_general(w, w.layers[lay], offsets[lay], True, True)


def _work(seed: int) -> Work:
    """A laid-out graph up to crossing reduction: random sizes, weights and long edges."""
    rnd = random.Random(seed)
    n = rnd.randint(1, 40)
    nodes = [
        LayoutNode(f"n{i}", rnd.choice((112.0, 150.5, 200.0)), rnd.choice((42.0, 60.0, 77.3)))
        for i in range(n)
    ]
    weights = (0.0, 0.3, 1.0, 8.0, 2.7)
    edges = [
        LayoutEdge(f"n{rnd.randrange(n)}", f"n{rnd.randrange(n)}", rnd.choice(weights))
        for _ in range(rnd.randint(0, 3 * n))
    ]
    index = _index_nodes(nodes)
    pairs = [_edge_pair(e, index) for e in edges]
    back = _back_edges(n, pairs)
    layer_of = _assign_layers(n, pairs, back, {})
    w, _ = _build(nodes, edges, pairs, layer_of, rnd.choice(("LR", "TB")))
    reduce_crossings(w)
    return w


@pytest.mark.parametrize("seed", range(60))
def test_assign_cross_places_every_item_exactly_as_the_general_sweeps(seed: int) -> None:
    sp = Spacing()
    fast, general = _work(seed), _work(seed)
    order.assign_cross(fast, sp)
    _assign_cross_general(general, sp)
    assert fast.cross == general.cross


def test_isotonic_fit_is_the_general_fit() -> None:
    rnd = random.Random(3)
    for _ in range(500):
        k = rnd.randint(0, 8)
        targets = [rnd.choice((-3.0, 0.0, 1.5, rnd.uniform(-50, 50))) for _ in range(k)]
        if rnd.random() < 0.4:
            targets.sort()
        weights = [rnd.choice((0.05, 0.3, 1.0, 2.0, 8.0)) for _ in range(k)]
        assert order._isotonic(targets[:], weights) == order.pool_adjacent(targets, weights)


# --- text: wrapping measures its lines as it goes -------------------------------------------


def _widest_general(lines: list[str], size: float, bold: bool) -> float:
    return max([text_width(line, size, bold) for line in lines], default=0.0)


@pytest.mark.parametrize("bold", [False, True])
def test_wrapping_measures_its_lines_as_text_width_does(bold: bool) -> None:
    rnd = random.Random(11)
    words = [
        "Työkyvyn",
        "tuki",
        "Kuntoutustutkimuspoliklinikka",
        "TYP\u00a0–",
        "työllisyys\u00adpalvelut",
        "Mielenterveys-",
        "ja",
        "päihdepalvelut",
        "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
        "日本語のテキスト",
        "\u00ad",
        "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t",
        "",
    ]
    for _ in range(400):
        text = rnd.choice((" ", "  ", "\t", "\u00a0")).join(
            rnd.choice(words) for _ in range(rnd.randint(0, 9))
        )
        size = rnd.choice((12.0, 13.0, 14.0))
        avail = rnd.choice((60.0, 180.0, 400.0))
        lines, widest = wrap_measured(text, avail, size, bold)
        assert lines == wrap_text(text, avail, size, bold)
        assert widest == _widest_general(lines, size, bold)


# --- neighbourhoods: a page's centre box --------------------------------------------------


def test_centre_node_is_the_neighbour_node_made_current_without_its_link() -> None:
    values = {
        "id": "x",
        "label": "Label",
        "sublabel": "Sub",
        "href": "../x/",
        "current": False,
        "group": "G",
        "shape": "team",
        "badge": "3",
        "minor": True,
    }
    assert [f.name for f in fields(DiagramNode)] == list(values)  # a new field: add it here
    node = DiagramNode(**values)
    assert _as_centre(node) == replace(node, href=None, current=True)


# --- the list page's data: names of next steps and ways in kept per language ---------------


@pytest.mark.parametrize("root", [REPO, REPO / "examples" / "pirkanmaa"])
def test_list_entries_name_their_neighbours_as_when_each_is_named_afresh(root) -> None:
    _, catalogue = load_model(root)
    graph = build_graph(catalogue)
    strings = load_strings(root)
    for lang in catalogue.settings.languages:
        L = Localizer(lang, strings)
        named: dict[str, list[str]] = {}
        for service in catalogue.services.values():
            kept = list_entry(catalogue, graph, service, L, named)
            assert kept == list_entry(catalogue, graph, service, L)
            steps, _ = split_transitions(
                [(t, catalogue.services[t.target]) for t in graph.outgoing[service.slug]]
            )
            assert kept["next"] == [[s.slug, L.plain(s.name)] for _, s in steps]
        assert named  # the catalogues have transitions: names were kept
