"""Stage 4b: which pages the site has, and what each page's template receives.

Every page is a `PageSpec`: an output path, a template and its context. Listing them is
separate from rendering so the writer can render in any order (or in parallel) and tests
can ask which pages exist without rendering any.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kennosto.catalogue_map import map_pages
from kennosto.diagrams import Lazy, Neighbourhoods
from kennosto.entries import area_of, listed, provided_by
from kennosto.fieldref import field_reference
from kennosto.finder import SELF_REFERRERS, finder_data
from kennosto.graph import Graph
from kennosto.lists import by_category, by_municipality, by_target_group
from kennosto.model import Catalogue, Service
from kennosto.path_diagram import path_diagram, path_legend
from kennosto.path_page import alongside_views, step_views
from kennosto.referral import list_entry, page_url, qr_svg, split_transitions, way_in
from kennosto.render import Localizer, sort_key
from kennosto.schemas import SCHEMA_FILES
from kennosto.search import search_filters, service_filters


@dataclass(frozen=True)
class PageSpec:
    path: str  # output path relative to the site root, e.g. "fi/services/typ/index.html"
    template: str
    context: dict[str, Any]


class Kept(PageSpec):
    """A page that `only` passed over (an entry's page, or a list's): listed, its context
    not built (an incremental rebuild keeps its file as it is)."""


PageFilter = Callable[[str], bool]


def iter_pages(
    catalogue: Catalogue,
    graph: Graph,
    strings: dict[str, Any],
    diagrams: bool = True,
    only: PageFilter | None = None,
    maps: bool = True,
) -> Iterator[PageSpec]:
    """Every page of the site; `diagrams=False` leaves the path and service diagrams out
    (their text equivalents stay), for quick previews. An entry's or a list's page whose
    path `only` rejects is a `Kept` without context: listing 31,000 pages with their contexts took
    seconds, for a rebuild that renders a few. `maps=False` leaves the map pages out (a
    rebuild's first phase, which renders entry pages only)."""
    yield PageSpec(
        "index.html", "languages.html", {**_root_context(catalogue, strings), "not_found": False}
    )
    root404 = {**_root_context(catalogue, strings), "root": _site_root(catalogue)}
    yield PageSpec("404.html", "languages.html", {**root404, "not_found": True})
    # Language-independent, so worked out once, not once per language and service page.
    filters = _Filters(catalogue)
    for lang in catalogue.settings.languages:
        L = Localizer(lang, strings)
        yield from _language_pages(catalogue, graph, L, diagrams, filters, only, maps)


def page_total(catalogue: Catalogue, strings: dict[str, Any]) -> int:
    """How many pages `iter_pages` yields, without building their contexts (listing every
    page costs seconds on a large catalogue): the total a progress bar counts up to."""
    settings = catalogue.settings
    running = [s for s in catalogue.services.values() if listed(s)]
    L = Localizer(settings.languages[0], strings)
    maps = sum(1 for _ in map_pages(catalogue, running, L, lambda *args, **kwargs: None))
    optional = (settings.categories, settings.target_groups, settings.municipalities)
    # home, services, organizations, paths, data, fields, search, finder, finder data,
    # list, list data, 404
    fixed = 12 + sum(1 for vocabulary in optional if vocabulary)
    entries = len(catalogue.services) + len(catalogue.organizations) + len(catalogue.paths)
    per_language = fixed + maps + entries + len(catalogue.pages) + len(settings.redirects)
    return 2 + len(settings.languages) * per_language  # the language choice and the root 404


def _root_context(catalogue: Catalogue, strings: dict[str, Any]) -> dict[str, Any]:
    languages = catalogue.settings.languages
    return {
        "settings": catalogue.settings,
        "localizers": [Localizer(lang, strings) for lang in languages],
        "root": "",
    }


def _language_pages(
    catalogue: Catalogue,
    graph: Graph,
    L: Localizer,
    diagrams: bool,
    filters: _Filters,
    only: PageFilter | None = None,
    maps: bool = True,
) -> Iterator[PageSpec]:
    lang = L.lang

    def kept(sub: str, template: str) -> Kept | None:
        path = f"{lang}/{sub}index.html"
        return Kept(path, template, {}) if only is not None and not only(path) else None

    by_name = sorted(catalogue.services.values(), key=lambda s: sort_key(L.plain(s.name)))
    base = {"catalogue": catalogue, "settings": catalogue.settings, "L": L, "lang": lang}

    def page(sub: str, template: str, **context: Any) -> PageSpec:
        depth = sub.count("/") + 1
        context = {**base, "root": "../" * depth, "page_path": sub, **context}
        return PageSpec(f"{lang}/{sub}index.html", template, context)

    def sheet(sub: str, template: str, **context: Any) -> PageSpec:
        """A page that prints as the client's sheet: its address and QR code go along."""
        url = page_url(catalogue.settings.base_url, lang, sub)
        return page(sub, template, sheet_url=url, qr=Lazy(qr_svg, url), **context)

    def listing(sub: str, template: str, make: Callable[[], dict[str, Any]]) -> PageSpec:
        """A page whose context takes long to make (a list of every entry): made only
        for a page that is rendered."""
        return kept(sub, template) or page(sub, template, **make())

    settings = catalogue.settings
    running = [s for s in by_name if listed(s)]
    yield page("", "home.html", services=running)
    yield listing(
        "services/",
        "services.html",
        lambda: {"letters": _by_letter(by_name, L), "services": by_name},
    )
    if settings.categories:
        yield listing("categories/", "categories.html", lambda: by_category(settings, running))
    orgs = sorted(catalogue.organizations.values(), key=lambda o: sort_key(L.plain(o.name)))
    yield page("organizations/", "organizations.html", organizations=orgs)
    paths = sorted(catalogue.paths.values(), key=lambda p: sort_key(L.plain(p.name)))
    yield page("paths/", "paths.html", paths=paths)
    yield page("data/", "data.html", schema_files=SCHEMA_FILES, citation=_citation(catalogue, L))
    yield page("fields/", "fields.html", **field_reference(lang))
    if settings.target_groups:
        groups = lambda: by_target_group(settings, running)  # noqa: E731
        yield listing("target-groups/", "target_groups.html", groups)
    if settings.municipalities:
        areas = lambda: by_municipality(settings, running)  # noqa: E731
        yield listing("municipalities/", "municipalities.html", areas)
    facets = lambda: {"filters": search_filters(catalogue, L, filters.everything())}  # noqa: E731
    yield listing("search/", "search.html", facets)
    yield page("finder/", "finder.html", self_referrers=SELF_REFERRERS)
    yield page("list/", "list.html")
    entries = Lazy(_list_json, catalogue, graph, L)
    yield PageSpec(f"{lang}/list/services.json", "finder_data.json", {"json": entries})
    yield PageSpec(
        f"{lang}/404.html",
        "404.html",
        {**base, "root": _site_root(catalogue), "page_path": "404.html"},
    )
    if maps:
        yield from map_pages(catalogue, running, L, page)
    # Built lazily: every render worker lists every page but writes only its own share.
    data = Lazy(_finder_json, catalogue, L)
    yield PageSpec(f"{lang}/finder/services.json", "finder_data.json", {"json": data})
    hoods = Neighbourhoods(catalogue, graph, L) if diagrams else None
    for service in catalogue.services.values():
        if skip := kept(f"services/{service.slug}/", "service.html"):
            yield skip
            continue
        yield sheet(
            f"services/{service.slug}/",
            "service.html",
            pagefind_filters=filters[service.slug],
            **_service_context(catalogue, graph, service, L, hoods),
        )
    offered = provided_by(catalogue)
    order = {s.slug: i for i, s in enumerate(by_name)}
    for org in orgs:
        if skip := kept(f"organizations/{org.slug}/", "organization.html"):
            yield skip
            continue
        yield page(
            f"organizations/{org.slug}/",
            "organization.html",
            organization=org,
            services=sorted(offered[org.slug], key=lambda s: order[s.slug]),
        )
    for path in paths:
        if skip := kept(f"paths/{path.slug}/", "path.html"):
            yield skip
            continue
        views = step_views(catalogue, graph, path)
        yield sheet(
            f"paths/{path.slug}/",
            "path.html",
            path=path,
            steps=views,
            alongside=alongside_views(catalogue, path),
            legend=path_legend(views, {a.service for a in path.alongside}),
            diagram=Lazy(path_diagram, catalogue, path, views, L) if diagrams else None,
        )
    for content in catalogue.pages.values():
        yield page(f"{content.slug}/", "page.html", content=content)
    for old, new in sorted(catalogue.settings.redirects.items()):
        yield page(f"services/{old}/", "redirect.html", target=catalogue.services[new])


class _Filters(dict[str, list[str]]):
    """Each service's search filters (service_filters), worked out when first asked for:
    a rebuild renders a few service pages."""

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.catalogue = catalogue

    def __missing__(self, slug: str) -> list[str]:
        found = self[slug] = service_filters(self.catalogue.services[slug], self.catalogue.settings)
        return found

    def everything(self) -> dict[str, list[str]]:
        return {slug: self[slug] for slug in self.catalogue.services}


def _citation(catalogue: Catalogue, L: Localizer) -> str:
    """A suggested citation: publisher, title, where, when retrieved, licence. The
    publisher is who compiles the site (`publisher.name`), which need not be the region
    the catalogue describes."""
    settings = catalogue.settings
    named = (settings.publisher or {}).get("name")
    publisher = L.plain(named) or L.plain(settings.region) or L.plain(settings.title)
    where = f"{settings.base_url}{L.lang}/data/" if settings.base_url else "data/catalogue.json"
    parts = [
        f"{publisher}: {L.plain(settings.title)}",
        f"{L.ui('open_data')}, {where}, {L.ui('data_cite_retrieved')} {L.ui('data_cite_date')}",
    ]
    if settings.license:
        parts.append(f"{L.ui('data_cite_license')} {settings.license.name}")
    return ". ".join(parts) + "."


def _site_root(catalogue: Catalogue) -> str:
    """A 404 page is served at whatever address was asked for, so its links cannot be
    relative: they start from `base_url`, or from the server's root without one."""
    return catalogue.settings.base_url or "/"


def _list_json(catalogue: Catalogue, graph: Graph, L: Localizer) -> str:
    """What the shareable list page shows of each service a client can be referred to."""
    data = {
        slug: list_entry(catalogue, graph, service, L)
        for slug, service in catalogue.services.items()
        if listed(service)
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _finder_json(catalogue: Catalogue, L: Localizer) -> str:
    data = finder_data(catalogue, L)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _service_context(
    catalogue: Catalogue, graph: Graph, service: Service, L: Localizer, hoods: Neighbourhoods | None
) -> dict[str, Any]:
    services = catalogue.services
    out = graph.outgoing[service.slug]
    into = graph.incoming[service.slug]
    outgoing, consult_out = split_transitions([(t, services[t.target]) for t in out])
    incoming, consult_in = split_transitions([(t, services[t.source]) for t in into])
    return {
        "service": service,
        "where": area_of(service),
        "providers": [(p, catalogue.organizations[p.organization]) for p in service.providers],
        # The first provider, as before content model 2: catalogues' own templates use it.
        "provider": catalogue.organizations.get(service.provider or ""),
        "way": way_in(catalogue, graph, service),
        "outgoing": outgoing,
        "incoming": incoming,
        "consults": consult_out + consult_in,
        "paths": [catalogue.paths[slug] for slug in graph.paths_through[service.slug]],
        "neighbourhood": (Lazy(hoods.diagram, service) if hoods and (out or into) else None),
    }


def _by_letter(services: list[Service], L: Localizer) -> list[tuple[str, list[Service]]]:
    groups: dict[str, list[Service]] = {}
    for service in services:
        name = L.plain(service.name)
        letter = name[:1].upper() if name[:1].isalpha() else "#"
        groups.setdefault(letter, []).append(service)
    return list(groups.items())
