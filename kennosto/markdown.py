"""Markdown -> safe HTML. Raw HTML is off and links are allow-listed.

markdown-it-py already escapes text and refuses raw HTML with `html: False`; we narrow its
link check to http(s), mailto, tel and relative targets, so `javascript:`, `data:`,
`vbscript:` and their case, entity and whitespace disguises never become a link.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")


def is_safe_link(url: str) -> bool:
    """True for http(s), mailto, tel and scheme-less (relative) links only."""
    compact = _INVISIBLE_RE.sub("", url).lower()
    compact = compact.replace("%09", "").replace("%0a", "").replace("%0d", "").replace("%20", "")
    match = _SCHEME_RE.match(compact)
    if match:
        return match.group(1) in ALLOWED_SCHEMES
    return ":" not in compact.split("/", 1)[0] or compact.startswith(("/", "#", "?", "."))


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = is_safe_link
    return md


_MD = _parser()
# Blocks nested deeper than this are dropped by markdown-it; validate reports such text.
MAX_NESTING: int = _MD.options["maxNesting"]


# A line of only these characters, starting with a letter and not ending in a space, is
# ordinary paragraph text to CommonMark: no block starts with a letter, and none of them
# opens an inline construct (emphasis, code, links, entities, HTML, escapes) or needs
# escaping in HTML. Such text is most descriptions in other languages than Finnish.
# (_NOT_PLAIN finds any other character at once: a character class is searched many
# times faster than the alternatives of a pattern matched character by character.)
_NOT_PLAIN = re.compile(r"[^\w\n ,.;:?!'()/%+=#@$€§–—…“”‘’«»-]|_")
_LETTER = re.compile(r"[^\W\d_]")


def _plain_paragraph(text: str) -> str | None:
    """`<p>text</p>` when the text is one paragraph of plain lines (what CommonMark
    makes of it), else None. Tested against markdown-it on the bundled catalogue and on
    random text (tests/test_markdown.py)."""
    if _NOT_PLAIN.search(text) is not None:
        return None
    for line in text.split("\n"):
        if not line or line[-1] == " " or _LETTER.match(line) is None:
            return None
    return f"<p>{text}</p>\n"


# A tight list item's text that can only be an inline paragraph: one space after "- ",
# then a letter, emphasis of a letter or a link; no tab, no trailing space. (A digit, "#",
# ">", "* " and the like would open another block inside the item.)
_ITEM_LINE = re.compile(r"- (?:[^\W\d_]|\*\*?[^\W\d_]|\[)[^\t]*(?<! )")


# Inline text of a list item that the short cut writes itself: runs of the plain
# characters above, `**strong**` (its inner text plain, from and to a letter or digit,
# after the start or a space, before a space or the end) and `[text](address)` with a
# plain text and an address of URL characters without escapes, entities, spaces or
# brackets (not after `!`, which would make it an image).
_PLAIN_CHARS = r"\w ,.;:?!'()/%+=#@$€§–—…“”‘’«»-"
_INLINE_PART = re.compile(
    rf"\*\*(?P<strong>[^\W_](?:[{_PLAIN_CHARS}]*[^\W_])?)\*\*"
    rf"|\[(?P<text>[{_PLAIN_CHARS}]+)\]\((?P<href>[A-Za-z0-9._~:/?#=+,;@$-]+)\)"
    rf"|(?P<plain>[{_PLAIN_CHARS}]+)"
)


def _inline(text: str) -> str:
    """markdown-it's renderInline(text), written here for the plain, strong and link
    text of _INLINE_PART: for a list item's words, the inline parser is all the time."""
    if "_" in text:
        return _MD.renderInline(text)
    out = []
    end = 0
    for part in _INLINE_PART.finditer(text):
        if part.start() != end:
            return _MD.renderInline(text)
        end = part.end()
        before = text[part.start() - 1] if part.start() else " "
        if part["plain"] is not None:
            out.append(part["plain"])
        elif part["strong"] is not None:
            if before != " " or text[end : end + 1] not in ("", " "):
                return _MD.renderInline(text)
            out.append(f"<strong>{part['strong']}</strong>")
        else:
            href = _MD.normalizeLink(part["href"])
            if before == "!" or not _MD.validateLink(href):
                return _MD.renderInline(text)
            out.append(f'<a href="{escapeHtml(href)}">{part["text"]}</a>')
    if end != len(text):
        return _MD.renderInline(text)
    return "".join(out)


def _simple_blocks(text: str) -> str | None:
    """CommonMark's HTML for text made of plain paragraphs and tight "- " lists
    separated by single blank lines, no two lists in a row (they would be one loose
    list), else None. A paragraph is written as it is, a list item's text through the
    inline parser alone: the block parser is most of markdown-it's time, and the Finnish
    descriptions of a catalogue are mostly such text. No link reference definition can
    be in such text, so the items' links resolve alike. Tested against markdown-it on
    random text and the bundled catalogue (tests/test_markdown_plain.py)."""
    out = []
    was_list = False
    for block in text.removesuffix("\n").split("\n\n"):
        lines = block.split("\n")
        paragraph = _plain_paragraph(block)
        if paragraph is not None:
            out.append(paragraph)
            was_list = False
        elif not was_list and all(_ITEM_LINE.fullmatch(line) for line in lines):
            if any("]:" in line for line in lines):
                return None
            items = "".join(f"<li>{_inline(line[2:])}</li>\n" for line in lines)
            out.append(f"<ul>\n{items}</ul>\n")
            was_list = True
        else:
            return None
    return "".join(out)


@lru_cache(maxsize=8192)
def render_markdown(text: str) -> Markup:
    """Render CommonMark; cached because fallback text renders once per language. Plain
    text takes a short cut with the same output: a quarter of the Markdown time of the
    10,000-service benchmark was paragraphs of plain words; paragraphs with simple lists
    take another (see _simple_blocks)."""
    simple = _simple_blocks(text)  # a single plain paragraph is one of its cases
    return Markup(simple if simple is not None else _MD.render(text))


@lru_cache(maxsize=8192)
def render_inline(text: str) -> Markup:
    """Render a one-line text (a note, a 'when') without a wrapping paragraph."""
    return Markup(_MD.renderInline(text))
