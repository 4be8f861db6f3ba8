"""HSDS 3.0 export: every object validates against the HSDS schemas shipped in
kennosto/schemas/hsds/ (a copy of the 3.0 release), ids are stable, and the extension
and catalogue.json validate against their own schemas."""

from __future__ import annotations

import json
import uuid

import pytest
from helpers import copy_fixture
from jsonschema import Draft202012Validator, FormatChecker
from model2 import model2_catalogue

from kennosto.assemble import build_catalogue
from kennosto.hsds import NAMESPACE, hsds_id
from kennosto.hsds_schemas import hsds_errors
from kennosto.load import load_catalogue
from kennosto.open_data import data_files
from kennosto.render import builtin_templates, load_strings
from kennosto.schemas import schema


def export(root):
    catalogue = build_catalogue(load_catalogue(root))
    return dict(data_files(catalogue, load_strings(root)))


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    return export(copy_fixture("full", tmp_path_factory.mktemp("hsds")))


@pytest.fixture(scope="module")
def bundled():
    return export(builtin_templates().parent)


@pytest.fixture(scope="module")
def model2(tmp_path_factory):
    return export(model2_catalogue(tmp_path_factory.mktemp("model2")))


def records(files, name):
    return [
        (lang, r)
        for lang in ("fi", "sv", "en")
        for r in json.loads(files[f"hsds/{lang}/{name}.json"])
    ]


@pytest.mark.parametrize("which", ["full", "bundled", "model2"])
def test_every_exported_object_validates_against_hsds_3(which, request):
    files = request.getfixturevalue(which)
    problems = []
    for name, hsds in [
        ("organizations", "organization"),
        ("services", "service"),
        ("taxonomies", "taxonomy"),
        ("taxonomy_terms", "taxonomy_term"),
    ]:
        for lang, record in records(files, name):
            problems += [f"{lang} {name} {record['id']}: {e}" for e in hsds_errors(hsds, record)]
    singles = [p for p in files if "/services/" in p or "/organizations/" in p]
    for relpath in singles:
        kind = "service" if "/services/" in relpath else "organization"
        problems += [f"{relpath}: {e}" for e in hsds_errors(kind, json.loads(files[relpath]))]
    assert singles and not problems


def test_the_schema_check_can_fail():
    assert hsds_errors("service", {"id": "x", "name": "n", "status": "open"})


def full_files_doc(files, lang, record_id):
    return files[f"hsds/{lang}/services/{record_id}.json"]


def test_fields_map_as_documented(full):
    services = {r["id"]: r for lang, r in records(full, "services") if lang == "en"}
    coaching = services[hsds_id("service", "valmennus")]
    assert coaching["name"] == "Job coaching"
    # The summary is the first paragraph; the description has no English, so Finnish follows.
    assert coaching["description"].startswith("A coach supports your job search.\n\nValmennus")
    assert coaching["status"] == "active"
    assert (coaching["minimum_age"], coaching["maximum_age"]) == (16, 64)
    assert coaching["eligibility_description"] == "You are an unemployed jobseeker."
    assert coaching["application_process"] == "Ask for a referral."
    assert coaching["fees_description"] == "You get a cost allowance."
    assert coaching["cost_options"][0]["amount"] == 0
    assert coaching["required_documents"][0]["document"] == "Proof of identity."
    assert coaching["phones"][0]["number"] == "+358 40 000 0001"
    assert [a["name"] for a in coaching["service_areas"]] == ["Lahti", "Hollola"]
    assert [lang["code"] for lang in coaching["languages"]] == ["fi", "sv", "en"]
    assert coaching["languages"][1]["name"] == "Swedish"
    location = coaching["service_at_locations"][0]["location"]
    assert location["name"] == "Testikatu 2"  # Finnish fallback
    assert location["schedules"][0]["description"] == "Mon–Thu 9–15"
    doc = json.loads(full_files_doc(full, "en", coaching["id"]))
    links = {(a["link_type"], a["taxonomy_term"]["code"]) for a in doc["attributes"]}
    assert links == {
        ("kind", "service"),
        ("audience", "clients"),
        ("audience", "professionals"),
        ("category", "tyo"),
        ("target_group", "nuoret"),
        ("target_group", "tyottomat"),
        ("referrer", "itse"),
        ("referrer", "sote"),
    }
    # The bulk list refers to terms by id only; the terms are in taxonomy_terms.json.
    listed = {a["taxonomy_term_id"] for a in coaching["attributes"]}
    assert listed == {a["taxonomy_term_id"] for a in doc["attributes"]}
    assert all("taxonomy_term" not in a for a in coaching["attributes"])
    assert doc["organization"]["id"] == coaching["organization_id"]
    fi = {r["id"]: r for lang, r in records(full, "services") if lang == "fi"}
    assert fi[coaching["id"]]["description"].startswith("Valmentaja tukee työnhaussa.\n\nValmennus")


def test_ids_are_uuid5_of_slugs_and_the_same_every_time(full, tmp_path):
    assert hsds_id("service", "valmennus") == str(uuid.uuid5(NAMESPACE, "service/valmennus"))
    assert str(NAMESPACE) == "54b702e1-fe88-5696-8569-a4631eca7bde"
    again = export(copy_fixture("full", tmp_path))
    assert again == full
    ids = [r["id"] for lang, r in records(full, "services") if lang == "fi"]
    assert all(uuid.UUID(i).version == 5 for i in ids)


