"""The catalogue map ("palvelukennosto"): every service grouped by category, per language.

The map shows the running entries (not ended ones), each in its first category, and the
transitions between them, drawn in their kind's line style.

A small catalogue (up to SINGLE_LIMIT services and SINGLE_EDGE_LIMIT transitions) gets one
picture at /LANG/map/ with every transition drawn. More transitions than that tangle, so
each category also gets its own page, /LANG/map/CATEGORY/, whose picture shows the
category's services and the transitions between them, with the transitions to other
categories listed and linked beside it. /LANG/map/ then still shows every service (if
there are at most SINGLE_LIMIT) but draws only the arrows within categories (at most
INSIDE_EDGE_LIMIT); a larger catalogue gets an overview of the categories instead, with
their service counts and the transitions between them. A category with more than
CATEGORY_LIMIT services or SINGLE_EDGE_LIMIT transitions inside it is listed, not drawn.
Every map page has its text equivalent: the services per category with their transitions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from kennosto.diagram import (
    DiagramEdge,
    DiagramNode,
    Drawing,
    Section,
    draw_stacked,
    render_stacked,
)
from kennosto.diagrams import (
    LINE_OF_TRANSITION,
    BoxAt,
    Lazy,
    fill,
    line_legend,
    service_node,
    swap,
)
from kennosto.model import Catalogue, Service, Term, Transition
from kennosto.render import Localizer

SINGLE_LIMIT = 150  # services drawn in one map; above it, one map per category
SINGLE_EDGE_LIMIT = 60  # transitions drawn in one map; more are a tangle, so split too
INSIDE_EDGE_LIMIT = 120  # above SINGLE_EDGE_LIMIT, the whole map draws only the arrows
# within topics, if there are at most this many
CATEGORY_LIMIT = 80  # services drawn in one category's map (and SINGLE_EDGE_LIMIT arrows)
OVERVIEW_EDGE_LIMIT = 40  # category-to-category arrows drawn on the overview
UNCATEGORISED = "uncategorised"


@dataclass(frozen=True)
class MapGroup:
    """One category of the map and its services, in name order."""

    slug: str
    term: Term | None  # None: the services without a category
    services: list[Service]


PageMaker = Callable[..., Any]


def map_groups(catalogue: Catalogue, by_name: list[Service]) -> list[MapGroup]:
    """Categories in the settings' order, then the services without one."""
    members: dict[str | None, list[Service]] = {}
    for service in by_name:
        members.setdefault(service.category, []).append(service)
    groups = [
        MapGroup(slug, term, members[slug])
        for slug, term in catalogue.settings.categories.items()
        if slug in members
    ]
    if None in members:
        slug = UNCATEGORISED
        while slug in catalogue.settings.categories:
            slug += "-services"
        groups.append(MapGroup(slug, None, members[None]))
    return groups


def map_pages(
    catalogue: Catalogue,
    by_name: list[Service],
    L: Localizer,
    page: PageMaker,
    facts: dict[str, Any] | None = None,
) -> Iterator[Any]:
    """The map pages of one language; `page(sub, template, **context)` makes a PageSpec.
    `facts`, the same dict for every language of a build, keeps what does not depend on
    the language (which category each service is in, its transitions on the map, the
    flows between categories): worked out for the first language only (a tenth of a
    second each on the 10,000-service bench, before the render workers start)."""
    groups = map_groups(catalogue, by_name)
    names = {g.slug: group_name(g, L) for g in groups}
    known = facts.get("map") if facts is not None else None
    if known is None:
        known = _map_facts(catalogue, groups, by_name)
        if facts is not None:
            facts["map"] = known
    category_of, shown, flows, legend, inside_of = known
    common = {"names": names, "group_of": category_of, "map_next": shown}
    transitions = sum(len(ts) for ts in shown.values())
    flows_from: dict[str, list[tuple[str, int]]] = {g.slug: [] for g in groups}
    for (a, b), count in sorted(flows.items(), key=lambda item: -item[1]):
        flows_from[a].append((b, count))
    common["legend"] = legend
    whole = dict(groups=groups, split=False, inside=True, **common)
    few_flows = bool(flows)
    if len(by_name) <= SINGLE_LIMIT and transitions <= SINGLE_EDGE_LIMIT:
        diagram = Lazy(_whole_map, catalogue, groups, names, L) if by_name else None
        pic = Lazy(_flows_picture, groups, names, flows, L, False) if few_flows else None
        yield page(
            "map/", "map.html", diagram=diagram, flows_diagram=pic, topic_pages=False, **whole
        )
        return
    inside = transitions - sum(flows.values())
    if len(by_name) <= SINGLE_LIMIT and inside <= INSIDE_EDGE_LIMIT:
        # Every service still fits one picture; the arrows across topics would tangle, so
        # they are counted in the categories' picture and listed on the topics' own maps.
        diagram = Lazy(_whole_map, catalogue, groups, names, L)
        pic = Lazy(_flows_picture, groups, names, flows, L, True) if few_flows else None
        yield page(
            "map/", "map.html", diagram=diagram, flows_diagram=pic, topic_pages=True, **whole
        )
    else:
        diagram = None
        if flows:
            diagram = Lazy(_flows_picture, groups, names, flows, L, True)
        yield page(
            "map/",
            "map_overview.html",
            groups=groups,
            diagram=diagram,
            flows_from=flows_from,
            **common,
        )
    for group in groups:
        inside = inside_of[group.slug]
        drawn = len(group.services) <= CATEGORY_LIMIT and inside <= SINGLE_EDGE_LIMIT
        diagram = Lazy(_category_map, catalogue, group, category_of, L) if drawn else None
        yield page(
            f"map/{group.slug}/",
            "map.html",
            groups=[group],
            diagram=diagram,
            split=True,
            inside=False,
            topic_pages=True,
            flows_diagram=None,
            group=group,
            flows_out=flows_from[group.slug],
            **common,
        )


