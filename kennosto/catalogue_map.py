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
from dataclasses import dataclass, replace
from typing import Any

from kennosto.diagram import DiagramEdge, DiagramNode, render_diagram
from kennosto.diagrams import LINE_OF_TRANSITION, Lazy, fill, line_legend, service_node
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
    catalogue: Catalogue, by_name: list[Service], L: Localizer, page: PageMaker
) -> Iterator[Any]:
    """The map pages of one language; `page(sub, template, **context)` makes a PageSpec."""
    groups = map_groups(catalogue, by_name)
    names = {g.slug: group_name(g, L) for g in groups}
    category_of = {s.slug: g.slug for g in groups for s in g.services}
    common = {"names": names, "group_of": category_of}
    transitions = sum(len(_shown(s, category_of)) for s in by_name)
    if len(by_name) <= SINGLE_LIMIT and transitions <= SINGLE_EDGE_LIMIT:
        diagram = Lazy(_whole_map, catalogue, groups, names, L) if by_name else None
        yield page(
            "map/", "map.html", groups=groups, diagram=diagram, split=False, inside=False, **common
        )
        return
    flows = _flows(catalogue, category_of)
    flows_from: dict[str, list[tuple[str, int]]] = {g.slug: [] for g in groups}
    for (a, b), count in sorted(flows.items(), key=lambda item: -item[1]):
        flows_from[a].append((b, count))
    inside = transitions - sum(flows.values())
    if len(by_name) <= SINGLE_LIMIT and inside <= INSIDE_EDGE_LIMIT:
        # Every service still fits one picture; only the arrows across topics tangle.
        diagram = Lazy(_whole_map, catalogue, groups, names, L, category_of)
        yield page(
            "map/", "map.html", groups=groups, diagram=diagram, split=False, inside=True, **common
        )
    else:
        diagram = None
        if len(flows) <= OVERVIEW_EDGE_LIMIT:
            diagram = Lazy(_overview_map, groups, names, flows, L)
        yield page(
            "map/",
            "map_overview.html",
            groups=groups,
            diagram=diagram,
            flows_from=flows_from,
            **common,
        )
    for group in groups:
        inside = sum(
            category_of[t.target] == group.slug
            for s in group.services
            for t in _shown(s, category_of)
        )
        drawn = len(group.services) <= CATEGORY_LIMIT and inside <= SINGLE_EDGE_LIMIT
        diagram = Lazy(_category_map, catalogue, group, category_of, L) if drawn else None
        yield page(
            f"map/{group.slug}/",
            "map.html",
            groups=[group],
            diagram=diagram,
            split=True,
            inside=False,
            group=group,
            flows_out=flows_from[group.slug],
            **common,
        )


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


def _whole_map(
    catalogue: Catalogue,
    groups: list[MapGroup],
    names: dict[str, str],
    L: Localizer,
    inside_of: dict[str, str] | None = None,
) -> str:
    """Every service in its topic's cluster. With `inside_of` (service -> topic) only the
    arrows within a topic are drawn, topics as bands one below the other, flowing left to
    right; the arrows across topics are in the list and on the topics' own maps."""
    nodes = [
        replace(service_node(catalogue, s, L, f"../services/{s.slug}/"), group=names[g.slug])
        for g in groups
        for s in g.services
    ]
    on_map = {s.slug: g.slug for g in groups for s in g.services}
    edges = [
        DiagramEdge(t.source, t.target, style=LINE_OF_TRANSITION.get(t.kind, ""))
        for g in groups
        for s in g.services
        for t in _shown(s, on_map)
        if inside_of is None or inside_of[t.target] == g.slug
    ]
    drawn = [t for g in groups for s in g.services for t in _shown(s, on_map)]
    return render_diagram(
        nodes,
        edges,
        title=L.ui("map_title"),
        desc=L.count("map_desc_inside" if inside_of else "map_desc", len(nodes))
        + line_legend(drawn, L),
        direction="LR" if inside_of else "TB",
        id_prefix="map",
    )


def _overview_map(
    groups: list[MapGroup],
    names: dict[str, str],
    flows: dict[tuple[str, str], int],
    L: Localizer,
) -> str:
    nodes = [
        DiagramNode(
            g.slug, names[g.slug], L.count("map_service_count", len(g.services)), f"{g.slug}/"
        )
        for g in groups
    ]
    edges = [DiagramEdge(a, b) for a, b in flows]
    return render_diagram(
        nodes,
        edges,
        title=L.ui("map_title"),
        desc=L.ui("map_overview_desc"),
        direction="LR",
        id_prefix="map",
    )


def _category_map(
    catalogue: Catalogue, group: MapGroup, category_of: dict[str, str], L: Localizer
) -> str:
    """The category's services and the transitions between them, top to bottom. Arrows to
    other categories would cross the whole picture: the page lists and links them."""
    nodes = [service_node(catalogue, s, L, f"../../services/{s.slug}/") for s in group.services]
    edges = [
        DiagramEdge(t.source, t.target, style=LINE_OF_TRANSITION.get(t.kind, ""))
        for s in group.services
        for t in _shown(s, category_of)
        if category_of[t.target] == group.slug
    ]
    return render_diagram(
        nodes,
        edges,
        title=fill(L.ui("map_category_title"), name=group_name(group, L)),
        desc=L.count("map_category_desc", len(group.services))
        + line_legend([t for s in group.services for t in _shown(s, category_of)], L),
        direction="TB",
        id_prefix="map",
    )