def test_content_model_2_maps_to_hsds(model2):
    services = {r["id"]: r for lang, r in records(model2, "services") if lang == "en"}
    team = services[hsds_id("service", "tiimi")]
    # The first provider is the organization; each provider's area is a service area
    # with its note as description.
    assert team["organization_id"] == hsds_id("organization", "alue")
    areas = [(a["name"], a.get("description")) for a in team["service_areas"]]
    assert areas == [("Lahti", "The Lahti team."), ("Hollola", None)]
    doc = json.loads(model2[f"hsds/en/services/{team['id']}.json"])
    links = [(a["link_type"], a["taxonomy_term"]["code"]) for a in doc["attributes"]]
    assert links == [
        ("kind", "team"),
        ("category", "tuki"),
        ("category", "valmennus"),
        ("target_group", "nuoret"),
        ("audience", "professionals"),
    ]
    kind_term = doc["attributes"][0]["taxonomy_term"]
    assert (kind_term["name"], kind_term["taxonomy"]) == ("Team", "kinds")
    sources = [
        (m["updated_by"], m["replacement_value"], m["last_action_date"]) for m in team["metadata"]
    ]
    assert sources == [
        ("Toimintamalli 2026", "https://example.org/malli", "2026-09-15"),
        ("Haastattelu", "", ""),
    ]
    assert {m["last_action_type"] for m in team["metadata"]} == {"source"}
    statuses = {
        slug: (
            services[hsds_id("service", slug)]["status"],
            services[hsds_id("service", slug)].get("alert"),
        )
        for slug in ("suunnitelma", "valmennus", "vanha", "etuus")
    }
    assert statuses == {
        "suunnitelma": ("inactive", None),
        "valmennus": ("active", "The pilot ends at the end of the year."),
        "vanha": ("defunct", "Replaced by coaching."),
        "etuus": ("active", None),
    }
    outcome = services[hsds_id("service", "tyo")]
    assert "organization_id" not in outcome
    orgs = {r["id"]: r for lang, r in records(model2, "organizations") if lang == "fi"}
    assert orgs[hsds_id("organization", "alue")]["metadata"][0]["updated_by"] == "Alueen verkkosivu"
    terms = {
        (t["taxonomy"], t["code"]): t
        for lang, t in records(model2, "taxonomy_terms")
        if lang == "sv"
    }
    assert terms[("categories", "valmennus")]["parent_id"] == hsds_id("term", "categories", "tyo")
    assert terms[("methods", "lahete")]["name"] == "Elektronisk remiss"
    assert terms[("audiences", "professionals")]["name"] == "Yrkesfolk"
    transitions = json.loads(model2["hsds/extension/transitions.json"])["transitions"]
    consult = next(t for t in transitions if t["to"] == "valmennus")
    assert (consult["kind"], consult["by"], consult["method"]) == ("consult", "sote", "lahete")
    assert consult["method_term_id"] == hsds_id("term", "methods", "lahete")
    assert consult["documents"][1] == {"fi": "Työkykyarvio", "sv": "Bedömning", "en": "Assessment"}
    steps = json.loads(model2["hsds/extension/paths.json"])["paths"][0]["steps"]
    assert steps[1]["any_of"] == ["valmennus", "suunnitelma"] and "service" not in steps[1]
    assert steps[0]["stage"]["en"] == "Recognition"


def test_extension_files_validate_against_their_schema(full, model2):
    extension = json.loads(full["hsds/extension/extension.schema.json"])
    validator = Draft202012Validator(extension, format_checker=FormatChecker())
    for files in (full, model2):
        for name in ("transitions", "paths", "records"):
            document = json.loads(files[f"hsds/extension/{name}.json"])
            assert not list(validator.iter_errors(document)), name
            assert document["extends"]["version"] == "3.0"
    transitions = json.loads(full["hsds/extension/transitions.json"])["transitions"]
    assert {(t["from"], t["to"], t["kind"]) for t in transitions} >= {("valmennus", "tyo", "next")}
    assert list(validator.iter_errors({"extension": "kennosto/paths", "version": "1"}))


def test_catalogue_json_validates_against_its_published_schema(full, bundled, model2):
    published = json.loads(full["catalogue.schema.json"])
    assert published == schema("catalogue-data.schema.json")
    validator = Draft202012Validator(published)
    for files in (full, bundled, model2):
        assert not list(validator.iter_errors(json.loads(files["catalogue.json"])))
    broken = json.loads(full["catalogue.json"])
    broken["services"][0]["unknown"] = 1
    assert list(validator.iter_errors(broken))
    assert json.loads(full["catalogue.json"])["license"]["name"] == "CC BY 4.0"


def undescribed(node, defs, where="") -> list[str]:
    """Properties without a description of their own or of the definition they refer to
    (language keys fi, sv, en excepted: the language map describes them)."""
    found = []
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            target = defs.get(str(value.get("$ref", "")).removeprefix("#/$defs/"), {})
            if key not in ("fi", "sv", "en") and not (
                value.get("description") or target.get("description")
            ):
                found.append(f"{where}/{key}")
        for key, value in node.items():
            found += undescribed(value, defs, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += undescribed(value, defs, f"{where}/{i}")
    return found


def test_every_field_of_catalogue_json_is_described(model2):
    published = schema("catalogue-data.schema.json")
    assert not undescribed(published, published["$defs"])
    assert undescribed({"properties": {"x": {"type": "string"}}}, {})
    # Every field content model 2 writes is in the schema (additionalProperties is false).
    document = json.loads(model2["catalogue.json"])
    team = next(s for s in document["services"] if s["slug"] == "tiimi")
    assert {"kind", "providers", "categories", "audience", "keywords", "sources"} <= set(team)
