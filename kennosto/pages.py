"""Stage 4b: which pages the site has, and what each page's template receives.

Every page is a `PageSpec`: an output path, a template and its context. Listing them is
separate from rendering so the writer can render in any order (or in parallel) and tests
can ask which pages exist without rendering any.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from kennosto.catalogue_map import map_pages
from kennosto.diagrams import Lazy, Neighbourhoods
from kennosto.entries import area_of, listed, provided_by
from kennosto.fieldref import field_reference
from kennosto.finder import SELF_REFERRERS, finder_data
from kennosto.graph import Graph
from kennosto.lists import by_category, by_municipality, by_target_group
from kennosto.model import Catalogue, Organization, ReferralPath, Service
from kennosto.path_diagram import path_diagram, path_legend
from kennosto.path_page import alongside_views, step_views
from kennosto.referral import list_entry, page_url, qr_svg, split_transitions, way_in
from kennosto.render import Localizer, sort_key
from kennosto.schemas import SCHEMA_FILES
from kennosto.search import search_filters, service_filters


@dataclass(frozen=True)
class PageSpec:
    """A page: its output path, its template and how to make the template's context.

    Every render worker lists every page, but renders only its share, and the sitemap and
    the progress bar need only the paths: the context (tens of thousands of them, with
    sorted lists and groupings) is made when a page is rendered, by `make_context`."""

    path: str  # output path relative to the site root, e.g. "fi/services/typ/index.html"
    template: str
    make: Callable[[], dict[str, Any]] = field(repr=False, compare=False)

    def make_context(self) -> dict[str, Any]:
        """A new context on every call: the renderer makes it once, uses it and drops it."""
        return self.make()

    @property
    def context(self) -> dict[str, Any]:
        return self.make()


def _fixed(context: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    return lambda: context


def iter_pages(
    catalogue: Catalogue,
    graph: Graph,
    strings: dict[str, Any],
    diagrams: bool = True,
    maps: bool = True,
    shared: list[Callable[[], Any]] | None = None,
) -> Iterator[PageSpec]:
    """Every page of the site; `diagrams=False` leaves the path and service diagrams out
    (their text equivalents stay), for quick previews. `maps=False` leaves the map pages
    out, whose listing groups the whole catalogue (a rebuild's first phase, which renders
    entry pages only). `shared` collects how to prepare what many pages share and would
    otherwise make when first needed (search filters, each language's neighbour boxes): a build on several
    processes prepares them before it forks, so they are made once, not once per process."""
    yield PageSpec(
        "index.html",
        "languages.html",
        lambda: {**_root_context(catalogue, strings), "not_found": False},
    )
    yield PageSpec(
        "404.html",
        "languages.html",
        lambda: {
            **_root_context(catalogue, strings),
            "root": _site_root(catalogue),
            "not_found": True,
        },
    )
    # Language-independent, so worked out once (when first needed), not once per language.
    filters = _Filters(catalogue)
    facts = _Facts(catalogue, graph, filters)
    if shared is not None:
        shared.append(filters.everything)
        shared.append(facts.everything)
    map_facts: dict[str, Any] = {}  # the map pages' facts, the same in every language
    for lang in catalogue.settings.languages:
        L = Localizer(lang, strings)
        yield from _language_pages(
            catalogue, graph, L, diagrams, filters, facts, maps, shared, map_facts
        )


class _PerService(dict[str, Any]):
    """A value for each service, made when first asked for (a rebuild renders a few
    service pages), or for all of them at once (`everything`) before the workers fork."""

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.catalogue = catalogue

    def make(self, service: Service) -> Any:
        raise NotImplementedError

    def __missing__(self, slug: str) -> Any:
        found = self[slug] = self.make(self.catalogue.services[slug])
        return found

    def everything(self) -> dict[str, Any]:
        return {slug: self[slug] for slug in self.catalogue.services}


class _Filters(_PerService):
    """Each service's search filters (service_filters)."""

    def make(self, service: Service) -> list[str]:
        return service_filters(service, self.catalogue.settings)


class _Facts(_PerService):
    """What a service page shows of its service in every language (providers, the way
    in, transitions, paths), made once for all languages: 30,000 service pages made the
    same 10,000 again and again. Templates only read it."""

    def __init__(self, catalogue: Catalogue, graph: Graph, filters: _Filters) -> None:
        super().__init__(catalogue)
        self.graph, self.filters = graph, filters

    def make(self, service: Service) -> dict[str, Any]:
        return {
            "pagefind_filters": self.filters[service.slug],
            **_service_facts(self.catalogue, self.graph, service),
        }


class _Once:
    """A value computed on first use and kept: shared by the pages that need it."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make, self._value = make, None

    def __call__(self) -> Any:
        if self._value is None:
            self._value = self._make()
        return self._value


def page_total(catalogue: Catalogue, strings: dict[str, Any]) -> int:
    """How many pages `iter_pages` yields (listing them is cheap; their contexts are made
    only when rendered): the total a progress bar counts up to."""
    return sum(1 for _ in iter_pages(catalogue, Graph({}, {}, {}), strings, diagrams=False))


def _root_context(catalogue: Catalogue, strings: dict[str, Any]) -> dict[str, Any]:
    languages = catalogue.settings.languages
    return {
        "settings": catalogue.settings,
        "localizers": [Localizer(lang, strings) for lang in languages],
        "root": "",
    }


Maker = Callable[[], dict[str, Any]]


def _language_pages(
    catalogue: Catalogue,
    graph: Graph,
    L: Localizer,
    diagrams: bool,
    filters: _Filters,
    facts: _Facts,
    maps: bool = True,
    shared: list[Callable[[], Any]] | None = None,
    map_facts: dict[str, Any] | None = None,
) -> Iterator[PageSpec]:
    lang = L.lang
    by_name = sorted(catalogue.services.values(), key=lambda s: sort_key(L.plain(s.name)))
    base = {"catalogue": catalogue, "settings": catalogue.settings, "L": L, "lang": lang}

    def page(sub: str, template: str, make: Maker | None = None, **context: Any) -> PageSpec:
        """`context`, and what `make` returns when the page is rendered (both put
        together then: a rebuild lists 31,000 pages to render a few)."""
        return PageSpec(
            f"{lang}/{sub}index.html", template, partial(_page_context, base, sub, context, make)
        )

    def sheet(sub: str, template: str, make: Maker) -> PageSpec:
        """A page that prints as the client's sheet: its address and QR code go along."""
        return page(
            sub, template, partial(_sheet_context, catalogue.settings.base_url, L, sub, make)
        )

    settings = catalogue.settings
    running = [s for s in by_name if listed(s)]
    yield page("", "home.html", services=running)
    yield page(
        "services/", "services.html", lambda: {"letters": _by_letter(by_name, L)}, services=by_name
    )
    if settings.categories:
        yield page("categories/", "categories.html", lambda: by_category(settings, running))
    orgs = sorted(catalogue.organizations.values(), key=lambda o: sort_key(L.plain(o.name)))
    yield page("organizations/", "organizations.html", organizations=orgs)
    paths = sorted(catalogue.paths.values(), key=lambda p: sort_key(L.plain(p.name)))
    yield page("paths/", "paths.html", paths=paths)
    yield page(
        "data/",
        "data.html",
        lambda: {"citation": _citation(catalogue, L)},
        schema_files=SCHEMA_FILES,
    )
    yield page("fields/", "fields.html", lambda: field_reference(lang))
    if settings.target_groups:
        yield page(
            "target-groups/", "target_groups.html", lambda: by_target_group(settings, running)
        )
    if settings.municipalities:
        yield page(
            "municipalities/", "municipalities.html", lambda: by_municipality(settings, running)
        )
    yield page(
        "search/",
        "search.html",
        lambda: {"filters": search_filters(catalogue, L, filters.everything())},
    )
    yield page("finder/", "finder.html", self_referrers=SELF_REFERRERS)
    yield page("list/", "list.html")
    entries = Lazy(_list_json, catalogue, graph, L)
    yield PageSpec(f"{lang}/list/services.json", "finder_data.json", _fixed({"json": entries}))
    yield PageSpec(
        f"{lang}/404.html",
        "404.html",
        _fixed({**base, "root": _site_root(catalogue), "page_path": "404.html"}),
    )
    if maps:
        yield from map_pages(catalogue, running, L, page, map_facts)
    # Built lazily: every render worker lists every page but writes only its own share.
    data = Lazy(_finder_json, catalogue, L)
    yield PageSpec(f"{lang}/finder/services.json", "finder_data.json", _fixed({"json": data}))
    hoods = _Once(lambda: Neighbourhoods(catalogue, graph, L)) if diagrams else None
    if hoods is not None and shared is not None:
        shared.append(lambda: hoods().draw_all())
    for service in catalogue.services.values():
        yield sheet(
            f"services/{service.slug}/",
            "service.html",
            partial(_service_page, service, hoods, facts),
        )
    offered = _Once(lambda: provided_by(catalogue))
    order = _Once(lambda: {s.slug: i for i, s in enumerate(by_name)})
    for org in orgs:
        yield page(
            f"organizations/{org.slug}/",
            "organization.html",
            partial(_organization_page, org, offered, order),
        )
    for path in paths:
        yield sheet(
            f"paths/{path.slug}/",
            "path.html",
            partial(_path_page, catalogue, graph, path, L, diagrams),
        )
    for content in catalogue.pages.values():
        yield page(f"{content.slug}/", "page.html", content=content)
    for old, new in sorted(catalogue.settings.redirects.items()):
        yield page(f"services/{old}/", "redirect.html", target=catalogue.services[new])


def _page_context(
    base: dict[str, Any], sub: str, context: dict[str, Any], make: Maker | None
) -> dict[str, Any]:
    fixed = {**base, "root": "../" * (sub.count("/") + 1), "page_path": sub, **context}
    return {**fixed, **make()} if make is not None else fixed


def _sheet_context(base_url: str | None, L: Localizer, sub: str, make: Maker) -> dict[str, Any]:
    url = page_url(base_url, L.lang, sub)
    return {"sheet_url": url, "qr": Lazy(qr_svg, url), **make()}


def _service_page(service: Service, hoods: _Once | None, facts: _Facts) -> dict[str, Any]:
    slug, graph = service.slug, facts.graph
    hood = hoods() if hoods and (graph.outgoing[slug] or graph.incoming[slug]) else None
    return {**facts[slug], "neighbourhood": Lazy(hood.diagram, service) if hood else None}


def _organization_page(org: Organization, offered: _Once, order: _Once) -> dict[str, Any]:
    rank = order()
    return {
        "organization": org,
        "services": sorted(offered()[org.slug], key=lambda s: rank[s.slug]),
    }


def _path_page(
    catalogue: Catalogue, graph: Graph, path: ReferralPath, L: Localizer, diagrams: bool
) -> dict[str, Any]:
    views = step_views(catalogue, graph, path)
    return {
        "path": path,
        "steps": views,
        "alongside": alongside_views(catalogue, path),
        "legend": path_legend(views, {a.service for a in path.alongside}),
        "diagram": Lazy(path_diagram, catalogue, path, views, L) if diagrams else None,
    }


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
    named: dict[str, list[str]] = {}  # [slug, name] of each next step and way in
    data = {
        slug: list_entry(catalogue, graph, service, L, named)
        for slug, service in catalogue.services.items()
        if listed(service)
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _finder_json(catalogue: Catalogue, L: Localizer) -> str:
    data = finder_data(catalogue, L)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _service_facts(catalogue: Catalogue, graph: Graph, service: Service) -> dict[str, Any]:
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
    }


def _by_letter(services: list[Service], L: Localizer) -> list[tuple[str, list[Service]]]:
    groups: dict[str, list[Service]] = {}
    for service in services:
        name = L.plain(service.name)
        letter = name[:1].upper() if name[:1].isalpha() else "#"
        groups.setdefault(letter, []).append(service)
    return list(groups.items())
