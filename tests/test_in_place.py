"""The preview's in-place rebuild: the same bytes as a full build; unchanged files kept."""

from __future__ import annotations

import datetime
import gc
from pathlib import Path

import pytest
from helpers import copy_fixture, write

from kennosto.pipeline import BuildOptions, build

TODAY = datetime.date(2026, 11, 30)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit(root: Path) -> None:
    alku = root / "services" / "alku.yaml"
    alku.write_text(
        alku.read_text(encoding="utf-8").replace("Ensimmäinen palvelu.", "Muokattu palvelu."),
        encoding="utf-8",
    )
    write(
        root,
        {
            "services/uusi.yaml": (
                "name: {fi: Uusi, sv: Ny, en: New}\nsummary: {fi: U., sv: N., en: N.}\n"
                "provider: kela\nreviewed: 2026-11-01\n"
            )
        },
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_in_place_rebuild_gives_the_bytes_of_a_full_build(tmp_path: Path, jobs: int) -> None:
    root = copy_fixture("minimal", tmp_path)
    write(
        root,
        {
            "services/poistuva.yaml": (
                "name: {fi: Poistuva, sv: P, en: P}\nsummary: {fi: P., sv: P., en: P.}\n"
                "provider: kela\nreviewed: 2026-11-01\n"
            )
        },
    )
    options = BuildOptions(search=False, today=TODAY, jobs=jobs, parallel_threshold=1)
    preview = tmp_path / "preview"
    build(root, preview, BuildOptions(**{**vars(options), "in_place": True}))
    assert tree(preview) == tree(build(root, tmp_path / "full1", options).out)
    gone = root / "services" / "poistuva.yaml"
    kept_page = preview / "fi" / "about" / "index.html"  # shows none of the edits
    before = kept_page.stat()
    edit(root)
    gone.unlink()
    build(root, preview, BuildOptions(**{**vars(options), "in_place": True}))
    assert tree(preview) == tree(build(root, tmp_path / "full2", options).out)
    assert not list(preview.glob(f"*/services/{gone.stem}/index.html"))
    after = kept_page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_only_changed_files_are_written(tmp_path: Path) -> None:
    from kennosto.write_in_place import InPlaceSite

    site = InPlaceSite(tmp_path / "out")
    site.write("a/index.html", "one")
    site.write("b.txt", "two")
    site.commit()
    again = InPlaceSite(tmp_path / "out")
    again.write("a/index.html", "one")
    again.write("c.txt", "three")
    again.commit()
    assert sorted(again.changed) == ["b.txt", "c.txt"]  # c written, b removed
    assert tree(tmp_path / "out").keys() == {".kennosto-site", "a/index.html", "c.txt"}


def test_incremental_rebuilds_give_the_bytes_of_full_builds(tmp_path: Path) -> None:
    """Edit after edit, the preview's rebuild (only affected pages rendered, in place)
    equals a full build: names that neighbours, paths and providers show, a new and a
    deleted service, then an organization and the settings (which render everything)."""
    from model2 import model2_catalogue

    from kennosto.incremental import Incremental

    root = model2_catalogue(tmp_path / "cat")
    incremental = Incremental()
    options = BuildOptions(search=False, today=TODAY)
    preview_options = BuildOptions(
        search=False, today=TODAY, in_place=True, incremental=incremental
    )
    preview = tmp_path / "preview"
    build(root, preview, preview_options)

    def rename(relpath: str) -> None:
        path = root / relpath
        path.write_text(
            path.read_text(encoding="utf-8").replace("{fi: ", "{fi: Muutettu ", 1),
            encoding="utf-8",
        )

    new_service = (
        "name: {fi: Uusi, sv: Ny, en: New}\nsummary: {fi: U., sv: N., en: N.}\n"
        "provider: alue\nreviewed: 2026-11-01\ntransitions: [{to: tyo}]\n"
    )
    edits = [
        *(lambda name=n: rename(f"services/{name}.yaml") for n in ("tiimi", "valmennus", "tyo")),
        lambda: rename("paths/polku.yaml"),
        lambda: write(root, {"services/uusi.yaml": new_service}),
        lambda: (root / "services" / "uusi.yaml").unlink(),
        lambda: rename("organizations/jarjesto.yaml"),
        lambda: rename("kennosto.yaml"),
    ]
    selective = 0
    for number, edit in enumerate(edits):
        edit()
        build(root, preview, preview_options)
        selective += bool(incremental.rendered)
        full = build(root, tmp_path / f"full{number}", options).out
        assert tree(preview) == tree(full), f"edit {number}"
        incremental.rendered = []
    assert selective >= 5  # the service, path and new-service edits rendered a subset


def test_rebuilds_with_kept_files_and_records_give_the_bytes_of_full_builds(
    tmp_path: Path,
) -> None:
    """The preview keeps parsed files, model objects and data records between builds and
    knows which files it left: an edit and its revert, a failed build and the fix, a
    service moving to another provider, a new and a deleted entry, a new static file and
    base_url (feeds, sitemap) all still give a full build's bytes. Files older than the
    racy window are taken from the cache, and unchanged data files are not rewritten."""
    from model2 import model2_catalogue

    from kennosto.errors import ContentError
    from kennosto.incremental import Incremental

    root = model2_catalogue(tmp_path / "cat")
    settings = root / "kennosto.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "base_url: https://example.org/\n", "utf-8"
    )
    incremental = Incremental()
    options = BuildOptions(search=False, today=TODAY)
    shown: list[int] = []
    preview_options = BuildOptions(
        search=False,
        today=TODAY,
        in_place=True,
        incremental=incremental,
        pages_ready=lambda: shown.append(1),
    )
    preview = tmp_path / "preview"
    build(root, preview, preview_options)
    originals = {p: p.read_text(encoding="utf-8") for p in (root / "services").glob("*.yaml")}

    def text(name: str) -> str:
        return originals[root / "services" / f"{name}.yaml"]

    def put(name: str, content: str) -> None:
        write(root, {f"services/{name}.yaml": content})

    edits = [
        lambda: put("tiimi", text("tiimi").replace("{fi: ", "{fi: Muutettu ", 1)),
        lambda: put("tiimi", text("tiimi")),  # reverted
        lambda: put("valmennus", text("valmennus").replace("{fi: ", "{fi: Toinen ", 1)),
        lambda: put("tyo", "name: [broken\n"),  # fails: the next build starts afresh
        lambda: put("tyo", text("tyo").replace("{fi: ", "{fi: Korjattu ", 1)),
        lambda: put("suunnitelma", text("suunnitelma").replace("provider: alue", "provider: kela")),
        lambda: put(
            "uusi",
            "name: {fi: Uusi, sv: Ny, en: New}\nsummary: {fi: U., sv: N., en: N.}\n"
            "provider: kela\nreviewed: 2026-11-01\ntransitions: [{to: tyo}]\n",
        ),
        lambda: put("etuus", text("etuus").replace("{fi: ", "{fi: Kolmas ", 1)),
        lambda: (root / "services" / "uusi.yaml").unlink(),
        lambda: write(root, {"templates/static/extra.txt": "x"}),
        lambda: put("vanha", text("vanha").replace("{fi: ", "{fi: Neljäs ", 1)),
    ]
    trusted = 0
    for number, edit in enumerate(edits):
        edit()
        if number == 3:
            with pytest.raises(ContentError):
                build(root, preview, preview_options)
            continue
        build(root, preview, preview_options)
        trusted += incremental.records.trusted
        full = build(root, tmp_path / f"full{number}", options).out
        assert tree(preview) == tree(full), f"edit {number}"
    assert shown  # the edited pages were shown before the lists and data
    assert trusted >= 5  # unchanged data files were known to be on disk
    assert len(incremental.loads.files) >= 9  # every entry file is kept between builds


