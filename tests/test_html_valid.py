"""Every page is valid HTML5 by the current Nu HTML Checker (npm vnu-jar, run with java)."""

from __future__ import annotations

from helpers import REPO, copy_fixture, kennosto, run_vnu


def test_full_fixture_pages_are_valid_html(tmp_path):
    root = copy_fixture("full", tmp_path)
    out = tmp_path / "site"
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    assert run_vnu(out) == []


def test_bundled_catalogue_pages_are_valid_html(tmp_path):
    out = tmp_path / "site"
    result = kennosto("build", "--root", REPO, "--out", out, "--no-search")
    assert result.exit_code == 0, result.stderr
    assert run_vnu(out) == []
