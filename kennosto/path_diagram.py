"""A referral path's diagram: its steps top to bottom, numbered as in the page's list.

Built lazily per page (diagrams.Lazy) by pages.py; drawn twice, for a desktop column and
for a phone (diagrams.swap shows the one that fits): the phone's drawing has a box a row,
one exit box a step (or "+ N more") and no boxes alongside (the list below has them).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kennosto.diagram import Band, DiagramEdge, DiagramNode, Drawing, Span, draw_diagram
from kennosto.diagrams import LINE_OF_TRANSITION, fill, service_node, swap
from kennosto.model import Catalogue, ReferralPath
from kennosto.path_page import StepView
from kennosto.render import Localizer

BASE = "../../services/"  # from a path's page to the service pages
MAIN_WEIGHT = 8.0  # a path's own steps pull harder than its exits: the main line stays straight


@dataclass(frozen=True)
class Fit:
    """How much a drawing shows side by side."""

    row_max: int  # boxes a row: a step's alternatives and the previous step's exits
    exits_max: int  # exit boxes a step; more become a "+ N more" box
    spans: bool  # boxes alongside drawn beside the steps


WIDE = Fit(row_max=3, exits_max=3, spans=True)  # three boxes of 200 px: a desktop column
NARROW = Fit(row_max=1, exits_max=1, spans=False)  # a phone


def path_legend(steps: list[StepView], along: set[str]) -> list[str]:
    """The strings.yaml keys of the legend entries a path's diagram needs, in order;
    `along` are the entries that go alongside (drawn as spans, not as exits)."""
    keys = ["legend_step", "legend_main"]
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


def _bands(path: ReferralPath, L: Localizer, at: list[int]) -> list[Band]:
    """A band per stage, from the step that starts it to the step before the next; `at`
    is each step's first layer (and the layer after the last step)."""
    starts = [(i, step.stage) for i, step in enumerate(path.steps) if step.stage]
    ends = [i - 1 for i, _ in starts[1:]] + [len(path.steps) - 1] if starts else []
    return [
        Band(L.plain(stage), at[i], at[end + 1] - 1)
        for (i, stage), end in zip(starts, ends, strict=True)
    ]


