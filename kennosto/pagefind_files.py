"""Lighter Pagefind files: what a first query downloads, after Pagefind has written them.

Two things in Pagefind's output weigh more than our search page needs:

- each result fragment carries the page's indexed text (here the hidden blocks of base
  forms, 2 kB gzipped a page) and its filter values, for excerpts our results do not
  show (they show the summary): a first query loads ten fragments;
- the page list of each language's metadata names every page's fragment by a hash of 7
  hexadecimal digits and gives its exact word count, neither of which compresses: 53 kB
  gzipped at 10,000 pages, loaded by every search whatever the query.

So the build empties each fragment's `content` and `filters`, renames the fragments of
each language by their page's number (`fi_HASH_000`, `fi_HASH_100` … `fi_HASH_zz7`, HASH
8 hexadecimal digits of the language index's hash) and rounds the word counts
(_rounded()), rewriting the page list. The number is written in base 36 with a fixed
number of digits, the one that changes from page to page first: gzip then codes each
name as that one letter and a copy of the rest of the name before it (the page list of
10,200 pages 16 kB, not 25 as with the numbers written the usual way round).
The files are gzip-compressed `pagefind_dcd` + JSON (fragments) or + CBOR (metadata);
the CBOR is decoded and written back with a small codec of the types Pagefind uses, and
only when it writes back the original bytes unchanged (another Pagefind version's
format is left as it is). Fragment names are only in the page list; the index and
filter chunks name pages by number.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kennosto.write import write_new_file

SIGNATURE = b"pagefind_dcd"  # what pagefind.js expects before the data
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def language_metas(output: Path) -> Iterator[tuple[str, str, Path]]:
    """(language, its index hash, its metadata file) for each language of the Pagefind
    index in `output` whose metadata is there; nothing when the entry file is unreadable."""
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for lang, info in sorted(entry.get("languages", {}).items()):
        meta = output / f"pagefind.{info.get('hash')}.pf_meta"
        if meta.is_file():
            yield lang, str(info.get("hash")), meta


def lighten(output: Path) -> None:
    """Slim and rename the fragments of every language of the index in `output`."""
    for lang, digest, meta in language_metas(output):
        prefix = f"{lang}_{digest.removeprefix(f'{lang}_')[:8]}"
        _lighten_language(output / "fragment", meta, prefix)


def _lighten_language(fragments: Path, meta_path: Path, prefix: str) -> None:
    """`prefix` is the language and its index's hash: fragment names stay content-addressed
    like Pagefind's own, so a browser or CDN that keeps Pagefind files as immutable never
    serves the last build's fi_…_0 for this build's."""
    data = read_data(meta_path)
    if data is None:
        return
    try:
        meta, end = decode(data, 0)
    except (IndexError, ValueError, UnicodeDecodeError):
        return
    if end != len(data) or encode(meta) != data or not _is_meta(meta):
        return  # not the format this codec knows: leave the files as Pagefind wrote them
    olds = list(dict.fromkeys(page[0] for page in meta[1]))
    width = len(_base36(max(len(olds) - 1, 0)))
    names = {old: f"{prefix}_{_base36(n).rjust(width, '0')[::-1]}" for n, old in enumerate(olds)}
    for page in meta[1]:
        page[0] = names[page[0]]
        if len(page) > 1 and isinstance(page[1], int):
            page[1] = _rounded(page[1])
    slim: dict[str, bytes] = {}
    for old, new in names.items():
        fragment = read_data(fragments / f"{old}.pf_fragment")
        if fragment is None:
            return  # a fragment missing: rename nothing
        slim[new] = _slim(fragment)
    for old in names:
        (fragments / f"{old}.pf_fragment").unlink()
    for new, fragment in slim.items():
        write_data(fragments / f"{new}.pf_fragment", fragment)
    write_data(meta_path, encode(meta))


def _is_meta(meta: Any) -> bool:
    """Pagefind 1.x metadata: [version, [[fragment, word count]…], chunks, filters…]."""
    return (
        isinstance(meta, list)
        and len(meta) >= 2
        and isinstance(meta[1], list)
        and all(isinstance(p, list) and p and isinstance(p[0], str) for p in meta[1])
    )


def _slim(fragment: bytes) -> bytes:
    """A fragment with only what a result shows: url, meta, word count."""
    data = json.loads(fragment)
    data.update(content="", filters={}, anchors=[])
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _rounded(count: int) -> int:
    """A page's word count to the nearest power of √2 (…, 181, 256, 362, 512 …). Pagefind
    uses it only to rank long pages a little lower, which search.js all but turns off
    (pageLength 0.1); a few distinct values compress, 10,000 different ones do not."""
    return round(2 ** (round(math.log2(count) * 2) / 2)) if count > 0 else count


def _base36(number: int) -> str:
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = DIGITS[digit] + out
        if not number:
            return out


def read_data(path: Path) -> bytes | None:
    """The data of a Pagefind file (gzip, then the signature), or None."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    return data[len(SIGNATURE) :] if data.startswith(SIGNATURE) else None


