"""JSON text put together from pieces, byte for byte what `json.dumps` writes.

The open data files are large (hundreds of megabytes for 10,000 services) and mostly
repetition: every service's HSDS document nests the same taxonomy terms and its
organization, and the bulk lists hold the same records as the one-record files. Encoding
a shared piece once and joining texts is much cheaper than encoding it again and again,
and it lets the preview keep the text of each unchanged record between builds
(kennosto.memo). Every text here is compact (`separators=(",", ":")`), with sorted keys
and non-ASCII characters as they are, like `kennosto.hsds_common.dump`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
_STRING = json.encoder.encode_basestring  # the C function json.dumps uses for strings
# The C encoder `json.dumps` makes anew for every call (the arguments are JSONEncoder's
# for the options above), made once: half the cost of encoding a small value, and the
# open data encodes hundreds of thousands. No check for circular references (`markers`
# None): the values are built from the model, a tree. Python's own encoder where the C
# one is missing.
_C_ENCODER = (
    json.encoder.c_make_encoder(None, _ENCODER.default, _STRING, None, ":", ",", True, False, True)
    if json.encoder.c_make_encoder is not None
    else None
)


class Raw(str):
    """A value already encoded as JSON text."""

    __slots__ = ()  # no __dict__ for each of the hundreds of thousands of texts


def encode(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)`."""
    if _C_ENCODER is None or isinstance(value, str):
        return _ENCODER.encode(value)
    return "".join(_C_ENCODER(value, 0))


def string(text: str) -> str:
    return _STRING(text)


def array(texts: Iterable[str]) -> Raw:
    """A JSON array of encoded items."""
    return Raw(array_text(texts))


def array_text(texts: Iterable[str], end: str = "") -> str:
    """The text of a JSON array of encoded items, then `end` (a file's newline), in one
    join: an array of the open data can be tens of megabytes, and each `+` copies it
    into new memory."""
    items = list(texts)
    if not items:
        return "[]" + end
    items[0] = "[" + items[0]
    items[-1] = items[-1] + "]" + end
    return ",".join(items)


def document(items: dict[str, Any]) -> str:
    """A file's text: `flat(items)` and a newline, in one join (see array_text)."""
    return _object(items, "\n")


# What stands in for an overlay's value while the plain ones are encoded: a string of one
# NUL, which JSON text shows as "\u0000".
_HOLE = "\0"
_HOLE_TEXT = encode(_HOLE)


def variants(plain: dict[str, Any], overlays: list[dict[str, str]]) -> list[Raw]:
    """One JSON object per overlay: `plain` with the overlay's encoded values added. A
    key of an overlay must not be in `plain`.

    The plain values are encoded once for all overlays, in one `encode` call with a hole
    (_HOLE) for each overlay key; the text is cut at the holes and each overlay's values
    are put in (a key an overlay lacks is cut out with its comma). A plain text that
    holds what a hole looks like cuts into more pieces: then it is done key by key."""
    slots = sorted({key for overlay in overlays for key in overlay})
    pieces = gaps(plain, slots)
    if pieces is None:
        return [flat({**plain, **{k: Raw(v) for k, v in overlay.items()}}) for overlay in overlays]
    out = []
    for overlay in overlays:
        parts = [pieces[0]]
        for key, piece in zip(slots, pieces[1:], strict=True):
            if key in overlay:
                parts += [overlay[key], piece]
                continue
            before = parts[-1][: -len(_key(key))]  # the text before `"key":`
            if before.endswith(","):
                parts[-1] = before[:-1]
                parts.append(piece)
            else:  # the object's first member: the comma after it goes
                parts[-1] = before
                parts.append(piece.removeprefix(","))
        out.append(Raw("".join(parts)))
    return out


def gaps(plain: dict[str, Any], holes: list[str]) -> list[str] | None:
    """The text of `plain` plus the keys `holes` (sorted), cut where their values go:
    len(holes) + 1 pieces to put the holes' encoded values between. None where a plain
    text holds what a hole looks like (it would cut in the wrong place)."""
    pieces = encode({**plain, **dict.fromkeys(holes, _HOLE)}).split(_HOLE_TEXT)
    return pieces if len(pieces) == len(holes) + 1 else None


def flat(items: dict[str, Any]) -> Raw:
    """A JSON object whose values are plain (encoded here, value by value: a string is one
    C call) or Raw (used as they are)."""
    return Raw(_object(items))


def _object(items: dict[str, Any], end: str = "") -> str:
    """The text of `flat(items)`, then `end`, in one join."""
    parts = ["{"]
    for key in sorted(items):
        parts += [_key(key), value_text(items[key]), ","]
    if len(parts) > 1:
        parts.pop()  # the last comma
    parts.append("}" + end)
    return "".join(parts)


def member(key: str, value: Any) -> str:
    """`"key":value` of an object; a Raw value as it is."""
    return _key(key) + value_text(value)


def value_text(value: Any) -> str:
    """A value's JSON text: a Raw as it is, a string in one C call, the rest encoded."""
    if isinstance(value, Raw):
        return value
    if isinstance(value, str):
        return _STRING(value)
    return encode(value)


def _key(key: str) -> str:
    """`"key":`."""
    return _STRING(key) + ":"
