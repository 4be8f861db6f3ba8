"""Options and helpers shared by the command modules (kennosto.cli, kennosto.cli_maintainer)."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import NoReturn

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