def write_data(path: Path, data: bytes) -> None:
    """A new file (kennosto.write.write_new_file: never into one already there)."""
    write_new_file(str(path), gzip.compress(SIGNATURE + data, 9, mtime=0))


# A CBOR codec (RFC 8949) of the types Pagefind's metadata uses: integers, text, bytes,
# definite-length arrays and maps, false/true/null; heads in their shortest form. The
# decoder refuses any other head, so what it reads, `encode` writes back byte for byte.


def decode(data: bytes, pos: int) -> tuple[Any, int]:
    """The item at `pos` and the position after it."""
    major, info = data[pos] >> 5, data[pos] & 31
    pos += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info not in simple:
            raise ValueError(f"CBOR simple value {info}")
        return simple[info], pos
    if info < 24:
        value = info
    elif info <= 27:
        size = 1 << (info - 24)
        value = int.from_bytes(data[pos : pos + size], "big")
        if pos + size > len(data) or value < (24 if size == 1 else 1 << (4 * size)):
            raise ValueError("truncated CBOR head or not in its shortest form")
        pos += size
    else:
        raise ValueError("indefinite or reserved CBOR length")
    if major == 0:
        return value, pos
    if major == 1:
        return -1 - value, pos
    if major in (2, 3):
        raw = data[pos : pos + value]
        if len(raw) != value:
            raise ValueError("truncated CBOR string")
        return (raw.decode() if major == 3 else bytes(raw)), pos + value
    if major == 4:
        items: list[Any] = []
        append = items.append
        for _ in range(value):
            byte = data[pos]
            if byte < 24 or 0x20 <= byte < 0x38:  # -24…23: the head alone (most of an index)
                append(byte if byte < 24 else 0x1F - byte)
                pos += 1
            elif 0x80 <= byte < 0x98:  # a short array (an index's postings): one level inline
                inner: list[Any] = []
                pos += 1
                for _ in range(byte - 0x80):
                    byte = data[pos]
                    if byte < 24 or 0x20 <= byte < 0x38:
                        inner.append(byte if byte < 24 else 0x1F - byte)
                        pos += 1
                    else:
                        item, pos = decode(data, pos)
                        inner.append(item)
                append(inner)
            else:
                item, pos = decode(data, pos)
                append(item)
        return items, pos
    if major == 5:
        pairs = []
        for _ in range(value):
            key, pos = decode(data, pos)
            item, pos = decode(data, pos)
            pairs.append((key, item))
        return CborMap(pairs), pos
    raise ValueError(f"CBOR major type {major}")


class CborMap(list):  # type: ignore[type-arg]
    """A map as its (key, value) pairs in their order, so it is written back as read."""


def encode(item: Any) -> bytes:
    out = bytearray()
    _put(item, out)
    return bytes(out)


def _put(item: Any, out: bytearray) -> None:
    kind = type(item)
    if kind is list:
        out += _head(4, len(item))
        for each in item:  # small integers and short lists of them inline: most of an index
            if type(each) is int and -24 <= each < 24:
                out.append(each if each >= 0 else 0x1F - each)
            elif type(each) is list and len(each) < 24:
                out.append(0x80 | len(each))
                for one in each:
                    if type(one) is int and -24 <= one < 24:
                        out.append(one if one >= 0 else 0x1F - one)
                    else:
                        _put(one, out)
            else:
                _put(each, out)
    elif item is False or item is True or item is None:
        out.append(0xF4 if item is False else 0xF5 if item is True else 0xF6)
    elif isinstance(item, int):
        out += _head(0, item) if item >= 0 else _head(1, -1 - item)
    elif isinstance(item, str):
        raw = item.encode()
        out += _head(3, len(raw))
        out += raw
    elif isinstance(item, bytes):
        out += _head(2, len(item))
        out += item
    elif isinstance(item, CborMap):
        out += _head(5, len(item))
        for key, value in item:
            _put(key, out)
            _put(value, out)
    elif isinstance(item, list):
        out += _head(4, len(item))
        for each in item:
            _put(each, out)
    else:
        raise TypeError(f"cannot encode {kind.__name__} as CBOR")


def array_head(length: int) -> bytes:
    """The head of an array of `length` items (the items' encodings follow it)."""
    return _head(4, length)


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError("CBOR integer too large")
