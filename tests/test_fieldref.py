"""The field reference page (/LANG/fields/), generated from the JSON Schemas, and the
Finnish descriptions beside them, which must not drift from the schemas."""

from __future__ import annotations

import re

import pytest
from helpers import build_site, copy_fixture, read_page

from kennosto.fieldref import FILE_KINDS, field_reference, finnish_descriptions, schema_descriptions
from kennosto.schemas import schema


def schema_properties(node, where=""):
    """(pointer, name, node) of every property of a schema, however deep."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{where}/properties/{name}", name, prop
        for key, value in node.items():
            yield from schema_properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from schema_properties(value, f"{where}/{index}")


def all_fields(fields):
    for field in fields:
        yield field
        yield from all_fields(field.children)


@pytest.mark.parametrize("kind", [kind for kind, _ in FILE_KINDS] + ["common"])
def test_every_field_of_every_schema_has_a_non_empty_description(kind):
    for pointer, name, prop in schema_properties(schema(f"{kind}.schema.json")):
        text = prop.get("description")
        assert isinstance(text, str) and text.strip(), f"{kind}{pointer} ({name})"


def test_every_schema_description_has_a_finnish_one_and_nothing_else_does():
    english = dict(schema_descriptions())
    finnish = finnish_descriptions()
    missing = sorted(set(english) - set(finnish))
    stale = sorted(set(finnish) - set(english))
    assert not missing, f"add to kennosto/schemas/descriptions.fi.yaml: {missing}"
    assert not stale, f"no such schema node, remove from descriptions.fi.yaml: {stale}"
    for key, text in finnish.items():
        assert isinstance(text, str) and text.strip(), key
        assert text != english[key], f"{key} is not translated"


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_reference_lists_every_field_with_a_description(lang):
    context = field_reference(lang)
    assert [k.kind for k in context["file_kinds"]] == [kind for kind, _ in FILE_KINDS]
    for file_kind in context["file_kinds"]:
        shown = {field.name for field in all_fields(file_kind.fields)}
        names = {name for _, name, _ in schema_properties(schema(f"{file_kind.kind}.schema.json"))}
        assert names <= shown, file_kind.kind
        assert all(field.description for field in all_fields(file_kind.fields))


def test_types_required_values_and_nesting_come_from_the_schema():
    service = next(k for k in field_reference("en")["file_kinds"] if k.kind == "service")
    fields = {f.name: f for f in service.fields}
    assert fields["name"].required and fields["name"].type == "langmap"
    assert not fields["provider"].required and fields["provider"].type == "slug"
    assert fields["kind"].values == ("service", "team", "role", "plan", "benefit", "outcome")
    assert fields["kind"].default == "service"
    providers = {f.name: f for f in fields["providers"].children}
    assert fields["providers"].type == "list_mapping"
    assert providers["organization"].required and providers["area"].type == "slug_list"
    status = {f.name: f for f in fields["status"].children}
    assert status["state"].required and "ended" in status["state"].values
    assert {f.name: f for f in fields["age"].children}["min"].limits == "0–130"


def test_the_site_has_the_reference_in_every_language(tmp_path):
    site = build_site(copy_fixture("minimal", tmp_path), tmp_path / "site")
    finnish = read_page(site, "fi/fields")
    english = read_page(site, "en/fields")
    swedish = read_page(site, "sv/fields")
    assert "<h1>Kenttien kuvaus</h1>" in finnish
    assert "Mikä merkintä on: service (palvelu, oletus)" in finnish
    assert "What the entry is: service (the default)" in english
    assert 'lang="en"' not in english.split("<main", 1)[1]
    # Swedish: Swedish headings and labels, the English descriptions marked as English.
    assert "<h1>Fältbeskrivning</h1>" in swedish
    assert "Fältbeskrivningarna finns bara på engelska." in swedish
    assert '<p lang="en">What the entry is: service (the default)' in swedish
    for kind, filename in FILE_KINDS:
        assert f'<h2 id="file-{kind}"><code>{filename}</code></h2>' in finnish
    assert re.search(r'<li id="service-transitions-method">\s*<p><code>method</code>', english)
    # Every page links to it from the footer.
    assert 'href="../../fi/fields/">Kenttien kuvaus ylläpitäjille</a>' in read_page(
        site, "fi/services"
    )
