"""kennosto stale: entries by review date, oldest first; exit 1 for CI when any is due."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from helpers import kennosto, write

from kennosto.stale import months_ago

SETTINGS = "title: {fi: T}\nlanguages: [fi]\n"


def catalogue(tmp_path: Path) -> Path:
    return write(
        tmp_path / "cat",
        {
            "kennosto.yaml": SETTINGS,
            "organizations/org.yaml": "name: {fi: Org}\nreviewed: 2026-01-15\n",
            "organizations/toinen.yaml": "name: {fi: Toinen}\nreviewed: 2024-03-01\n",
            "services/vanha.yaml": (
                "name: {fi: Vanha}\nsummary: {fi: S.}\nprovider: org\nreviewed: 2025-06-01\n"
                "sources:\n  - title: Laki\n    date: 2020-01-01\n  - title: Sivu\n"
            ),
            "services/uusi.yaml": (
                "name: {fi: Uusi}\nsummary: {fi: S.}\nreviewed: 2026-11-01\n"
                "providers:\n  - organization: org\n  - organization: toinen\n"
            ),
            "services/kokeilu.yaml": (
                "name: {fi: Kokeilu}\nsummary: {fi: S.}\nprovider: org\nreviewed: 2026-10-01\n"
                "status: {state: pilot, until: 2026-06-30}\n"
            ),
            "services/loppunut.yaml": (
                "name: {fi: Loppunut}\nsummary: {fi: S.}\nprovider: org\nreviewed: 2026-10-01\n"
                "status: {state: ended, until: 2026-06-30}\n"
            ),
            "paths/polku.yaml": "name: {fi: P}\nsummary: {fi: S.}\nsteps: [{service: uusi}]\n",
        },
    )


def entries(tmp_path: Path, *args: str) -> tuple[int, list[dict]]:
    result = kennosto("stale", "--root", catalogue(tmp_path), "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)["entries"]


def test_oldest_first_never_reviewed_at_the_top(tmp_path: Path) -> None:
    _, listed = entries(tmp_path, "--today", "2026-11-30")
    assert [e["file"] for e in listed] == [
        "paths/polku.yaml",
        "organizations/toinen.yaml",
        "services/vanha.yaml",
        "organizations/org.yaml",
        "services/kokeilu.yaml",
        "services/loppunut.yaml",
        "services/uusi.yaml",
    ]


def test_providers_and_source_dates_are_shown(tmp_path: Path) -> None:
    _, listed = entries(tmp_path, "--today", "2026-11-30")
    by_slug = {e["slug"]: e for e in listed}
    assert by_slug["uusi"]["providers"] == ["org", "toinen"]
    assert by_slug["vanha"]["providers"] == ["org"]
    assert by_slug["vanha"]["sources"] == [
        {"title": "Laki", "date": "2020-01-01"},
        {"title": "Sivu", "date": None},
    ]


def test_flags_old_reviews_and_passed_until_but_not_ended(tmp_path: Path) -> None:
    code, listed = entries(tmp_path, "--today", "2026-11-30", "--months", "12")
    assert code == 1
    flagged = {e["slug"] for e in listed if e["stale"]}
    assert flagged == {"polku", "toinen", "vanha", "kokeilu"}
    kokeilu = next(e for e in listed if e["slug"] == "kokeilu")
    assert kokeilu["until"] == "2026-06-30"
    assert "has passed" in kokeilu["problems"][0]


def test_months_limit_moves_the_line(tmp_path: Path) -> None:
    _, listed = entries(tmp_path, "--today", "2026-11-30", "--months", "6")
    assert {e["slug"] for e in listed if e["stale"]} == {
        "polku",
        "toinen",
        "vanha",
        "org",
        "kokeilu",
    }


def test_today_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KENNOSTO_TODAY", "2026-05-01")
    _, listed = entries(tmp_path)
    assert not next(e for e in listed if e["slug"] == "kokeilu")["stale"]


def test_exit_0_when_everything_is_fresh(tmp_path: Path) -> None:
    root = write(
        tmp_path / "fresh",
        {
            "kennosto.yaml": SETTINGS,
            "organizations/org.yaml": "name: {fi: Org}\nreviewed: 2026-11-01\n",
        },
    )
    result = kennosto("stale", "--root", root, "--today", "2026-11-30")
    assert result.exit_code == 0
    assert "organizations/org.yaml" in result.stdout
    assert "0 not reviewed within 12 months" in result.stderr


def test_table_marks_flagged_entries(tmp_path: Path) -> None:
    result = kennosto("stale", "--root", catalogue(tmp_path), "--today", "2026-11-30")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["REVIEWED", "AGE"]
    toinen = next(line for line in lines if "organizations/toinen.yaml" in line)
    assert toinen.startswith("!") and "2024-03-01" in toinen and "32 mo" in toinen
    assert "services/kokeilu.yaml: status pilot until 2026-06-30 has passed" in result.stdout
    assert "Laki (2020-01-01); Sivu (no date)" in result.stdout


def test_missing_catalogue_is_an_environment_error(tmp_path: Path) -> None:
    result = kennosto("stale", "--root", tmp_path / "missing")
    assert result.exit_code == 2
    assert "kennosto: error: catalogue folder not found" in result.stderr


def test_months_ago_clamps_to_the_end_of_a_shorter_month() -> None:
    assert months_ago(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_ago(datetime.date(2026, 1, 15), 12) == datetime.date(2025, 1, 15)
