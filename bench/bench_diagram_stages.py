"""Time the diagram stages of a full build on a catalogue, in one process, CPU seconds.

Run: python bench/bench_diagram_stages.py [CATALOGUE] [STAGES] [ROUNDS]
e.g. python bench/bench_diagram_stages.py /path/to/bench10k hood,path,list,finder 5

Stages, each over every language: `hood` the service neighbourhoods (each language's
boxes drawn first, as the build does before it forks, then every page's diagram), `path`
the path diagrams (wide and narrow), `list` the list pages' JSON, `finder` the finder's
data. Prints the best of ROUNDS (time.process_time) and a digest of the output, so a
change that should not alter the site can be checked here before a full build.
"""

from __future__ import annotations

import gc
import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kennosto import diagrams, pages
from kennosto.diagram import shapes, svg, textfit
from kennosto.graph import build_graph
from kennosto.path_diagram import path_diagram
from kennosto.path_page import step_views
from kennosto.pipeline import load_model
from kennosto.render import Localizer, load_strings


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    stages = (sys.argv[2] if len(sys.argv) > 2 else "hood,path,list,finder").split(",")
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    _, cat = load_model(root)
    graph = build_graph(cat)
    strings = load_strings(root)
    localizers = [Localizer(lang, strings) for lang in cat.settings.languages]

    def hood() -> str:
        out = hashlib.sha1()
        for L in localizers:
            hoods = diagrams.Neighbourhoods(cat, graph, L)
            hoods.draw_all()
            for s in cat.services.values():
                if graph.outgoing[s.slug] or graph.incoming[s.slug]:
                    out.update(hoods.diagram(s).encode())
        return out.hexdigest()

    def path() -> str:
        out = hashlib.sha1()
        for L in localizers:
            for p in cat.paths.values():
                out.update(path_diagram(cat, p, step_views(cat, graph, p), L).encode())
        return out.hexdigest()

    def json_of(make: Callable[[Localizer], str]) -> Callable[[], str]:
        return lambda: hashlib.sha1("".join(map(make, localizers)).encode()).hexdigest()

    run = {
        "hood": hood,
        "path": path,
        "list": json_of(lambda L: pages._list_json(cat, graph, L)),
        "finder": json_of(lambda L: pages._finder_json(cat, L)),
    }
    caches = (svg._wrap_cached, svg._n, svg._attr, svg._node_parts, textfit._word_units)
    caches += (shapes.outline, diagrams._name_words, diagrams.fit_class)
    gc.collect()
    gc.freeze()
    for name in stages:
        best = float("inf")
        for _ in range(rounds):
            for cache in caches:  # each round starts cold, as a build does
                cache.cache_clear()
            gc.collect()
            t0 = time.process_time()
            digest = run[name]()
            best = min(best, time.process_time() - t0)
        print(f"{name}: {best:.3f} s CPU (best of {rounds}), output {digest[:12]}", flush=True)


if __name__ == "__main__":
    main()
