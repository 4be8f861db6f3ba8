"""Open data written with the site: the catalogue as JSON, the services as CSV."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from helpers import copy_fixture, write

from kennosto.assemble import build_catalogue
from kennosto.export import CSV_COLUMNS, catalogue_json, neutralise, services_csv
from kennosto.load import load_catalogue


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


def test_json_and_csv_carry_content_model_2(tmp_path):
    root = write(
        tmp_path / "c",
        {
            "kennosto.yaml": """languages: [fi]
categories:
  tuki: {name: {fi: Tuki}}
  tyo: {name: {fi: Työ}, parent: tuki}
municipalities:
  lahti: {name: {fi: Lahti}}
  hollola: {name: {fi: Hollola}}
referrers:
  kela: {name: {fi: Kela}, organization: kela}
methods:
  lahete: {name: {fi: Lähete}}
""",
            "organizations/kela.yaml": "name: {fi: Kela}\nstatus: {state: active}\n"
            "sources: [{title: Kela.fi, url: 'https://kela.fi/'}]\n",
            "organizations/lahti.yaml": "name: {fi: Lahti}\n",
            "services/a.yaml": """name: {fi: A}
summary: {fi: A.}
reviewed: 2026-11-01
kind: team
providers:
  - {organization: kela}
  - {organization: lahti, area: [lahti, hollola], note: {fi: Lahdessä}}
category: tyo
categories: [tuki]
audience: [professionals]
status: {state: pilot, since: 2026-01-01, until: 2027-12-31}
keywords: {fi: [tiimi, moniammatillinen], en: [team]}
sources: [{title: Laki, url: 'https://example.org/laki', date: 2026-01-01}]
transitions:
  - {to: b, kind: consult, by: kela, method: lahete, documents: [{fi: B-lausunto}], wait: {fi: Viikko}}
""",
            "services/b.yaml": "name: {fi: B}\nsummary: {fi: B.}\nreviewed: 2026-11-01\nkind: outcome\n",
            "paths/p.yaml": """name: {fi: P}
summary: {fi: P.}
steps:
  - {service: a, stage: {fi: Alku}}
  - {any_of: [b, a]}
alongside: [{service: a, from_step: 1}]
""",
        },
    )
    catalogue = build_catalogue(load_catalogue(root))
    data = json.loads(catalogue_json(catalogue))
    a, b = data["services"]
    assert a["kind"] == "team" and b["kind"] == "outcome" and "provider" not in b
    assert a["providers"] == [
        {"organization": "kela"},
        {"organization": "lahti", "area": ["lahti", "hollola"], "note": {"fi": "Lahdessä"}},
    ]
    assert a["categories"] == ["tyo", "tuki"] and a["audience"] == ["professionals"]
    assert a["status"] == {"state": "pilot", "since": "2026-01-01", "until": "2027-12-31"}
    assert a["keywords"] == {"fi": ["tiimi", "moniammatillinen"], "en": ["team"]}
    assert a["sources"] == [
        {"title": "Laki", "url": "https://example.org/laki", "date": "2026-01-01"}
    ]
    assert a["transitions"] == [
        {
            "target": "b",
            "kind": "consult",
            "by": "kela",
            "method": "lahete",
            "documents": [{"fi": "B-lausunto"}],
            "wait": {"fi": "Viikko"},
        }
    ]
    path = data["paths"][0]
    assert path["steps"] == [
        {"service": "a", "stage": {"fi": "Alku"}},
        {"any_of": ["b", "a"]},
    ]
    assert path["alongside"] == [{"service": "a", "from_step": 1, "to_step": 2}]
    vocabularies = data["vocabularies"]
    assert vocabularies["methods"] == [{"slug": "lahete", "name": {"fi": "Lähete"}}]
    assert vocabularies["categories"][1]["parent"] == "tuki"
    assert vocabularies["referrers"][0]["organization"] == "kela"
    assert data["required_languages"] == ["fi"]
    assert data["organizations"][0]["status"] == {"state": "active"}
    rows = list(csv.DictReader(io.StringIO(services_csv(catalogue))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert CSV_COLUMNS[: len(OLD_COLUMNS)] == OLD_COLUMNS
    assert {k: rows[0][k] for k in CSV_COLUMNS[len(OLD_COLUMNS) :]} == {
        "kind": "team",
        "status": "pilot",
        "status_since": "2026-01-01",
        "status_until": "2027-12-31",
        "providers": "kela;lahti:lahti,hollola",
        "categories": "tyo;tuki",
        "audience": "professionals",
        "keywords_fi": "tiimi;moniammatillinen",
        "keywords_sv": "",
        "keywords_en": "team",
        "sources": "https://example.org/laki",
    }
    assert rows[0]["provider"] == "kela" and rows[1]["provider"] == ""
    assert rows[1]["kind"] == "outcome" and rows[1]["audience"] == "clients;professionals"


# The columns before content model 2, in their order: spreadsheets that read them by
# position must keep working.
OLD_COLUMNS = (
    "slug",
    *(f"{field}_{lang}" for field in ("name", "summary") for lang in ("fi", "sv", "en")),
    "provider",
    "category",
    "target_groups",
    "area",
    "referrers",
    "age_min",
    "age_max",
    "free",
    "phone",
    "email",
    "url",
    "next_services",
    "reviewed",
)


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
