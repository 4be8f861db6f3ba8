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
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
_STRING = json.encoder.encode_basestring  # the C function json.dumps uses for strings


class Raw(str):
    """A value already encoded as JSON text."""


def encode(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)`."""
    return _ENCODER.encode(value)


def string(text: str) -> str:
    return _STRING(text)


def array(texts: Iterable[str]) -> Raw:
    """A JSON array of encoded items."""
    return Raw("[" + ",".join(texts) + "]")


def obj(items: dict[str, Any]) -> Raw:
    """A JSON object whose values are plain (encoded here) or Raw (used as they are)."""
    return variants(
        {k: v for k, v in items.items() if not isinstance(v, Raw)},
        [{k: v for k, v in items.items() if isinstance(v, Raw)}],
    )[0]


def variants(plain: dict[str, Any], overlays: list[dict[str, Raw]]) -> list[Raw]:
    """One JSON object per overlay: `plain` with the overlay's encoded values added.

    The plain values are encoded once for all overlays: in key order, the runs of plain
    keys between the overlays' keys are each one `encode` call, then the pieces are
    interleaved. A key of an overlay must not be in `plain`."""
    splits = sorted({key for overlay in overlays for key in overlay})
    runs: list[dict[str, Any]] = [{} for _ in range(len(splits) + 1)]
    for key in sorted(plain):
        runs[bisect_left(splits, key)][key] = plain[key]
    texts = [encode(run)[1:-1] if run else "" for run in runs]
    out = []
    for overlay in overlays:
        parts = []
        for index, text in enumerate(texts):
            if text:
                parts.append(text)
            if index < len(splits) and splits[index] in overlay:
                parts.append(f"{string(splits[index])}:{overlay[splits[index]]}")
        out.append(Raw("{" + ",".join(parts) + "}"))
    return out


def flat(items: dict[str, Any]) -> Raw:
    """A JSON object of few values, most of them strings or Raw: encoded value by value
    (a string is one C call), without building a dict to encode."""
    parts = []
    for key in sorted(items):
        value = items[key]
        if isinstance(value, Raw):
            text: str = value
        elif isinstance(value, str):
            text = _STRING(value)
        else:
            text = encode(value)
        parts.append(f"{_STRING(key)}:{text}")
    return Raw("{" + ",".join(parts) + "}")
