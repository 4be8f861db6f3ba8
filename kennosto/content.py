"""Free pages: `content/SLUG.md` (Finnish) and `content/SLUG.LANG.md` translations.

The title is the first '# ' heading, so a page reads naturally in any Markdown editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kennosto.errors import Diagnostic, error, shown, warning
from kennosto.files import scan_folder
from kennosto.textfile import read_text

# Content pages may not take these slugs: the generated pages live there.
RESERVED_SLUGS = frozenset(
    {
        "services",
        "categories",
        "organizations",
        "paths",
        "search",
        "finder",
        "map",
        "target-groups",
        "municipalities",
        "static",
        "schema",
        "data",
        "pagefind",
    }
)


@dataclass(frozen=True)
class ContentFile:
    """A free Markdown page: `content/SLUG.md` (Finnish) or `content/SLUG.LANG.md`."""

    slug: str
    lang: str
    relpath: str
    title: str
    body: str
    body_line: int = 1  # the file's line where the body starts, for diagnostics


CONTENT_NAME_RE = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(?P<lang>[a-z]{2}))?\.md$")


def load_content(root: Path, out: list[Diagnostic]) -> list[ContentFile]:
    """Free pages; the title is the first '# ' heading, removed from the body."""
    pages = []
    for entry in scan_folder(root, "content", (".md",), out):
        path, relpath = entry.path, entry.relpath
        match = CONTENT_NAME_RE.match(path.name)
        if not match:
            out.append(error(relpath, 1, 1, _bad_content_name(path.name)))
            continue
        if match["lang"] == "fi":
            message = f"ignored: the Finnish page is content/{match['slug']}.md; rename or remove this file"
            out.append(warning(relpath, 1, 1, message))
            continue
        text = read_text(path, relpath, out)
        if text is None:
            continue
        page = _content_page(match["slug"], match["lang"] or "fi", relpath, text, out)
        if page is not None:
            pages.append(page)
    return pages


def _bad_content_name(name: str) -> str:
    return (
        f"content file name {shown(name)} must be SLUG.md (Finnish) or SLUG.LANG.md, "
        "with a slug of lowercase letters a-z, digits and hyphens"
    )


def _content_page(
    slug: str, lang: str, relpath: str, text: str, out: list[Diagnostic]
) -> ContentFile | None:
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("# ") and line[2:].strip():
            body = "\n".join(lines[index + 1 :])
            return ContentFile(slug, lang, relpath, line[2:].strip(), body, index + 2)
        break
    out.append(error(relpath, 1, 1, "a content page must start with its title as '# Title'"))
    return None
