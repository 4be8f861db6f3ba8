"""What a referral path's page shows: its steps with the move into each, its exits and the
entries that go alongside. The diagram (diagrams.path_diagram) draws the same data.

A step is one entry or alternatives (`any_of`). The move into a step is every transition
from an entry of the previous step to an entry of this one; a step the previous one has
no transition to is a gap, which the page and the diagram both say.
"""

from __future__ import annotations

from dataclasses import dataclass

from kennosto.graph import Graph
from kennosto.model import Alongside, Catalogue, PathStep, ReferralPath, Service, Transition


@dataclass(frozen=True)
class StepExit:
    """A transition from a step's entry that is not to the path's next step."""

    transition: Transition
    target: Service
    back: bool  # to an entry earlier in the path: the client returns


@dataclass(frozen=True)
class StepView:
    """One step of the path page: number (1-based), the step, its entries, how the client
    gets here from the previous step (empty and `gap` when nothing is recorded), and the
    alternatives no transition from the previous step reaches (`unreached`)."""

    number: int
    step: PathStep
    services: tuple[Service, ...]
    arrivals: tuple[Transition, ...]
    gap: bool
    exits: tuple[StepExit, ...]
    unreached: tuple[str, ...] = ()


@dataclass(frozen=True)
class AlongsideView:
    along: Alongside
    service: Service


def arrivals(
    graph: Graph, before: tuple[str, ...], here: tuple[str, ...]
) -> tuple[Transition, ...]:
    """Transitions from any entry of one step to any entry of the next."""
    return tuple(t for s in before for t in graph.outgoing.get(s, ()) if t.target in here)


def step_exits(catalogue: Catalogue, graph: Graph, path: ReferralPath) -> list[list[StepExit]]:
    """Per step, where else its entries lead (the secondary arrows of the diagram); an
    ended entry is no longer somewhere to go."""
    steps = [step.services for step in path.steps]
    out = []
    for i, slugs in enumerate(steps):
        nxt = steps[i + 1] if i + 1 < len(steps) else ()
        earlier = {s for step in steps[: i + 1] for s in step}
        out.append(
            [
                StepExit(t, catalogue.services[t.target], t.target in earlier)
                for slug in slugs
                for t in graph.outgoing.get(slug, ())
                if t.target not in nxt and not catalogue.services[t.target].ended
            ]
        )
    return out


def step_views(catalogue: Catalogue, graph: Graph, path: ReferralPath) -> list[StepView]:
    exits = step_exits(catalogue, graph, path)
    views = []
    before: tuple[str, ...] = ()
    for i, step in enumerate(path.steps):
        moves = arrivals(graph, before, step.services) if before else ()
        reached = {t.target for t in moves}
        views.append(
            StepView(
                i + 1,
                step,
                tuple(catalogue.services[s] for s in step.services),
                moves,
                bool(before) and not moves,
                tuple(exits[i]),
                tuple(s for s in step.services if before and s not in reached),
            )
        )
        before = step.services
    return views


def alongside_views(catalogue: Catalogue, path: ReferralPath) -> list[AlongsideView]:
    return [AlongsideView(a, catalogue.services[a.service]) for a in path.alongside]
