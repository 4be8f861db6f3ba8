"""The pipeline: load -> validate -> model/graph -> render -> write.

`check` is `build` stopped before rendering, so the two can never disagree about what is
wrong with a catalogue.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kennosto.errors import (
    CatalogueNotFound,
    ContentError,
    Diagnostic,
    Severity,
    error,
    has_errors,
    shorten,
)
from kennosto.export import catalogue_json, services_csv
from kennosto.files import Entry, builtin_templates
from kennosto.graph import Graph, build_graph
from kennosto.load import Loaded, load_catalogue
from kennosto.model import Catalogue, build_catalogue
from kennosto.parallel import TemplateFailure, default_jobs, render_pages
from kennosto.schemas import SCHEMA_FILES, schema_text
from kennosto.search import index_site
from kennosto.textfile import read_bytes
from kennosto.validate import validate
from kennosto.write import AtomicSite, check_output_location

Progress = Callable[[str], None]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading keeps millions of small YAML objects alive; Python's cyclic GC would rescan
    them again and again (10x slower at 10,000 files). Nothing we build has cycles to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class BuildOptions:
    strict: bool = False
    search: bool = True
    diagrams: bool = True
    jobs: int = 0  # worker processes for rendering; 0 = one per CPU core
    today: datetime.date | None = None
    progress: Progress | None = None


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict)


@dataclass
class BuildResult:
    check: CheckResult
    out: Path
    pages: int = 0


def check(
    root: str | Path, strict: bool = False, today: datetime.date | None = None
) -> CheckResult:
    """Load and validate a catalogue: every problem, as Diagnostics, in one pass."""
    return _check(Path(root), strict, today)[0]


def _check(root: Path, strict: bool, today: datetime.date | None) -> tuple[CheckResult, Loaded]:
    if not root.is_dir():
        raise CatalogueNotFound(f"catalogue folder not found: {root}")
    with _gc_paused():
        loaded = load_catalogue(root)
        diagnostics = loaded.diagnostics + validate(loaded, today)
    diagnostics.sort()
    counts = {
        kind: sum(d.kind == kind for d in loaded.documents)
        for kind in ("organization", "service", "path")
    }
    return CheckResult(diagnostics, counts=counts), loaded


def build(
    root: str | Path, out: str | Path | None = None, options: BuildOptions | None = None
) -> BuildResult:
    """Build the site into `out` (default ROOT/site) atomically; raise ContentError if
    the catalogue does not pass `check`."""
    options = options or BuildOptions()
    root = Path(root)
    out = Path(out) if out is not None else root / "site"
    say = options.progress or (lambda message: None)
    result, loaded = _check(root, options.strict, options.today)
    if result.failed(options.strict):
        raise ContentError(result.diagnostics)
    check_output_location(root, out)
    with _gc_paused():
        catalogue = build_catalogue(loaded)
        graph = build_graph(catalogue)
    static = loaded.static
    del loaded  # the YAML node trees are no longer needed
    site = AtomicSite(out)
    try:
        with _gc_paused():
            try:
                pages = _render_site(root, catalogue, graph, site, options)
            except TemplateFailure as exc:
                relpath, line, message = exc.args
                failure = error(relpath, line, 1, f"template failed: {shorten(message)}")
                raise ContentError([failure]) from None
            _copy_static(static, site)
        if options.search:
            say("indexing the site for search (Pagefind)")
            index_site(site.tmp)
        say("swapping the new site into place")
        site.commit()
    except BaseException:
        site.abort()
        raise
    return BuildResult(result, out, pages)


def _render_site(
    root: Path, catalogue: Catalogue, graph: Graph, site: AtomicSite, options: BuildOptions
) -> int:
    say = options.progress or (lambda message: None)
    languages = len(catalogue.settings.languages)
    jobs = options.jobs or default_jobs()
    say(f"rendering {len(catalogue.services)} services in {languages} languages ({jobs} jobs)")
    count = render_pages(root, catalogue, graph, site, jobs, options.diagrams)
    for name in SCHEMA_FILES:
        site.write(f"schema/{name}", schema_text(name))
    site.write("data/catalogue.json", catalogue_json(catalogue))
    site.write("data/services.csv", services_csv(catalogue))
    return count


def _copy_static(static: list[Entry], site: AtomicSite) -> None:
    """Kennosto's static files, then the catalogue's over them: only the files that `check`
    listed (regular files inside the catalogue), each read again as a regular file, so no
    link can publish anything from outside the catalogue."""
    site.copy_tree(builtin_templates() / "static", "static")
    problems: list[Diagnostic] = []
    for entry in static:
        data = read_bytes(entry.path, entry.relpath, problems)
        if data is not None:
            site.write(entry.relpath.removeprefix("templates/"), data)
    if problems:
        raise ContentError(problems)
