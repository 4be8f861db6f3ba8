"""Options and helpers shared by the command modules (kennosto.cli, kennosto.cli_maintainer)."""

from __future__ import annotations

import contextlib
import datetime
import os
import sys
import threading
from pathlib import Path
from typing import Any, NoReturn

import click

from kennosto.errors import KennostoError
from kennosto.pipeline import TODAY_VARIABLE, parse_date

ROOT_HELP = "The catalogue folder (holding kennosto.yaml, services/, …). Default: current folder."
FORMAT_HELP = (
    "How to print problems: text (FILE:LINE:COL: …, on stderr), or on stdout json (a list) "
    "or github (CI annotations)."
)
root_option = click.option("--root", type=click.Path(path_type=Path), default=".", help=ROOT_HELP)
format_option = click.option(
    "--format",
    "style",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    help=FORMAT_HELP,
)


class DateType(click.ParamType):
    """YYYY-MM-DD; anything else is a usage error (exit 2), never a traceback."""

    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


today_option = click.option(
    "--today",
    type=DateType(),
    envvar=TODAY_VARIABLE,
    show_envvar=True,
    default=None,
    help="Judge `reviewed` dates as on this day (in the future? older than "
    "review_max_age_days?). Default: the system date.",
)


def fail(exc: KennostoError) -> NoReturn:
    click.echo(f"kennosto: error: {exc}", err=True)
    sys.exit(exc.exit_code)


class CommandLine(click.Group):
    """The `kennosto` group. Run from the command line (the console script, `python -m
    kennosto.cli`) it leaves without tearing the interpreter down: after a build of the
    10,000-service bench, collecting and freeing the millions of objects it leaves behind
    took 0.5-1 s, after the site was already in place. Called as a library (click's test
    runner calls `main`, not the group itself) it returns as any click command does."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self.main(*args, **kwargs)
        except SystemExit as exc:
            leave(exc.code)


def leave(code: Any) -> NoReturn:
    """`sys.exit(code)` without the interpreter's teardown: the output flushed, then
    `os._exit`. Where another thread still runs (it may hold a lock or unwritten data),
    the ordinary exit."""
    if threading.active_count() > 1:
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nobody is reading any more
            stream.flush()
    os._exit(code)
