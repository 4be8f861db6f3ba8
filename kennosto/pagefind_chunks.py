"""Smaller word-index chunks: what a first query downloads of Pagefind's index.

Pagefind splits each language's word index into chunks of a fixed 20,000 word positions,
about 30 kB gzip-compressed whatever the query, and a query loads the chunk whose word
range holds each of its words. Three things make that chunk heavier than a query needs:

- **Positions that do not compress.** A word's entry lists, for every page that has it,
  the weighted positions where it occurs (runs of `-(weight × 24 + 1), first, delta…`).
  Our pages have a word in the name, lead and hidden blocks of base forms, at numbers
  that differ from page to page: 3 bytes a page gzipped, 30 kB for a word on 10,000
  pages. Our search uses a position only to tell two places on a page apart (Pagefind
  merges the words a query matches at one position; the results show no excerpt and
  queries are never quoted phrases), so the build renumbers them: a place is named by
  what stands there (the indexed words at that position, and how many times those words
  stood at a place before on the page), the commonest names across pages first. Places
  apart stay apart, places shared stay shared, and a word's entry is the same bytes on
  most pages, which gzip all but removes.
- **Metadata positions.** Each entry also lists where the word stands in the page's
  metadata (title, summary…), for Pagefind's metadata weights, which search.js sets to
  0 for every field (tests/test_search.py checks it); the build drops them. Measured on
  the bundled catalogue: every indexed word and its beginnings (2,900–4,700 queries a
  language) give the same results with the same scores without them.
- **Chunks cut by size, not by query.** A chunk holds every word that sorts between its
  first and last; the build re-cuts the sorted words into chunks of about `TARGET` bytes
  compressed, only between words whose first two letters differ, so a query word of two
  letters or more has every word that begins with it (which Pagefind also matches) in
  one chunk. Pagefind's own cuts fall anywhere: `oma` and `work` missed the longer words
  in the next chunk. Each chunk's range in the metadata covers every word with its
  beginning (`from` the shortest beginning that tells its words from the last chunk's,
  `to` that beginning followed by the highest character), so a word finds its chunk even
  where Pagefind's shortened ranges miss it.

New chunks are named like Pagefind's, the language and 7 hexadecimal digits of a hash of
their bytes, so they stay content-addressed for caches. As in `pagefind_files.py`, the
files are rewritten only when the codec reads every original file as exactly the bytes it
would write, each has the shape this module knows, and the index is of a Pagefind
version whose format was checked (`VERSIONS`); anything else is left as Pagefind wrote it.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

from kennosto.pagefind_files import (
    array_head,
    decode,
    encode,
    language_metas,
    read_data,
    write_data,
)

TARGET = 5000  # bytes a chunk should weigh compressed (the page list grows by each chunk)
SHARED = 1  # a cut between two words that begin alike in more letters than this is not made
TOP = "\U0010ffff"  # sorts after every character
VERSIONS = ("1.5.2",)  # Pagefind versions whose index format this module was checked against
BITS = 24  # bits of a position and of a word's number when packed for sorting


def compact(output: Path) -> None:
    """Renumber positions and re-cut the word index of every language in `output`."""
    for lang, _, meta in language_metas(output):
        compact_language(output / "index", meta, lang)


def compact_language(index: Path, meta_path: Path, lang: str) -> bool:
    """True when the language's chunks were rewritten; False leaves every file as it was."""
    data = read_data(meta_path)
    meta = _decoded(data)
    if meta is None or encode(meta) != data or not _is_meta(meta):
        return False
    chunks = []
    for _, _, name in meta[2]:
        chunk = _decoded(read_data(index / f"{name}.pf_index"))
        if chunk is None or not _is_chunk(chunk):
            return False
        chunks.append(chunk)
    words = [word for chunk in chunks for word in chunk[0]]
    if not words or any(a[0] >= b[0] for a, b in pairwise(words)) or not renumber(words):
        return False
    encoded = [encode(word) for word in words]
    names: list[list[str]] = []
    files: dict[str, bytes] = {}
    for start, end in cuts([word[0] for word in words], encoded):
        # [[word…]]: an array of one array, the words as encoded above
        body = array_head(1) + array_head(end - start) + b"".join(encoded[start:end])
        name = _name(lang, body, files)
        files[name] = body
        names.append([words[start][0], words[end - 1][0], name])
    _widen(names)
    for _, _, old in meta[2]:
        (index / f"{old}.pf_index").unlink(missing_ok=True)
    for name, body in files.items():
        write_data(index / f"{name}.pf_index", body)
    meta[2] = names
    write_data(meta_path, encode(meta))
    return True


def _decoded(data: bytes | None) -> Any:
    """The CBOR item of a whole file, or None. The decoder accepts only what the codec
    writes back byte for byte (shortest heads, strict UTF-8), so the metadata alone, small,
    is also encoded again to compare; the chunks, 10 MB at 10,000 pages, are not."""
    if data is None:
        return None
    try:
        item, end = decode(data, 0)
    except (IndexError, ValueError, UnicodeDecodeError):
        return None
    return item if end == len(data) else None


def _is_meta(meta: Any) -> bool:
    """[version, pages, [[from, to, chunk]…], …] with at least one chunk, of the Pagefind
    version whose positions this module knows how to read."""
    return (
        isinstance(meta, list)
        and len(meta) >= 3
        and meta[0] in VERSIONS
        and isinstance(meta[2], list)
        and len(meta[2]) > 0
        and all(
            isinstance(c, list) and len(c) == 3 and all(isinstance(s, str) for s in c)
            for c in meta[2]
        )
    )


