"""Render pages on every CPU core.

Rendering is pure CPU work in Jinja2, so threads would not help. Forked workers inherit
the catalogue without pickling it; each enumerates the same deterministic page list and
renders its own contiguous share, so the output does not depend on how many workers ran.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kennosto.diagrams import Lazy
from kennosto.graph import Graph
from kennosto.model import Catalogue
from kennosto.pages import Kept, PageSpec, iter_pages
from kennosto.render import load_strings, make_environment
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
    chunk: int = RENDER_CHUNK
    # Render only the pages whose output path it accepts; keep the others as they are on
    # disk (the preview's incremental rebuild, with an InPlaceSite; see kennosto.incremental).
    only: Callable[[str], bool] | None = None
    maps: bool = True  # False: only selects entry pages, the map pages are not listed
    # Asked while workers render; True stops them (RenderCancelled): the preview's rebuild
    # gives way to a newer save.
    cancelled: Callable[[], bool] | None = None


class RenderCancelled(Exception):
    """`RenderJob.cancelled` said so: the workers were stopped."""


Counted = Callable[[int], None]  # told how many more pages were written
# How often the parent looks at the workers' page count while they render.
PROGRESS_INTERVAL = 0.25

_worker_job: RenderJob | None = None  # a worker process's own job, set by its initializer
_worker_counter: Any = None  # shared page count (multiprocessing.Value), or None


def _init_worker(job: RenderJob, counter: Any = None) -> None:
    global _worker_job, _worker_counter
    _worker_job, _worker_counter = job, counter


def _render_worker_shard(shard: tuple[int, int]) -> tuple[int, Any]:
    """The pages written and, for a site that keeps account of its files (the preview's
    InPlaceSite), which; the parent needs them all."""
    assert _worker_job is not None, "render worker started without its job"
    counted = _count_shared if _worker_counter is not None else None
    written = _render_shard(_worker_job, shard, counted)
    drain = getattr(_worker_job.site, "drain", None)
    return written, drain() if drain else None


def _count_shared(pages: int) -> None:
    with _worker_counter.get_lock():
        _worker_counter.value += pages


class TemplateFailure(Exception):
    """A catalogue's own template failed while rendering: (relpath, line, message). Plain
    arguments, so it crosses from a worker process to the parent intact."""


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def render_pages(
    job: RenderJob,
    jobs: int,
    parallel_threshold: int,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Render and write every page; returns the number of pages. Catalogues of at least
    `parallel_threshold` services are rendered by `jobs` forked workers. `progress` is
    called in this (the parent) process with the number of pages written so far, after
    every chunk or, with workers, every PROGRESS_INTERVAL seconds."""
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or not forkable or len(job.catalogue.services) < parallel_threshold:
        done = 0

        def count(pages: int) -> None:
            nonlocal done
            done += pages
            if progress:
                progress(done)

        return _render_shard(job, (0, 1), count)
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0) if progress else None
    shards = [(i, jobs) for i in range(jobs)]
    with context.Pool(jobs, initializer=_init_worker, initargs=(job, counter)) as pool:
        result = pool.map_async(_render_worker_shard, shards)
        while (progress or job.cancelled) and not result.ready():
            result.wait(PROGRESS_INTERVAL)
            if progress:
                progress(counter.value)
            if job.cancelled is not None and job.cancelled():
                raise RenderCancelled  # leaving the pool's block terminates the workers
        results = result.get()
    for _, files in results:
        if files is not None:
            job.site.record(*files)  # type: ignore[union-attr]
    written = sum(count for count, _ in results)
    if progress:
        progress(written)
    return written


def _block_size(catalogue: Catalogue, count: int) -> int:
    """Each worker renders one contiguous run of pages, so it meets as few languages as
    possible and its text-measurement caches stay warm. The page count is estimated: a
    wrong guess only unbalances the workers, it never changes the output."""
    per_language = (
        len(catalogue.services)
        + len(catalogue.organizations)
        + len(catalogue.paths)
        + len(catalogue.pages)
        + len(catalogue.settings.categories)
        + 20
    )
    total = 1 + len(catalogue.settings.languages) * per_language
    return max(1, -(-total // count))


def _render_shard(job: RenderJob, shard: tuple[int, int], counted: Counted | None = None) -> int:
    index, count = shard
    env = make_environment(job.root)
    strings = load_strings(job.root)
    written = 0
    templates: dict[str, Any] = {}
    pages = iter_pages(job.catalogue, job.graph, strings, job.diagrams, job.only, job.maps)
    block = _block_size(job.catalogue, count)
    mine = (spec for number, spec in enumerate(pages) if min(number // block, count - 1) == index)
    if job.only is not None:
        # A rebuild renders a few (large) list pages, all near the start of each
        # language: dealt out in turn, they keep every worker busy.
        mine = _selected(job, (s for n, s in enumerate(pages) if n % count == index))
    for chunk in _chunks(mine, job.chunk):
        _draw_diagrams(chunk)
        for spec in chunk:
            template = templates.get(spec.template) or templates.setdefault(
                spec.template, env.get_template(spec.template)
            )
            job.site.write(spec.path, _render(job, template, spec))
        written += len(chunk)
        if counted:
            counted(len(chunk))
    return written


def _selected(job: RenderJob, specs: Iterator[PageSpec]) -> Iterator[PageSpec]:
    assert job.only is not None and isinstance(job.site, InPlaceSite)
    for spec in specs:
        if not isinstance(spec, Kept) and job.only(spec.path):
            yield spec
        else:
            job.site.keep(spec.path)


def _render(job: RenderJob, template: Any, spec: PageSpec) -> str:
    """Render a page; a failure inside the catalogue's own templates (an undefined name,
    a missing string) is reported at that template's line instead of as a traceback."""
    try:
        return template.render(spec.context)
    except Exception as exc:
        own = str(job.root.resolve() / "templates") + os.sep
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            filename = os.path.realpath(frame.filename)
            if filename.startswith(own):
                relpath = "templates/" + filename[len(own) :].replace(os.sep, "/")
                message = f"{type(exc).__name__}: {exc} (rendering {spec.path})"
                raise TemplateFailure(relpath, frame.lineno or 1, message) from None
        raise


def _chunks(specs: Iterator[PageSpec], size: int) -> Iterator[list[PageSpec]]:
    chunk: list[PageSpec] = []
    for spec in specs:
        chunk.append(spec)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _draw_diagrams(chunk: list[PageSpec]) -> None:
    for spec in chunk:
        for value in spec.context.values():
            if isinstance(value, Lazy):
                value.__html__()
