"""Command line: thin click commands over the library in kennosto.pipeline."""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

import click

from kennosto.cli_options import CommandLine, format_option, root_option, today_option
from kennosto.cli_options import fail as _fail
from kennosto.errors import ContentError, Diagnostic, KennostoError, format_all
from kennosto.graph_export import FORMATS as GRAPH_FORMATS
from kennosto.graph_export import UnknownPath, graph_view, render_graph
from kennosto.open_data import FORMATS as DATA_FORMATS
from kennosto.pipeline import (
    BuildOptions,
    CheckResult,
    build,
    check,
    export,
    load_model,
)
from kennosto.terminal import PageBar, interactive


@click.group(cls=CommandLine, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _, value: _version(ctx, value),
    help="Show the version and exit.",
)
def main() -> None:
    """Kennosto builds a searchable, accessible web site from a catalogue of work ability
    and employment support services written as YAML files.

    \b
    kennosto check            find every problem in the catalogue
    kennosto build            check, then build the site into ./site
    kennosto export hsds      write the open data (hsds, json or csv) without a site
    kennosto import hsds F    turn HSDS 3.0 JSON into catalogue YAML files
    kennosto graph            print the transition graph (json, dot or mermaid)
    kennosto new KIND SLUG    start a service, path or organization from a template
    kennosto stale            list entries by when they were last reviewed
    kennosto serve            preview the site, rebuilt and reloaded on every save
    """


