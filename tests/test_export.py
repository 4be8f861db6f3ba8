"""Open data written with the site: the catalogue as JSON, the services as CSV."""

from __future__ import annotations

import csv
import io
import json

from helpers import copy_fixture

from kennosto.export import CSV_COLUMNS, catalogue_json, services_csv
from kennosto.load import load_catalogue
from kennosto.model import build_catalogue


def test_json_and_csv_hold_every_service(tmp_path):
    root = copy_fixture("full", tmp_path)
    catalogue = build_catalogue(load_catalogue(root))
    data = json.loads(catalogue_json(catalogue))
    assert [s["slug"] for s in data["services"]] == ["kuntoutus", "tyo", "valmennus"]
    valmennus = data["services"][2]
    assert valmennus["name"]["en"] == "Job coaching"
    assert valmennus["transitions"][0] == {
        "kind": "next",
        "target": "tyo",
        "when": {
            "en": "When a job is found.",
            "fi": "Kun työpaikka löytyy.",
            "sv": "När ett arbete hittas.",
        },
    }
    assert data["vocabularies"]["municipalities"][0]["slug"] == "lahti"
    rows = list(csv.DictReader(io.StringIO(services_csv(catalogue))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[2]["area"] == "lahti;hollola"
    assert rows[2]["next_services"] == "tyo;kuntoutus"
    assert rows[1]["free"] == ""
