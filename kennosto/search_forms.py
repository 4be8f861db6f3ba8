"""Base forms and compound parts in the search index, and the browser's table of forms.

Before Pagefind reads the built pages, each indexed page (`data-pagefind-body`) gets a
hidden block with the base forms and compound parts of its words (kennosto/morphology.py),
so `kuntoutukseen` and `kuntoutus` find the same pages once the query is normalised, and
`neuvonta` finds `velkaneuvonta`. Words of the entry's name and keywords, and of its main
target group, go in a block of their own with a heading's weight, so the entry named for
what was asked comes first. Text Pagefind ignores (`data-pagefind-ignore`: the
neighbourhood lists and diagrams) is ignored here too: an entry is not found through its
neighbours' names.

`LANG/search/words/*.json` is the table search.js normalises the query with, a file
per first letter (see forms_table()).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

from kennosto.model import Catalogue
from kennosto.morphology import Morphology, forms_table, words

BODY = re.compile(r"<(article|main|div|section)\b[^>]*\bdata-pagefind-body\b[^>]*>", re.S)
IGNORED = re.compile(
    r"<(section|figure|div|aside|nav|ul|p)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>", re.S
)
HIDDEN_META = re.compile(r"<div hidden>.*?</div>", re.S)  # filters and meta, not body text
SKIP = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]+>")
HEADING = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
WEIGHTED = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-weight=\"[^\"]*\"[^>]*>(.*?)</\1>", re.S)
MARK = "data-kennosto-forms"
NAME_WEIGHT = 7  # Pagefind's weight of an <h1>
# What Pagefind skips on an entry's page: its long texts and facts, whose words the
# hidden block carries once each (a 10,000-entry index stays small enough to load).
EXCLUDE = (
    "article.service > section",
    "article.service > dl",
    "article.service > .reviewed",
    "article.service > .kind-line",
    "article.service > .audience-note",
    "article.service > .sheet-foot",
    "article.service > .status-notice",
    "article.path > .sheet-foot",
    "article.path > ol",
    "article.path > h2",
    "article.path > p:not(.lead)",
)
OUTPUT = "search/words"  # one JSON file per first letter


def _text(fragment: str) -> str:
    return html.unescape(TAG.sub(" ", fragment))


def page_words(page: str) -> tuple[list[str], list[str]] | None:
    """(words of the name and keywords, all indexed words) of a page, or None when the
    page is not indexed."""
    start = BODY.search(page)
    if not start or MARK in page:
        return None
    tag = start.group(1)
    end = page.rfind(f"</{tag}>")
    body = page[start.start() : end if end > start.end() else len(page)]
    body = SKIP.sub(" ", IGNORED.sub(" ", HIDDEN_META.sub(" ", body)))
    named = " ".join(_text(m.group(1)) for m in HEADING.finditer(body))
    named += " " + " ".join(_text(m.group(2)) for m in WEIGHTED.finditer(body))
    return words(named), words(_text(body))


def _block(weight: int | None, terms: list[str]) -> str:
    if not terms:
        return ""
    attribute = f' data-pagefind-weight="{weight}"' if weight else ""
    return f"<div hidden {MARK}{attribute}>{html.escape(' '.join(terms))}</div>"


def _service_pages(site_dir: Path, lang: str) -> Iterator[Path]:
    yield from sorted((site_dir / lang).glob("services/*/index.html"))
    yield from sorted((site_dir / lang).glob("paths/*/index.html"))


def _main_groups(catalogue: Catalogue | None, lang: str) -> dict[str, list[str]]:
    """Service slug -> the words of its main (first) target group's name."""
    if catalogue is None:
        return {}
    groups = catalogue.settings.target_groups
    out: dict[str, list[str]] = {}
    for slug, service in catalogue.services.items():
        if service.target_groups and service.target_groups[0] in groups:
            name = groups[service.target_groups[0]].name
            text = name.get(lang) or next(iter(name.values()), "") if name else ""
            out[slug] = words(text)
    return out


def enrich_language(site_dir: Path, lang: str, catalogue: Catalogue | None = None) -> int:
    """Add the hidden blocks to the language's indexed pages and write its words/*.json;
    return the number of pages enriched."""
    morph = Morphology(lang)
    groups = _main_groups(catalogue, lang)
    vocabulary: set[str] = set()
    count = 0
    for path in _service_pages(site_dir, lang):
        page = path.read_text(encoding="utf-8")
        found = page_words(page)
        if found is None:
            continue
        named, body = found
        named += groups.get(path.parent.name, []) if path.parent.parent.name == "services" else []
        vocabulary.update(body)
        vocabulary.update(named)
        high = _expand(morph, named, keep=set())
        # The entry's long texts are left to this block (EXCLUDE): each word once, so
        # the index keeps one position per word and page, not every occurrence.
        low = _expand(morph, body, keep=set(high))
        block = _block(NAME_WEIGHT, high) + _block(None, low)
        cut = page.rfind("</article>")
        if not block or cut < 0:
            continue
        path.write_text(page[:cut] + block + page[cut:], encoding="utf-8")
        count += 1
    folder = site_dir / lang / OUTPUT
    folder.mkdir(parents=True, exist_ok=True)
    for key, chunk in forms_table(morph, vocabulary).items():
        text = json.dumps(chunk, ensure_ascii=False, separators=(",", ":"))
        (folder / f"{key}.json").write_text(text, encoding="utf-8")
    return count


def _expand(morph: Morphology, terms: list[str], keep: set[str], surface: bool = True) -> list[str]:
    """The base forms and parts of `terms` that are not in `keep` (already indexed),
    with the words themselves when `surface`, or else only the words the dictionary
    does not know (the browser maps every word it knows to its base form, so an
    inflected form in the index would never be asked for)."""
    out: dict[str, None] = {}
    for word in dict.fromkeys(terms):
        if word not in keep and (surface or not morph.knows(word)):
            out[word] = None
        for extra in morph.expand(word):
            if extra not in keep:
                out[extra] = None
    return list(out)


def enrich_site(site_dir: Path, catalogue: Catalogue | None = None) -> int:
    """Every language folder of the built site (those with a search page)."""
    langs = sorted(p.parent.parent.name for p in site_dir.glob("*/search/index.html"))
    return sum(enrich_language(site_dir, lang, catalogue) for lang in langs)
