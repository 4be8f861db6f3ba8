"""The check stage as a build runs it: load, then validate, into a CheckResult.

`check` is `build` stopped before rendering (kennosto.pipeline), so both call
`check_catalogue`; a build of a large catalogue calls `check_beside_model`, which builds
the model while a forked child checks.
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

from kennosto.assemble import build_catalogue
from kennosto.errors import CatalogueNotFound, Diagnostic, KennostoError, Severity, has_errors
from kennosto.forked import Forked, can_fork
from kennosto.graph import Graph, build_graph
from kennosto.load import LoadCache, Loaded, load_catalogue
from kennosto.model import Catalogue
from kennosto.validate import validate

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
def gc_frozen() -> Iterator[None]:
    """The loaded catalogue is millions of small objects that live until the end; Python's
    cyclic GC would rescan them again and again. The loader freezes what it has built
    (`gc.freeze()` moves it out of the collector's sight) and so does each stage here; the
    collector itself stays on for whatever else runs in the process."""
    try:
        yield
    finally:
        gc.freeze()


def release_frozen() -> None:
    gc.unfreeze()


# Objects made between two young-generation collections while a catalogue is checked or
# built (Python's default: 700). A page, an HSDS record or a parsed file makes hundreds
# of short-lived objects, so with the default the collector ran every few of them, and
# what outlived a collection was scanned again in the older generations: about 8 % of
# the 10,000-service bench's CPU. Memory is unchanged (the same peak).
YOUNG_GENERATION = 50_000


@contextmanager
def gc_batched() -> Iterator[None]:
    """The cyclic collector run less often while a catalogue is checked or built (see
    YOUNG_GENERATION); forked workers inherit it. The process's own setting is restored
    after, as `build` and `check` are also a library's functions."""
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION, 50, 50)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection while the open data are made: they make millions of texts
    and containers and no reference cycles (reference counting frees them all), and the
    collector's passes over the hundreds of thousands kept at a time (the HSDS frames,
    each language's records) found nothing: 0.11 s of 2.2 s CPU for the 10,000-service
    bench, even collecting as seldom as gc_batched does."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


def check_catalogue(
    root: Path,
    strict: bool,
    today: datetime.date | None,
    parallel_threshold: int,
    cache: LoadCache | None = None,
) -> tuple[CheckResult, Loaded]:
    if not root.is_dir():
        raise CatalogueNotFound(f"catalogue folder not found: {root}")
    today = resolve_today(today)
    with gc_frozen():
        loaded = load_catalogue(root, parallel_threshold, cache)
        found = validate(loaded, today)
    return checked(loaded, found), loaded


def checked(loaded: Loaded, found: list[Diagnostic]) -> CheckResult:
    """The check's result: the loader's problems and the validator's (`found`), sorted."""
    diagnostics = loaded.diagnostics + found
    diagnostics.sort()
    counts = {
        kind: sum(d.kind == kind for d in loaded.documents)
        for kind in ("organization", "service", "path")
    }
    return CheckResult(diagnostics, counts=counts)


def check_beside_model(
    root: Path,
    strict: bool,
    today: datetime.date | None,
    parallel_threshold: int,
    cache: LoadCache | None,
    meanwhile: Callable[[Catalogue, Graph], None] | None = None,
) -> tuple[CheckResult, Loaded, tuple[Catalogue, Graph] | None]:
    """`check_catalogue`, and for a full build of a large catalogue (at least
    `load_parallel_threshold` files) the model and graph as well: the check then runs in a
    forked child while this process builds them from the same documents, instead of one
    core waiting for the other. A model built from documents that fail the check is
    thrown away unused (building it may even fail: the check's errors are what is
    reported); a model that fails to build from documents that pass is a bug, raised as
    it would be without the child. None instead of the model: build it after the check.
    `meanwhile` is given the model while the check's child is still at work (it must
    write nothing the check's failure would leave behind)."""
    if not root.is_dir():
        raise CatalogueNotFound(f"catalogue folder not found: {root}")
    today = resolve_today(today)
    if cache is not None or not can_fork():
        return (*check_catalogue(root, strict, today, parallel_threshold, cache), None)
    with gc_frozen():
        loaded = load_catalogue(root, parallel_threshold)
    if len(loaded.documents) < parallel_threshold:
        with gc_frozen():
            return checked(loaded, validate(loaded, today)), loaded, None
    checking = Forked(validate, loaded, today)
    try:
        failure: Exception | None = None
        try:
            with gc_frozen():
                catalogue = build_catalogue(loaded)
                graph = build_graph(catalogue)
        except Exception as exc:  # noqa: BLE001 - reported only if the check passes
            failure = exc
        if failure is None and meanwhile is not None:
            meanwhile(catalogue, graph)
        result = checked(loaded, checking.result())
    finally:
        checking.cancel()
    if result.failed(strict):
        return result, loaded, None
    if failure is not None:
        raise failure
    return result, loaded, (catalogue, graph)
