"""Two builds in one process (the preview, the tests) share compiled templates, but never
rendered text: a list line or header kept from the first build would show the old
catalogue in the second."""

from __future__ import annotations

from helpers import copy_fixture

from kennosto.pipeline import BuildOptions, build


def test_a_second_build_in_the_same_process_shows_the_edited_catalogue(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    options = BuildOptions(search=False, diagrams=False)
    build(root, tmp_path / "first", options)
    service = root / "services" / "alku.yaml"
    service.write_text(
        service.read_text(encoding="utf-8").replace("Ensimmäinen palvelu.", "Muutettu kuvaus."),
        encoding="utf-8",
    )
    settings = root / "kennosto.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("Testikennosto", "Uusi nimi"),
        encoding="utf-8",
    )
    build(root, tmp_path / "second", options)
    services = (tmp_path / "second" / "fi" / "services" / "index.html").read_text("utf-8")
    assert "Muutettu kuvaus." in services and "Ensimmäinen palvelu." not in services
    assert "Uusi nimi" in services and "Testikennosto" not in services
