"""The per-language text helper of templates, and escaping as `{{ }}` does it.

Templates show catalogue text and interface strings (strings.yaml) through a Localizer:
the language's text, or the Finnish one marked as such. Compiled templates call it
directly (see kennosto.templating), so its methods are plain Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import Any

import markupsafe
from markupsafe import Markup, escape

from kennosto.markdown import render_markdown

LangMap = dict[str, str]
FALLBACK = "fi"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


_escape_inner: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)
# markupsafe's escaping of a str into a str (what escape() wraps in a Markup), where it has
# one: compiled templates call it for the text they write (see kennosto.templating).
escape_text = _escape_inner


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


class _EscapedTexts(dict[str, Any]):
    """Interface texts as `{{ }}` writes them, escaped once per key and language."""

    def __init__(self, ui: Callable[[str], str]) -> None:
        super().__init__()
        self.ui = ui

    def __missing__(self, key: str) -> Any:
        text = self[key] = output_escape(self.ui(key))
        return text


class Localizer:
    """Everything a template needs to show text in one language, with Finnish fallback."""

    def __init__(self, lang: str, strings: dict[str, Any]) -> None:
        self.lang = lang
        self.strings = strings
        # `{{ L.ui(key) }}` as a page writes it (escaped), looked up by compiled templates.
        self.ui_out = _EscapedTexts(self.ui)

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

    def text_out(self, value: LangMap | None) -> str:
        """`{{ L.text(value) }}` as the page gets it: the same text, no Markup made."""
        if value and self.lang in value and type(text := value[self.lang]) is str:
            return _escape_inner(text) if _escape_inner is not None else escape(text)
        return output_escape(self.text(value))

    def plain_out(self, value: LangMap | None) -> str:
        """`{{ L.plain(value) }}` as the page gets it."""
        return output_escape(self.plain(value))

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
