"""The pipeline: load -> validate -> model/graph -> render -> write.

`check` is `build` stopped before rendering, so the two can never disagree about what is
wrong with a catalogue.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from kennosto.assemble import build_catalogue
from kennosto.checking import (  # noqa: F401 (TODAY_VARIABLE, parse_date… are used from here)
    TODAY_VARIABLE,
    CheckResult,
    check_beside_model,
    check_catalogue,
    gc_batched,
    gc_frozen,
    gc_paused,
    parse_date,
    release_frozen,
    resolve_today,
)
from kennosto.errors import (
    ContentError,
    Diagnostic,
    KennostoError,
    OutputError,
    error,
    shorten,
)
from kennosto.files import Entry, builtin_templates
from kennosto.forked import can_fork
from kennosto.graph import Graph, build_graph
from kennosto.incremental import Incremental, split_selection
from kennosto.load import LOAD_PARALLEL_THRESHOLD
from kennosto.model import Catalogue
from kennosto.open_data import data_files
from kennosto.outputs import OutputContext
from kennosto.outputs_child import (
    EarlyOutputs,
    OutputsChild,
    forked_outputs,
    outputs_written,
    write_outputs,
)
from kennosto.render import load_strings, template_dirs
from kennosto.render_pages import (
    RENDER_CHUNK,
    RENDER_PARALLEL_THRESHOLD,
    RenderCancelled,
    RenderJob,
    TemplateFailure,
    default_jobs,
    render_pages,
)
from kennosto.search import index_site
from kennosto.textfile import read_bytes
from kennosto.write import AtomicSite, check_output_location, write_files
from kennosto.write_in_place import InPlaceSite

Progress = Callable[[str], None]
PageProgress = Callable[[int, int], None]  # (pages written, pages in all)


@dataclass
class BuildOptions:
    strict: bool = False
    search: bool = True
    diagrams: bool = True
    # Processes that render (in a full build this one among them); 0 = one per CPU core.
    jobs: int = 0
    parallel_threshold: int = (
        RENDER_PARALLEL_THRESHOLD  # fork render workers from this many services
    )
    chunk: int = RENDER_CHUNK  # pages rendered together, their diagrams drawn first
    today: datetime.date | None = None  # judge `reviewed` dates on this day; see resolve_today
    progress: Progress | None = None
    page_progress: PageProgress | None = None  # for a progress bar; see render_pages
    # Rewrite --out in place, only files whose bytes changed (the preview); see
    # kennosto.write_in_place. Default: build beside it and swap atomically.
    in_place: bool = False
    # With in_place: render again only the pages an edit since the last build can change
    # (the preview keeps one Incremental between builds); see kennosto.incremental.
    incremental: Incremental | None = None
    load_parallel_threshold: int = (
        LOAD_PARALLEL_THRESHOLD  # parse files on every core from this many
    )
    # With incremental: called when the pages of the edited entries (and of the entries
    # that show them) are written, before the lists, maps and data files, which take
    # seconds on a large catalogue; the preview reloads the browser then.
    pages_ready: Callable[[], None] | None = None
    # With incremental: asked during the second phase; True stops the build there
    # (Cancelled), when a newer save will build again anyway.
    cancelled: Callable[[], bool] | None = None


class Cancelled(KennostoError):
    """The build stopped after its first phase because a newer save is waiting; the
    next build makes the site whole (see Incremental.entries_written)."""


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
    with gc_batched():
        result = check_catalogue(Path(root), strict, today, LOAD_PARALLEL_THRESHOLD)[0]
    release_frozen()
    return result


def load_model(
    root: str | Path, strict: bool = False, today: datetime.date | None = None
) -> tuple[CheckResult, Catalogue]:
    """`check`, then the model, for commands that read a catalogue without building a
    site (export, graph); raise ContentError if the check fails."""
    result, loaded = check_catalogue(Path(root), strict, today, LOAD_PARALLEL_THRESHOLD)
    if result.failed(strict):
        raise ContentError(result.diagnostics)
    with gc_frozen():
        return result, build_catalogue(loaded)


def export(
    root: str | Path, out: str | Path, formats: tuple[str, ...], strict: bool = False
) -> tuple[CheckResult, list[str]]:
    """Check, then write the open data files of `formats` (json, csv, hsds) under `out`
    as a build writes them under data/; returns the check and the paths written."""
    result, catalogue = load_model(root, strict)
    with gc_paused():
        files = list(data_files(catalogue, load_strings(Path(root)), formats))
    write_files(Path(out), files)
    return result, [relpath for relpath, _ in files]


def build(
    root: str | Path, out: str | Path | None = None, options: BuildOptions | None = None
) -> BuildResult:
    """Build the site into `out` (default ROOT/site) atomically; raise ContentError if
    the catalogue does not pass `check`."""
    options = options or BuildOptions()
    root = Path(root)
    out = Path(out) if out is not None else root / "site"
    try:
        with gc_batched():
            return _build(root, out, options)
    finally:
        release_frozen()


def _build(root: Path, out: Path, options: BuildOptions) -> BuildResult:
    early = EarlyOutputs(root, out, lambda catalogue: _forks_outputs(catalogue, options))
    try:
        return _checked_build(root, out, options, early)
    except BaseException:
        early.cancel()
        raise


def _checked_build(
    root: Path, out: Path, options: BuildOptions, early: EarlyOutputs
) -> BuildResult:
    say = options.progress or (lambda message: None)
    cache = options.incremental.loads if options.incremental is not None else None
    starts = early.start if not options.in_place and options.incremental is None else None
    result, loaded, model = check_beside_model(
        root, options.strict, options.today, options.load_parallel_threshold, cache, starts
    )
    if result.failed(options.strict):
        raise ContentError(result.diagnostics)
    with _output_errors(out):
        check_output_location(root, out, template_dirs(root))
    if model is None:
        with gc_frozen():
            catalogue = build_catalogue(loaded)
            graph = build_graph(catalogue)
    else:
        catalogue, graph = model
    static = loaded.static
    del loaded  # the YAML node trees are no longer needed
    # What the last build left in the output, taken before this one writes anything.
    left = options.incremental.take_files() if options.incremental and options.in_place else None
    with _output_errors(out):
        site: AtomicSite | InPlaceSite = early.site or (
            InPlaceSite(out) if options.in_place else AtomicSite(out)
        )
        child, early.site, early.child = early.child, None, None  # handed over
        try:
            with gc_frozen():
                try:
                    pages = _render_site(root, catalogue, graph, site, options, child)
                except TemplateFailure as exc:
                    relpath, line, message = exc.args
                    failure = error(relpath, line, 1, f"template failed: {shorten(message)}")
                    raise ContentError([failure]) from None
                _copy_static(static, site)
            if isinstance(site, AtomicSite):
                site.prune()
            if options.search:
                say("indexing the site for search (Pagefind)")
                index_site(site.tmp, catalogue)
            say("swapping the new site into place")
            if isinstance(site, InPlaceSite):
                incremental = options.incremental
                site.commit(left)
                if incremental is not None:
                    incremental.done(site.produced)
            else:
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
    root: Path,
    catalogue: Catalogue,
    graph: Graph,
    site: AtomicSite | InPlaceSite,
    options: BuildOptions,
    child: OutputsChild | None = None,
) -> int:
    """Render the pages, and write the other outputs meanwhile (`child`: a forked child
    already writing them, see EarlyOutputs)."""
    say = options.progress or (lambda message: None)
    languages = len(catalogue.settings.languages)
    jobs = options.jobs or default_jobs()
    if len(catalogue.services) < options.parallel_threshold:
        jobs = 1
    say(f"rendering {len(catalogue.services)} services in {languages} languages ({jobs} jobs)")
    strings = load_strings(root)  # once, for the pages and the other outputs
    only = None
    if options.incremental is not None and isinstance(site, InPlaceSite):
        only = options.incremental.select(root, catalogue, graph)
    job = RenderJob(
        root, catalogue, graph, site, options.diagrams, strings, max(1, options.chunk), only
    )
    count = 0
    if only is not None:
        # The edited entries' own pages first, in this process (a few pages: starting
        # workers would cost more), and the caller told; then the lists, maps and data.
        entries, rest = split_selection(only)
        first = replace(job, only=entries, maps=False)
        count += render_pages(first, 1, options.parallel_threshold)
        options.incremental.entries_written()  # type: ignore[union-attr]
        if options.pages_ready is not None:
            options.pages_ready()
        _stop_if_cancelled(options)
        job = replace(job, only=rest, cancelled=options.cancelled)
    memo = None
    if options.incremental is not None and isinstance(site, InPlaceSite):
        memo = options.incremental.records
        memo.begin((catalogue.settings, strings))
    held: list[str] = []  # said while the page bar runs: said after it instead

    def outputs() -> None:
        context = OutputContext(catalogue, graph, strings, held.append, memo)
        stop = partial(_stop_if_cancelled, options) if only is not None else None
        write_outputs(context, site, stop)

    # The other outputs (open data, feeds) are written while the workers render the pages:
    # in a full build on several cores by a child forked now (if not already), so they
    # are written while this process still lists the pages; else by this process as the
    # workers render.
    if (
        child is None
        and isinstance(site, AtomicSite)
        and only is None
        and _forks_outputs(catalogue, options)
    ):
        child = forked_outputs(catalogue, graph, strings, site)
    try:
        count += render_pages(
            job, jobs, options.parallel_threshold, options.page_progress, None if child else outputs
        )
        if child is not None:
            held += outputs_written(child, site)  # type: ignore[arg-type]
    except RenderCancelled:
        raise Cancelled("stopped for a newer save") from None
    finally:
        if child is not None:
            child.cancel()
    for message in held:
        say(message)
    return count


def _forks_outputs(catalogue: Catalogue, options: BuildOptions) -> bool:
    """Whether a full build writes the other outputs in a forked child: when it renders
    with workers (a small catalogue renders in one process, and writes them after)."""
    jobs = options.jobs or default_jobs()
    return jobs > 1 and len(catalogue.services) >= options.parallel_threshold and can_fork()


def _stop_if_cancelled(options: BuildOptions) -> None:
    if options.cancelled is not None and options.cancelled():
        raise Cancelled("stopped for a newer save")


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
