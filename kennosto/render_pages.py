"""Render pages on every CPU core.

Rendering is pure CPU work in Jinja2, so threads would not help. The parent lists the
pages (cheap: a page's context is made only when it is rendered); forked workers inherit
the catalogue and the list without pickling them and take chunks of it from a shared
plan (see Plan), while the parent writes the build's other outputs. A page's bytes never
depend on which process rendered it or how many ran.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from kennosto.diagrams import Lazy
from kennosto.graph import Graph
from kennosto.model import Catalogue
from kennosto.pages import PageSpec, iter_pages
from kennosto.render import make_environment
from kennosto.write import AtomicSite
from kennosto.write_in_place import InPlaceSite

# Below this many services one process is faster than starting workers.
RENDER_PARALLEL_THRESHOLD = 500
# Pages are rendered in chunks, the chunk's diagrams first, one after another: that keeps
# the CPU caches warm for the diagram code and the boxes it reuses. Drawing the 30,000
# neighbourhoods of the 10,000-service benchmark took 25% less time than drawing each in
# the middle of rendering its page.
RENDER_CHUNK = 256


@dataclass(frozen=True)
class RenderJob:
    """Everything a render worker needs; forked workers get it through the pool's
    initializer (inherited, not pickled)."""

    root: Path
    catalogue: Catalogue
    graph: Graph
    site: AtomicSite | InPlaceSite
    diagrams: bool
    strings: dict[str, Any]  # interface text, read once per build (render.load_strings)
    chunk: int = RENDER_CHUNK
    # Render only the pages whose output path it accepts; keep the others as they are on
    # disk (the preview's incremental rebuild, with an InPlaceSite; see kennosto.incremental).
    only: Callable[[str], bool] | None = None
    maps: bool = True  # False: the map pages are not listed (a rebuild's first phase)
    # Asked while workers render; True stops them (RenderCancelled): the preview's rebuild
    # gives way to a newer save.
    cancelled: Callable[[], bool] | None = None


class RenderCancelled(Exception):
    """`RenderJob.cancelled` said so: the workers were stopped."""


Counted = Callable[[int], None]  # told how many more pages were written
# How often the parent looks at the workers' page count while they render.
PROGRESS_INTERVAL = 0.25

_worker_job: RenderJob | None = None  # a worker process's own job, set by its initializer
_worker_chunks: list[list[PageSpec]] = []  # every page to render, in the parent's chunks
_worker_plan: Any = None  # the shared Plan of which chunks are taken
_worker_counter: Any = None  # shared page count (multiprocessing.Value), or None


def _init_worker(job: RenderJob, chunks: list[list[PageSpec]], plan: Any, counter: Any) -> None:
    global _worker_job, _worker_chunks, _worker_plan, _worker_counter
    _worker_job, _worker_chunks, _worker_plan, _worker_counter = job, chunks, plan, counter


def _render_worker(index: int) -> tuple[int, Any]:
    """Render chunks until none is left; the pages written and which files (the site's
    `drain`): the parent needs them all, to remove what no page wrote any more."""
    assert _worker_job is not None, "render worker started without its job"
    job = _worker_job
    written = _render_taken(job, _worker_chunks, _worker_plan, index, _worker_counter)
    drain = getattr(job.site, "drain", None)
    return written, drain() if drain else None


class Plan:
    """Which chunks of the page list are still to render, shared by the workers.

    Worker i starts at the beginning of its own contiguous share and works forward, so it
    meets few languages and its caches (neighbours' boxes, list lines, text widths) stay
    warm. A worker whose share is done takes the last chunk of the share with the most
    left, so every core is busy to the end however unequal the pages' costs are. Which
    worker renders a page never changes the page."""

    def __init__(self, context: Any, chunks: int, workers: int, helpers: int = 0) -> None:
        self._lock = context.Lock()
        # [next chunk of share i, end of share i] for each i; a helper (the parent, once
        # its own outputs are written) has an empty share and only takes from the others.
        bounds = [chunks * i // workers for i in range(workers + 1)]
        flat = [b for i in range(workers) for b in (bounds[i], bounds[i + 1])]
        flat += [chunks, chunks] * helpers
        self._state = context.RawArray("q", flat)
        self._workers = workers + helpers

    def take(self, index: int) -> int | None:
        state = self._state
        with self._lock:
            if state[2 * index] < state[2 * index + 1]:
                state[2 * index] += 1
                return state[2 * index] - 1
            left = [state[2 * i + 1] - state[2 * i] for i in range(self._workers)]
            most = max(range(self._workers), key=left.__getitem__)
            if left[most] <= 0:
                return None
            state[2 * most + 1] -= 1
            return state[2 * most + 1]


class TemplateFailure(Exception):
    """A catalogue's own template failed while rendering: (relpath, line, message). Plain
    arguments, so it crosses from a worker process to the parent intact."""


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def render_pages(
    job: RenderJob,
    jobs: int,
    parallel_threshold: int,
    progress: Callable[[int, int], None] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> int:
    """Render and write every page; returns the number of pages. Catalogues of at least
    `parallel_threshold` services are rendered by `jobs` forked workers, and `meanwhile`
    (the build's other outputs) runs in this process as they render; otherwise it runs
    after the pages. `progress` is called in this (the parent) process with the number
    of pages written so far and the number of pages in all: first (0, total), then after
    every chunk or, with workers, every PROGRESS_INTERVAL seconds."""
    shared: list[Callable[[], Any]] = []
    pages = _listed(job, shared)
    _compile_templates(job.root, {spec.template for spec in pages})
    if job.only is not None:
        # A rebuild renders a few large list pages: small chunks keep every worker busy.
        job = replace(job, chunk=max(1, min(job.chunk, len(pages) // (4 * max(1, jobs)))))
    if progress:
        progress = partial(_with_total, progress, len(pages))
        progress(0)
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or not forkable or len(job.catalogue.services) < parallel_threshold:
        written = _render_alone(job, pages, progress)
        if meanwhile:
            meanwhile()
        return written
    if job.only is None:  # made here once, the workers inherit them (see iter_pages)
        for prepare in shared:
            prepare()
        # What was prepared lives to the end of the build: frozen here, once, it is out
        # of every process's collector; else each process's first collection after a
        # chunk went over it (450,000 objects in the 10,000-service bench, 0.3 s each).
        gc.freeze()
    chunks = _chunks(pages, job.chunk)
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0) if progress else None
    # In a full build this process, once its own outputs are written (or handed to a
    # child), renders chunks too, as one of the `jobs`: with a worker per core besides
    # it, the cores were shared by one process more than they have (with the open data's
    # child, four on two), which cost the 10,000-service bench 0.9 s of CPU.
    helps = job.cancelled is None
    workers = jobs - 1 if helps else jobs
    plan = Plan(context, len(chunks), workers, helpers=1 if helps else 0)
    helped = 0
    with context.Pool(
        workers, initializer=_init_worker, initargs=(job, chunks, plan, counter)
    ) as pool:
        result = pool.map_async(_render_worker, range(workers), chunksize=1)
        with _reporting(progress, counter, result):
            if meanwhile:
                meanwhile()
            if helps:
                helped = _render_taken(job, chunks, plan, workers, counter)
            while job.cancelled is not None and not result.ready():
                result.wait(PROGRESS_INTERVAL)
                if job.cancelled():
                    raise RenderCancelled  # leaving the pool's block terminates the workers
            results = result.get()
    for _, files in results:
        if files is not None:
            job.site.record(*files)  # type: ignore[union-attr]
    written = helped + sum(count for count, _ in results)
    if progress:
        progress(written)
    return written


# Pages that cost about the same little each, and are most of a large site.
_LIGHT_TEMPLATES = frozenset({"service.html", "redirect.html", "page.html"})
# A language's pages that list its services: they show the same lines of the same
# services (see render.memo), so one process renders them all.
_LIST_TEMPLATES = frozenset(
    {"home.html", "services.html", "categories.html", "target_groups.html", "municipalities.html"}
)
# The other pages (list and finder data, maps, providers, paths: up to hundreds of times
# a service page each) are taken this many at a time.
COSTLY_CHUNK = 8


def _chunks(pages: list[PageSpec], size: int) -> list[list[PageSpec]]:
    """The pages in the chunks the workers take: each language's lists, then the other
    costly pages a few at a time, then the light ones `size` at a time. Chunks of the
    site's order ended with a language's path pages, which one process still rendered
    for half a second after the others had run out of work; a chunk of many costly
    pages taken last did the same."""
    lists: dict[str, list[PageSpec]] = {}
    costly: list[PageSpec] = []
    light: list[PageSpec] = []
    for spec in pages:
        if spec.template in _LIGHT_TEMPLATES:
            light.append(spec)
        elif spec.template in _LIST_TEMPLATES:
            lists.setdefault(spec.path.split("/", 1)[0], []).append(spec)
        else:
            costly.append(spec)
    step = max(1, min(size, COSTLY_CHUNK))
    return [
        *lists.values(),
        *(costly[i : i + step] for i in range(0, len(costly), step)),
        *(light[i : i + size] for i in range(0, len(light), size)),
    ]


def _render_taken(
    job: RenderJob, chunks: list[list[PageSpec]], plan: Plan, index: int, counter: Any
) -> int:
    """Render the chunks this process can still take from `plan` as worker or helper
    `index`, counting them in the shared `counter` (if any)."""
    renderer: _Renderer | None = None
    counted = partial(_count_in, counter) if counter is not None else None
    written = 0
    while (chunk := plan.take(index)) is not None:
        renderer = renderer or _Renderer(job, freeze=job.only is None)
        written += renderer.render(chunks[chunk], counted)
    return written


def _count_in(counter: Any, pages: int) -> None:
    with counter.get_lock():
        counter.value += pages


def _with_total(report: Callable[[int, int], None], total: int, done: int) -> None:
    report(done, total)


@contextmanager
def _reporting(progress: Callable[[int], None] | None, counter: Any, result: Any) -> Iterator[None]:
    """Report the workers' page count every PROGRESS_INTERVAL seconds from a thread, so
    the count moves while this process is busy with the other outputs."""
    if progress is None:
        yield
        return
    stop = threading.Event()

    def report() -> None:
        while not stop.wait(PROGRESS_INTERVAL) and not result.ready():
            progress(counter.value)

    thread = threading.Thread(target=report, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _compile_templates(root: Path, names: set[str]) -> None:
    """Compile the pages' templates here, before the workers fork: they inherit them
    compiled instead of each compiling its own, and the preview's process keeps them
    between rebuilds (its first rebuild compiled them: half a second). A template that
    fails to compile is left to the renderer, which reports it at its line."""
    env = make_environment(root)
    for name in sorted(names):
        try:
            env.get_template(name)
        except Exception:  # noqa: BLE001 - reported where it is rendered
            continue


def _listed(job: RenderJob, shared: list[Callable[[], Any]] | None = None) -> list[PageSpec]:
    """Every page to render, in the site's order. Listed here, before the workers fork, so
    they inherit the list instead of each making it again. Pages the incremental rebuild
    does not render again are kept as they are on disk."""
    pages = list(iter_pages(job.catalogue, job.graph, job.strings, job.diagrams, job.maps, shared))
    if job.only is None:
        return pages
    assert isinstance(job.site, InPlaceSite)
    mine = []
    for spec in pages:
        if job.only(spec.path):
            mine.append(spec)
        else:
            job.site.keep(spec.path)
    return mine


def _render_alone(job: RenderJob, pages: list[PageSpec], progress: Counted | None) -> int:
    done = 0
    renderer = _Renderer(job)
    for start in range(0, len(pages), job.chunk):
        done += renderer.render(pages[start : start + job.chunk])
        if progress:
            progress(done)
    return done


class _Renderer:
    """One process's templates and caches; renders a chunk of pages at a time.

    With `freeze`, what a chunk leaves (the caches of boxes, list lines and links, which
    last the whole build) is collected and frozen after it: Python's collector otherwise
    goes over them again and again, the more often the more pages are done (about 10 % of
    a render worker's time in the 10,000-service bench). Each chunk's own garbage is
    collected first, so nothing is kept that would have been freed. For render workers
    and the parent's helping hand in a full build; a rebuild's few pages need none of it.
    """

    def __init__(self, job: RenderJob, freeze: bool = False) -> None:
        self.job = job
        self.env = make_environment(job.root)
        self.templates: dict[str, Any] = {}
        self.freeze = freeze

    def render(self, chunk: list[PageSpec], counted: Counted | None = None) -> int:
        """Render and write `chunk`, its diagrams drawn first (see RENDER_CHUNK)."""
        contexts = [spec.make_context() for spec in chunk]
        _draw_diagrams(contexts)
        for spec, context in zip(chunk, contexts, strict=True):
            template = self.templates.get(spec.template)
            if template is None:
                template = self.templates[spec.template] = self.env.get_template(spec.template)
            self.job.site.write(spec.path, _render(self.job, template, spec, context))
        if self.freeze:
            contexts = context = None  # type: ignore[assignment]
            gc.collect()
            gc.freeze()
        if counted:
            counted(len(chunk))
        return len(chunk)


def _render(job: RenderJob, template: Any, spec: PageSpec, context: dict[str, Any]) -> str:
    """Render a page; a failure inside the catalogue's own templates (an undefined name,
    a missing string) is reported at that template's line instead of as a traceback."""
    try:
        return template.render(context)
    except Exception as exc:
        own = str(job.root.resolve() / "templates") + os.sep
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            filename = os.path.realpath(frame.filename)
            if filename.startswith(own):
                relpath = "templates/" + filename[len(own) :].replace(os.sep, "/")
                message = f"{type(exc).__name__}: {exc} (rendering {spec.path})"
                raise TemplateFailure(relpath, frame.lineno or 1, message) from None
        raise


def _draw_diagrams(contexts: list[dict[str, Any]]) -> None:
    for context in contexts:
        for value in context.values():
            if isinstance(value, Lazy):
                value.__html__()
