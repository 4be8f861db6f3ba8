"""Page-level diagrams: a service's neighbourhood, and what every diagram shares (boxes
for entries, the frame that lets a diagram scroll), per language.

pages.py lists every page in every render worker, but each worker renders only its share,
so a diagram is built lazily (`Lazy`): the template's `{{ diagram }}` draws it, once, in
the worker that renders that page. Neighbourhoods come from columns.render_columns (30,000
pages in a large catalogue, so no layout engine, and each neighbour's box is drawn once
per language by `Neighbourhoods`); paths are kennosto.path_diagram's, the map
kennosto.catalogue_map's. Every diagram is drawn at its natural size in a frame
(`framed`), never scaled down on a narrow screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from kennosto.diagram import (
    DiagramNode,
    DrawnNode,
    draw_node,
    render_columns,
)
from kennosto.graph import Graph
from kennosto.model import Catalogue, Organization, Service, Transition
from kennosto.render import Localizer

# A neighbourhood shows at most this many boxes a side; more become six and a "+ N more".
SIDE_MAX = 7


class Lazy:
    """SVG drawn when a template first prints it (Jinja calls __html__)."""

    __slots__ = ("_args", "_done", "_make")

    def __init__(self, make: Callable[..., str], *args: Any) -> None:
        self._make, self._args, self._done = make, args, None

    def __html__(self) -> str:
        """The drawing, a plain str: escape() makes it a Markup (a copy), and one copy of
        each of 30,000 drawings is enough."""
        if self._done is None:
            self._done = self._make(*self._args)
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
_TITLE = re.compile(r'<title id="[^"]*">([^<]*)</title>')


@lru_cache(maxsize=4096)
def fit_class(width: float) -> str:
    """The CSS class naming the narrowest page a diagram of `width` px fits."""
    need = width + PAGE_PADDING
    return next((f"kn-fit-{s}" for s in FIT_STEPS if need <= s), "kn-fit-none")


def svg_width(svg: str) -> float:
    """The drawn width of an SVG from render_*: the first width attribute is the <svg>'s."""
    m = _WIDTH.search(svg)
    return float(m.group(1)) if m else 0.0


BoxAt = tuple[float, float, float, float]  # a box in a drawing: left, top, width, height


def framed(svg: str, L: Localizer, extra: str = "", start: BoxAt | None = None) -> str:
    """A diagram at its natural size (text never scaled below 12 px) in a frame that
    scrolls both ways, with a "scrolls sideways" hint shown on pages narrower than the
    diagram. No JavaScript: the build knows the width, the stylesheet the page's.
    The frame is focusable, so a keyboard can scroll it. `start` is the box the frame
    opens on when it scrolls (`_start`)."""
    if not svg:
        return svg
    cls = fit_class(svg_width(svg))
    title = _TITLE.search(svg)  # escaped already: names the region, unique on its page
    hint, label = L.ui_out["diagram_scroll_hint"], L.ui_out["diagram_scroll_label"]
    label = (title.group(1) + ", " if title else "") + label
    return (
        f'<div class="kn-frame {cls}{extra}"><p class="kn-scroll-hint" aria-hidden="true">'
        f'{hint}</p><div class="kn-scroll" tabindex="0" '
        f'role="region" aria-label="{label}">{_start(start)}{svg}</div></div>'
    )


def _start(box: BoxAt | None) -> str:
    """A mark as wide as `box`, as far from the left as `box`, above the diagram and no
    height: the stylesheet makes it the frame's initial scroll target (CSS
    scroll-initial-target, centred), so a diagram wider than a phone opens with that box
    in view, not with what lies at its left edge. Sized by canvas width attributes (CSS px),
    as the page's CSP allows no style attributes; a browser without the property opens the
    frame at its left edge, as before."""
    if box is None:
        return ""
    left, _, width, _ = box
    return (
        f'<div class="kn-start" aria-hidden="true"><canvas width="{round(left)}" height="0">'
        f'</canvas><span><canvas width="{round(width)}" height="0"></canvas></span></div>'
    )