def _version(ctx: click.Context, value: bool) -> None:
    """click's version_option, with the version looked up only when asked for."""
    if not value or ctx.resilient_parsing:
        return
    from kennosto import __version__

    click.echo(f"kennosto, version {__version__}")
    ctx.exit()


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

    Nothing is built if the check fails. The new site is built beside --out and swapped
    in at the end, so a failed or interrupted build leaves the previous site untouched.
    The site it replaces stays beside --out as .OUT.spare, where the next build writes
    only the files that differ.
    """
    started = time.perf_counter()

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"kennosto: {message}", err=True)

    bar = PageBar() if not quiet and interactive(sys.stderr) else None
    options = BuildOptions(
        strict=strict,
        search=not no_search,
        diagrams=not no_diagrams,
        today=today,
        progress=progress,
        page_progress=bar,
    )
    try:
        result = build(root, out, options)
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics, style)
        click.echo("kennosto: nothing was built; fix the errors and build again", err=True)
        sys.exit(1)
    except KennostoError as exc:
        _fail(exc)
    finally:
        if bar:
            bar.finish()
    _print_diagnostics(result.check.diagnostics, style)
    elapsed = time.perf_counter() - started
    progress(f"built {result.pages} pages into {result.out} in {elapsed:.1f} s")


@main.command("export")
@click.argument("data_format", metavar="FORMAT", type=click.Choice(list(DATA_FORMATS)))
@root_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder to write into, laid out as the site's data/ folder (e.g. OUT/hsds/fi/…).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors: export nothing if any.")
@format_option
def export_command(data_format: str, root: Path, out: Path, strict: bool, style: str) -> None:
    """Write one open data format without building the site.

    \b
    hsds   HSDS 3.0 per language (hsds/LANG/…) and the Kennosto extension (hsds/extension/)
    json   catalogue.json and its JSON Schema
    csv    services.csv

    The catalogue is checked first, as by `kennosto check`: with errors nothing is
    written (exit 1). Files of the same name in --out are replaced; nothing else is
    touched or deleted.
    """
    try:
        result, written = export(root, out, (data_format,), strict)
    except ContentError as exc:
        click.echo(format_all(exc.diagnostics, style), err=True)
        click.echo("kennosto: nothing was exported; fix the errors above", err=True)
        sys.exit(1)
    except KennostoError as exc:
        _fail(exc)
    if result.diagnostics:
        click.echo(format_all(result.diagnostics, style), err=True)
    click.echo(f"kennosto: wrote {len(written)} {data_format} file(s) into {out}", err=True)


@main.group("import")
def import_group() -> None:
    """Turn data in other formats into catalogue files."""


@import_group.command("hsds")
@click.argument("source", type=click.Path(path_type=Path))
@root_option
@click.option("--force", is_flag=True, help="Replace files that already exist in the catalogue.")
@click.option(
    "--lang",
    type=click.Choice(["fi", "sv", "en"]),
    default="fi",
    help="Language of the texts in files outside fi/, sv/ or en/ folders. Default: fi.",
)
def import_hsds_command(source: Path, root: Path, force: bool, lang: str) -> None:
    """Turn HSDS 3.0 JSON into organization, service and path YAML files.

    SOURCE is a JSON file (a list of records, a paginated API response with
    "contents", or one full service or organization document) or a folder of such
    files; folders named fi, sv and en are that language's dataset, so the data/hsds/
    folder of a Kennosto site imports whole, transitions and paths included.

    Every record is checked against the HSDS 3.0 schemas first: with a malformed record
    nothing is written and each problem is named by file and record (exit 1). What has no
    place in the catalogue format is reported per record, never dropped silently.
    Existing files are kept unless --force; kennosto.yaml is written only if missing.
    """
    # Imported here: the HSDS reader brings the pure-Python jsonschema, 35 ms that no
    # other command needs.
    from kennosto.hsds_import import import_hsds
    from kennosto.hsds_read import ImportInputError

    try:
        result = import_hsds(source, root, force=force, lang=lang)
    except ImportInputError as exc:
        click.echo("\n".join(exc.problems), err=True)
        click.echo("kennosto: nothing was imported; fix the input and import again", err=True)
        sys.exit(1)
    except KennostoError as exc:
        _fail(exc)
    for note in result.notes:
        click.echo(note, err=True)
    for relpath in result.kept:
        click.echo(f"import: {relpath}: exists, kept (use --force to replace)", err=True)
    click.echo(
        f"kennosto: wrote {len(result.written)} file(s) into {root}; "
        f"{len(result.kept)} kept, {len(result.notes)} note(s)",
        err=True,
    )


@main.command("graph")
@root_option
@click.option(
    "--format",
    "graph_format",
    type=click.Choice(list(GRAPH_FORMATS)),
    default="json",
    help="json (nodes and edges), dot (Graphviz) or mermaid (flowchart). Default: json.",
)
@click.option("--path", "path_slug", default=None, help="Only this path's entries and edges.")
@click.option(
    "--lang", default=None, help="Language of the labels. Default: the site's first language."
)
def graph_command(root: Path, graph_format: str, path_slug: str | None, lang: str | None) -> None:
    """Print the transition graph (entries and transitions) for other tools.

    Nodes carry the entry's kind (service, team, role, plan, benefit, outcome) and edges
    the transition's kind (next, alongside, consult), so other tools can style them; DOT
    and Mermaid draw outcomes with round ends and alongside and consult transitions
    dotted or dashed. --path gives one path's entries (alternatives and those alongside
    too) and its steps. The catalogue is checked first; with errors nothing is printed
    (exit 1).
    """
    try:
        _, catalogue = load_model(root)
    except ContentError as exc:
        click.echo(format_all(exc.diagnostics, "text"), err=True)
        sys.exit(1)
    except KennostoError as exc:
        _fail(exc)
    language = lang or catalogue.settings.languages[0]
    if language not in catalogue.settings.languages:
        raise click.BadParameter(
            f"'{language}' is not a language of the site ({', '.join(catalogue.settings.languages)})",
            param_hint="--lang",
        )
    try:
        view = graph_view(catalogue, language, path_slug)
    except UnknownPath as exc:
        raise click.BadParameter(str(exc), param_hint="--path") from exc
    click.echo(render_graph(view, graph_format), nl=False)


from kennosto.cli_maintainer import new_command, serve_command, stale_command  # noqa: E402

for _command in (new_command, stale_command, serve_command):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
