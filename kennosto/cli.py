"""Command line: thin click commands over the library in kennosto.site."""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

import click

from kennosto import __version__
from kennosto.errors import ContentError, Diagnostic, KennostoError, format_all
from kennosto.site import TODAY_VARIABLE, BuildOptions, CheckResult, build, check, parse_date

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kennosto")
def main() -> None:
    """Kennosto builds a searchable, accessible web site from a catalogue of work ability
    and employment support services written as YAML files.

    \b
    kennosto check            find every problem in the catalogue
    kennosto build            check, then build the site into ./site
    """


def _print_diagnostics(diagnostics: list[Diagnostic], style: str) -> None:
    """Machine-readable output (json: always a list, even empty; github: workflow
    commands) goes to stdout, where a pipe reads it; text for people goes to stderr."""
    if style == "json":
        click.echo(format_all(diagnostics, style))
    elif diagnostics:
        click.echo(format_all(diagnostics, style), err=style == "text")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _report(result: CheckResult, style: str, strict: bool) -> None:
    _print_diagnostics(result.diagnostics, style)
    errors, warnings = len(result.errors), len(result.warnings)
    note = ""
    if strict and warnings:
        errors, warnings = errors + warnings, 0
        note = " (--strict: warnings count as errors)"
    if style == "text":
        counts = result.counts
        summary = (
            f"{_count(counts.get('service', 0), 'service')}, "
            f"{_count(counts.get('organization', 0), 'organization')}, "
            f"{_count(counts.get('path', 0), 'path')}: "
            f"{errors} error(s), {warnings} warning(s){note}"
        )
        click.echo(summary, err=True)


@main.command("check")
@root_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (use it in CI).")
@format_option
@today_option
def check_command(root: Path, strict: bool, style: str, today: datetime.date | None) -> None:
    """Validate the catalogue without building it.

    Prints every problem as FILE:LINE:COL: error: MESSAGE (paths relative to the root)
    and exits 1 if there is an error (or, with --strict, a warning); 0 when clean.
    """
    try:
        result = check(root, strict=strict, today=today)
    except KennostoError as exc:
        _fail(exc)
    _report(result, style, strict)
    sys.exit(1 if result.failed(strict) else 0)


@main.command("build")
@root_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder. Default: ROOT/site.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors: build nothing if any.")
@click.option("--no-search", is_flag=True, help="Skip the search index (faster builds).")
@click.option(
    "--no-diagrams", is_flag=True, help="Leave out path and service diagrams (faster previews)."
)
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@format_option
@today_option
def build_command(
    root: Path,
    out: Path | None,
    strict: bool,
    no_search: bool,
    no_diagrams: bool,
    quiet: bool,
    style: str,
    today: datetime.date | None,
) -> None:
    """Check the catalogue, then build the site.

    Nothing is written if the check fails. The new site is built beside --out and swapped
    in at the end, so a failed or interrupted build leaves the previous site untouched.
    """
    started = time.perf_counter()

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"kennosto: {message}", err=True)

    options = BuildOptions(
        strict=strict,
        search=not no_search,
        diagrams=not no_diagrams,
        today=today,
        progress=progress,
    )
    try:
        result = build(root, out, options)
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics, style)
        click.echo("kennosto: nothing was built; fix the errors and build again", err=True)
        sys.exit(1)
    except KennostoError as exc:
        _fail(exc)
    _print_diagnostics(result.check.diagnostics, style)
    elapsed = time.perf_counter() - started
    progress(f"built {result.pages} pages into {result.out} in {elapsed:.1f} s")


def _fail(exc: KennostoError) -> None:
    click.echo(f"kennosto: error: {exc}", err=True)
    sys.exit(exc.exit_code)


if __name__ == "__main__":  # pragma: no cover
    main()