def test_kept_files_are_checked_again_against_what_other_files_changed(tmp_path: Path) -> None:
    """A file the preview did not parse again still gets the errors another file's edit
    causes in it (a reference to a deleted service), and loses them when it is fixed."""
    import os

    from model2 import model2_catalogue

    from kennosto.errors import ContentError
    from kennosto.incremental import Incremental

    root = model2_catalogue(tmp_path / "cat")
    for path in root.rglob("*.yaml"):  # older than the racy window: taken from the cache
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10**9))
    options = BuildOptions(search=False, today=TODAY, in_place=True, incremental=Incremental())
    build(root, tmp_path / "preview", options)
    target = root / "services" / "tyo.yaml"
    text = target.read_text(encoding="utf-8")
    target.unlink()
    with pytest.raises(ContentError) as failure:
        build(root, tmp_path / "preview", options)
    assert any("'tyo'" in d.message and d.path != target.name for d in failure.value.diagnostics)
    assert len(options.incremental.loads.files) >= 9  # the other files came from the cache
    target.write_text(text, encoding="utf-8")
    build(root, tmp_path / "preview", options)
    full = build(root, tmp_path / "full", BuildOptions(search=False, today=TODAY)).out
    assert tree(tmp_path / "preview") == tree(full)


@pytest.mark.parametrize("asked_before_stopping", [0, 1])
def test_a_rebuild_stopped_for_a_newer_save_leaves_a_site_the_next_one_makes_whole(
    tmp_path: Path, asked_before_stopping: int
) -> None:
    """The preview's second phase gives way to a newer save: stopped right after the
    edited pages are written, or while the workers render the lists, the next rebuild
    (still selective) gives a full build's bytes."""
    from model2 import model2_catalogue

    from kennosto.incremental import Incremental
    from kennosto.pipeline import Cancelled

    root = model2_catalogue(tmp_path / "cat")
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > asked_before_stopping

    incremental = Incremental()
    common = {"search": False, "today": TODAY, "jobs": 2, "parallel_threshold": 1}
    options = BuildOptions(**common, in_place=True, incremental=incremental)
    preview = tmp_path / "preview"
    build(root, preview, options)
    service = root / "services" / "tiimi.yaml"
    service.write_text(
        service.read_text(encoding="utf-8").replace("{fi: ", "{fi: Ensin ", 1), "utf-8"
    )
    stopping = BuildOptions(**{**vars(options), "cancelled": cancelled})
    with pytest.raises(Cancelled):
        build(root, preview, stopping)
    assert gc.isenabled(), "a stopped build left the collector paused (open_data)"
    assert "Ensin" in (preview / "fi" / "services" / "tiimi" / "index.html").read_text("utf-8")
    service.write_text(service.read_text(encoding="utf-8").replace("Ensin", "Sitten"), "utf-8")
    build(root, preview, options)
    assert incremental.rendered  # still selective after the stop
    full = build(root, tmp_path / "full", BuildOptions(**common)).out
    assert tree(preview) == tree(full)
