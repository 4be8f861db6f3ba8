"""Stage 2, continued: what is rendered as text — Markdown, templates, interface strings.

`check` must read everything `build` reads, so the catalogue's own templates are compiled
by Jinja here (a syntax error is `templates/x.html:LINE:1`, not a traceback in `build`),
its strings.yaml is checked for the shape the templates expect, and Markdown is parsed far
enough to see nesting deeper than the renderer's limit, which would otherwise drop the
deepest text without a word.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from jinja2 import Environment, TemplateSyntaxError
from markdown_it import MarkdownIt

from kennosto.errors import Diagnostic, error, shorten, shown
from kennosto.files import builtin_templates
from kennosto.load import Document, Loaded, TemplateFile, find_node, position
from kennosto.markdown import MAX_NESTING
from kennosto.textfile import read_text
from kennosto.yamlfile import load_yaml

STRING_LANGUAGES = ("fi", "sv", "en")

# Fields written in Markdown, per kind (the schema's "markdown" definition).
MARKDOWN_FIELDS = {
    "service": ("description", "eligibility", "how_to_apply", "required_documents"),
    "organization": ("description",),
    "path": ("description",),
}
VOCABULARIES = ("categories", "target_groups", "municipalities", "referrers")

# Text can only nest as deep as it has list markers or quote marks (an ordered list's
# marker ends in '.' or ')'); most text has few, and is not parsed here at all.
_NESTING_MARKS = "-*+>.)"
_DEEP_MESSAGE = (
    "Markdown nested more than {limit} levels deep here (a list level counts as two, a quote "
    "as one); the site would drop this text and all after it: nest less deeply"
)


# --- Markdown --------------------------------------------------------------------------


@cache
def _deep_parser() -> MarkdownIt:
    """The renderer's parser with room to nest deeper, to see what the renderer would drop."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.options["maxNesting"] = 2 * MAX_NESTING
    md.core.ruler.disable(["inline"])  # depth is a matter of blocks; inline costs time only
    return md


def too_deep_line(text: str) -> int | None:
    """The 0-based line of the first block nested past the renderer's limit, or None."""
    if sum(map(text.count, _NESTING_MARKS)) < MAX_NESTING // 2:
        return None
    line = 0
    for token in _deep_parser().parse(text):
        if token.map:
            line = token.map[0]
        if token.level >= MAX_NESTING:
            return line
    return None


def content_depth(loaded: Loaded) -> Iterable[Diagnostic]:
    """Every free page nested deeper than the renderer can show."""
    for page in loaded.content:
        line = too_deep_line(page.body)
        if line is not None:
            message = _DEEP_MESSAGE.format(limit=MAX_NESTING)
            yield error(page.relpath, page.body_line + line, 1, message)


def markdown_depth(document: Document) -> Iterable[Diagnostic]:
    """Every Markdown field of a document nested deeper than the renderer can show."""
    for path, text in _markdown_texts(document):
        line = too_deep_line(text)
        if line is not None:
            yield _deep_at(document, path, line)


def _markdown_texts(document: Document) -> Iterable[tuple[list[Any], str]]:
    data = document.data
    fields: list[tuple[list[Any], Any]] = [
        ([f], data.get(f)) for f in MARKDOWN_FIELDS.get(document.kind, ())
    ]
    if document.kind == "settings":
        for vocabulary in VOCABULARIES:
            terms = data.get(vocabulary)
            if isinstance(terms, dict):
                for slug, term in terms.items():
                    if isinstance(term, dict):
                        fields.append(([vocabulary, slug, "description"], term.get("description")))
    for path, value in fields:
        if isinstance(value, dict):
            for lang, text in value.items():
                if isinstance(text, str):
                    yield [*path, lang], text


def _deep_at(document: Document, path: list[Any], md_line: int) -> Diagnostic:
    _, node = find_node(document.node, path)
    line, col = position(node) if node is not None else (1, 1)
    if node is not None and getattr(node, "style", None) == "|":
        line, col = line + 1 + md_line, 1
    where = ".".join(map(str, path))
    return error(
        document.relpath, line, col, f"{where}: " + _DEEP_MESSAGE.format(limit=MAX_NESTING)
    )


# --- Templates -------------------------------------------------------------------------


def template_errors(templates: list[TemplateFile]) -> Iterable[Diagnostic]:
    """Compile each template override as the renderer would: syntax errors at their line."""
    env = Environment(
        autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True
    )
    for template in templates:
        try:
            env.compile(template.text, template.name, template.relpath)
        except TemplateSyntaxError as exc:
            line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else 1
            message = f"template error: {shorten(exc.message or 'invalid template')}"
            yield error(template.relpath, line, 1, message)
        except RecursionError:
            yield error(template.relpath, 1, 1, "template error: nested too deeply to compile")
        except Exception as exc:  # noqa: BLE001 - Jinja's other failures are this file's too
            yield error(template.relpath, 1, 1, f"template error: {shorten(str(exc))}")


# --- strings.yaml ----------------------------------------------------------------------


@cache
def builtin_strings() -> dict[str, Any]:
    path = builtin_templates() / "strings.yaml"
    out: list[Diagnostic] = []
    text = read_text(path, "strings.yaml", out)
    data = load_yaml(text, "strings.yaml", out) if text is not None else None
    return data if isinstance(data, dict) else {}


def strings_errors(document: Document | None) -> Iterable[Diagnostic]:
    """An override of strings.yaml must have the shape the templates read: each key a map
    of fi/sv/en (fi required) to text, or to a map of text where the built-in one is."""
    if document is None:
        return
    builtin = builtin_strings()
    for key, value in document.data.items():
        name = shorten(key, 60)
        if not isinstance(value, dict):
            message = f"{name}: expected a mapping of languages such as {{fi: …, sv: …, en: …}}"
            yield _at(document, [key], message)
            continue
        if "fi" not in value:
            yield _at(document, [key], f"{name}: no Finnish (fi) text; Finnish is the fallback")
        shape = _shape(builtin.get(key))
        for lang, text in value.items():
            where = f"{name}.{shorten(lang, 20)}"
            if lang not in STRING_LANGUAGES:
                message = f"{where}: unknown language {shown(lang)}; use fi, sv or en"
                yield _at(document, [key, lang], message, key_node=True)
            elif not _SHAPE_CHECK[shape](text):
                yield _at(document, [key, lang], f"{where}: {_SHAPE_WANTED[shape]}")


def _shape(builtin: Any) -> str | None:
    """What the built-in strings.yaml has under a key: text, a map of texts, a list of
    texts (month names), or no such key (a new key of an override: text or a map)."""
    if not isinstance(builtin, dict):
        return None
    sample = builtin.get("fi")
    if isinstance(sample, dict):
        return "map"
    return "list" if isinstance(sample, list) else "text"


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _text_map(value: Any) -> bool:
    return isinstance(value, dict) and all(_text(v) for v in value.values())


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(_text(v) for v in value)


_SHAPE_CHECK = {
    "text": _text,
    "map": _text_map,
    "list": _text_list,
    None: lambda value: _text(value) or _text_map(value),
}
_SHAPE_WANTED = {
    "text": "expected text",
    "map": "expected a mapping of texts, as in the built-in strings.yaml",
    "list": "expected a list of texts, as in the built-in strings.yaml",
    None: "expected text",
}


def _at(document: Document, path: list[Any], message: str, key_node: bool = False) -> Diagnostic:
    key, node = find_node(document.node, path)
    target = key if key_node and key is not None else node
    line, col = position(target) if target is not None else (1, 1)
    return error(document.relpath, line, col, message)