def _map_facts(
    catalogue: Catalogue, groups: list[MapGroup], by_name: list[Service]
) -> tuple[
    dict[str, str],
    dict[str, list[Transition]],
    dict[tuple[str, str], int],
    list[str],
    dict[str, int],
]:
    """What the map pages need that is the same in every language: each service's
    category and transitions to services on the map (for the lists under the pictures),
    the flows between categories, the legend's keys and each category's transitions
    within it. Only looked up, never listed, so the first language's order serves all."""
    category_of = {s.slug: g.slug for g in groups for s in g.services}
    shown = {s.slug: _shown(s, category_of) for s in by_name}
    inside_of = {
        g.slug: sum(category_of[t.target] == g.slug for s in g.services for t in shown[s.slug])
        for g in groups
    }
    flows = _flows(catalogue, category_of)
    return category_of, shown, flows, map_legend(by_name, category_of), inside_of


def _shown(service: Service, category_of: dict[str, str]) -> list[Transition]:
    """A service's transitions to services on the map (an ended one is not)."""
    return [t for t in service.transitions if t.target in category_of]


def group_name(group: MapGroup, L: Localizer) -> str:
    return L.plain(group.term.name) if group.term else L.ui("uncategorised")


def _flows(catalogue: Catalogue, category_of: dict[str, str]) -> dict[tuple[str, str], int]:
    """How many transitions lead from one category to another (within one not counted)."""
    counts: Counter[tuple[str, str]] = Counter()
    for service in catalogue.services.values():
        if service.slug not in category_of:
            continue
        for t in _shown(service, category_of):
            a, b = category_of[t.source], category_of[t.target]
            if a != b:
                counts[(a, b)] += 1
    return dict(sorted(counts.items()))


NARROW_WIDTH = 340.0  # a phone's column (375 px less the page's padding)
WIDE_WIDTH = 900.0  # a desktop column (60rem less the padding)


def path_order(catalogue: Catalogue) -> dict[str, float]:
    """Each entry's step number in the first path (in catalogue order) that goes through
    it: the map keeps a path's order top to bottom even where the path loops back."""
    order: dict[str, float] = {}
    for path in catalogue.paths.values():
        for i, step in enumerate(path.steps):
            for slug in step.services:
                order.setdefault(slug, float(i))
    return order


def _whole_map(
    catalogue: Catalogue,
    groups: list[MapGroup],
    names: dict[str, str],
    L: Localizer,
) -> str:
    """Every service in its category's band, the bands one below the other, each wrapped
    to the column's width, with the arrows within the category (those between categories
    are in the categories' own picture, `_flows_picture`). A second, narrower drawing
    replaces the first on a phone (the stylesheet swaps them)."""
    on_map = {s.slug: g.slug for g in groups for s in g.services}
    sections = [
        Section(
            names[g.slug],
            [service_node(catalogue, s, L, f"../services/{s.slug}/") for s in g.services],
            [
                DiagramEdge(t.source, t.target, style=LINE_OF_TRANSITION.get(t.kind, ""))
                for s in g.services
                for t in _shown(s, on_map)
                if on_map[t.target] == g.slug
            ],
        )
        for g in groups
    ]
    drawn = [t for g in groups for s in g.services for t in _shown(s, on_map)]
    order = path_order(catalogue)
    n = sum(len(g.services) for g in groups)
    desc = L.count("map_desc_inside", n) + line_legend(drawn, L)

    def draw(width: float, prefix: str) -> str:
        return render_stacked(
            sections,
            title=L.ui("map_title"),
            desc=desc,
            id_prefix=prefix,
            max_width=width,
            order=order,
        )

    return swap(draw(WIDE_WIDTH, "map"), draw(NARROW_WIDTH, "map-narrow"), L)


