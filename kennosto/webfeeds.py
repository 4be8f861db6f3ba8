"""For the web: sitemap.xml, robots.txt and an Atom feed per language.

All three need absolute addresses, so they are written only when `base_url` is set; the
build says what it left out otherwise. The sitemap lists every page in every language
with its `xhtml:link hreflang` alternates (Google's format) and splits into a sitemap
index of files of at most 50,000 addresses, the sitemap protocol's limit. The feed holds
the most recently reviewed services, organizations and paths, newest first: "what was
checked or changed lately" is what a subscriber of a catalogue wants to follow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from kennosto.graph import Graph
from kennosto.hsds import hsds_id
from kennosto.markdown import render_markdown
from kennosto.model import Catalogue, LangMap
from kennosto.pages import iter_pages

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ATOM_NS = "http://www.w3.org/2005/Atom"
MAX_URLS = 50_000
FEED_ENTRIES = 100
FALLBACK = "fi"
ROOT_KEY = "/"


@dataclass(frozen=True)
class Entry:
    """Something with a page and a review date: one feed entry per language."""

    kind: str  # "service", "organization" or "path": the HSDS id kind and the URL folder
    slug: str
    name: LangMap
    summary: LangMap | None
    reviewed: str


def web_files(
    catalogue: Catalogue,
    graph: Graph,
    strings: dict[str, Any],
    say: Callable[[str], None],
    max_urls: int = MAX_URLS,
) -> Iterator[tuple[str, str]]:
    """(path in the site, text) of sitemap.xml, robots.txt and LANG/feed.xml."""
    base = catalogue.settings.base_url
    if not base:
        say(
            "base_url is not set in kennosto.yaml, so the site has no canonical links, "
            "sitemap.xml, robots.txt or Atom feeds (LANG/feed.xml)"
        )
        return
    # Only the addresses: pages are listed without their contexts.
    specs = iter_pages(catalogue, graph, strings, diagrams=False)
    pages = [spec.path for spec in specs]
    yield from sitemap_files(base, page_groups(pages), lastmods(catalogue), max_urls)
    yield "robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"
    entries = feed_entries(catalogue)
    for lang in catalogue.settings.languages:
        yield f"{lang}/feed.xml", atom_feed(catalogue, strings, lang, entries)


def page_groups(paths: list[str]) -> dict[str, list[str]]:
    """The same page in each language: {"services/x/": ["fi", "sv", "en"], …}; the
    language chooser at the root is ROOT_KEY, with no language."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        if not path.endswith("index.html"):
            continue
        if path == "index.html":
            groups.setdefault(ROOT_KEY, [])
            continue
        lang, _, rest = path.partition("/")
        groups.setdefault(rest.removesuffix("index.html"), []).append(lang)
    return groups


def lastmods(catalogue: Catalogue) -> dict[str, str]:
    return {f"{entry.kind}s/{entry.slug}/": entry.reviewed for entry in feed_entries(catalogue)}


def sitemap_files(
    base: str, groups: dict[str, list[str]], modified: dict[str, str], max_urls: int
) -> Iterator[tuple[str, str]]:
    urls = [
        _url(base, key, lang, langs, modified.get(key))
        for key, langs in groups.items()
        for lang in (langs or [None])
    ]
    chunks = [urls[i : i + max_urls] for i in range(0, len(urls), max_urls)] or [[]]
    if len(chunks) == 1:
        yield "sitemap.xml", _urlset(chunks[0])
        return
    names = [f"sitemap-{number}.xml" for number in range(1, len(chunks) + 1)]
    for name, chunk in zip(names, chunks, strict=True):
        yield name, _urlset(chunk)
    items = "".join(f"<sitemap><loc>{escape(base + name)}</loc></sitemap>\n" for name in names)
    yield (
        "sitemap.xml",
        (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n'
            f"{items}</sitemapindex>\n"
        ),
    )


def _url(base: str, key: str, lang: str | None, langs: list[str], lastmod: str | None) -> str:
    loc = base if lang is None else f"{base}{lang}/{key}"
    parts = [f"<url><loc>{escape(loc)}</loc>"]
    if lastmod:
        parts.append(f"<lastmod>{lastmod}</lastmod>")
    if lang is not None and len(langs) > 1:
        parts += [
            f'<xhtml:link rel="alternate" hreflang="{other}" href={quoteattr(base + other + "/" + key)}/>'
            for other in langs
        ]
    return "".join(parts) + "</url>\n"


def _urlset(urls: list[str]) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n{"".join(urls)}</urlset>\n'
    )


def feed_entries(catalogue: Catalogue) -> list[Entry]:
    """Everything with a review date, newest first; ties in a fixed order."""
    entries = [
        Entry("service", s.slug, s.name, s.summary, s.reviewed) for s in catalogue.services.values()
    ]
    entries += [
        Entry("organization", o.slug, o.name, o.description, o.reviewed)
        for o in catalogue.organizations.values()
        if o.reviewed
    ]
    entries += [
        Entry("path", p.slug, p.name, p.summary, p.reviewed)
        for p in catalogue.paths.values()
        if p.reviewed
    ]
    entries.sort(key=lambda e: (e.kind, e.slug))
    entries.sort(key=lambda e: e.reviewed, reverse=True)
    return entries


def _text(value: LangMap | None, lang: str) -> str:
    return (value.get(lang) or value[FALLBACK]) if value else ""


def atom_feed(
    catalogue: Catalogue, strings: dict[str, Any], lang: str, entries: list[Entry]
) -> str:
    settings = catalogue.settings
    base = settings.base_url or ""
    home = f"{base}{lang}/"
    chosen = entries[:FEED_ENTRIES]
    updated = f"{chosen[0].reviewed}T00:00:00Z" if chosen else "1970-01-01T00:00:00Z"
    title = _text(settings.title, lang)
    author = _text(settings.region, lang) or title
    head = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="{ATOM_NS}" xml:lang="{lang}">',
        f"<id>{escape(home)}</id>",
        f"<title>{escape(title)}</title>",
        f"<subtitle>{escape(_text(strings.get('feed_subtitle'), lang))}</subtitle>",
        f"<updated>{updated}</updated>",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(home + "feed.xml")}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(home)}/>',
        f"<author><name>{escape(author)}</name></author>",
        "<generator>Kennosto</generator>",
    ]
    body = [_entry(home, entry, lang) for entry in chosen]
    return "\n".join([*head, *body, "</feed>"]) + "\n"


def _entry(home: str, entry: Entry, lang: str) -> str:
    link = f"{home}{entry.kind}s/{entry.slug}/"
    summary = _text(entry.summary, lang)
    return "".join(
        [
            "<entry>",
            f"<id>urn:uuid:{hsds_id(entry.kind, entry.slug)}</id>",
            f"<title>{escape(_text(entry.name, lang))}</title>",
            f"<updated>{entry.reviewed}T00:00:00Z</updated>",
            f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f'<summary type="html">{escape(str(render_markdown(summary)))}</summary>'
            if summary
            else "",
            "</entry>",
        ]
    )
