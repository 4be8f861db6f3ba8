"""Which pages a rebuild must render, for the preview.

The preview keeps the last good build's model. After an edit, the entries that differ
are compared with it and only the pages that can show them are rendered again: the
changed entries' own pages, the service pages of their neighbours in the old and the new
transition graph, of the services on a changed path or on a path through a changed
service, the organization pages of old and new providers, and the path pages that name
a changed service. These entry pages are rendered first (`split_selection`; the preview
reloads the browser then), then every page that is not an entry's page (lists, maps,
finder data, free pages, redirects). Anything site-wide (kennosto.yaml, free pages,
templates, interface strings) or a changed organization (named on many pages, through
referrers too) renders everything. The in-place writer then writes only the pages whose
bytes changed; a test holds the result equal to a full build.

Beside the model, an `Incremental` keeps what the next build can reuse: the parsed
files (kennosto.load.LoadCache), the data files' record texts (kennosto.memo) and the
list of files the last build left, so leftovers are found without walking the output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kennosto.graph import Graph
from kennosto.load import LoadCache
from kennosto.memo import Memo
from kennosto.model import Catalogue
from kennosto.render import template_dirs

PageFilter = Callable[[str], bool]  # True: render the page at this output path
_ENTRY_PAGE = re.compile(r"[a-z]{2}/(services|organizations|paths)/([a-z0-9-]+)/index\.html")


@dataclass
class Snapshot:
    catalogue: Catalogue
    graph: Graph
    site_wide: tuple[Any, ...]


@dataclass
class Incremental:
    """Kept by the caller between builds (BuildOptions.incremental, with in_place)."""

    previous: Snapshot | None = None
    loads: LoadCache = field(default_factory=LoadCache)  # files parsed, kept while unchanged
    records: Memo = field(default_factory=Memo)  # the data files' record texts
    files: set[str] | None = None  # what the last committed build left in the output
    rendered: list[tuple[str, str]] = field(default_factory=list)  # the last selection
    _pending: Snapshot | None = None

    def select(self, root: Path, catalogue: Catalogue, graph: Graph) -> PageFilter | None:
        """A filter for this build's pages, or None to render them all. Forgets the last
        build until `done`: a build that fails half-way leaves pages of its own on disk,
        so the next one must render everything."""
        now = Snapshot(catalogue, graph, _site_wide(root, catalogue))
        before, self.previous, self._pending = self.previous, None, now
        if before is None or before.site_wide != now.site_wide:
            return None
        if before.catalogue.organizations != catalogue.organizations:
            return None
        pages = _affected(before, now)
        self.rendered = sorted(pages)
        services = set(catalogue.services)
        return lambda path: _is_selected(path, pages, services)

    def entries_written(self) -> None:
        """The selected entries' pages are written: every entry page on disk is now this
        build's. The next build may compare with it even if this one fails or is
        cancelled later, since the lists and data files are made again every time (and
        without `done` the data files are not trusted, nor the list of files)."""
        if self._pending is not None:
            self.previous = self._pending

    def done(self, files: set[str] | None = None) -> None:
        """The build was written and committed: the next one may compare with it (and
        knows the `files` it left, so it need not walk the output for leftovers)."""
        self.previous, self._pending = self._pending, None
        self.records.commit()
        self.files = set(files) if files is not None else None

    def take_files(self) -> set[str] | None:
        """Every file the last committed build left, once: a build that fails after this
        leaves files of its own, so the one after it walks the output again."""
        files, self.files = self.files, None
        return files


def _site_wide(root: Path, catalogue: Catalogue) -> tuple[Any, ...]:
    """What every page shows: settings, free pages, templates and strings (by time
    stamp and size: an edited template renders everything)."""
    files = []
    for directory in template_dirs(root):
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                stat = path.stat()
                files.append((str(path), stat.st_mtime_ns, stat.st_size))
    return (catalogue.settings, catalogue.pages, tuple(files))


def _changed(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    return {slug for slug in old.keys() | new.keys() if old.get(slug) != new.get(slug)}


def _affected(before: Snapshot, now: Snapshot) -> set[tuple[str, str]]:
    services = _changed(before.catalogue.services, now.catalogue.services)
    paths = _changed(before.catalogue.paths, now.catalogue.paths)
    pages: set[tuple[str, str]] = set()
    for snap in (before, now):
        on_paths = {slug for p in paths for slug in _services_of(snap.catalogue, p)}
        through = {p for s in services for p in snap.graph.paths_through.get(s, ())}
        through |= {p for p, path in snap.catalogue.paths.items() if services & _path_slugs(path)}
        around = set(services) | on_paths
        for p in through:
            around |= _services_of(snap.catalogue, p)
        for slug in set(around):
            around |= _neighbours(snap.graph, slug)
        pages |= {("services", s) for s in around}
        pages |= {("paths", p) for p in through | paths}
        pages |= {
            ("organizations", provider.organization)
            for s in services
            if s in snap.catalogue.services
            for provider in snap.catalogue.services[s].providers
        }
    return pages


def _neighbours(graph: Graph, slug: str) -> set[str]:
    out = {t.target for t in graph.outgoing.get(slug, ())}
    return out | {t.source for t in graph.incoming.get(slug, ())}


def _services_of(catalogue: Catalogue, slug: str) -> set[str]:
    path = catalogue.paths.get(slug)
    return _path_slugs(path) if path else set()


def _path_slugs(path: Any) -> set[str]:
    steps: Iterable[str] = (s for step in path.steps for s in step.services)
    return set(steps) | {a.service for a in path.alongside}


def split_selection(only: PageFilter) -> tuple[PageFilter, PageFilter]:
    """(the selected entries' own pages, the other selected pages): the preview shows
    the first as soon as they are written."""

    def entries(path: str) -> bool:
        return _ENTRY_PAGE.fullmatch(path) is not None and only(path)

    def rest(path: str) -> bool:
        return _ENTRY_PAGE.fullmatch(path) is None and only(path)

    return entries, rest


def _is_selected(path: str, pages: set[tuple[str, str]], services: set[str]) -> bool:
    match = _ENTRY_PAGE.fullmatch(path)
    if match is None:
        return True  # lists, maps, finder data, free pages, the language choice
    if match[1] == "services" and match[2] not in services:
        return True  # a redirect from an old slug: shows its target's name
    return (match[1], match[2]) in pages
