"""The word index re-cut into small chunks with positions that compress
(kennosto/pagefind_chunks.py), on hand-made indexes in Pagefind 1.5's format."""

from __future__ import annotations

import gzip
from itertools import pairwise

import pytest

from kennosto import pagefind_chunks
from kennosto.pagefind_chunks import compact_language, renumber
from kennosto.pagefind_files import SIGNATURE, decode, encode, read_data, write_data

WORDS = [
    "aika", "aikuinen", "ammatti", "ammattilainen", "apu", "arvio", "asiakas", "asunto",
    "kela", "koulutus", "kunta", "kuntoutus", "kuntoutusraha", "kuntoutustuki", "kysely",
    "laki", "lapsi", "mielenterveys", "neuvonta", "ohjaus", "opiskelu", "palvelu",
    "palveluohjaus", "polku", "raha", "sosiaalityo", "tuki", "tyo", "tyokyky", "tyollisyys",
    "velka", "velkaneuvonta",
]  # fmt: skip


def posting(step: int, *runs: tuple[int, list[int]]) -> list:
    """[page step, [-(weight+1), first, delta…]…, metadata positions]"""
    locs: list[int] = []
    for weight, positions in runs:
        locs.append(-(weight * 24 + 1))
        locs.extend(b - a for a, b in pairwise([0, *positions]))
    return [step, locs, [-4, 1, 2]]


def write_index(folder, words, version="1.5.2", per_chunk=10):
    """Pagefind's files for `words` (each on every one of 40 pages at varied positions), in
    chunks of `per_chunk` words; the metadata's path."""
    index = folder / "index"
    index.mkdir(parents=True)
    entries = []
    for n, word in enumerate(words):
        postings = [posting(1 if page else 0, (1, [page + n, page + n + 40])) for page in range(40)]
        entries.append([word, postings, []])
    chunks = []
    for i in range(0, len(entries), per_chunk):
        part = entries[i : i + per_chunk]
        name = f"fi_{i:07x}"
        write_data(index / f"{name}.pf_index", encode([part]))
        chunks.append([part[0][0], part[-1][0], name])
    meta = [version, [[f"fi_{p}", 100] for p in range(40)], chunks, [], [], ["title"]]
    path = folder / "pagefind.fi_0.pf_meta"
    write_data(path, encode(meta))
    return path


def read(path):
    return decode(read_data(path), 0)[0]


def chunk_for(chunks, term):
    """Pagefind's lookup: the first chunk whose [from, to] holds the query word."""
    return next((hash_ for start, end, hash_ in chunks if start <= term <= end), None)


def test_every_word_and_its_beginnings_find_the_chunk_that_holds_them(tmp_path, monkeypatch):
    monkeypatch.setattr(pagefind_chunks, "TARGET", 60)
    meta_path = write_index(tmp_path, WORDS)
    assert compact_language(tmp_path / "index", meta_path, "fi")
    chunks = read(meta_path)[2]
    assert len(chunks) > 5
    held = {}
    for _, _, name in chunks:
        for entry in read(tmp_path / "index" / f"{name}.pf_index")[0]:
            held[entry[0]] = name
    assert sorted(held) == WORDS
    assert {p.stem for p in (tmp_path / "index").iterdir()} == {c[2] for c in chunks}
    for word in WORDS:
        for end in range(2, len(word) + 1):  # what a query of 2 letters or more asks for
            assert chunk_for(chunks, word[:end]) == held[word], word[:end]
    # a word and the longer words that begin with it stay in one chunk
    assert held["kuntoutus"] == held["kuntoutusraha"] == held["kuntoutustuki"]
    assert held["tyo"] == held["tyokyky"] == held["tyollisyys"]


def test_a_chunk_is_named_by_its_content(tmp_path):
    meta_path = write_index(tmp_path, WORDS)
    assert compact_language(tmp_path / "index", meta_path, "fi")
    for _, _, name in read(meta_path)[2]:
        assert name.startswith("fi_") and len(name) == 10
        data = (tmp_path / "index" / f"{name}.pf_index").read_bytes()
        assert gzip.decompress(data).startswith(SIGNATURE)


def test_positions_keep_places_apart_and_shared_and_compress():
    # two pages, the same words in the same roles at different positions; on each page
    # "kuntoutus" and "kunto" share a position (a compound and its part)
    words = [
        ["kunto", [posting(0, (1, [7])), posting(1, (1, [40]))], []],
        [
            "kuntoutus",
            [posting(0, (1, [7, 30]), (7, [2])), posting(1, (1, [40, 95]), (7, [11]))],
            [],
        ],
    ]
    assert renumber(words)
    first, second = words[1][1]
    assert first[1] == second[1]  # the same roles: the same bytes on both pages
    assert words[0][1][0][1] == words[0][1][1][1]
    assert first[2] == second[2] == []  # metadata positions dropped

    def places(locs):
        out, position = [], 0
        for value in locs:
            if value < 0:
                position = None
            else:
                position = value if position is None else position + value
                out.append(position)
        return out

    shared = places(words[0][1][0][1])
    own = places(first[1])
    assert len(own) == len(set(own)) == 3  # three places apart stay apart
    assert set(shared) <= set(own)  # the shared place is still shared


@pytest.mark.parametrize(
    "spoil",
    ["version", "head", "posting", "order", "empty"],
)
def test_an_index_in_another_format_is_left_as_pagefind_wrote_it(tmp_path, spoil):
    meta_path = write_index(tmp_path, WORDS, version="1.4.0" if spoil == "version" else "1.5.2")
    chunk = tmp_path / "index" / "fi_0000000.pf_index"
    body = read_data(chunk)
    if spoil == "head":  # a length in a longer head than it needs: not our codec's bytes
        assert b"\x64aika" in body
        body = body.replace(b"\x64aika", b"\x78\x04aika", 1)
        assert len(body) == len(read_data(chunk)) + 1
    elif spoil == "posting":  # a posting of two items (Pagefind before 1.5)
        item = decode(body, 0)[0]
        item[0][0][1][0] = item[0][0][1][0][:2]
        body = encode(item)
    elif spoil == "order":  # words out of order
        item = decode(body, 0)[0]
        item[0].reverse()
        body = encode(item)
    write_data(chunk, body)
    if spoil == "empty":  # chunks without words
        for path in (tmp_path / "index").iterdir():
            write_data(path, encode([[]]))
    before = {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert not compact_language(tmp_path / "index", meta_path, "fi")
    assert {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_codec_refuses_heads_longer_than_needed():
    assert decode(bytes([0x18, 24]), 0) == (24, 2)
    for data in (bytes([0x18, 5]), bytes([0x19, 0, 200]), bytes([0x81, 0x18, 1])):
        with pytest.raises(ValueError):
            decode(data, 0)
