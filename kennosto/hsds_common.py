"""What every part of the HSDS export shares: stable ids, the per-language dataset and
the JSON writing rules.

Identifiers are UUIDv5 of "KIND/SLUG" in the fixed `NAMESPACE` below, so the same
catalogue always exports the same ids, in every language, on every machine.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kennosto.model import Catalogue, LangMap

# uuid5(NAMESPACE_URL, "https://kennosto.fi/ns/hsds"); never change it: every id depends on it.
NAMESPACE = uuid.UUID("54b702e1-fe88-5696-8569-a4631eca7bde")
_NAMESPACE_SHA1 = hashlib.sha1(NAMESPACE.bytes)  # copied for each id: the namespace hashed once
HSDS_VERSION = "3.0"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
FALLBACK = "fi"
# The profile URL in index.json: the schema of the extension, which describes it.
PROFILE_PATH = "data/hsds/extension/extension.schema.json"
CURRENCY = "EUR"


@lru_cache(maxsize=1 << 18)
def hsds_id(kind: str, *slugs: str) -> str:
    """The stable UUID of a record: uuid5(NAMESPACE, "kind/slug[/slug…]").

    The same as `str(uuid.uuid5(NAMESPACE, name))` (a test says so), written out because
    a 10,000-service export asks for a million ids and uuid.UUID objects made it 4x
    slower; cached because every language asks for the same ones."""
    sha1 = _NAMESPACE_SHA1.copy()
    sha1.update("/".join((kind, *slugs)).encode("utf-8"))
    digest = bytearray(sha1.digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(frozen=True)
class Dataset:
    """One language's view of the catalogue: texts are plain strings in `lang`."""

    catalogue: Catalogue
    lang: str
    strings: dict[str, Any]
    terms: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict, compare=False)

    def text(self, value: LangMap | None) -> str | None:
        if not value:
            return None
        return value.get(self.lang) or value[FALLBACK]

    def ui(self, key: str) -> str:
        entry = self.strings[key]
        return entry.get(self.lang) or entry[FALLBACK]


def clean(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out what the catalogue does not say (HSDS fields are optional unless required)."""
    return {k: v for k, v in record.items() if v is not None and v != [] and v != {}}


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
