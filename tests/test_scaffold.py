"""kennosto new: templates that pass check once filled in, and never overwrite."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import REPO, copy_fixture, diagnostics, kennosto

FILL = {
    "organization": "kela",
    "category": "tyo",
    "target-group": "nuoret",
    "next-service": "loppu",
    "first-service": "alku",
    "second-service": "loppu",
    "kind": "kela",
    "https://…": "https://example.org/palvelu",
}


def fill(text: str) -> str:
    """What a maintainer does: every <…> replaced (slugs by real ones, texts by text)."""
    return re.sub(r"<([^<>\n]+)>", lambda m: FILL.get(m[1], f"Teksti {m[1]}"), text)


@pytest.mark.parametrize("kind", ["service", "path", "organization"])
def test_filled_template_passes_strict_check(tmp_path: Path, kind: str) -> None:
    root = copy_fixture("minimal", tmp_path)
    result = kennosto("new", kind, "uusi-kohde", "--root", root, "--today", "2026-11-30")
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == root / f"{kind}s".replace("ys", "ies") / "uusi-kohde.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    unfilled = kennosto("check", "--root", root, "--today", "2026-11-30")
    if kind != "path" or "<" in text:
        assert unfilled.exit_code == 1  # slug placeholders fail until replaced
        assert any("uusi-kohde.yaml" in line for line in diagnostics(unfilled.stderr))
    path.write_text(fill(text), encoding="utf-8")
    filled = kennosto("check", "--strict", "--root", root, "--today", "2026-11-30")
    assert filled.exit_code == 0, filled.stderr


def test_schema_comment_points_at_a_schema_file(tmp_path: Path) -> None:
    root = copy_fixture("minimal", tmp_path)
    result = kennosto("new", "service", "uusi", "--root", root)
    path = Path(result.stdout.strip())
    first = path.read_text(encoding="utf-8").splitlines()[0]
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert json.loads(target.read_text(encoding="utf-8"))["title"]


def test_in_this_repository_the_comment_is_relative_to_the_schemas() -> None:
    from kennosto.scaffold import schema_reference

    target = REPO / "services" / "x.yaml"
    assert (
        schema_reference(REPO, target, "service", {}) == "../kennosto/schemas/service.schema.json"
    )


def test_outside_a_repository_with_base_url_the_site_schema_is_named(tmp_path: Path) -> None:
    root = copy_fixture("minimal", tmp_path)
    settings = root / "kennosto.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "base_url: https://palvelut.example.fi/\n",
        encoding="utf-8",
    )
    result = kennosto("new", "organization", "uusi", "--root", root)
    first = Path(result.stdout.strip()).read_text(encoding="utf-8").splitlines()[0]
    assert first == (
        "# yaml-language-server: $schema=https://palvelut.example.fi/schema/organization.schema.json"
    )


def test_refuses_an_existing_file_and_leaves_it(tmp_path: Path) -> None:
    root = copy_fixture("minimal", tmp_path)
    before = (root / "services" / "alku.yaml").read_text(encoding="utf-8")
    result = kennosto("new", "service", "alku", "--root", root)
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert (root / "services" / "alku.yaml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("slug", ["Uusi", "uusi palvelu", "a--b", "ä"])
def test_refuses_a_non_slug(tmp_path: Path, slug: str) -> None:
    root = copy_fixture("minimal", tmp_path)
    result = kennosto("new", "service", slug, "--root", root)
    assert result.exit_code == 2
    assert "not a slug" in result.stderr
    assert not list((root / "services").glob("*u*si*"))


def test_editor_settings_map_every_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    for name in ("service", "path", "organization", "settings"):
        assert (REPO / "kennosto" / "schemas" / f"{name}.schema.json").is_file()
        assert f"kennosto/schemas/{name}.schema.json" in mapped
