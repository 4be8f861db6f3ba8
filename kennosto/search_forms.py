"""Base forms and compound parts in the search index, and the browser's table of forms.

Before Pagefind reads the built pages, each indexed page (`data-pagefind-body`) gets
hidden blocks with the base forms and compound parts of its words
(kennosto/morphology.py), so `kuntoutukseen` and `kuntoutus` find the same pages once the
query is normalised, and `neuvonta` finds `velkaneuvonta`. The blocks rank what the entry
*is* above what its text mentions, as tiers of Pagefind weight:

- its name (the `<h1>`): the base forms of its words (an inflected word by its base
  form only, as the query is normalised) and the last parts of compounds (a Finnish or
  Swedish compound is a kind of its last part: `työeläkekuntoutus` is kuntoutus,
  `kuntoutusraha` is raha);
- its keywords and main target group, likewise;
- the first parts of those compounds (`kuntoutusraha` is about kuntoutus, less so);
- the rest of its text, each base form once.

A name of several phrases weighs its heads less (name_weight()), and an outcome's name
and keywords weigh less than a service's (OUTCOME_FACTOR).

Pagefind itself reads only the `<h1>`, the lead and hidden elements of an indexed page
(EXCLUDE): the blocks carry the rest once per word, which keeps a 10,000-entry index small.
Markup marked `data-pagefind-ignore` (neighbours, transitions, paths through the entry,
diagrams, sources, the printed sheet's footer) is left out of the blocks too, whatever the
page kind: an entry is not found through its neighbours' names.

`LANG/search/words/*.json` is the table search.js normalises the query with, a file
per first two letters and one per first letter (see forms_table()).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kennosto.model import Catalogue
from kennosto.morphology import Morphology, forms_table, words
from kennosto.write import write_new_file

BODY = re.compile(r"<(article|main|div|section)\b[^>]*\bdata-pagefind-body\b[^>]*>", re.S)
OPEN_OR_CLOSE = re.compile(r"<(/?)([a-zA-Z][\w-]*)\b([^>]*)>", re.S)
IGNORE = re.compile(r"\bdata-pagefind-ignore\b")
HIDDEN_META = re.compile(r"<div hidden>.*?</div>", re.S)  # filters and meta, not body text
SKIP = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]+>")
HEADING = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
KEYWORDS = re.compile(r"<(\w+)\b[^>]*\bclass=\"keywords\"[^>]*>(.*?)</\1>", re.S)
HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
PHRASE_BREAK = re.compile(r"[^\w\s'’-]+|\s-\s")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
MARK = "data-kennosto-forms"
# Pagefind weights of the tiers (10 is its highest; an <h1> is 7, body text 1).
NAME_WEIGHT = 10
KEYWORD_WEIGHT = 7
FIRST_PART_WEIGHT = 3
# An outcome (work, studies) is where paths lead, not a service to go to: its name and
# keywords weigh this much less, so a service that matches as well comes first.
OUTCOME_FACTOR = 0.8
# What Pagefind skips on an indexed page, whatever its kind: everything but the name, the
# lead (its summary) and hidden elements (filters, meta and the blocks).
EXCLUDE = ("[data-pagefind-body] > *:not(h1):not(.lead):not([hidden])",)
OUTPUT = "search/words"  # a JSON file per first two letters and per first letter


@dataclass(frozen=True)
class PageWords:
    """The words of an indexed page: its name, its keywords, all of its text."""

    name: str
    keywords: list[str]
    body: list[str]


def _text(fragment: str) -> str:
    return html.unescape(TAG.sub(" ", fragment))


def without_ignored(fragment: str) -> str:
    """`fragment` without the elements marked `data-pagefind-ignore` (nested elements of
    the same name are counted, so the whole element goes)."""
    out: list[str] = []
    pos = 0
    for match in OPEN_OR_CLOSE.finditer(fragment):
        if match.start() < pos or match.group(1) or not IGNORE.search(match.group(3)):
            continue
        name = match.group(2).lower()
        out.append(fragment[pos : match.start()])
        pos = _element_end(fragment, match, name)
    out.append(fragment[pos:])
    return "".join(out)


def _element_end(fragment: str, opening: re.Match[str], name: str) -> int:
    """Where the element opened by `opening` ends (the end of the text if unclosed)."""
    if name in VOID or opening.group(3).rstrip().endswith("/"):
        return opening.end()
    depth = 0
    for match in OPEN_OR_CLOSE.finditer(fragment, opening.start()):
        if match.group(2).lower() != name:
            continue
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(fragment)


def _words(text: str, morph: Morphology | None = None) -> list[str]:
    """The words of a text, and each hyphenated compound written as one word, also with
    its last part's base form (`TE-toimistoon` -> te, toimistoon, tetoimistoon,
    tetoimisto), as search.js joins it in a query."""
    joined: list[str] = []
    for match in HYPHENATED.finditer(text):
        parts = words(match.group(0))
        joined.append("".join(parts))
        if morph is not None:
            joined.append("".join(parts[:-1]) + morph.lemma(parts[-1]))
    return words(text) + joined


def _phrases(name: str, stop: set[str]) -> Iterator[list[str]]:
    """The phrases of a name: runs of words between punctuation and stop words."""
    for piece in PHRASE_BREAK.split(name.lower()):
        run: list[str] = []
        for token in [*TOKEN.findall(piece), ""]:
            if token and token not in stop:
                run.append(token)
                continue
            if run:
                yield run
            run = []


def name_heads(name: str, stop: set[str]) -> tuple[list[str], list[str]]:
    """(the heads, the other words) of a name: in Finnish, Swedish and English the last
    word of a phrase says what the thing is and the words before it qualify it
    (`Kela's vocational rehabilitation`, `Rehabilitation allowance`, `Työttömien
    terveystarkastus`). Punctuation and stop words end a phrase."""
    heads: list[str] = []
    others: list[str] = []
    for run in _phrases(name, stop):
        *rest, last = words(" ".join(run))
        heads.append(last)
        others.extend(rest)
        if "-" in run[-1]:  # `TE-palvelut`: also as one word
            heads.append("".join(words(run[-1])))
    return heads, others


def name_weight(name: str, stop: set[str]) -> float:
    """The weight of a name's heads: 10 for a name of one phrase, less for a name of
    several (`Kela's vocational rehabilitation for young people and NUOTTI coaching` is
    about each of its three things less than `Kela's vocational rehabilitation` is about
    its one), never below the keywords' tier."""
    count = sum(1 for _ in _phrases(name, stop))
    return max(KEYWORD_WEIGHT + 1, NAME_WEIGHT - max(count - 1, 0))


