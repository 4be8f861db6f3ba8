"""Included folders: shared entries (e.g. national/) written once, used by many catalogues."""

from __future__ import annotations

from pathlib import Path

from helpers import diagnostics, kennosto, write

NAMES = "name: {fi: N, sv: N, en: N}\nsummary: {fi: S, sv: S, en: S}\nreviewed: 2026-11-01\n"


def shared(root: Path) -> Path:
    return write(
        root / "national",
        {
            "kennosto.yaml": "categories:\n  etuudet: {name: {fi: Etuudet, sv: Förmåner, en: Benefits}}\n",
            "organizations/kela.yaml": "name: {fi: Kela, sv: FPA, en: Kela}\n",
            "services/raha.yaml": NAMES + "kind: benefit\nprovider: kela\ncategory: etuudet\n",
        },
    )


def region(root: Path, files: dict[str, str]) -> Path:
    return write(
        root / "region",
        {
            "kennosto.yaml": "title: {fi: Alue}\ninclude: [../national]\n",
            "organizations/kunta.yaml": "name: {fi: Kunta, sv: Kommun, en: Municipality}\n",
            "services/neuvonta.yaml": NAMES
            + "provider: kunta\ncategory: etuudet\ntransitions: [{to: raha}]\n",
            **files,
        },
    )


def test_a_catalogue_uses_the_entries_and_vocabularies_of_an_included_folder(tmp_path):
    shared(tmp_path)
    root = region(tmp_path, {})
    result = kennosto("check", "--root", root, "--strict")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "site"
    assert kennosto("build", "--root", root, "--out", out, "--no-search", "-q").exit_code == 0
    page = (out / "fi" / "services" / "raha" / "index.html").read_text(encoding="utf-8")
    assert "Kela" in page and "Etuudet" in page
    assert "neuvonta" in page  # where clients come from: the region's own entry


def test_problems_in_an_included_file_are_named_from_the_catalogue_root(tmp_path):
    shared(tmp_path)
    write(tmp_path / "national", {"services/rikki.yaml": NAMES + "provider: kela2\n"})
    root = region(tmp_path, {})
    found = diagnostics(kennosto("check", "--root", root).stderr)
    assert [line.split(": error: ")[0] for line in found if "error" in line] == [
        "../national/services/rikki.yaml:4:11"
    ]


def test_the_catalogue_own_entry_replaces_an_included_one(tmp_path):
    shared(tmp_path)
    own = "name: {fi: Oma raha, sv: N, en: N}\nsummary: {fi: S, sv: S, en: S}\nreviewed: 2026-11-01\nprovider: kunta\n"
    root = region(tmp_path, {"services/raha.yaml": own})
    assert kennosto("check", "--root", root, "--strict").exit_code == 0
    out = tmp_path / "site"
    kennosto("build", "--root", root, "--out", out, "--no-search", "-q")
    page = (out / "fi" / "services" / "raha" / "index.html").read_text(encoding="utf-8")
    assert "Oma raha" in page


def test_the_same_slug_in_two_included_folders_is_an_error_at_both(tmp_path):
    shared(tmp_path)
    write(
        tmp_path / "other",
        {"services/raha.yaml": NAMES + "provider: kela\n"},
    )
    root = region(tmp_path, {"kennosto.yaml": "include: [../national, ../other]\n"})
    found = diagnostics(kennosto("check", "--root", root).stderr)
    assert found == [
        "../national/services/raha.yaml:1:1: error: service 'raha' is also in ../other/services/raha.yaml; keep one",
        "../other/services/raha.yaml:1:1: error: service 'raha' is also in ../national/services/raha.yaml; keep one",
    ]


def test_a_missing_include_folder_is_an_error_at_its_line(tmp_path):
    root = region(tmp_path, {"kennosto.yaml": "title: {fi: Alue}\ninclude:\n  - ../puuttuu\n"})
    found = diagnostics(kennosto("check", "--root", root).stderr)
    assert found[0] == (
        "kennosto.yaml:3:5: error: include: folder '../puuttuu' not found (relative to the catalogue root)"
    )


def test_only_vocabularies_are_read_from_an_included_settings_file(tmp_path):
    shared(tmp_path)
    write(tmp_path / "national", {"kennosto.yaml": "title: {fi: Kansallinen}\n"})
    root = region(tmp_path, {"services/neuvonta.yaml": NAMES + "provider: kunta\n"})
    found = diagnostics(kennosto("check", "--root", root).stderr)
    assert found == [
        "../national/kennosto.yaml:1:1: warning: 'title' is not read from an included folder's "
        "kennosto.yaml; only its vocabularies (categories, target_groups, municipalities, "
        "referrers, methods) are",
        "../national/services/raha.yaml:6:11: error: unknown category 'etuudet' (define 'categories' in kennosto.yaml)",
    ]
