"""Page-level diagrams: a path's steps and a service's neighbourhood, per language.

pages.py lists every page in every render worker, but each worker renders only its share,
so a diagram is built lazily (`Lazy`): the template's `{{ diagram }}` draws it, once, in
the worker that renders that page. Builders take the catalogue and a Localizer and return
SVG text from svg.render_diagram (paths: a layered layout) or columns.render_columns
(neighbourhoods: 30,000 pages in a large catalogue, so no layout engine, and each
neighbour's box is drawn once per language by `Neighbourhoods`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from markupsafe import Markup, escape

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
from kennosto.model import Catalogue, Organization, ReferralPath, Service, Transition
from kennosto.path_page import StepView
from kennosto.render import Localizer

# A neighbourhood shows at most this many boxes a side; more become six and a "+ N more".
SIDE_MAX = 7
# A path step shows at most this many exits to services outside the path, likewise.
EXITS_MAX = 3
# A path diagram shows at most this many boxes side by side (a step's alternatives and
# the previous step's exits); more wrap to a new row: 4 boxes fit a desktop column.
ROW_MAX = 3
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


# Page widths (CSS px) at which a diagram stops fitting its column; a diagram is marked
# with the first one above its width plus the page's side padding, and the stylesheet
# shows the "scrolls sideways" hint (and caps the frame's height) below it. Wider than
# the last one: the hint always shows. Keep in step with templates/static/style.css.
FIT_STEPS = (360, 400, 480, 560, 640, 720, 800, 880, 960)
PAGE_PADDING = 32.0
_WIDTH = re.compile(r'width="([0-9.]+)"')


def fit_class(width: float) -> str:
    """The CSS class naming the narrowest page a diagram of `width` px fits."""
    need = width + PAGE_PADDING
    return next((f"kn-fit-{s}" for s in FIT_STEPS if need <= s), "kn-fit-none")


def svg_width(svg: str) -> float:
    """The drawn width of an SVG from render_*: the first width attribute is the <svg>'s."""
    m = _WIDTH.search(svg)
    return float(m.group(1)) if m else 0.0


def framed(svg: str, L: Localizer, extra: str = "") -> str:
    """A diagram at its natural size (text never scaled below 12 px) in a frame that
    scrolls both ways, with a "scrolls sideways" hint shown on pages narrower than the
    diagram. No JavaScript: the build knows the width, the stylesheet the page's.
    The frame is focusable, so a keyboard can scroll it."""
    if not svg:
        return svg
    cls = fit_class(svg_width(svg))
    label = L.ui("diagram_scroll_label")
    return (
        f'<div class="kn-frame {cls}{extra}"><p class="kn-scroll-hint" aria-hidden="true">'
        f'{escape(L.ui("diagram_scroll_hint"))}</p><div class="kn-scroll" tabindex="0" '
        f'role="region" aria-label="{escape(label)}">{svg}</div></div>'
    )


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
    name = L.plain(service.name)
    others = [
        org
        for org in dict.fromkeys(p.organization for p in service.providers)
        if not _names_itself(catalogue.organizations[org], name, L)
    ]
    if others:
        first = L.plain(catalogue.organizations[others[0]].name)
        parts.append(first + (f" +{len(others) - 1}" if len(others) > 1 else ""))
    return DiagramNode(
        service.slug,
        name,
        " · ".join(parts),
        href,
        current=current,
        shape=SHAPE_OF_KIND.get(service.kind, "box"),
    )


