"""Open data written with the site: the catalogue as JSON, the services as CSV."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from helpers import copy_fixture

from kennosto.export import CSV_COLUMNS, catalogue_json, neutralise, services_csv
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


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    root = copy_fixture("full", tmp_path)
    path = root / "services" / "tyo.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r"(?m)^name: .*$",
        'name: {fi: "=HYPERLINK(\\"http://x.example\\",\\"a\\")", sv: "+1", en: "-1"}',
        text,
    )
    text = re.sub(r"(?m)^summary: .*$", 'summary: {fi: "@SUM(A1)", sv: "\\tTab", en: "=1+1"}', text)
    path.write_text(text, encoding="utf-8")
    catalogue = build_catalogue(load_catalogue(root))
    raw = services_csv(catalogue)
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    tyo = next(row for row in rows if row["slug"] == "tyo")
    assert tyo["name_fi"] == '\'=HYPERLINK("http://x.example","a")'
    assert (tyo["name_sv"], tyo["name_en"]) == ("'+1", "'-1")
    assert (tyo["summary_fi"], tyo["summary_sv"], tyo["summary_en"]) == (
        "'@SUM(A1)",
        "'\tTab",
        "'=1+1",
    )
    valmennus = next(row for row in rows if row["slug"] == "valmennus")
    assert valmennus["name_en"] == "Job coaching"  # ordinary text is left alone
    for line in raw.split("\r\n")[:1]:
        assert line.startswith('"slug","name_fi"')  # every cell quoted
    assert '"=HYPERLINK' not in raw and '""http://x.example""' in raw


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1", "'=1"),
        ("+358 3 123", "'+358 3 123"),
        ("-", "'-"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        (17, "17"),
        ("", ""),
    ],
)
def test_neutralise(cell, shown):
    assert neutralise(cell) == shown