def _is_chunk(chunk: Any) -> bool:
    """[[word, postings, [[variant, postings]…]]…]; a posting [page step, locs, meta locs]."""
    if not (isinstance(chunk, list) and len(chunk) == 1 and isinstance(chunk[0], list)):
        return False
    for word in chunk[0]:
        if not (isinstance(word, list) and len(word) == 3 and isinstance(word[0], str)):
            return False
        variants = word[2]
        if not isinstance(variants, list) or not all(
            isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) for v in variants
        ):
            return False
        if not all(_is_postings(s) for s in [word[1]] + [v[1] for v in variants]):
            return False
    return True


def _is_postings(postings: Any) -> bool:
    return isinstance(postings, list) and all(
        isinstance(p, list)
        and len(p) == 3
        and isinstance(p[0], int)
        and p[0] >= 0
        and isinstance(p[1], list)
        and (not p[1] or (isinstance(p[1][0], int) and p[1][0] < 0))
        and all(isinstance(x, int) for x in p[1])
        and isinstance(p[2], list)
        for p in postings
    )


def _runs(locs: list[int]) -> list[tuple[int, list[int]]]:
    """[(weight mark, [position…])…] of `[mark, first, delta…, mark, first, delta…]`."""
    runs: list[tuple[int, list[int]]] = []
    for value in locs:
        if value < 0:
            runs.append((value, []))
        else:
            positions = runs[-1][1]
            positions.append(positions[-1] + value if positions else value)
    return runs


def renumber(words: list[Any]) -> bool:
    """Give every position of every page its place's number (see the module's docstring)
    and drop the metadata positions, in place. False (nothing changed) when the numbers do
    not fit the packing."""
    streams = [s for word in words for s in [word[1]] + [v[1] for v in word[2]]]
    if len(streams) >= 1 << BITS:
        return False
    packed: list[int] = []
    for sid, stream in enumerate(streams):
        page = 0
        for posting in stream:
            page += posting[0]
            for _, positions in _runs(posting[1]):
                if positions and max(positions) >= 1 << BITS:
                    return False
                head = page << 2 * BITS
                packed.extend(head | (p << BITS) | sid for p in positions)
    packed.sort()
    places = _places(packed)
    counts = sorted(Counter(places.values()).items(), key=_rank)
    order = {key: n for n, (key, _) in enumerate(counts)}
    for stream in streams:
        page = 0
        for posting in stream:
            page += posting[0]
            base = page << BITS
            locs: list[int] = []
            for mark, positions in _runs(posting[1]):
                new = sorted(order[places[base | p]] for p in positions)
                locs.append(mark)
                locs.extend(b - a for a, b in pairwise([0, *new]))  # first, then deltas
            posting[1] = locs
            posting[2] = []
    return True


def _places(packed: list[int]) -> dict[int, tuple[tuple[int, ...], int]]:
    """Each (page, position) -> (the words there, how often those words came before on
    the page): what stands at a place, the same on every page where it stands."""
    places: dict[int, tuple[tuple[int, ...], int]] = {}
    mask = (1 << BITS) - 1
    seen: Counter[tuple[int, ...]] = Counter()
    page = spot = -1
    here: list[int] = []
    for value in [*packed, -1]:  # -1: the end
        this = value >> BITS if value >= 0 else -1
        if this != spot and here:
            key = tuple(here)
            places[spot] = (key, seen[key])
            seen[key] += 1
        if this != spot:
            if this >> BITS != page:
                page = this >> BITS
                seen.clear()
            spot, here = this, []
        here.append(value & mask)
    return places


def _rank(item: tuple[tuple[tuple[int, ...], int], int]) -> tuple[Any, ...]:
    """Commonest places first; ties in a fixed order, so a build writes the same bytes."""
    (words, occurrence), count = item
    return (-count, occurrence, words)


def cuts(words: list[str], encoded: list[bytes]) -> list[tuple[int, int]]:
    """[start, end) of each chunk: about TARGET compressed bytes, cut only between words
    whose first SHARED + 1 letters differ."""
    out: list[tuple[int, int]] = []
    start = total = 0
    for i, data in enumerate(encoded):
        total += len(zlib.compress(data, 6))
        last = i + 1 == len(words)
        if last or (total >= TARGET and _shared(words[i], words[i + 1]) <= SHARED):
            out.append((start, i + 1))
            start, total = i + 1, 0
    return out


def _shared(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _widen(chunks: list[list[str]]) -> None:
    """Each chunk's [from, to] to cover every word that begins like its words: the first
    from "", the last to TOP, and between two chunks the shortest beginnings that tell
    their words apart. (An empty query, filters only, then loads the first chunk; with
    no chunk for it Pagefind loads them all.)"""
    chunks[0][0], chunks[-1][1] = "", TOP
    for before, after in pairwise(chunks):
        n = _shared(before[1], after[0]) + 1
        # a last word that begins the next chunk's first ("ku", "kun…") ends its range
        before[1] = before[1][:n] + TOP if len(before[1]) >= n else before[1]
        after[0] = after[0][:n]


def _name(lang: str, body: bytes, taken: dict[str, bytes]) -> str:
    digest = hashlib.sha256(body).hexdigest()
    size = 7
    while f"{lang}_{digest[:size]}" in taken and taken[f"{lang}_{digest[:size]}"] != body:
        size += 1
    return f"{lang}_{digest[:size]}"
