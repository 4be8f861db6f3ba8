"""Stage 4: the Jinja2 environment and the per-language text helpers (no I/O of output).

Templates hold markup only; what a page needs (fallbacks, Markdown, sorting) is computed
here so that every template stays a plain loop over prepared values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
)
from jinja2.runtime import Macro
from markupsafe import Markup

from kennosto.errors import Diagnostic
from kennosto.files import builtin_templates
from kennosto.hsds import hsds_id
from kennosto.localizer import FALLBACK, LangMap, Localizer, escaped, output_escape
from kennosto.templating import FastContext, FastEnvironment, QuickCodeGenerator, call_macro
from kennosto.textfile import read_text
from kennosto.yamlfile import load_yaml

# Names other modules import from here.
__all__ = ["FALLBACK", "LangMap", "Localizer", "escaped", "output_escape"]


def template_dirs(root: Path) -> list[Path]:
    """The catalogue's own templates/ first, so it can override any built-in file."""
    own = root / "templates"
    builtin = builtin_templates()
    dirs = [own] if own.is_dir() and own.resolve() != builtin.resolve() else []
    return [*dirs, builtin]


_ENVIRONMENTS: dict[tuple[str, ...], tuple[Any, Environment]] = {}


def make_environment(root: Path) -> Environment:
    """The Jinja2 environment for `root`, kept between builds in one process (the
    preview): compiling the templates is a quarter of a rebuild of the bundled catalogue.
    It is made anew when a template file is added, removed or changed (names, sizes and
    modification times), so an edit or an override dropped into templates/ is seen at
    once; within a build Jinja2 need not look at the files again (auto_reload off: it
    checked a file's time on every import, six times a page). The cache of rendered
    partials starts empty on every call: it holds catalogue text. (It is a module global,
    not a new function in `env.globals`: templates imported without context keep the
    globals they were first loaded with, so a new function there would not be seen.)"""
    dirs = template_dirs(root)
    key = tuple(str(d.resolve()) for d in dirs)
    stamp = tuple(_template_files(d) for d in dirs)
    kept = _ENVIRONMENTS.get(key)
    if kept is None or kept[0] != stamp:
        if len(_ENVIRONMENTS) >= 4:
            _ENVIRONMENTS.clear()
        kept = _ENVIRONMENTS[key] = (stamp, _new_environment(dirs))
    _FRAGMENTS.clear()  # rendered partials hold catalogue text: never kept across builds
    return kept[1]


def _template_files(directory: Path) -> tuple[tuple[str, int, int], ...]:
    files = []
    for path in directory.rglob("*.*"):
        try:
            info = path.stat()
        except OSError:  # a broken link: named, but nothing to load
            info = None
        size, mtime = (info.st_size, info.st_mtime_ns) if info else (-1, -1)
        files.append((str(path.relative_to(directory)), size, mtime))
    return tuple(sorted(files))


def _new_environment(dirs: list[Path]) -> Environment:
    loader = ChoiceLoader([FileSystemLoader(str(d)) for d in dirs])
    env = FastEnvironment(
        loader=loader,
        # Always on: what select_autoescape(default=True, default_for_string=True) said
        # for every name, without calling it for every context (several a page).
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.context_class = FastContext
    env.code_generator_class = QuickCodeGenerator
    env.globals["hsds_id"] = hsds_id
    env.globals["cached"] = cached
    env.globals["memo"] = memo
    env.direct_calls = frozenset({id(memo), id(hsds_id)})
    env.context_calls = frozenset({id(cached)})
    return env


# Rendered partials and macro calls of the current build (`cached`, `memo`); emptied by
# make_environment, which every build and every render worker calls first.
_FRAGMENTS: dict[tuple[Any, ...], Markup] = {}


@pass_context
def cached(context: Any, name: str, **variables: Any) -> Markup:
    """`{{ cached("_header.html", root=root) }}` renders a partial once per language and
    set of variables. The header and footer are the same on thousands of pages; rendering
    them once per folder depth instead of once per page saves a third of build time."""
    key = ("cached", name, context["lang"], *sorted(variables.items()))
    hit = _FRAGMENTS.get(key)
    if hit is None:
        template = context.environment.get_template(name)
        hit = _FRAGMENTS[key] = Markup(template.render({**context.get_all(), **variables}))
    return hit


def memo(key: Any, macro: Any, *args: Any) -> Markup:
    """`{{ memo((lang, root, s.slug), service_item, s, L, root, lang, catalogue) }}` calls
    a macro once per `key` and reuses its output. The key must name everything the output
    depends on besides this build's catalogue; the macro's name is part of it. A service's
    line in a list is on the A–Z page and on its categories', target groups',
    municipalities' and providers' pages: rendering it once per language and depth
    instead of on each of them saved a sixth of the 10,000-service benchmark's build."""
    slot = ("memo", getattr(macro, "name", None), key)
    hit = _FRAGMENTS.get(slot)
    if hit is None:
        made = call_macro(macro, args, {}) if type(macro) is Macro else macro(*args)
        hit = _FRAGMENTS[slot] = Markup(made)
    return hit


def load_strings(root: Path) -> dict[str, Any]:
    """Interface text: built-in strings.yaml, overridden key by key by the catalogue's.
    Read with the catalogue's YAML rules, so `check` (which validated it) and the pages
    see the same values."""
    strings: dict[str, Any] = {}
    for directory in reversed(template_dirs(root)):
        path = directory / "strings.yaml"
        if path.is_file():
            problems: list[Diagnostic] = []
            text = read_text(path, "templates/strings.yaml", problems)
            data = load_yaml(text, "templates/strings.yaml", problems) if text else None
            strings.update(data if isinstance(data, dict) else {})
    return strings


_SORT_TABLE = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "ü": "y", "é": "e"})


def sort_key(text: str) -> str:
    """Finnish and Swedish alphabetical order: å, ä and ö come after z."""
    return text.casefold().translate(_SORT_TABLE)
