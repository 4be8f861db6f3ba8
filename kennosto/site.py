"""The pipeline: load -> validate -> model/graph -> render -> write.

`check` is `build` stopped before rendering, so the two can never disagree about what is
wrong with a catalogue.
"""

from __future__ import annotations

import datetime
import gc
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kennosto.errors import (
    CatalogueNotFound,
    ContentError,
    Diagnostic,
    KennostoError,
    OutputError,
    Severity,
    has_errors,
)
from kennosto.export import catalogue_json, services_csv
from kennosto.graph import Graph, build_graph
from kennosto.load import Loaded, load_catalogue
from kennosto.model import Catalogue, build_catalogue
from kennosto.parallel import CHUNK, PARALLEL_THRESHOLD, default_jobs, render_pages
from kennosto.render import template_dirs
from kennosto.schemas import SCHEMA_FILES, schema_text
from kennosto.search import index_site
from kennosto.validate import validate
from kennosto.write import AtomicSite, check_output_location

Progress = Callable[[str], None]

TODAY_VARIABLE = "KENNOSTO_TODAY"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str) -> datetime.date:
    """A calendar date written YYYY-MM-DD; ValueError for anything else (20261101, 2026-02-30)."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date of the form YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def resolve_today(today: datetime.date | None) -> datetime.date:
    """The day review ages are judged on: the caller's, else $KENNOSTO_TODAY, else the
    clock. Giving it makes a check reproducible (tests, CI reruns of old commits)."""
    if today is not None:
        return today
    value = os.environ.get(TODAY_VARIABLE)
    if value:
        try:
            return parse_date(value)
        except ValueError as exc:
            raise KennostoError(f"{TODAY_VARIABLE}: {exc}") from None
    return datetime.date.today()


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
    parallel_threshold: int = PARALLEL_THRESHOLD  # fork workers only from this many services
    chunk: int = CHUNK  # pages rendered together, their diagrams drawn first
    today: datetime.date | None = None  # judge `reviewed` dates on this day; see resolve_today
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
    """Load and validate a catalogue: every problem, as Diagnostics, in one pass.

    `today` is the day `reviewed` dates are judged on (default: see resolve_today)."""
    return _check(Path(root), strict, today)[0]


def _check(root: Path, strict: bool, today: datetime.date | None) -> tuple[CheckResult, Loaded]:
    if not root.is_dir():
        raise CatalogueNotFound(f"catalogue folder not found: {root}")
    today = resolve_today(today)
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
    with _output_errors(out):
        check_output_location(root, out, template_dirs(root))
    with _gc_paused():
        catalogue = build_catalogue(loaded)
        graph = build_graph(catalogue)
    del loaded  # the YAML node trees are no longer needed
    with _output_errors(out):
        site = AtomicSite(out)
        try:
            with _gc_paused():
                pages = _render_site(root, catalogue, graph, site, options)
            if options.search:
                say("indexing the site for search (Pagefind)")
                index_site(site.tmp)
            say("swapping the new site into place")
            site.commit()
        except BaseException:
            site.abort()
            raise
    return BuildResult(result, out, pages)


@contextmanager
def _output_errors(out: Path) -> Iterator[None]:
    """The file system failing under us (read-only, full, no such folder…) is not the
    content's fault: an OutputError (exit 2), never a traceback. The previous site is
    untouched: nothing is swapped in unless everything was written."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        where = f" ({exc.filename})" if exc.filename else ""
        raise OutputError(
            f"cannot write the site into {out}: {reason}{where}; the previous site, if any, is unchanged"
        ) from exc


def _render_site(
    root: Path, catalogue: Catalogue, graph: Graph, site: AtomicSite, options: BuildOptions
) -> int:
    say = options.progress or (lambda message: None)
    languages = len(catalogue.settings.languages)
    jobs = options.jobs or default_jobs()
    if len(catalogue.services) < options.parallel_threshold:
        jobs = 1
    say(f"rendering {len(catalogue.services)} services in {languages} languages ({jobs} jobs)")
    count = render_pages(
        root,
        catalogue,
        graph,
        site,
        jobs,
        options.diagrams,
        options.parallel_threshold,
        options.chunk,
    )
    for directory in reversed(template_dirs(root)):
        if (directory / "static").is_dir():
            site.copy_tree(directory / "static", "static")
    for name in SCHEMA_FILES:
        site.write(f"schema/{name}", schema_text(name))
    site.write("data/catalogue.json", catalogue_json(catalogue))
    site.write("data/services.csv", services_csv(catalogue))
    return count
