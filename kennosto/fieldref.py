"""The field reference for maintainers (/LANG/fields/), generated from the JSON Schemas.

The page lists, per kind of file, every field with its type, whether it is required, its
allowed values and its description, nested fields under their parent. Built from the
schemas at build time, it cannot drift from what `check` enforces. English descriptions
are the schemas' own; Finnish ones come from schemas/descriptions.fi.yaml, keyed by the
JSON pointer of the description they translate (a test keeps the two in step). Other
languages show the English text, marked as such.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from kennosto.schemas import schema

FINNISH_FILE = "descriptions.fi.yaml"
# (schema kind, the file it describes), in the order a maintainer meets them.
FILE_KINDS = (
    ("settings", "kennosto.yaml"),
    ("organization", "organizations/SLUG.yaml"),
    ("service", "services/SLUG.yaml"),
    ("path", "paths/SLUG.yaml"),
)
# Shared definitions that are a type of their own: shown by name, explained once below.
NAMED_TYPES = ("slug", "text", "langmap", "markdown", "date", "url", "slug_list")
GLOSSARY = (*NAMED_TYPES, "vocabulary")  # the types explained at the end of the page
COMMON = "common.schema.json"


@dataclass(frozen=True)
class Field:
    """One field of a file: `type` is a key of the `fieldtype_*` interface strings."""

    name: str
    anchor: str
    type: str
    required: bool
    description: str
    values: tuple[str, ...] = ()
    default: str | None = None
    limits: str | None = None
    children: tuple[Field, ...] = ()


@dataclass(frozen=True)
class FileKind:
    kind: str
    filename: str
    description: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class NamedType:
    type: str
    anchor: str
    description: str


def field_reference(lang: str) -> dict[str, Any]:
    """The context of the field reference page in `lang`: Finnish texts for fi, the
    schemas' English for every other language (`text_lang` says which)."""
    text_lang = "fi" if lang == "fi" else "en"
    texts = _Texts(text_lang)
    kinds = [
        FileKind(
            kind,
            filename,
            texts.get(f"{kind}.schema.json", "", schema(f"{kind}.schema.json")),
            tuple(_fields(f"{kind}.schema.json", "", schema(f"{kind}.schema.json"), texts, kind)),
        )
        for kind, filename in FILE_KINDS
    ]
    types = [
        NamedType(name, f"type-{name}", texts.get(COMMON, f"/$defs/{name}", _definition(name)))
        for name in GLOSSARY
    ]
    return {
        "file_kinds": kinds,
        "named_types": types,
        "glossary": GLOSSARY,
        "text_lang": text_lang,
    }


@cache
def finnish_descriptions() -> dict[str, str]:
    """FILE#POINTER -> the Finnish description of that schema node."""
    text = files("kennosto.schemas").joinpath(FINNISH_FILE).read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.CSafeLoader) or {}


def schema_descriptions() -> Iterator[tuple[str, str]]:
    """(FILE#POINTER, English description) of every described node of every schema."""
    for name in (COMMON, *(f"{kind}.schema.json" for kind, _ in FILE_KINDS)):
        yield from _described(name, "", schema(name))


def _described(name: str, pointer: str, node: Any) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            yield f"{name}#{pointer}", node["description"]
        for key, value in node.items():
            yield from _described(name, f"{pointer}/{_escape(key)}", value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _described(name, f"{pointer}/{index}", value)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


class _Texts:
    """Descriptions in one language, by schema file and JSON pointer."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def get(self, name: str, pointer: str, node: dict[str, Any]) -> str:
        english = node.get("description", "")
        if self.lang != "fi":
            return english
        # The test of descriptions.fi.yaml makes a missing entry a failing build of the
        # project, not of a catalogue; should one slip through, English is better than none.
        return finnish_descriptions().get(f"{name}#{pointer}", english)


def _definition(name: str) -> dict[str, Any]:
    return schema(COMMON)["$defs"][name]


def _fields(
    name: str, pointer: str, node: dict[str, Any], texts: _Texts, anchor: str
) -> Iterator[Field]:
    """The fields of an object node, each described from where its description is."""
    required = set(node.get("required", ()))
    for key, prop in node.get("properties", {}).items():
        where = f"{pointer}/properties/{_escape(key)}"
        yield _field(key, name, where, prop, key in required, texts, f"{anchor}-{key}")


def _field(
    key: str,
    name: str,
    pointer: str,
    prop: dict[str, Any],
    required: bool,
    texts: _Texts,
    anchor: str,
) -> Field:
    description = texts.get(name, pointer, prop)
    shape = _Shape.of(name, pointer, prop)
    children: tuple[Field, ...] = ()
    if shape.object is not None:
        target_name, target_pointer, target = shape.object
        children = tuple(_fields(target_name, target_pointer, target, texts, anchor))
    default = prop.get("default", shape.node.get("default"))
    return Field(
        name=key,
        anchor=anchor,
        type=shape.type,
        required=required,
        description=description,
        values=shape.values,
        default=None if default is None else str(default),
        limits=_limits(shape.node),
        children=children,
    )


@dataclass
class _Shape:
    """What a property is: its type key, allowed values, and the object (file, pointer,
    node) whose properties are its nested fields, if any."""

    type: str
    node: dict[str, Any]
    values: tuple[str, ...] = ()
    object: tuple[str, str, dict[str, Any]] | None = None

    @classmethod
    def of(cls, name: str, pointer: str, node: dict[str, Any]) -> _Shape:
        if "$ref" in node:
            target, _, ref_pointer = node["$ref"].partition("#")
            target = target or name
            definition = ref_pointer.rsplit("/", 1)[-1]
            if target == COMMON and definition in NAMED_TYPES:
                return cls(definition, node)
            resolved = schema(target)
            for part in ref_pointer.strip("/").split("/"):
                resolved = resolved[part]
            return cls.of(target, ref_pointer, resolved)
        if "enum" in node:
            return cls("choice", node, tuple(map(str, node["enum"])))
        kind = node.get("type")
        if kind == "array":
            return cls._list(name, pointer, node)
        if kind == "object" or "properties" in node or "additionalProperties" in node:
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):  # a vocabulary: any slug -> a term
                return cls("vocabulary", node, (), (name, f"{pointer}/additionalProperties", extra))
            return cls("mapping", node, (), (name, pointer, node))
        return cls(
            {"integer": "integer", "boolean": "boolean"}.get(kind or "", "text"),
            node,
        )

    @classmethod
    def _list(cls, name: str, pointer: str, node: dict[str, Any]) -> _Shape:
        items = node.get("items", {})
        item = cls.of(name, f"{pointer}/items", items)
        if item.type == "mapping":
            return cls("list_mapping", node, (), item.object)
        if item.type == "choice":
            return cls("list_choice", node, item.values)
        if item.type == "langmap":
            return cls("list_langmap", node)
        if item.type == "slug":
            return cls("slug_list", node)
        if items.get("pattern") == "^[a-z]{2}$":
            return cls("list_language_code", node)
        return cls("list_text", node)


def _limits(node: dict[str, Any]) -> str | None:
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return f"≥ {low}"
    return None
