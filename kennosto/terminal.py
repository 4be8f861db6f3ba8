"""What the command line shows while it works: a progress bar, only for a person."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

import click


def interactive(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """A person watches: the stream is a terminal and no CI runner set $CI. Logs stay
    free of a bar's carriage returns."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return tty and not environ.get("CI")


class PageBar:
    """`rendering pages [####      ] 1234/30000 4%` on stderr while a build renders.
    No time estimate: the first pages rendered are the slowest (lists, maps, paths; see
    render_pages._chunks) and the count stands still while the workers start, so click's
    estimate said minutes for a build of seconds."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._done = False

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = click.progressbar(
                length=total,
                label="kennosto: rendering pages",
                show_pos=True,
                show_percent=True,
                show_eta=False,
                file=sys.stderr,
            )
            self._bar.render_progress()
        self._bar.update(done - self._bar.pos)
        if done >= total:
            self.finish()

    def finish(self) -> None:
        if self._bar is not None and not self._done:
            self._bar.render_finish()
            self._done = True
