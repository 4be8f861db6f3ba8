"""The maintainer's commands: new (templates), stale (review report), serve (preview)."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import click

from kennosto.cli_options import DateType, root_option, today_option
from kennosto.cli_options import fail as _fail
from kennosto.errors import KennostoError
from kennosto.pipeline import TODAY_VARIABLE, BuildOptions, resolve_today
from kennosto.scaffold import FOLDERS, new_entry
from kennosto.stale import format_json, format_table, stale_report


@click.command("new")
@click.argument("kind", type=click.Choice(list(FOLDERS)))
@click.argument("slug")
@root_option
@click.option(
    "--today",
    type=DateType(),
    envvar=TODAY_VARIABLE,
    show_envvar=True,
    default=None,
    help="The date written as `reviewed` (and as the sources' date). Default: today.",
)
def new_command(kind: str, slug: str, root: Path, today: datetime.date | None) -> None:
    """Write a commented template for a new service, path or organization.

    The file is ROOT/services/SLUG.yaml (paths/, organizations/); SLUG becomes its
    address on the site. Replace every <…> in it, then run `kennosto check`. Its first
    line names the JSON Schema, so editors with a YAML language server offer completion
    and validation. An existing file is never replaced. Prints the path written.
    """
    try:
        path = new_entry(root, kind, slug, resolve_today(today))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="SLUG") from exc
    except KennostoError as exc:
        _fail(exc)
    click.echo(path)
    click.echo(f"kennosto: fill in every <…> in {path}, then run `kennosto check`", err=True)


@click.command("stale")
@root_option
@click.option(
    "--months",
    type=click.IntRange(min=0),
    default=12,
    show_default=True,
    help="Flag entries reviewed more than this many months ago.",
)
@click.option(
    "--format",
    "style",
    type=click.Choice(["table", "json"]),
    default="table",
    help="table (for people) or json (for other tools); both on stdout. Default: table.",
)
@today_option
def stale_command(root: Path, months: int, style: str, today: datetime.date | None) -> None:
    """List services, organizations and paths by when they were last reviewed.

    Oldest first (never reviewed at the top), with each entry's providers and its
    sources' dates. Flagged with `!`: entries reviewed more than --months months ago,
    entries without a reviewed date, and entries whose status.until has passed while
    their state is not `ended`. Exits 1 when any entry is flagged (use it in CI), else 0.
    Included folders' entries are listed too. The files are read as they are, so this
    works on a catalogue that does not pass `check`.
    """
    try:
        report = stale_report(root, resolve_today(today), months)
    except KennostoError as exc:
        _fail(exc)
    click.echo(format_json(report) if style == "json" else format_table(report))
    flagged = report.flagged
    older = sum(any("months ago" in p or "never" in p for p in e.problems) for e in flagged)
    passed = sum(e.until is not None for e in flagged)
    entries = len(report.entries)
    click.echo(
        f"kennosto: {entries} {'entry' if entries == 1 else 'entries'}; "
        f"{older} not reviewed within {months} months (or never), "
        f"{passed} with a passed status.until (as of {report.today})",
        err=True,
    )
    if report.unreadable:
        click.echo(
            f"kennosto: {report.unreadable} file(s) could not be read; run `kennosto check`",
            err=True,
        )
    sys.exit(1 if flagged else 0)


@click.command("serve")
@root_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option("--search", is_flag=True, help="Build the search index too (slower rebuilds).")
@click.option("--no-diagrams", is_flag=True, help="Leave out diagrams (faster rebuilds).")
@today_option
def serve_command(
    root: Path, port: int, search: bool, no_diagrams: bool, today: datetime.date | None
) -> None:
    """Preview the site while you edit: build, serve, rebuild on every save.

    Serves on 127.0.0.1 only (this computer). Every save in the catalogue (kennosto.yaml,
    services/, organizations/, paths/, content/, templates/ and included folders) rebuilds
    the site and reloads the open page; when a save breaks the catalogue the page shows
    the problems until the next good save. The search index is left out unless --search,
    so rebuilds are quick. The preview is built in a temporary folder: ROOT/site is not
    touched. Ctrl-C stops it.
    """
    from kennosto.serve import serve

    options = BuildOptions(search=search, diagrams=not no_diagrams, today=today)
    try:
        serve(root, port, options, lambda message: click.echo(message, err=True))
    except KennostoError as exc:
        _fail(exc)