def page_words(page: str, morph: Morphology | None = None) -> PageWords | None:
    """The words of a page's name, keywords and text, or None when it is not indexed."""
    start = BODY.search(page)
    if not start or MARK in page:
        return None
    tag = start.group(1)
    end = page.rfind(f"</{tag}>")
    body = page[start.start() : end if end > start.end() else len(page)]
    body = SKIP.sub(" ", without_ignored(HIDDEN_META.sub(" ", body)))
    name = " ".join(_text(m.group(1)) for m in HEADING.finditer(body))
    keywords = " ".join(_text(m.group(2)) for m in KEYWORDS.finditer(body))
    return PageWords(name, _words(keywords, morph), _words(_text(body), morph))


def _block(weight: float | None, terms: list[str]) -> str:
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
    stop = _stop_words(site_dir / lang / "search" / "index.html")
    vocabulary: set[str] = set()
    count = 0
    for path in _service_pages(site_dir, lang):
        page = path.read_text(encoding="utf-8")
        found = page_words(page, morph)
        if found is None:
            continue
        is_service = path.parent.parent.name == "services"
        keywords = found.keywords + (groups.get(path.parent.name, []) if is_service else [])
        heads, others = name_heads(found.name, stop)
        vocabulary.update(found.body, heads, others, keywords)
        factor = OUTCOME_FACTOR if is_service and _kind(catalogue, path) == "outcome" else 1
        weight = name_weight(found.name, stop)
        block = _blocks(morph, heads, others + keywords, found.body, weight, factor)
        cut = page.rfind("</article>")
        if not block or cut < 0:
            continue
        # A new file, not into this one: it may be a link to the served site's page.
        write_new_file(str(path), (page[:cut] + block + page[cut:]).encode("utf-8"))
        count += 1
    folder = site_dir / lang / OUTPUT
    folder.mkdir(parents=True, exist_ok=True)
    for key, chunk in forms_table(morph, vocabulary).items():
        text = json.dumps(chunk, ensure_ascii=False, separators=(",", ":"))
        write_new_file(str(folder / f"{key}.json"), text.encode("utf-8"))
    return count


