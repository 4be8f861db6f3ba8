"""Stage 3b: the transition graph between services.

A service page shows both directions of every transition, so incoming edges are derived
here once for the whole catalogue instead of being searched per page.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from kennosto.model import Catalogue, Transition


@dataclass(frozen=True)
class Graph:
    outgoing: dict[str, tuple[Transition, ...]]
    incoming: dict[str, tuple[Transition, ...]]
    paths_through: dict[str, tuple[str, ...]]

    def reachable_from(self, start: str) -> set[str]:
        """Every service a client can get to from `start` by following transitions."""
        seen = {start}
        queue = deque([start])
        while queue:
            for transition in self.outgoing.get(queue.popleft(), ()):
                if transition.target not in seen:
                    seen.add(transition.target)
                    queue.append(transition.target)
        return seen

    def path_edges(self, steps: list[str]) -> list[tuple[str, str, bool]]:
        """Consecutive step pairs, each flagged whether a transition backs it."""
        return [
            (a, b, any(t.target == b for t in self.outgoing.get(a, ())))
            for a, b in zip(steps, steps[1:], strict=False)
        ]


def build_graph(catalogue: Catalogue) -> Graph:
    outgoing = {slug: service.transitions for slug, service in catalogue.services.items()}
    incoming: dict[str, list[Transition]] = {slug: [] for slug in catalogue.services}
    for service in catalogue.services.values():
        for transition in service.transitions:
            incoming[transition.target].append(transition)
    through: dict[str, list[str]] = {slug: [] for slug in catalogue.services}
    for path in catalogue.paths.values():
        slugs = [s for step in path.steps for s in step.services]
        slugs += [a.service for a in path.alongside]
        for slug in slugs:
            if path.slug not in through[slug]:
                through[slug].append(path.slug)
    return Graph(
        outgoing=outgoing,
        incoming={slug: tuple(sorted(ts, key=lambda t: t.source)) for slug, ts in incoming.items()},
        paths_through={slug: tuple(paths) for slug, paths in through.items()},
    )