def swap(
    wide: str,
    narrow: str,
    L: Localizer,
    starts: tuple[BoxAt | None, BoxAt | None] = (None, None),
) -> str:
    """A diagram framed, and on pages too narrow for it a narrower drawing of the same
    instead (the stylesheet swaps them by the page's width; only one is ever shown).
    `starts` are the boxes each drawing's frame opens on (see `framed`)."""
    if svg_width(narrow) >= svg_width(wide):
        return framed(wide, L, start=starts[0])
    cls = fit_class(svg_width(wide)).replace("kn-fit-", "kn-swap-")
    return (
        f'<div class="kn-pair {cls}"><div class="kn-alt-wide">'
        f"{framed(wide, L, start=starts[0])}</div>"
        f'<div class="kn-alt-narrow">{framed(narrow, L, start=starts[1])}</div></div>'
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


# Providers' names recur on thousands of boxes: their words are worked out once.
_name_words = lru_cache(maxsize=4096)(_words)


def _names_itself(org: Organization, service_name: str, L: Localizer) -> bool:
    """True when the provider's name (or short name) is the service's own name or a whole
    part of it ("Ohjaamo" by Ohjaamo, "TYP – työllistymistä edistävä …" by "Työllistymistä
    edistävä …"): the box would say it twice ("Kela / Kela")."""
    own = f" {_words(service_name)} "
    for value in (org.name, org.short_name):
        words = _name_words(L.plain(value)) if value else ""
        if words and f" {words} " in own:
            return True
    return False


def line_legend(transitions: Iterable[Transition], L: Localizer) -> str:
    """Sentences for a diagram's <desc> naming the line styles of its transitions that are
    not plain next steps ('' when there are none), so the styles are said, not only seen."""
    kinds = {t.kind for t in transitions} & {"alongside", "consult"}
    return "".join(" " + L.ui(f"legend_{kind}") + "." for kind in sorted(kinds))


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
        self._nodes: dict[str, DiagramNode] = {}

    def diagram(self, service: Service) -> str:
        """Where clients come from -> this service -> where they go next; neighbours linked."""
        L, slug = self.L, service.slug
        incoming, outgoing = self.graph.incoming[slug], self.graph.outgoing[slug]
        sources = [t.source for t in incoming]
        targets = [t.target for t in outgoing]
        name = L.plain(service.name)
        node = self._node(service)
        svg = render_columns(
            self._side(sources, "more-from", "#h-from"),
            draw_node(_as_centre(node)),
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

    def draw_all(self) -> None:
        """Draw now the box of every service that is some service's neighbour: a build on
        several processes does this before forking, so the workers inherit the boxes
        instead of each drawing those its pages need (in the 10,000-service bench, 53,000
        boxes were drawn for 30,000)."""
        graph, boxes = self.graph, self._boxes
        for slug in self.catalogue.services:  # a neighbour: a transition's source or target
            if slug not in boxes and (graph.incoming[slug] or graph.outgoing[slug]):
                self._draw(slug)

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
        box = draw_node(self._node(self.catalogue.services[slug]))
        self._boxes[slug] = box
        return box

    def _node(self, service: Service) -> DiagramNode:
        """A service's box as a neighbour; made once, as every service is the centre of
        its own page too (the same box, current and without its link)."""
        node = self._nodes.get(service.slug)
        if node is None:
            href = f"../{service.slug}/"
            node = self._nodes[service.slug] = service_node(self.catalogue, service, self.L, href)
        return node


_MORE_IDS = frozenset({"more-from", "more-next"})


def _as_centre(node: DiagramNode) -> DiagramNode:
    """`node` as the centre of its own page: current, and no link."""
    return replace(node, href=None, current=True)


def _styles(transitions: tuple[Transition, ...], end: str) -> dict[str, str]:
    """Neighbour id -> line style, for the transitions that are not plain next steps."""
    out: dict[str, str] = {}
    for t in transitions:
        if t.kind != "next":
            out.setdefault(getattr(t, end), LINE_OF_TRANSITION.get(t.kind, ""))
    return out