def _flows_picture(
    groups: list[MapGroup],
    names: dict[str, str],
    flows: dict[tuple[str, str], int],
    L: Localizer,
    topic_pages: bool,
) -> str:
    """The categories and the transitions from one to another, a picture of its own under
    the map: the flows that matter between the parts of the service system. More than
    OVERVIEW_EDGE_LIMIT tangle: then the commonest are drawn, and a note says so."""
    href = "{slug}/" if topic_pages else "#g-{slug}"
    top = strongest(flows)
    note = ""
    if len(top) < len(flows):
        text = fill(L.ui("map_flows_top"), n=len(top), m=len(flows))
        note = f'<p class="kn-flows-note">{escape(text)}</p>'
    return note + _overview_map(groups, names, top, L, href=href)


def strongest(flows: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """At most OVERVIEW_EDGE_LIMIT flows, the commonest (ties in name order), in name order."""
    ranked = sorted(flows.items(), key=lambda item: (-item[1], item[0]))
    return dict(sorted(ranked[:OVERVIEW_EDGE_LIMIT]))


def map_legend(services: list[Service], category_of: dict[str, str]) -> list[str]:
    """The strings.yaml keys explaining the map's line kinds and box shapes."""
    kinds = {t.kind for s in services for t in _shown(s, category_of)}
    keys = ["legend_map_main"] if kinds else []
    keys += [f"legend_{k}" for k in ("alongside", "consult") if k in kinds]
    if any(s.kind == "outcome" for s in services):
        keys.append("legend_outcome")
    return keys


def _overview_map(
    groups: list[MapGroup],
    names: dict[str, str],
    flows: dict[tuple[str, str], int],
    L: Localizer,
    href: str = "{slug}/",
) -> str:
    """The categories as boxes and an arrow per category-to-category flow (its count in
    the arrow's target's accessible text), top to bottom."""
    nodes = [
        DiagramNode(
            g.slug,
            names[g.slug],
            L.count("map_service_count", len(g.services)),
            href.replace("{slug}", g.slug),
        )
        for g in groups
    ]
    edges = [DiagramEdge(a, b) for a, b in flows]
    sections = [Section("", nodes, edges)]
    desc = (
        L.ui("map_overview_desc")
        + " "
        + " ".join(
            f"{names[a]} → {names[b]}: {L.count('map_transition_count', n)}."
            for (a, b), n in flows.items()
        )
    )

    def draw(width: float, prefix: str) -> Drawing:
        title = L.ui("map_flows_heading")
        return draw_stacked(sections, title=title, desc=desc, id_prefix=prefix, max_width=width)

    wide, narrow = draw(WIDE_WIDTH, "map-flows"), draw(NARROW_WIDTH, "map-flows-narrow")
    # Wider than a phone, the picture opens on its top box, not its left edge.
    return swap(wide.svg, narrow.svg, L, starts=(_top_box(wide), _top_box(narrow)))


def _top_box(drawing: Drawing) -> BoxAt | None:
    """The box nearest the top (then the left): where the flows begin."""
    boxes = sorted(drawing.boxes.values(), key=lambda box: (round(box[1]), box[0]))
    return boxes[0] if boxes else None


def _category_map(
    catalogue: Catalogue, group: MapGroup, category_of: dict[str, str], L: Localizer
) -> str:
    """The category's services and the transitions between them, wrapped to the column
    like the whole map. Arrows to other categories would cross the whole picture: the page
    lists and links them."""
    nodes = [service_node(catalogue, s, L, f"../../services/{s.slug}/") for s in group.services]
    edges = [
        DiagramEdge(t.source, t.target, style=LINE_OF_TRANSITION.get(t.kind, ""))
        for s in group.services
        for t in _shown(s, category_of)
        if category_of[t.target] == group.slug
    ]
    name = group_name(group, L)
    sections = [Section(name, nodes, edges)]
    desc = L.count("map_category_desc", len(group.services)) + line_legend(
        [t for s in group.services for t in _shown(s, category_of)], L
    )
    order = path_order(catalogue)

    def draw(width: float, prefix: str) -> str:
        title = fill(L.ui("map_category_title"), name=name)
        return render_stacked(
            sections, title=title, desc=desc, id_prefix=prefix, max_width=width, order=order
        )

    return swap(draw(WIDE_WIDTH, "map"), draw(NARROW_WIDTH, "map-narrow"), L)
