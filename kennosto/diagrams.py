"""Page-level diagrams: a path's steps and a service's neighbourhood, per language.

pages.py lists every page in every render worker, but each worker renders only its share,
so a diagram is built lazily (`Lazy`): the template's `{{ diagram }}` draws it, once, in
the worker that renders that page. Builders take the catalogue and a Localizer and return
SVG text from svg.render_diagram (paths: a layered layout) or columns.render_columns
(neighbourhoods: 30,000 pages in a large catalogue, so no layout engine, and each
neighbour's box is drawn once per language by `Neighbourhoods`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from kennosto.diagram import (
    DiagramEdge,
    DiagramNode,
    DrawnNode,
    draw_node,
    render_columns,
    render_diagram,
)
from kennosto.graph import Graph
from kennosto.model import Catalogue, ReferralPath, Service, Transition
from kennosto.render import Localizer

# A neighbourhood shows at most this many boxes a side; more become six and a "+ N more".
SIDE_MAX = 7
# A path step shows at most this many exits to services outside the path, likewise.
EXITS_MAX = 3
MAIN_WEIGHT = 8.0  # a path's own steps pull harder than its exits: the main line stays straight


class Lazy:
    """SVG drawn when a template first prints it (Jinja calls __html__)."""

    __slots__ = ("_args", "_done", "_make")

    def __init__(self, make: Callable[..., str], *args: Any) -> None:
        self._make, self._args, self._done = make, args, None

    def __html__(self) -> str:
        if self._done is None:
            self._done = Markup(self._make(*self._args))
        return self._done


def fill(text: str, **values: Any) -> str:
    """Interface text with {name} placeholders filled in (no format-string surprises)."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def service_node(
    catalogue: Catalogue, service: Service, L: Localizer, href: str | None, current: bool = False
) -> DiagramNode:
    provider = catalogue.organizations.get(service.provider or "")
    sublabel = L.plain(provider.name) if provider else ""
    return DiagramNode(service.slug, L.plain(service.name), sublabel, href, current=current)


# --- paths ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepExit:
    """A transition from a step's service that is not the path's next step."""

    transition: Transition
    target: Service
    back: bool  # to a service earlier in the path: the client returns


def path_exits(catalogue: Catalogue, graph: Graph, path: ReferralPath) -> list[list[StepExit]]:
    """Per step, where else its service leads (the secondary arrows of the diagram)."""
    slugs = [step.service for step in path.steps]
    out = []
    for i, slug in enumerate(slugs):
        nxt = slugs[i + 1] if i + 1 < len(slugs) else None
        out.append(
            [
                StepExit(t, catalogue.services[t.target], t.target in slugs[: i + 1])
                for t in graph.outgoing.get(slug, ())
                if t.target != nxt
            ]
        )
    return out


def path_diagram(
    catalogue: Catalogue, path: ReferralPath, exits: list[list[StepExit]], L: Localizer
) -> str:
    """Steps top to bottom, one per row, so the main line stays straight. A step's exits
    to other steps are dashed arrows between them (loops back curve beside the line); its
    exits elsewhere are dashed arrows to boxes beside the next step, at most EXITS_MAX of
    them, then a "+ N more" box linking to the step in the list. A service visited twice
    is one box. Links are relative to the path's page, /LANG/paths/SLUG/."""
    base = "../../services/"
    slugs = [step.service for step in path.steps]
    layers: dict[str, int] = {}
    nodes: list[DiagramNode] = []
    for i, slug in enumerate(slugs):
        if slug not in layers:
            layers[slug] = i
            nodes.append(service_node(catalogue, catalogue.services[slug], L, f"{base}{slug}/"))
    edges = [DiagramEdge(a, b, weight=MAIN_WEIGHT) for a, b in zip(slugs, slugs[1:], strict=False)]
    for i, step_exits in enumerate(exits):
        elsewhere = [ex for ex in step_exits if ex.target.slug not in layers]
        edges += [
            DiagramEdge(slugs[i], ex.target.slug, secondary=True)
            for ex in step_exits
            if ex.target.slug in layers
        ]
        shown = elsewhere if len(elsewhere) <= EXITS_MAX else elsewhere[: EXITS_MAX - 1]
        beside = [
            replace(
                service_node(catalogue, ex.target, L, f"{base}{ex.target.slug}/"),
                id=f"exit{i}-{ex.target.slug}",
            )
            for ex in shown
        ]
        if len(shown) < len(elsewhere):
            label = fill(L.ui("diagram_more"), n=len(elsewhere) - len(shown))
            more = DiagramNode(f"exit{i}-more", label, L.ui("diagram_more_sub"), f"#step-{i + 1}")
            beside.append(more)
        for node in beside:
            layers[node.id] = i + 1
            edges.append(DiagramEdge(slugs[i], node.id, secondary=True))
        nodes += beside
    return render_diagram(
        nodes,
        edges,
        title=fill(L.ui("diagram_path_title"), name=L.plain(path.name)),
        desc=L.ui("diagram_path_desc"),
        direction="TB",
        layers=layers,
        id_prefix="path-diagram",
    )


# --- service neighbourhoods -------------------------------------------------------------


class Neighbourhoods:
    """Service neighbourhood diagrams in one language. A service is a neighbour on the
    pages of everything it links with, so each neighbour's box is measured and drawn once
    and kept here; a page then costs only the placing. Links are relative to a service
    page, /LANG/services/SLUG/, and every service page has one, so this is the hot path
    of a large build."""

    def __init__(self, catalogue: Catalogue, graph: Graph, L: Localizer) -> None:
        self.catalogue, self.graph, self.L = catalogue, graph, L
        self._boxes: dict[str, DrawnNode] = {}

    def diagram(self, service: Service) -> str:
        """Where clients come from -> this service -> where they go next; neighbours linked."""
        L, slug = self.L, service.slug
        sources = [t.source for t in self.graph.incoming[slug]]
        targets = [t.target for t in self.graph.outgoing[slug]]
        name = L.plain(service.name)
        return render_columns(
            self._side(sources, "more-from", "#h-from"),
            draw_node(service_node(self.catalogue, service, L, None, current=True)),
            self._side(targets, "more-next", "#h-next"),
            title=fill(L.ui("diagram_neighbourhood_title"), name=name),
            desc=fill(
                L.ui("diagram_neighbourhood_desc"), name=name, n_in=len(sources), n_out=len(targets)
            ),
            id_prefix="neighbourhood",
            secondary=_MORE_IDS,
        )

    def _side(self, slugs: list[str], more_id: str, more_href: str) -> list[DrawnNode]:
        """At most SIDE_MAX boxes: the first neighbours, then '+ N more' linking to the list."""
        shown = slugs if len(slugs) <= SIDE_MAX else slugs[: SIDE_MAX - 1]
        boxes = self._boxes
        nodes = [boxes.get(s) or self._draw(s) for s in shown]
        rest = len(slugs) - len(shown)
        if rest:
            label = fill(self.L.ui("diagram_more"), n=rest)
            nodes.append(
                draw_node(DiagramNode(more_id, label, self.L.ui("diagram_more_sub"), more_href))
            )
        return nodes

    def _draw(self, slug: str) -> DrawnNode:
        service = self.catalogue.services[slug]
        box = draw_node(service_node(self.catalogue, service, self.L, f"../{slug}/"))
        self._boxes[slug] = box
        return box


_MORE_IDS = frozenset({"more-from", "more-next"})
