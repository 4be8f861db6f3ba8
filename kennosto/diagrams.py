"""Page-level diagrams: a path's steps and a service's neighbourhood, per language.

pages.py lists every page in every render worker, but each worker renders only its share,
so a diagram is built lazily (`Lazy`): the template's `{{ diagram }}` draws it, once, in
the worker that renders that page. Builders take the catalogue and a Localizer and return
SVG text from svg.render_diagram (paths: a layered layout) or columns.render_columns
(neighbourhoods: 30,000 pages in a large catalogue, so no layout engine, and each
neighbour's box is drawn once per language by `Neighbourhoods`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from markupsafe import Markup

from kennosto.diagram import (
    Band,
    DiagramEdge,
    DiagramNode,
    DrawnNode,
    Span,
    draw_node,
    render_columns,
    render_diagram,
)
from kennosto.graph import Graph
from kennosto.model import Catalogue, ReferralPath, Service, Transition
from kennosto.path_page import StepView
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


SHAPE_OF_KIND = {
    "service": "box",
    "team": "team",
    "role": "role",
    "plan": "plan",
    "benefit": "benefit",
    "outcome": "end",
}
LINE_OF_TRANSITION = {"next": "", "alongside": "alongside", "consult": "consult"}


def service_node(
    catalogue: Catalogue, service: Service, L: Localizer, href: str | None, current: bool = False
) -> DiagramNode:
    """An entry's box: its name, and below it its kind (unless a plain service), its
    state (unless active) and its first provider (with '+N' for more). The kind is in the
    text as well as in the shape, so it reaches screen readers and survives greyscale."""
    parts = []
    if service.kind != "service":
        parts.append(L.ui_map("kind")[service.kind])
    if service.status and service.status.state != "active":
        parts.append(L.ui_map("status")[service.status.state])
    if service.providers:
        first = L.plain(catalogue.organizations[service.providers[0].organization].name)
        more = len({p.organization for p in service.providers}) - 1
        parts.append(first + (f" +{more}" if more else ""))
    return DiagramNode(
        service.slug,
        L.plain(service.name),
        " · ".join(parts),
        href,
        current=current,
        shape=SHAPE_OF_KIND.get(service.kind, "box"),
    )


def line_legend(transitions: Iterable[Transition], L: Localizer) -> str:
    """Sentences for a diagram's <desc> naming the line styles of its transitions that are
    not plain next steps ('' when there are none), so the styles are said, not only seen."""
    kinds = {t.kind for t in transitions} & {"alongside", "consult"}
    return "".join(" " + L.ui(f"legend_{kind}") + "." for kind in sorted(kinds))


# --- paths ------------------------------------------------------------------------------


def path_legend(steps: list[StepView], along: set[str]) -> list[str]:
    """The strings.yaml keys of the legend entries a path's diagram needs, in order;
    `along` are the entries that go alongside (drawn as spans, not as exits)."""
    keys = ["legend_main"]
    kinds = {t.kind for v in steps for t in v.arrivals}
    if any(ex.target.slug not in along for v in steps for ex in v.exits):
        keys.append("legend_exit")
    if any(v.unreached for v in steps):
        keys.append("legend_gap")
    if "alongside" in kinds or along:
        keys.append("legend_alongside")
    if "consult" in kinds:
        keys.append("legend_consult")
    if any(s.kind == "outcome" for v in steps for s in v.services):
        keys.append("legend_outcome")
    if any(v.step.stage for v in steps):
        keys.append("legend_stage")
    return keys


def _main_edges(steps: list[StepView]) -> list[DiagramEdge]:
    """Step to step: each recorded transition in its own line style; an entry of a step
    that no transition from the previous step reaches gets grey 'no direct transition'
    lines, never an arrow."""
    edges: list[DiagramEdge] = []
    before: tuple[str, ...] = ()
    for view in steps:
        edges += [
            DiagramEdge(a, b, weight=MAIN_WEIGHT, style="gap")
            for b in view.unreached
            for a in before
        ]
        edges += [
            DiagramEdge(t.source, t.target, weight=MAIN_WEIGHT, style=LINE_OF_TRANSITION[t.kind])
            for t in view.arrivals
        ]
        before = view.step.services
    return edges


def _bands(path: ReferralPath, L: Localizer) -> list[Band]:
    """A band per stage, from the step that starts it to the step before the next."""
    starts = [(i, step.stage) for i, step in enumerate(path.steps) if step.stage]
    ends = [i - 1 for i, _ in starts[1:]] + [len(path.steps) - 1] if starts else []
    return [Band(L.plain(stage), i, end) for (i, stage), end in zip(starts, ends, strict=True)]


def path_diagram(
    catalogue: Catalogue, path: ReferralPath, steps: list[StepView], L: Localizer
) -> str:
    """Steps top to bottom, one layer per step (alternatives side by side), so the main
    line stays straight. A step's exits to other steps are dashed arrows between them
    (loops back curve beside the line); its exits elsewhere are dashed arrows to boxes
    beside the next step, at most EXITS_MAX of them, then a "+ N more" box linking to the
    step in the list. An entry visited twice is one box. Stages are bands, entries that go
    alongside are dotted boxes to the right spanning their steps. Links are relative to
    the path's page, /LANG/paths/SLUG/."""
    base = "../../services/"
    layers: dict[str, int] = {}
    nodes: list[DiagramNode] = []
    for i, view in enumerate(steps):
        for service in view.services:
            if service.slug not in layers:
                layers[service.slug] = i
                nodes.append(service_node(catalogue, service, L, f"{base}{service.slug}/"))
    edges = _main_edges(steps)
    along = {a.service for a in path.alongside}
    for i, view in enumerate(steps):
        first_exit = {}
        for ex in view.exits:
            if ex.target.slug not in along:  # drawn as its span beside the steps
                first_exit.setdefault(ex.target.slug, ex)
        elsewhere = [ex for ex in first_exit.values() if ex.target.slug not in layers]
        edges += [
            DiagramEdge(ex.transition.source, ex.target.slug, secondary=True)
            for ex in first_exit.values()
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
        sources = {ex.target.slug: ex.transition.source for ex in shown}
        if len(shown) < len(elsewhere):
            label = fill(L.ui("diagram_more"), n=len(elsewhere) - len(shown))
            more = DiagramNode(f"exit{i}-more", label, L.ui("diagram_more_sub"), f"#step-{i + 1}")
            beside.append(more)
        for node in beside:
            if node.id in layers:  # two entries of a step lead to the same place
                continue
            layers[node.id] = i + 1
            source = sources.get(node.id.split("-", 1)[1], view.step.service)
            edges.append(DiagramEdge(source, node.id, secondary=True))
            nodes.append(node)
    spans = [
        Span(
            replace(
                service_node(catalogue, catalogue.services[a.service], L, f"{base}{a.service}/"),
                id=f"along{k}-{a.service}",
                shape="span",
            ),
            a.from_step - 1,
            a.to_step - 1,
        )
        for k, a in enumerate(path.alongside)
    ]
    legend = " ".join(L.ui(key) + "." for key in path_legend(steps, along))
    return render_diagram(
        nodes,
        edges,
        title=fill(L.ui("diagram_path_title"), name=L.plain(path.name)),
        desc=L.ui("diagram_path_desc") + " " + legend,
        direction="TB",
        layers=layers,
        id_prefix="path-diagram",
        bands=_bands(path, L),
        spans=spans,
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
        incoming, outgoing = self.graph.incoming[slug], self.graph.outgoing[slug]
        sources = [t.source for t in incoming]
        targets = [t.target for t in outgoing]
        name = L.plain(service.name)
        return render_columns(
            self._side(sources, "more-from", "#h-from"),
            draw_node(service_node(self.catalogue, service, L, None, current=True)),
            self._side(targets, "more-next", "#h-next"),
            title=fill(L.ui("diagram_neighbourhood_title"), name=name),
            desc=fill(
                L.ui("diagram_neighbourhood_desc"), name=name, n_in=len(sources), n_out=len(targets)
            )
            + line_legend((*incoming, *outgoing), L),
            id_prefix="neighbourhood",
            secondary=_MORE_IDS,
            styles_in=_styles(incoming, "source"),
            styles_out=_styles(outgoing, "target"),
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


def _styles(transitions: tuple[Transition, ...], end: str) -> dict[str, str]:
    """Neighbour id -> line style, for the transitions that are not plain next steps."""
    out: dict[str, str] = {}
    for t in transitions:
        if t.kind != "next":
            out.setdefault(getattr(t, end), LINE_OF_TRANSITION.get(t.kind, ""))
    return out
