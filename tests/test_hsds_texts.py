"""The HSDS datasets' fast path (hsds_texts: shared frames, texts joined from pieces) gives
byte for byte what encoding the general records of hsds.py gives, in every language, on
varied catalogues: every content model 2 field, several providers, areas and notes, and
texts that look like the holes jsontext cuts at."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from helpers import copy_fixture
from model2 import model2_catalogue

from kennosto.assemble import build_catalogue
from kennosto.hsds import organization, service
from kennosto.hsds_common import Dataset, hsds_id
from kennosto.load import load_catalogue
from kennosto.model import Catalogue, Term
from kennosto.open_data import data_files
from kennosto.render import builtin_templates, load_strings


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def by_id(attributes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in a.items() if k != "taxonomy_term"} for a in attributes]


def general(ds: Dataset, item: Any) -> tuple[str, str]:
    """(bulk record, own document) from hsds.service: terms by id in the bulk list;
    terms and the organization nested in the document."""
    record = service(ds, item)
    short = dict(record)
    if "attributes" in record:
        short["attributes"] = by_id(record["attributes"])
    if "service_areas" in record:
        short["service_areas"] = [
            {**area, "attributes": by_id(area["attributes"])} if "attributes" in area else area
            for area in record["service_areas"]
        ]
    whole = dict(record)
    if item.provider:
        whole["organization"] = organization(ds, ds.catalogue.organizations[item.provider])
    return dumps(short), dumps(whole) + "\n"


def odd(catalogue: Catalogue) -> Catalogue:
    """Texts holding NUL (what a hole looks like in JSON text) and quotes, a municipality
    name among them, and a provider note: the fast path must fall back where needed."""
    settings = catalogue.settings
    towns = {
        slug: dataclasses.replace(term, name={"fi": 'Kaupunki "\0"', "sv": "\0"})
        for slug, term in settings.municipalities.items()
    }
    towns["nul"] = Term("nul", {"fi": "\0", "en": '"\0'})
    services = {}
    for number, (slug, item) in enumerate(catalogue.services.items()):
        text = {"fi": f'"\0 {number}', "sv": "\0\0"} if number % 2 else {"fi": "\0"}
        providers = tuple(
            dataclasses.replace(p, note={"fi": '"\0"'}, area=(*p.area, "nul"))
            for p in item.providers
        )
        services[slug] = dataclasses.replace(item, name=text, providers=providers)
    settings = dataclasses.replace(settings, municipalities=towns, region={"fi": '"\0"'})
    return dataclasses.replace(catalogue, settings=settings, services=services)


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory):
    full = copy_fixture("full", tmp_path_factory.mktemp("texts"))
    model2 = model2_catalogue(tmp_path_factory.mktemp("model2"))
    found = []
    for root in (full, model2, builtin_templates().parent):
        catalogue = build_catalogue(load_catalogue(root))
        found += [(catalogue, load_strings(root)), (odd(catalogue), load_strings(root))]
    return found


def test_the_fast_path_gives_what_the_records_encode_to(catalogues):
    checked = 0
    for catalogue, strings in catalogues:
        files = dict(data_files(catalogue, strings, ("hsds",)))
        for lang in catalogue.settings.languages:
            ds = Dataset(catalogue, lang, strings)
            pairs = [general(ds, item) for item in catalogue.services.values()]
            bulk = "[" + ",".join(short for short, _ in pairs) + "]\n"
            assert files[f"hsds/{lang}/services.json"] == bulk
            for item, (_, whole) in zip(catalogue.services.values(), pairs, strict=True):
                path = f"hsds/{lang}/services/{hsds_id('service', item.slug)}.json"
                assert files[path] == whole, path
                checked += 1
    assert checked > 30
