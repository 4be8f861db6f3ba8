"""Stage 6: the search index. Pagefind indexes the rendered pages in the temporary build
folder, before the atomic swap, so a failed index leaves the previous site untouched.

Pagefind reads each page's `<html lang>` and writes one index per language, so a search on
a Finnish page searches Finnish pages only. Only elements marked `data-pagefind-body`
(service and path pages) are indexed; list pages are not. Filters come from the
`data-pagefind-filter` attributes of the service pages (see templates/service.html).

The Python API talks to the `pagefind` binary of the `pagefind_bin` wheel; nothing is
downloaded. `add_directory` indexes the whole folder in one request (adding pages one by
one costs 0.1 s each in the Python wrapper's polling loop).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from kennosto.errors import KennostoError
from kennosto.model import Catalogue, Service, Settings
from kennosto.render import Localizer, sort_key

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


def index_site(site_dir: Path) -> IndexResult:
    """Index the built site in `site_dir` into `site_dir/pagefind/`."""
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

    async def run() -> int:
        # Leaving the context writes the files to `output_path`.
        async with PagefindIndex({"output_path": str(output.resolve())}) as index:
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
    return IndexResult(pages, output)


# The facets: the Pagefind filter name of each, with the label key of strings.yaml.
FILTERS = (
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
    No `area` means every municipality."""
    pairs: list[tuple[str, str]] = []
    if service.category:
        pairs.append(("category", service.category))
    pairs += [("target_group", slug) for slug in service.target_groups]
    pairs += [("municipality", slug) for slug in (service.area or settings.municipalities)]
    pairs += [("provider", provision.organization) for provision in service.providers]
    pairs += [("referrer", slug) for slug in service.referrers]
    if service.cost_free is not None:
        pairs.append(("cost", "free" if service.cost_free else "not-free"))
    return [f"{key}:{value}" for key, value in pairs]


def search_filters(
    catalogue: Catalogue, L: Localizer, filters: dict[str, list[str]]
) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The search page's facets: (filter name, label, [(value, label)]), only values that
    some service has; `filters` maps each service to its service_filters()."""
    settings = catalogue.settings
    used: dict[str, set[str]] = {key: set() for key, _ in FILTERS}
    for pairs in filters.values():
        for pair in pairs:
            key, _, value = pair.partition(":")
            used[key].add(value)
    providers = sorted(catalogue.organizations.values(), key=lambda o: sort_key(L.plain(o.name)))
    options: dict[str, list[tuple[str, str]]] = {
        "category": [(t.slug, L.plain(t.name)) for t in settings.categories.values()],
        "target_group": [(t.slug, L.plain(t.name)) for t in settings.target_groups.values()],
        "municipality": [(t.slug, L.plain(t.name)) for t in settings.municipalities.values()],
        "provider": [(o.slug, L.plain(o.name)) for o in providers],
        "referrer": [(t.slug, L.plain(t.name)) for t in settings.referrers.values()],
        "cost": [("free", L.ui("free")), ("not-free", L.ui("not_free"))],
    }
    return [
        (key, L.ui(label), [(v, text) for v, text in options[key] if v in used[key]])
        for key, label in FILTERS
        if used[key]
    ]