def _words(text: str) -> str:
    """Lower case, punctuation and dashes as single spaces: names compared as words."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _names_itself(org: Organization, service_name: str, L: Localizer) -> bool:
    """True when the provider's name (or short name) is the service's own name or a whole
    part of it ("Ohjaamo" by Ohjaamo, "TYP – työllistymistä edistävä …" by "Työllistymistä
    edistävä …"): the box would say it twice ("Kela / Kela")."""
    own = f" {_words(service_name)} "
    for value in (org.name, org.short_name):
        words = _words(L.plain(value)) if value else ""
        if words and f" {words} " in own:
            return True
    return False


def line_legend(transitions: Iterable[Transition], L: Localizer) -> str:
    """Sentences for a diagram's <desc> naming the line styles of its transitions that are
    not plain next steps ('' when there are none), so the styles are said, not only seen."""
    kinds = {t.kind for t in transitions} & {"alongside", "consult"}
    return "".join(" " + L.ui(f"legend_{kind}") + "." for kind in sorted(kinds))


# --- paths ------------------------------------------------------------------------------


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


def rows(slots: list[list[DiagramNode]]) -> tuple[list[int], dict[str, int]]:
    """Each slot's first layer (and the layer after the last), and each box's layer: a
    slot (a step's boxes and the exits beside it) of more than ROW_MAX boxes takes a row
    per ROW_MAX, the boxes spread evenly, so the diagram grows down, not sideways."""
    at, layer_of = [0], {}
    for slot in slots:
        count = max(1, -(-len(slot) // ROW_MAX))
        per_row = -(-len(slot) // count) if slot else 1
        for j, node in enumerate(slot):
            layer_of[node.id] = at[-1] + j // per_row
        at.append(at[-1] + count)
    return at, layer_of


def path_diagram(
    catalogue: Catalogue, path: ReferralPath, steps: list[StepView], L: Localizer
) -> str:
    """Steps top to bottom, each step's boxes numbered as in the list, so the main line
    stays straight. A step's exits to other steps are dashed arrows between them (loops
    back curve beside the line); its exits elsewhere are dashed arrows to grey dashed
    boxes beside the next step, at most EXITS_MAX of them, then a "+ N more" box linking
    to the step in the list. A step and the exits beside it wrap into rows of ROW_MAX.
    An entry is one box however often it recurs: a step visited twice, an exit from
    several steps (beside the step after the last of them). Stages are bands, entries that
    go alongside are dotted boxes to the right spanning their steps. Links are relative to
    the path's page, /LANG/paths/SLUG/."""
    base = "../../services/"
    slots: list[list[DiagramNode]] = [[] for _ in range(len(steps) + 1)]
    main: set[str] = set()
    for i, view in enumerate(steps):
        for service in view.services:
            if service.slug not in main:
                main.add(service.slug)
                node = service_node(catalogue, service, L, f"{base}{service.slug}/")
                slots[i].append(replace(node, badge=str(view.number)))
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
        shown = elsewhere if len(elsewhere) <= EXITS_MAX else elsewhere[: EXITS_MAX - 1]
        for ex in shown:
            slug = ex.target.slug
            node = exits[slug][0] if slug in exits else _exit_node(catalogue, ex.target, L, base)
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
    at, layers = rows(slots)
    nodes = [node for slot in slots for node in slot]
    spans = [
        Span(
            replace(
                service_node(catalogue, catalogue.services[a.service], L, f"{base}{a.service}/"),
                id=f"along{k}-{a.service}",
                shape="span",
            ),
            at[a.from_step - 1],
            at[a.to_step] - 1,
        )
        for k, a in enumerate(path.alongside)
    ]
    legend = " ".join(L.ui(key) + "." for key in path_legend(steps, along))
    svg = render_diagram(
        nodes,
        edges,
        title=fill(L.ui("diagram_path_title"), name=L.plain(path.name)),
        desc=L.ui("diagram_path_desc") + " " + legend,
        direction="TB",
        layers=layers,
        id_prefix="path-diagram",
        bands=_bands(path, L, at),
        spans=spans,
    )
    return framed(svg, L)


def _exit_node(catalogue: Catalogue, target: Service, L: Localizer, base: str) -> DiagramNode:
    """A box for an entry the path does not go through: a side box, not a step."""
    node = service_node(catalogue, target, L, f"{base}{target.slug}/")
    return replace(node, id=f"exit-{target.slug}", minor=True)


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
        svg = render_columns(
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
        return framed(svg, L)

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
