"""`kennosto import hsds` and `kennosto export`: HSDS 3.0 JSON -> catalogue YAML files,
and back again without loss for every field Kennosto models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import REPO, copy_fixture, kennosto, write
from model2 import FILES, model2_catalogue

from kennosto.hsds import hsds_id

ORG_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def foreign_service(number: int, name: str = "Työpaja Ääni", **extra) -> dict:
    return {
        "id": f"ac148810-d857-441c-9679-408f346de1{number:02d}",
        "organization_id": ORG_ID,
        "name": name,
        "description": "Tukea työhön.\n\nPitempi kuvaus.",
        "status": "active",
        "assured_date": "2026-10-01",
        **extra,
    }


def foreign_org() -> dict:
    return {"id": ORG_ID, "name": "Esimerkki ry", "description": "Järjestö.", "tax_id": "123"}


def export_hsds(root: Path, out: Path) -> dict[str, str]:
    result = kennosto("export", "hsds", "--root", root, "--out", out)
    assert result.exit_code == 0, result.stderr
    return {
        p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*") if p.is_file()
    }


def source_catalogue(catalogue: str, tmp_path: Path) -> Path:
    if catalogue == "bundled":
        return REPO
    if catalogue == "model2":
        return model2_catalogue(tmp_path / "model2")
    return copy_fixture(catalogue, tmp_path)


@pytest.mark.parametrize("catalogue", ["full", "bundled", "model2"])
def test_export_import_export_gives_the_same_hsds(catalogue, tmp_path):
    root = source_catalogue(catalogue, tmp_path)
    first = export_hsds(root, tmp_path / "a")
    imported = tmp_path / "imported"
    result = kennosto("import", "hsds", tmp_path / "a" / "hsds", "--root", imported)
    assert result.exit_code == 0, result.stderr
    assert "not mapped" not in result.stderr
    check = kennosto("check", "--root", imported)
    assert check.exit_code == 0, check.stderr
    second = export_hsds(imported, tmp_path / "b")
    assert sorted(second) == sorted(first)
    for relpath in first:
        assert second[relpath] == first[relpath], relpath


def test_export_checks_first_and_writes_nothing_on_errors(tmp_path):
    root = copy_fixture("full", tmp_path)
    (root / "services" / "tyo.yaml").write_text("name: [\n", encoding="utf-8")
    result = kennosto("export", "csv", "--root", root, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "services/tyo.yaml:" in result.stderr and "nothing was exported" in result.stderr
    assert not (tmp_path / "out").exists()


def test_export_json_and_csv(tmp_path):
    root = copy_fixture("full", tmp_path)
    assert kennosto("export", "json", "--root", root, "--out", tmp_path / "o").exit_code == 0
    assert json.loads((tmp_path / "o" / "catalogue.json").read_text("utf-8"))["services"]
    assert (tmp_path / "o" / "catalogue.schema.json").is_file()
    assert kennosto("export", "csv", "--root", root, "--out", tmp_path / "o").exit_code == 0
    assert (tmp_path / "o" / "services.csv").read_text("utf-8").startswith('"slug",')


def test_a_full_service_document_with_unmapped_fields_is_reported_per_record(tmp_path):
    document = foreign_service(1, organization=foreign_org(), wait_time="2 viikkoa")
    document["phones"] = [{"id": hsds_id("phone", "a"), "number": "call us"}]
    source = write(tmp_path, {"in/service.json": json.dumps(document)}) / "in" / "service.json"
    root = tmp_path / "cat"
    result = kennosto("import", "hsds", source, "--root", root)
    assert result.exit_code == 0, result.stderr
    assert (
        f"import: service.json: record 1 (id {document['id']}): field wait_time not mapped"
        in result.stderr
    )
    assert f"import: service.json: record 1 (id {ORG_ID}): field tax_id not mapped" in result.stderr
    assert "phone 'call us' not mapped" in result.stderr
    service = (root / "services" / "tyopaja-aani.yaml").read_text("utf-8")
    assert "provider: esimerkki-ry" in service and "summary:\n  fi: Tukea työhön." in service
    assert (root / "organizations" / "esimerkki-ry.yaml").is_file()
    check = kennosto("check", "--root", root)
    assert check.exit_code == 0, check.stderr


def test_paginated_responses_unique_slugs_and_no_overwrite_without_force(tmp_path):
    page = {
        "total_items": 2,
        "page_number": 1,
        "contents": [foreign_service(1), foreign_service(2)],
    }
    write(
        tmp_path,
        {"in/services.json": json.dumps(page), "in/orgs.json": json.dumps([foreign_org()])},
    )
    root = tmp_path / "cat"
    first = kennosto("import", "hsds", tmp_path / "in", "--root", root)
    assert first.exit_code == 0, first.stderr
    assert sorted(p.name for p in (root / "services").iterdir()) == [
        "tyopaja-aani-2.yaml",
        "tyopaja-aani.yaml",
    ]
    (root / "services" / "tyopaja-aani.yaml").write_text("edited", encoding="utf-8")
    again = kennosto("import", "hsds", tmp_path / "in", "--root", root)
    assert "services/tyopaja-aani.yaml: exists, kept (use --force to replace)" in again.stderr
    assert (root / "services" / "tyopaja-aani.yaml").read_text("utf-8") == "edited"
    forced = kennosto("import", "hsds", tmp_path / "in", "--root", root, "--force")
    assert forced.exit_code == 0
    assert (root / "services" / "tyopaja-aani.yaml").read_text("utf-8").startswith("name:")
    assert sorted(p.name for p in (root / "services").iterdir()) == [
        "tyopaja-aani-2.yaml",
        "tyopaja-aani.yaml",
    ]


def test_malformed_input_names_file_and_record_and_writes_nothing(tmp_path):
    bad_record = foreign_service(2)
    bad_record["id"] = "not-a-uuid"
    bad_record["status"] = "open"
    write(
        tmp_path,
        {
            "in/a.json": json.dumps([foreign_org(), bad_record]),
            "in/b.json": '{"id": "x",\n "name": ',
        },
    )
    root = tmp_path / "cat"
    result = kennosto("import", "hsds", tmp_path / "in", "--root", root)
    assert result.exit_code == 1
    assert (
        "import: a.json: record 2 (id not-a-uuid): at id: 'not-a-uuid' is not a 'uuid'"
        in result.stderr
    )
    assert "import: a.json: record 2 (id not-a-uuid): at status:" in result.stderr
    assert "import: b.json:2:10: not JSON" in result.stderr
    assert "nothing was imported" in result.stderr
    assert not root.exists()


def test_a_service_whose_organization_is_missing_is_reported_not_written(tmp_path):
    source = write(tmp_path, {"s.json": json.dumps([foreign_service(3)])}) / "s.json"
    result = kennosto("import", "hsds", source, "--root", tmp_path / "cat")
    assert "not imported: its organization" in result.stderr
    assert not (tmp_path / "cat" / "services").exists()


def test_into_an_existing_catalogue_areas_by_name_and_unknown_terms_reported(tmp_path):
    root = copy_fixture("full", tmp_path)
    foreign_term = {
        "id": hsds_id("x", "1"),
        "name": "Aikuiset",
        "description": "-",
        "taxonomy": "target_groups",
        "code": "aikuiset",
    }
    document = foreign_service(
        4,
        organization=foreign_org(),
        service_areas=[
            {"id": hsds_id("a", "1"), "name": "Lahtis"},
            {"id": hsds_id("a", "2"), "name": "Turku"},
        ],
        languages=[
            {"id": hsds_id("l", "1"), "code": "fi"},
            {"id": hsds_id("l", "2"), "name": "Selkokieli"},
        ],
        minimum_age=200,
        attributes=[{"id": hsds_id("t", "1"), "taxonomy_term": foreign_term}],
    )
    source = write(tmp_path, {"in/s.json": json.dumps(document)}) / "in" / "s.json"
    result = kennosto("import", "hsds", source, "--root", root)
    assert result.exit_code == 0, result.stderr
    say = f"import: s.json: record 1 (id {document['id']}): "
    assert say + "service area 'Turku' not mapped: no municipality of that name" in result.stderr
    assert say + "language 'Selkokieli' not mapped: no ISO 639-1 code" in result.stderr
    assert say + "minimum_age 200 not mapped: not 0–130 years" in result.stderr
    assert say + "target_groups term 'aikuiset' is not in kennosto.yaml" in result.stderr
    service = (root / "services" / "tyopaja-aani.yaml").read_text("utf-8")
    assert "area:\n- lahti\n" in service and "target_groups" not in service
    check = kennosto("check", "--root", root)
    assert check.exit_code == 0, check.stderr


def test_foreign_status_alert_sources_and_area_descriptions_are_mapped(tmp_path):
    root = copy_fixture("full", tmp_path)
    metadata = [
        {
            "id": hsds_id("m", "1"),
            "last_action_date": "2026-09-01",
            "last_action_type": "source",
            "field_name": "",
            "previous_value": "",
            "replacement_value": "https://example.org/lahde",
            "updated_by": "Esite 2026",
        },
        {
            "id": hsds_id("m", "2"),
            "last_action_date": "2026-09-02",
            "last_action_type": "update",
            "field_name": "name",
            "previous_value": "Vanha",
            "replacement_value": "Uusi",
            "updated_by": "Matti",
        },
    ]
    ended = foreign_service(
        5, status="defunct", alert="Korvattu uudella.", metadata=metadata,
        service_areas=[{"id": hsds_id("a", "3"), "name": "Lahti", "description": "Vain Lahdessa."}],
    )  # fmt: skip
    planned = foreign_service(6, name="Tuleva paja", status="inactive")
    document = [foreign_org(), ended, planned]
    source = write(tmp_path, {"in/s.json": json.dumps(document)}) / "in" / "s.json"
    result = kennosto("import", "hsds", source, "--root", root)
    assert result.exit_code == 0, result.stderr
    assert f"record 3 (id {planned['id']}): status 'inactive' written as state 'planned'" in (
        result.stderr
    )
    assert "record 2" in result.stderr and "metadata[2] not mapped" in result.stderr
    service = (root / "services" / "tyopaja-aani.yaml").read_text("utf-8")
    assert "status:\n  state: ended\n  note:\n    fi: Korvattu uudella.\n" in service
    assert (
        "sources:\n- title: Esite 2026\n  url: https://example.org/lahde\n  date: 2026-09-01\n"
        in (service)
    )
    assert (
        "providers:\n- organization: esimerkki-ry\n  area:\n  - lahti\n  note:\n    fi: Vain Lahdessa.\n"
        in (service)
    )
    assert "state: planned" in (root / "services" / "tuleva-paja.yaml").read_text("utf-8")
    check = kennosto("check", "--root", root)
    assert check.exit_code == 0, check.stderr


def differences(a, b, path="") -> set[str]:
    """The paths where two JSON documents differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        return {d for k in set(a) | set(b) for d in differences(a.get(k), b.get(k), f"{path}.{k}")}
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return {
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{path}[{i}]")
        }
    return set() if a == b else {path}


