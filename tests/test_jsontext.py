"""kennosto.jsontext puts JSON text together from pieces; every way it does gives what
json.dumps gives for the whole value, on varied values (texts that look like its holes
included)."""

from __future__ import annotations

import json
import random
from typing import Any

from kennosto.jsontext import Raw, array_text, document, encode, flat, gaps, variants

VALUES: list[Any] = [
    "",
    "x",
    "\0",
    '"\0"',
    '\\"\0',
    "ä\u2028€",
    0,
    -7,
    2.5,
    None,
    True,
    [],
    {},
    [1, {"b": "\0", "a": None}],
    {"z": [], "y": "\0"},
]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def test_encode_is_json_dumps():
    for value in [*VALUES, VALUES, {str(i): v for i, v in enumerate(VALUES)}]:
        assert encode(value) == dumps(value)


def test_objects_made_of_pieces_are_what_json_dumps_writes():
    rng = random.Random(17)
    keys = list("abcdefg")
    for _ in range(3000):
        chosen = rng.sample(keys, rng.randint(0, len(keys)))
        cut = rng.randint(0, len(chosen))
        plain = {key: rng.choice(VALUES) for key in chosen[:cut]}
        overlays = [
            {key: rng.choice(VALUES) for key in chosen[cut:] if rng.random() < 0.6}
            for _ in range(rng.randint(1, 3))
        ]
        texts = variants(plain, [{k: encode(v) for k, v in o.items()} for o in overlays])
        assert texts == [dumps({**plain, **overlay}) for overlay in overlays]
        mixed = {**plain, **{k: Raw(encode(v)) for k, v in overlays[0].items()}}
        whole = {**plain, **overlays[0]}
        assert flat(mixed) == dumps(whole)
        assert document(mixed) == dumps(whole) + "\n"


def test_gaps_cut_where_the_holes_go_or_give_up():
    pieces = gaps({"a": 1, "c": "x"}, ["b", "d"])
    assert pieces is not None
    assert pieces[0] + "[2]" + pieces[1] + "null" + pieces[2] == dumps(
        {"a": 1, "b": [2], "c": "x", "d": None}
    )
    assert gaps({"a": '"\0'}, ["b"]) is None  # a text that holds what a hole looks like


def test_arrays():
    assert array_text([]) == "[]"
    assert array_text([], "\n") == "[]\n"
    assert array_text(["1"], "\n") == "[1]\n"
    assert array_text(iter(["1", '"a"', "{}"])) == '[1,"a",{}]'