def _kind(catalogue: Catalogue | None, page: Path) -> str | None:
    """The kind of the entry whose page this is, when the catalogue is known."""
    entry = catalogue.services.get(page.parent.name) if catalogue else None
    return entry.kind if entry else None


def _stop_words(search_page: Path) -> set[str]:
    """The language's stop words, as the search page gives them to search.js."""
    try:
        page = search_page.read_text(encoding="utf-8")
    except OSError:
        return set()
    found = re.search(r'data-stop="([^"]*)"', page)
    return set(html.unescape(found.group(1)).split()) if found else set()


def _blocks(
    morph: Morphology,
    name: list[str],
    keywords: list[str],
    body: list[str],
    weight: float = NAME_WEIGHT,
    factor: float = 1,
) -> str:
    """The hidden blocks of a page, tier by tier: `name` is the heads of the entry's
    name, `keywords` its other words, keywords and main target group. A form named in
    both the name and the
    keywords counts in both (the entry is about it twice over); below those, a form is
    in its highest tier only. The entry's long texts are left to the last block
    (EXCLUDE): each word once, so the index keeps one position per word and page, not
    every occurrence."""
    name_main, name_first = _tiers(morph, name)
    key_main, key_first = _tiers(morph, keywords)
    seen = set(name_main) | set(key_main)
    first = [t for t in dict.fromkeys(name_first + key_first) if t not in seen]
    seen.update(first)
    rest = [t for t in _tiers(morph, body, both=True)[0] if t not in seen]
    return (
        # whole numbers: Pagefind's browser side fails to load an index with weight 7.2
        _block(round(weight * factor), name_main)
        + _block(round(KEYWORD_WEIGHT * factor), key_main)
        + _block(FIRST_PART_WEIGHT, first)
        + _block(None, rest)
    )


def _tiers(morph: Morphology, terms: list[str], both: bool = False) -> tuple[list[str], list[str]]:
    """(the words' base forms and compounds' last parts; the first parts), or all in the
    first list when `both`. An inflected word is left to its base form: search.js maps
    every form of the table to its base form, and a form and its base form both indexed
    would count an entry whose text has the inflected form twice (`opiskelupaikkaa`,
    `opiskelupaikka`) against one that has the base form once. A hyphenated compound
    (`TE-toimistoon`, joined by _words()) is also indexed with its last part's base form
    (`tetoimisto`)."""
    main: dict[str, None] = {}
    first: dict[str, None] = {}
    for word in dict.fromkeys(terms):
        if morph.lemma(word) == word:  # an inflected form only by its base form
            main[word] = None
        lemmas, firsts = morph.tiers(word)
        main.update(dict.fromkeys(lemmas))
        (main if both else first).update(dict.fromkeys(firsts))
    return list(main), [w for w in first if w not in main]


def enrich_site(site_dir: Path, catalogue: Catalogue | None = None) -> int:
    """Every language folder of the built site (those with a search page)."""
    langs = sorted(p.parent.parent.name for p in site_dir.glob("*/search/index.html"))
    return sum(enrich_language(site_dir, lang, catalogue) for lang in langs)
