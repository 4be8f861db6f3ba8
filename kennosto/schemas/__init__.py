"""The content contract: one JSON Schema (draft 2020-12) per kind, plus shared definitions.

The same files are copied into the built site under /schema/ so editors can validate YAML.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

KINDS = ("settings", "organization", "service", "path")
SCHEMA_FILES = ("common.schema.json", *(f"{kind}.schema.json" for kind in KINDS))
BASE_URI = "file:///kennosto/schema/"


def schema_text(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))
