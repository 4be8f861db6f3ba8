"""Stage 4: the Jinja2 environment and the per-language text helpers (no I/O of output).

Templates hold markup only; what a page needs (fallbacks, Markdown, sorting) is computed
here so that every template stays a plain loop over prepared values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from types import BuiltinFunctionType, MethodType
from typing import Any

import markupsafe
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context, Macro
from markupsafe import Markup, escape

from kennosto.errors import Diagnostic
from kennosto.files import builtin_templates
from kennosto.hsds import hsds_id
from kennosto.markdown import render_markdown
from kennosto.textfile import read_text
from kennosto.yamlfile import load_yaml

LangMap = dict[str, str]
FALLBACK = "fi"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


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


class _Context(Context):
    """Jinja's template context with a quicker `call` for the callables that take no
    context. Context.call looks for pass_context and friends on every call, on the
    callable and on its __call__ (attribute lookups that mostly fail, which is slow);
    a service page makes some 150 calls. Macros, the Localizer's methods, built-in
    functions and methods (`dict.get`) and our globals `memo` (some 400,000 calls in the
    10,000-service benchmark) and `hsds_id` are known not to want a context, so they are
    called at once; everything else goes the usual way."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        kind = type(__obj)
        if (
            kind is Macro
            or (kind is MethodType and type(__obj.__self__) is Localizer)
            or kind is BuiltinFunctionType
            or __obj is memo
            or __obj is hsds_id
        ):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__obj, *args, **kwargs)


_escape_inner: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)


def output_escape(value: Any) -> Any:
    """What `{{ value }}` writes with autoescape on: exactly markupsafe.escape's text,
    without its costs. A page writes about 200 values; escape() makes a Markup of every
    one (two Python calls, a failing attribute lookup) and, for a Markup, looks at
    __html__ twice and copies it. The pieces are only joined into the page, so text is
    escaped into a plain str and a Markup is passed through as it is."""
    kind = type(value)
    if kind is str and _escape_inner is not None:
        return _escape_inner(value)
    if kind is Markup:
        return value
    return escape(value)


def escaped(value: Any) -> Markup:
    """markupsafe.escape(value), the same Markup, made without its detours for a str (a
    service page shows some 40 texts through Localizer.text)."""
    if type(value) is str and _escape_inner is not None:
        return str.__new__(Markup, _escape_inner(value))
    return escape(value)


class _CodeGenerator(CodeGenerator):
    """Jinja's compiler, writing `{{ value }}` through output_escape instead of
    markupsafe.escape where autoescape is known to be on (always, for our templates)."""

    def visit_Template(self, node: Any, frame: Any = None) -> None:
        self.writeline("from kennosto.render import output_escape")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        ctx = frame.eval_ctx
        if ctx.autoescape and not ctx.volatile and finalize.src is None:
            self.write("output_escape(")
        else:
            super()._output_child_pre(node, frame, finalize)


def _new_environment(dirs: list[Path]) -> Environment:
    loader = ChoiceLoader([FileSystemLoader(str(d)) for d in dirs])
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.context_class = _Context
    env.code_generator_class = _CodeGenerator
    env.globals["hsds_id"] = hsds_id
    env.globals["cached"] = cached
    env.globals["memo"] = memo
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


def memo(key: Any, macro: Callable[..., str], *args: Any) -> Markup:
    """`{{ memo((lang, root, s.slug), service_item, s, L, root, lang, catalogue) }}` calls
    a macro once per `key` and reuses its output. The key must name everything the output
    depends on besides this build's catalogue; the macro's name is part of it. A service's
    line in a list is on the A–Z page and on its categories', target groups',
    municipalities' and providers' pages: rendering it once per language and depth
    instead of on each of them saved a sixth of the 10,000-service benchmark's build."""
    slot = ("memo", getattr(macro, "name", None), key)
    hit = _FRAGMENTS.get(slot)
    if hit is None:
        hit = _FRAGMENTS[slot] = Markup(macro(*args))
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


class Localizer:
    """Everything a template needs to show text in one language, with Finnish fallback."""

    def __init__(self, lang: str, strings: dict[str, Any]) -> None:
        self.lang = lang
        self.strings = strings

    def ui(self, key: str) -> str:
        entry = self.strings[key]
        return entry.get(self.lang) or entry[FALLBACK]

    def count(self, key: str, n: int) -> str:
        """Text for `n` things, `{n}` filled in: KEY_one when n is 1 (the plural rule of
        Finnish, Swedish and English alike), else KEY. A key without `_one` is plural."""
        one = f"{key}_one"
        return self.ui(one if n == 1 and one in self.strings else key).replace("{n}", str(n))

    def ui_map(self, key: str) -> dict[str, str]:
        entry = self.strings[key]
        return entry.get(self.lang) or entry[FALLBACK]

    def plain(self, value: LangMap | None) -> str:
        """Text for places that cannot hold markup (<title>, attributes)."""
        if not value:
            return ""
        return value.get(self.lang) or value[FALLBACK]

    def has(self, value: LangMap | None) -> bool:
        return bool(value) and self.lang in value

    def text(self, value: LangMap | None) -> Markup:
        """Short text; a Finnish fallback is marked lang="fi" with a visible note."""
        if not value:
            return Markup("")
        if self.lang in value:
            return escaped(value[self.lang])
        return Markup('<span lang="fi">{}</span> <span class="fallback-note">{}</span>').format(
            value[FALLBACK], self.ui("fallback_inline")
        )

    def block(self, value: LangMap | None) -> Markup:
        """Markdown text; a Finnish fallback is wrapped and announced."""
        if not value:
            return Markup("")
        if self.lang in value:
            return render_markdown(value[self.lang])
        return Markup(
            '<div class="fallback"><p class="fallback-note">{}</p><div lang="fi">{}</div></div>'
        ).format(self.ui("fallback_note"), render_markdown(value[FALLBACK]))

    def date(self, value: object) -> str:
        """A YYYY-MM-DD date as people write it: 23.11.2026 in Finnish and Swedish,
        23 November 2026 in English (the pattern is `date_format` in strings.yaml). Anything
        that is not such a date is shown as it is."""
        text = str(value or "")
        match = _ISO_DATE.fullmatch(text)
        if not match:
            return text
        year, month, day = (int(part) for part in match.groups())
        months = self.ui_map("month_names")
        return (
            self.ui("date_format")
            .replace("{d}", str(day))
            .replace("{m}", str(month))
            .replace("{month}", months[month - 1])
            .replace("{y}", str(year))
        )

    @cached_property
    def language_names(self) -> dict[str, str]:
        return self.strings["service_languages"].get(self.lang, {})
