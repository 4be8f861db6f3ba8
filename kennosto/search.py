"""Stage 6: the search index. Pagefind indexes the rendered pages in the temporary build
folder, before the atomic swap, so a failed index leaves the previous site untouched.

Pagefind reads each page's `<html lang>` and writes one index per language, so a search on
a Finnish page searches Finnish pages only. Only elements marked `data-pagefind-body`
(service and path pages) are indexed; list pages and ended entries' pages are not. Filters come from the
`data-pagefind-filter` attributes of the service pages (see templates/service.html).

The Python API talks to the `pagefind` binary of the `pagefind_bin` wheel; nothing is
downloaded. `add_directory` indexes the whole folder in one request (adding pages one by
one costs 0.1 s each in the Python wrapper's polling loop).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from kennosto.entries import area_of, listed, term_label, tree, with_parents
from kennosto.errors import KennostoError
from kennosto.model import KINDS, Catalogue, Service, Settings, Term
from kennosto.pagefind_chunks import compact
from kennosto.pagefind_files import lighten
from kennosto.render import Localizer, sort_key
from kennosto.search_forms import EXCLUDE, enrich_site

OUTPUT = "pagefind"
UNUSED_BUNDLES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(KennostoError):
    """Pagefind is missing or failed."""


@dataclass(frozen=True)
class IndexResult:
    pages: int
    output: Path


def index_site(site_dir: Path, catalogue: Catalogue | None = None) -> IndexResult:
    """Index the built site in `site_dir` into `site_dir/pagefind/`, each page also by the
    base forms and compound parts of its words (kennosto/search_forms.py); `catalogue`
    adds each entry's main target group to its name's words."""
    try:
        from pagefind.index import PagefindIndex
        from pagefind.service import get_executable
    except ImportError as exc:  # pragma: no cover - pagefind is a dependency
        raise SearchIndexError(
            "the Python package 'pagefind[bin]' is not installed; install it or build with --no-search"
        ) from exc
    if get_executable() is None:
        raise SearchIndexError(
            "the pagefind binary was not found (pip install 'pagefind[bin]'); or build with --no-search"
        )
    output = site_dir / OUTPUT
    enrich_site(site_dir, catalogue)

    async def run() -> int:
        # Leaving the context writes the files to `output_path`.
        config = {"output_path": str(output.resolve()), "exclude_selectors": list(EXCLUDE)}
        async with PagefindIndex(config) as index:
            added = await index.add_directory(str(site_dir.resolve()))
            return int(added["page_count"])

    try:
        pages = asyncio.run(run())
    except SearchIndexError:
        raise
    except Exception as exc:  # the service reports its failures as plain Exceptions
        raise SearchIndexError(f"search indexing failed: {exc}") from exc
    for name in UNUSED_BUNDLES:  # Pagefind's ready-made UIs; our search.js uses the API
        (output / name).unlink(missing_ok=True)
    lighten(output)  # slim result fragments, short fragment names (pagefind_files.py)
    compact(output)  # word index: positions that compress, small chunks (pagefind_chunks.py)
    return IndexResult(pages, output)


# The facets: the Pagefind filter name of each, with the label key of strings.yaml.
FILTERS = (
    ("kind", "kind_label"),
    ("category", "category"),
    ("target_group", "target_groups"),
    ("municipality", "area"),
    ("provider", "provider"),
    ("referrer", "referrers"),
    ("cost", "cost"),
)


def service_filters(service: Service, settings: Settings) -> list[str]:
    """The `data-pagefind-filter` values (`key:value`, one per element) of a service page.
    Values are vocabulary slugs, so a shared search URL means the same in every language.
    An entry has every category and target group it lists and their parents (a search
    for a broader term finds it), every municipality it or a provider serves (none given:
    every municipality) and every provider."""
    pairs: list[tuple[str, str]] = [("kind", service.kind)]
    pairs += [("category", slug) for slug in with_parents(settings.categories, service.categories)]
    pairs += [
        ("target_group", slug)
        for slug in with_parents(settings.target_groups, service.target_groups)
    ]
    area = area_of(service)
    pairs += [
        ("municipality", slug)
        for slug in (
            with_parents(settings.municipalities, area) if area else settings.municipalities
        )
    ]
    pairs += [
        ("provider", slug) for slug in dict.fromkeys(p.organization for p in service.providers)
    ]
    pairs += [("referrer", slug) for slug in service.referrers]
    if service.cost_free is not None:
        pairs.append(("cost", "free" if service.cost_free else "not-free"))
    return [f"{key}:{value}" for key, value in pairs]


def _tree_options(terms: dict[str, Term], L: Localizer) -> list[tuple[str, str]]:
    """A vocabulary's facet options in tree order, labelled 'Parent › Child'."""
    return [(t.slug, term_label(terms, t.slug, L)) for t, _ in tree(terms)]


def search_filters(
    catalogue: Catalogue, L: Localizer, filters: dict[str, list[str]]
) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The search page's facets: (filter name, label, [(value, label)]), only values that
    some indexed (not ended) entry has; `filters` maps each entry to its service_filters()."""
    settings = catalogue.settings
    used: dict[str, set[str]] = {key: set() for key, _ in FILTERS}
    for slug, pairs in filters.items():
        if not listed(catalogue.services[slug]):
            continue
        for pair in pairs:
            key, _, value = pair.partition(":")
            used[key].add(value)
    providers = sorted(catalogue.organizations.values(), key=lambda o: sort_key(L.plain(o.name)))
    kinds = L.ui_map("kind")
    options: dict[str, list[tuple[str, str]]] = {
        "kind": [(k, kinds[k]) for k in KINDS],
        "category": _tree_options(settings.categories, L),
        "target_group": _tree_options(settings.target_groups, L),
        "municipality": _tree_options(settings.municipalities, L),
        "provider": [(o.slug, L.plain(o.name)) for o in providers],
        "referrer": _tree_options(settings.referrers, L),
        "cost": [("free", L.ui("free")), ("not-free", L.ui("not_free"))],
    }
    return [
        (key, L.ui(label), [(v, text) for v, text in options[key] if v in used[key]])
        for key, label in FILTERS
        if used[key] and (key != "kind" or len(used[key]) > 1)  # one kind: nothing to choose
    ]
