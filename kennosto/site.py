"""The pipeline: load -> validate -> model/graph -> render -> write.

`check` is `build` stopped before rendering, so the two can never disagree about what is
wrong with a catalogue.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kennosto.errors import (
    CatalogueNotFound,
    ContentError,
    Diagnostic,
    Severity,
    error,
    has_errors,
)
from kennosto.graph import Graph, build_graph
from kennosto.load import ContentFile, load_catalogue
from kennosto.model import Catalogue, build_catalogue
from kennosto.pages import RESERVED_SLUGS, iter_pages
from kennosto.render import load_strings, make_environment, template_dirs
from kennosto.schemas import SCHEMA_FILES, schema_text
from kennosto.validate import validate
from kennosto.write import AtomicSite, check_output_location

Progress = Callable[[str], None]


@dataclass
class BuildOptions:
    strict: bool = False
    search: bool = True
    today: datetime.date | None = None
    progress: Progress | None = None


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    catalogue: Catalogue | None = None
    graph: Graph | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict)


@dataclass
class BuildResult:
    check: CheckResult
    out: Path
    pages: int = 0


def check(
    root: str | Path, strict: bool = False, today: datetime.date | None = None
) -> CheckResult:
    """Load and validate a catalogue; build the model only when nothing is wrong."""
    root = Path(root)
    if not root.is_dir():
        raise CatalogueNotFound(f"catalogue folder not found: {root}")
    loaded = load_catalogue(root)
    diagnostics = loaded.diagnostics + validate(loaded, today)
    diagnostics += _reserved_content(loaded.content)
    diagnostics.sort()
    counts = {
        kind: sum(d.kind == kind for d in loaded.documents)
        for kind in ("organization", "service", "path")
    }
    result = CheckResult(diagnostics, counts=counts)
    if not result.failed(strict):
        result.catalogue = build_catalogue(loaded)
        result.graph = build_graph(result.catalogue)
    return result


def _reserved_content(content: list[ContentFile]) -> list[Diagnostic]:
    return [
        error(
            page.relpath, 1, 1, f"content page name '{page.slug}' is reserved for generated pages"
        )
        for page in content
        if page.slug in RESERVED_SLUGS
    ]


def build(
    root: str | Path, out: str | Path | None = None, options: BuildOptions | None = None
) -> BuildResult:
    """Build the site into `out` (default ROOT/site) atomically; raise ContentError if
    the catalogue does not pass `check`."""
    options = options or BuildOptions()
    root = Path(root)
    out = Path(out) if out is not None else root / "site"
    say = options.progress or (lambda message: None)
    result = check(root, options.strict, options.today)
    if result.failed(options.strict) or result.catalogue is None or result.graph is None:
        raise ContentError(result.diagnostics)
    check_output_location(root, out)
    site = AtomicSite(out)
    try:
        pages = _render_site(root, result.catalogue, result.graph, site, say)
        say("swapping the new site into place")
        site.commit()
    except BaseException:
        site.abort()
        raise
    return BuildResult(result, out, pages)


def _render_site(
    root: Path, catalogue: Catalogue, graph: Graph, site: AtomicSite, say: Progress
) -> int:
    env = make_environment(root)
    strings = load_strings(root)
    count = 0
    say(
        f"rendering {len(catalogue.services)} services in {len(catalogue.settings.languages)} languages"
    )
    for spec in iter_pages(catalogue, graph, strings):
        site.write(spec.path, env.get_template(spec.template).render(spec.context))
        count += 1
    for directory in reversed(template_dirs(root)):
        if (directory / "static").is_dir():
            site.copy_tree(directory / "static", "static")
    for name in SCHEMA_FILES:
        site.write(f"schema/{name}", schema_text(name))
    return count
