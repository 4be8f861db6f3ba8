"""A build updates the spare site (the one before the current) and swaps it in: what it
writes is exactly what a build from nothing writes, it never writes through a file the
served site shares, and it leaves files whose bytes did not change as they are."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_fixture, write
from test_output import digest

from kennosto import reuse
from kennosto.errors import OutputError
from kennosto.pipeline import BuildOptions, build
from kennosto.search import SearchIndexError
from kennosto.write import MARKER, MARKER_TEXT, AtomicSite

SERIAL = BuildOptions(search=False)
# Render workers and the open data's child write too: each must tell what it wrote.
PARALLEL = BuildOptions(search=False, jobs=2, parallel_threshold=1)


def tree(out: Path) -> dict[str, tuple[str, int]]:
    """`out` and every file and folder under it: kind and mode."""
    return {
        p.relative_to(out).as_posix(): (
            "dir" if p.is_dir() else "file",
            stat.S_IMODE(p.stat().st_mode),
        )
        for p in [out, *out.rglob("*")]
    }


def inodes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}


def edit(root: Path) -> None:
    """A renamed service, a deleted path and content page, a new content page."""
    service = root / "services" / "kuntoutus.yaml"
    service.write_text(service.read_text().replace("name: {fi: ", "name: {fi: Uusi "))
    (root / "paths" / "tyohon.yaml").unlink()
    (root / "content" / "sanasto.md").unlink()
    write(root, {"content/uusi.md": "# Uusi sivu\n"})


def built_twice(tmp_path: Path, fixture: str = "full") -> tuple[Path, Path]:
    """A catalogue and its site, built twice: the first site is now the spare."""
    root = copy_fixture(fixture, tmp_path)
    out = tmp_path / "out"
    build(root, out, SERIAL)
    build(root, out, SERIAL)
    return root, out


def fresh(root: Path, tmp_path: Path, options: BuildOptions) -> Path:
    out = tmp_path / "fresh"
    build(root, out, options)
    return out


@pytest.mark.parametrize("options", [SERIAL, PARALLEL], ids=["one process", "workers"])
def test_rebuilds_write_what_a_build_from_nothing_writes(tmp_path, options):
    root = copy_fixture("full", tmp_path)
    out = tmp_path / "out"
    build(root, out, options)
    build(root, out, options)  # the first site becomes the spare
    edit(root)
    build(root, out, options)  # the spare updated: two builds behind
    assert (tmp_path / ".out.spare" / MARKER).is_file()
    expected = fresh(root, tmp_path, options)
    assert digest(out) == digest(expected)
    assert tree(out) == tree(expected)  # no folder left over, the same modes
    assert not (out / "fi" / "paths" / "tyohon").exists()


def test_unchanged_files_are_not_written_again(tmp_path):
    """Their inodes stay (so do their time stamps); a changed page is a new file."""
    root = copy_fixture("full", tmp_path)
    out = tmp_path / "out"
    build(root, out, SERIAL)
    before = inodes(out)
    build(root, out, SERIAL)
    build(root, out, SERIAL)
    assert inodes(out) == before
    edit(root)
    build(root, out, SERIAL)
    after = inodes(out)
    changed = {path for path in after if after[path] != before.get(path)}
    assert "fi/services/kuntoutus/index.html" in changed
    assert "fi/uusi/index.html" in changed
    assert {"static/style.css", "schema/service.schema.json", "en/list/services.json"}.isdisjoint(
        changed
    )


def test_the_served_site_is_never_written_through(tmp_path):
    """The spare shares its unchanged files' inodes with the served site; the build that
    updates it must replace them, not write into them: the site it replaced is intact."""
    root, out = built_twice(tmp_path)
    served = digest(out)
    edit(root)
    build(root, out, SERIAL)
    assert digest(tmp_path / ".out.spare") == served


def test_a_failed_build_leaves_the_site_and_puts_the_spare_back(tmp_path, monkeypatch):
    root, out = built_twice(tmp_path)
    served = digest(out)
    edit(root)

    def full_disk(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(AtomicSite, "prune", full_disk)  # after every file was written
    with pytest.raises(OutputError):
        build(root, out, SERIAL)
    monkeypatch.undo()
    assert digest(out) == served
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.spare", "full", "out"]
    build(root, out, SERIAL)  # the partly updated spare is compared file by file
    assert digest(out) == digest(fresh(root, tmp_path, SERIAL))


def test_a_folder_not_made_by_kennosto_is_never_taken_as_the_spare(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    out = tmp_path / "out"
    build(root, out, SERIAL)
    write(tmp_path / ".out.spare", {"thesis.txt": "precious"})
    build(root, out, SERIAL)
    assert (tmp_path / ".out.spare" / "thesis.txt").read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.spare", "minimal", "out"]


def test_an_old_search_index_in_the_spare_is_removed(tmp_path):
    root, out = built_twice(tmp_path, "minimal")
    write(tmp_path / ".out.spare", {"pagefind/pagefind-entry.json": "{}"})
    build(root, out, SERIAL)
    assert not (out / "pagefind").exists()


def spare(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = write(tmp_path / ".out.spare", {MARKER: MARKER_TEXT, **files})
    (tmp_path / "out").mkdir(exist_ok=True)
    write(tmp_path / "out", {MARKER: MARKER_TEXT})
    return folder


def test_links_files_and_folders_in_the_spare_are_replaced_not_followed(tmp_path):
    outside = write(tmp_path / "outside", {"index.html": "mine"})
    folder = spare(tmp_path, {"a": "a file where a folder goes", "b/index.html/x": "a folder"})
    (folder / "fi").symlink_to(outside, target_is_directory=True)
    (folder / "data").symlink_to(outside, target_is_directory=True)
    (folder / "c.html").symlink_to(outside / "index.html")
    site = AtomicSite(tmp_path / "out")
    assert site.reused
    for relpath in ("fi/index.html", "a/index.html", "b/index.html", "c.html", "data/x/y.json"):
        site.write(relpath, "new")
    site.prune()
    site.commit()
    out = tmp_path / "out"
    assert sorted(p.name for p in outside.iterdir()) == ["index.html"]
    assert (outside / "index.html").read_text() == "mine"
    for relpath in ("fi/index.html", "a/index.html", "b/index.html", "c.html", "data/x/y.json"):
        path = out / relpath
        assert path.read_text() == "new" and not path.is_symlink() and path.is_file()
    assert not (out / "fi").is_symlink()


def test_two_builds_at_once_do_not_share_the_spare(tmp_path):
    spare(tmp_path, {"fi/index.html": "old"})
    first, second = AtomicSite(tmp_path / "out"), AtomicSite(tmp_path / "out")
    assert first.reused and not second.reused
    second.abort()
    first.abort()
    assert (tmp_path / ".out.spare" / "fi" / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.spare", "out"]


@pytest.mark.skipif(not hasattr(os, "umask"), reason="POSIX modes")
def test_files_kept_from_the_spare_get_the_modes_of_new_files(tmp_path, monkeypatch):
    root, out = built_twice(tmp_path, "minimal")
    old = os.umask(0o077)
    try:
        build(root, out, SERIAL)
        expected = fresh(root, tmp_path, SERIAL)
    finally:
        os.umask(old)
    assert tree(out) == tree(expected)
    assert stat.S_IMODE((out / "fi" / "index.html").stat().st_mode) == 0o600


def test_a_file_written_twice_never_changes_the_served_site(tmp_path, monkeypatch):
    """Without a spare (the second build ever) unchanged files are linked from the served
    site; a catalogue's static file written over Kennosto's must not go into that link."""
    root = copy_fixture("full", tmp_path)
    out = tmp_path / "out"
    build(root, out, SERIAL)
    served = digest(out)
    write(root, {"templates/static/style.css": "body { color: black }\n"})
    monkeypatch.setattr(
        AtomicSite, "prune", lambda self: (_ for _ in ()).throw(OSError(28, "full"))
    )
    with pytest.raises(OutputError):
        build(root, out, SERIAL)
    assert digest(out) == served


def test_a_folder_made_meanwhile_by_another_process_is_kept(tmp_path, monkeypatch):
    """Workers may come to the same folder at once: one that saw a file (or nothing)
    where the other has just made the folder and written into it keeps that folder."""
    folder = write(tmp_path / "fi", {"index.html": "written by another worker"})
    a_file = os.lstat(write(tmp_path, {"file": "x"}) / "file")
    mode = stat.S_IMODE(folder.stat().st_mode)
    real_lstat = os.lstat
    for first_seen in (a_file, FileNotFoundError()):
        seen = [first_seen]

        def stale_lstat(path, *args, seen=seen, **kwargs):
            if not seen:
                return real_lstat(path, *args, **kwargs)
            found = seen.pop()
            if isinstance(found, Exception):
                raise found
            return found

        monkeypatch.setattr(reuse.os, "lstat", stale_lstat)
        reuse.reuse_folder(str(folder), mode)
        assert not seen
        assert (folder / "index.html").read_text() == "written by another worker"


def test_a_link_to_another_file_than_the_one_compared_is_not_kept(tmp_path, monkeypatch):
    """The current site's file is compared open and linked by name: if the name meanwhile
    means another file (a build swapped the folder), the link is undone."""
    source = write(tmp_path, {"same": "same bytes"}) / "same"
    other = write(tmp_path, {"other": "other bytes"}) / "other"
    target = tmp_path / "target"
    real_link = os.link
    monkeypatch.setattr(reuse.os, "link", lambda source, target: real_link(other, target))
    mode = stat.S_IMODE(source.stat().st_mode)
    assert not reuse.link_same(str(source), b"same bytes", str(target), mode)
    assert not target.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_in_the_served_site_does_not_stop_the_build(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    out = tmp_path / "out"
    build(root, out, SERIAL)
    page = out / "fi" / "index.html"
    page.unlink()
    os.mkfifo(page)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kennosto.cli",
            "build",
            "--root",
            str(root),
            "--out",
            str(out),
            "--no-search",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert page.is_file() and "<html" in page.read_text()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_spare_of_another_users_is_never_taken(tmp_path):
    root, out = built_twice(tmp_path, "minimal")
    spare = tmp_path / ".out.spare"
    for path in [spare, *spare.rglob("*")]:
        os.chown(path, 65534, 65534, follow_symlinks=False)
    build(root, out, SERIAL)
    assert all(p.stat().st_uid == 0 for p in [out, *out.rglob("*")])


def test_the_search_step_never_writes_into_the_served_sites_pages(tmp_path, monkeypatch):
    """Indexing adds hidden word blocks to the pages in the new folder; a page there may
    be a link to the served site's (built without search, the rendered bytes are the
    same), so it is written anew: a failed index leaves the served pages as they were."""
    import pagefind.index

    root, out = built_twice(tmp_path, "minimal")
    served = digest(out)

    class Failing:
        def __init__(self, config):
            raise RuntimeError("the index service is gone")

    monkeypatch.setattr(pagefind.index, "PagefindIndex", Failing)
    with pytest.raises(SearchIndexError):
        build(root, out, BuildOptions(search=True))
    assert digest(out) == served