def rows(slots: list[list[DiagramNode]], row_max: int) -> tuple[list[int], dict[str, int]]:
    """Each slot's first layer (and the layer after the last), and each box's layer: a
    slot (a step's boxes and the exits beside it) of more than `row_max` boxes takes a
    row per `row_max`, the boxes spread evenly, so the diagram grows down, not sideways."""
    at, layer_of = [0], {}
    for slot in slots:
        count = max(1, -(-len(slot) // row_max))
        per_row = -(-len(slot) // count) if slot else 1
        for j, node in enumerate(slot):
            layer_of[node.id] = at[-1] + j // per_row
        at.append(at[-1] + count)
    return at, layer_of


def path_diagram(
    catalogue: Catalogue, path: ReferralPath, steps: list[StepView], L: Localizer
) -> str:
    """The path's diagram for a desktop column and, if narrower, for a phone; a frame
    too narrow for its drawing opens on the first step's (first) box."""
    boxes = Boxes(catalogue, L)  # the same boxes in both drawings: made once
    wide = draw_path(catalogue, path, steps, L, WIDE, "path-diagram", boxes)
    narrow = draw_path(catalogue, path, steps, L, NARROW, "path-diagram-narrow", boxes)
    first = steps[0].services[0].slug if steps and steps[0].services else ""
    starts = (wide.boxes.get(first), narrow.boxes.get(first))
    return swap(wide.svg, narrow.svg, L, starts)


def draw_path(
    catalogue: Catalogue,
    path: ReferralPath,
    steps: list[StepView],
    L: Localizer,
    fit: Fit,
    prefix: str,
    boxes: Boxes,
) -> Drawing:
    """Steps top to bottom, each step's boxes numbered as in the list, so the main line
    stays straight. A step's exits to other steps are dashed arrows between them (loops
    back curve beside the line); its exits elsewhere are dashed arrows to grey dashed
    boxes beside the next step, at most `fit.exits_max` of them, then a "+ N more" box linking
    to the step in the list. A step and the exits beside it wrap into rows of `fit.row_max`.
    An entry is one box however often it recurs: a step visited twice, an exit from
    several steps (beside the step after the last of them). Stages are bands, entries that
    go alongside are dotted boxes to the right spanning their steps. Links are relative to
    the path's page, /LANG/paths/SLUG/. `boxes` are the entries' boxes made so far."""
    made = boxes
    slots: list[list[DiagramNode]] = [[] for _ in range(len(steps) + 1)]
    main: set[str] = set()
    for i, view in enumerate(steps):
        for service in view.services:
            if service.slug not in main:
                main.add(service.slug)
                slots[i].append(replace(made[service.slug], badge=str(view.number)))
    edges = _main_edges(steps)
    along = {a.service for a in path.alongside}
    exits: dict[str, tuple[DiagramNode, int]] = {}  # one box per entry: its node, slot
    for i, view in enumerate(steps):
        first_exit = {}
        for ex in view.exits:
            if ex.target.slug not in along:  # drawn as its span beside the steps
                first_exit.setdefault(ex.target.slug, ex)
        elsewhere = [ex for ex in first_exit.values() if ex.target.slug not in main]
        edges += [
            DiagramEdge(ex.transition.source, ex.target.slug, secondary=True)
            for ex in first_exit.values()
            if ex.target.slug in main
        ]
        most = fit.exits_max
        shown = elsewhere if len(elsewhere) <= most else elsewhere[: most - 1]
        for ex in shown:
            slug = ex.target.slug
            node = exits[slug][0] if slug in exits else _exit_node(made[slug])
            exits[slug] = (node, i + 1)
            edges.append(DiagramEdge(ex.transition.source, node.id, secondary=True))
        if len(shown) < len(elsewhere):
            label = fill(L.ui("diagram_more"), n=len(elsewhere) - len(shown))
            more = DiagramNode(
                f"exit{i}-more", label, L.ui("diagram_more_sub"), f"#step-{i + 1}", minor=True
            )
            exits[more.id] = (more, i + 1)
            edges.append(DiagramEdge(view.step.service, more.id, secondary=True))
    for node, slot in exits.values():
        slots[slot].append(node)
    at, layers = rows(slots, fit.row_max)
    nodes = [node for slot in slots for node in slot]
    spans = [
        Span(
            replace(made[a.service], id=f"along{k}-{a.service}", shape="span"),
            at[a.from_step - 1],
            at[a.to_step] - 1,
        )
        for k, a in enumerate(path.alongside)
        if fit.spans
    ]
    legend = " ".join(L.ui(key) + "." for key in path_legend(steps, along))
    return draw_diagram(
        nodes,
        edges,
        title=fill(L.ui("diagram_path_title"), name=L.plain(path.name)),
        desc=L.ui("diagram_path_desc") + " " + legend,
        direction="TB",
        layers=layers,
        id_prefix=prefix,
        bands=_bands(path, L, at),
        spans=spans,
    )


def _exit_node(node: DiagramNode) -> DiagramNode:
    """A box for an entry the path does not go through: a side box, not a step."""
    return replace(node, id=f"exit-{node.id}", minor=True)


class Boxes(dict[str, DiagramNode]):
    """Each entry's box (service_node), made when first asked for; links are relative to
    a path's page, /LANG/paths/SLUG/."""

    def __init__(self, catalogue: Catalogue, L: Localizer) -> None:
        super().__init__()
        self.catalogue, self.L = catalogue, L

    def __missing__(self, slug: str) -> DiagramNode:
        service = self.catalogue.services[slug]
        node = self[slug] = service_node(self.catalogue, service, self.L, f"{BASE}{slug}/")
        return node