def test_every_field_of_content_model_2_comes_back(tmp_path):
    """Beyond equal HSDS: the imported catalogue is the same catalogue, except for what
    HSDS cannot carry (README: title, order of languages, a translation equal to Finnish)."""
    root = model2_catalogue(tmp_path / "m", **{
        "kennosto.yaml": FILES["kennosto.yaml"].replace(", en: Young people}", "}"),
    })  # fmt: skip
    for fmt in ("hsds", "json"):
        assert kennosto("export", fmt, "--root", root, "--out", tmp_path / "a").exit_code == 0
    result = kennosto("import", "hsds", tmp_path / "a" / "hsds", "--root", tmp_path / "i")
    assert result.exit_code == 0 and "0 note(s)" in result.stderr, result.stderr
    assert (
        kennosto("export", "json", "--root", tmp_path / "i", "--out", tmp_path / "b").exit_code == 0
    )
    before, after = (json.loads((tmp_path / d / "catalogue.json").read_text("utf-8")) for d in "ab")
    assert differences(before, after) == {
        ".title.fi", ".title.sv", ".title.en",
        ".languages[0]", ".languages[1]", ".required_languages[0]", ".required_languages[1]",
        ".organizations[2].name.en",  # Kela is Kela in English too
    }  # fmt: skip
    settings = (tmp_path / "i" / "kennosto.yaml").read_text("utf-8")
    # Names equal in every language survive; a missing translation stays missing.
    assert (
        "  hollola:\n    name:\n      fi: Hollola\n      sv: Hollola\n      en: Hollola\n"
        in settings
    )
    assert "  nuoret:\n    name:\n      fi: Nuoret\n      sv: Unga\n" in settings
    assert "en: Young people" not in settings


def test_one_language_without_the_extension_imports_a_catalogue_that_passes_check(tmp_path):
    """Several providers whose areas overlap collapse into one provider without the
    extension records: each municipality is still listed once."""
    out = tmp_path / "export"
    assert kennosto("export", "hsds", "--root", REPO, "--out", out).exit_code == 0
    root = tmp_path / "imported"
    root.mkdir()
    assert kennosto("import", "hsds", out / "hsds" / "fi", "--root", root).exit_code == 0
    result = kennosto("check", "--root", root)
    assert result.exit_code == 0, result.stderr
