"""The content contract: documented JSON Schemas, strict about unknown keys."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from helpers import REPO

from kennosto.schemas import SCHEMA_FILES, schema

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def walk(node: Any, where: str = ""):
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{where}/{index}")


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_is_valid_draft_2020_12(name):
    document = schema(name)
    assert document["$schema"] == DRAFT
    jsonschema.Draft202012Validator.check_schema(document)
    assert document.get("title") and document.get("description")


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_every_property_has_title_and_description(name):
    for where, node in walk(schema(name)):
        for key, prop in (
            node.get("properties", {}).items() if isinstance(node.get("properties"), dict) else []
        ):
            assert prop.get("title"), f"{name}{where}/properties/{key} has no title"
            assert prop.get("description"), f"{name}{where}/properties/{key} has no description"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_every_object_forbids_unknown_keys(name):
    for where, node in walk(schema(name)):
        if isinstance(node.get("properties"), dict):
            assert node.get("additionalProperties") is False, f"{name}{where}"


def test_language_maps_share_one_definition():
    texts = {
        name: json.dumps(schema(name)) for name in SCHEMA_FILES if name != "common.schema.json"
    }
    for name, text in texts.items():
        assert '"required": ["fi"]' not in text, f"{name} defines its own language map"
        assert "common.schema.json#/$defs/langmap" in text


def test_bundled_files_point_editors_at_the_schemas():
    service = next((REPO / "services").glob("*.yaml"))
    assert "$schema=../kennosto/schemas/service.schema.json" in service.read_text(encoding="utf-8")
