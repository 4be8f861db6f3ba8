"""The build's other outputs (open data, feeds, schemas) written in a forked child while
the pages render, and in a full build of a large catalogue started before the check has
finished.

A large catalogue's check runs in a child of its own while this process builds the model
(kennosto.checking.check_beside_model); this process then waited for the check with one
core idle (0.2 s in the 10,000-service bench). `EarlyOutputs` starts the outputs' child
in that wait instead, into the new site's temporary folder: if the check fails, the child
is stopped and the folder given back (kennosto.write.AtomicSite.abort), so a failed
check leaves --out as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kennosto.checking import gc_paused
from kennosto.errors import KennostoError
from kennosto.forked import Forked, can_fork
from kennosto.graph import Graph
from kennosto.memo import Unchanged
from kennosto.model import Catalogue
from kennosto.outputs import OutputContext, site_outputs
from kennosto.render import load_strings, template_dirs
from kennosto.write import AtomicSite, check_output_location
from kennosto.write_in_place import InPlaceSite

# A child writing the outputs: its result is what they said and the files it wrote.
OutputsChild = Forked[tuple[list[str], tuple[list[str]]]]


def write_outputs(
    context: OutputContext,
    site: AtomicSite | InPlaceSite,
    stop: Callable[[], None] | None = None,
) -> None:
    """Write every output besides the pages; `stop` is asked every 1,000 files (a
    preview's rebuild gives way to a newer save). The cyclic collector is paused
    meanwhile (see gc_paused)."""
    with gc_paused():
        for number, (relpath, text) in enumerate(site_outputs(context)):
            if stop is not None and number % 1000 == 0:
                stop()
            if isinstance(text, Unchanged) and isinstance(site, InPlaceSite):
                site.keep(relpath)  # the last build wrote these very bytes
            else:
                site.write(relpath, text)


def forked_outputs(
    catalogue: Catalogue,
    graph: Graph,
    strings: dict[str, Any],
    site: AtomicSite,
) -> OutputsChild:
    """`write_outputs` in a forked child; its result is what the outputs said and the
    files it wrote (see `outputs_written`)."""

    def run() -> tuple[list[str], tuple[list[str]]]:
        held: list[str] = []
        write_outputs(OutputContext(catalogue, graph, strings, held.append), site)
        return held, site.drain()

    return Forked(run)


def outputs_written(child: OutputsChild, site: AtomicSite) -> list[str]:
    """Wait for `forked_outputs`' child; what the outputs said. The site is told which
    files the child wrote."""
    held, files = child.result()
    site.record(*files)
    return held


class EarlyOutputs:
    """The outputs' child of a full build, started while the check still runs (see the
    module's docstring). `start` is check_beside_model's `meanwhile`; it starts nothing
    where the build would not fork the child anyway, where --out's folder does not exist
    yet (making it would be writing) or where the output location is refused (reported
    in its turn, after the check)."""

    def __init__(self, root: Path, out: Path, wanted: Callable[[Catalogue], bool]) -> None:
        self.root, self.out, self.wanted = root, out, wanted
        self.site: AtomicSite | None = None
        self.child: OutputsChild | None = None

    def start(self, catalogue: Catalogue, graph: Graph) -> None:
        if not (can_fork() and self.wanted(catalogue) and self.out.resolve().parent.is_dir()):
            return
        try:
            check_output_location(self.root, self.out, template_dirs(self.root))
            site = AtomicSite(self.out)
        except (KennostoError, OSError):
            return
        try:
            self.child = forked_outputs(catalogue, graph, load_strings(self.root), site)
        except OSError:  # no fork to be had now: the build forks after the check, or fails
            site.abort()
            return
        self.site = site

    def cancel(self) -> None:
        """Stop the child and give back the new site's folder (AtomicSite.abort): the build
        did not go on."""
        if self.child is not None:
            self.child.cancel()
            self.child = None
        if self.site is not None:
            self.site.abort()
            self.site = None
