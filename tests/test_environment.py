"""Failures of the environment (unwritable --out, read-only or full file system) are
`kennosto: error: …`, exit 2, the previous site intact; the site is world-readable; a
build cleans up after killed builds and swaps the new site in without a gap."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import copy_fixture, kennosto, write
from test_output import digest

import kennosto.write as write_module
from kennosto.write import MARKER, exchange

LINUX = sys.platform.startswith("linux")


def build(root: Path, out: Path):
    return kennosto("build", "--root", root, "--out", out, "--no-search", "--quiet")


def assert_environment_error(result, *phrases: str) -> None:
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("kennosto: error: "), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for phrase in phrases:
        assert phrase in result.stderr


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name)


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """The minimal catalogue, built once into tmp_path/out, and the digest of that site."""
    root = copy_fixture("minimal", tmp_path)
    out = tmp_path / "out"
    assert build(root, out).exit_code == 0
    return root, out, digest(out)


# --- exit 2, never a traceback ---------------------------------------------------------


@pytest.mark.skipif(not LINUX, reason="/proc is Linux")
def test_out_under_proc_is_an_environment_error(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    assert_environment_error(build(root, Path("/proc/x")), "cannot write the site into /proc/x")


def test_out_under_a_regular_file_is_an_environment_error(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    (tmp_path / "notes.txt").write_text("keep")
    result = build(root, tmp_path / "notes.txt" / "site")
    assert_environment_error(result, "is a file, not a folder")
    assert (tmp_path / "notes.txt").read_text() == "keep"


@pytest.mark.parametrize("inside", ["templates/static/site", "templates/static", "templates/x/y"])
def test_out_inside_the_template_folders_is_refused(tmp_path, inside):
    root = copy_fixture("minimal", tmp_path)
    write(root, {"templates/static/extra.css": "p{}"})
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = build(root, root / inside)
    assert_environment_error(result, "is inside the template folder", "templates")
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_out_inside_the_builtin_templates_is_refused(tmp_path):
    from kennosto.render import builtin_templates

    root = copy_fixture("minimal", tmp_path)
    result = build(root, builtin_templates() / "static" / "site")
    assert_environment_error(result, "is inside the template folder")
    assert not (builtin_templates() / "static" / "site").exists()


def _failing_after(count: int, code: int, real):
    calls = {"n": 0}

    def failing(self, relpath, data):
        calls["n"] += 1
        if calls["n"] > count:
            raise OSError(code, os.strerror(code), str(self.tmp / relpath))
        return real(self, relpath, data)

    return failing


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EIO])
def test_write_failure_keeps_the_previous_site(built, monkeypatch, code):
    root, out, before = built
    write(root, {"content/uusi.md": "# Uusi\n"})
    real = write_module.AtomicSite.write
    monkeypatch.setattr(write_module.AtomicSite, "write", _failing_after(10, code, real))
    result = build(root, out)
    assert_environment_error(result, os.strerror(code), "previous site")
    assert digest(out) == before
    assert leftovers(out.parent) == []


def test_read_only_parent_is_an_environment_error(built, monkeypatch):
    root, out, before = built

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(out.parent))

    monkeypatch.setattr(write_module.tempfile, "mkdtemp", read_only)
    assert_environment_error(build(root, out), "Read-only file system")
    assert digest(out) == before


@pytest.mark.parametrize("exchanges", [True, False])
def test_failing_swap_keeps_the_previous_site(built, monkeypatch, exchanges):
    root, out, before = built
    write(root, {"content/uusi.md": "# Uusi\n"})
    real_replace = os.replace

    def failing_exchange(a, b):
        if exchanges:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(b))
        return False

    def failing_replace(src, dst):
        if Path(src).name.startswith(".out.tmp-"):  # the second rename: the new site in
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(write_module, "exchange", failing_exchange)
    monkeypatch.setattr(write_module.os, "replace", failing_replace)
    assert_environment_error(build(root, out), "previous site")
    assert digest(out) == before
    assert leftovers(out.parent) == []


@contextlib.contextmanager
def mounted_tmpfs(where: Path, options: str) -> Iterator[Path]:
    """A real small or read-only file system; skips where mounting is not allowed."""
    where.mkdir()
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mount.stderr.decode(errors='replace')}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.mark.skipif(not LINUX or os.geteuid() != 0, reason="mounting needs root on Linux")
def test_real_full_disk_keeps_the_previous_site(built, tmp_path):
    root, first, _ = built
    pages = sum(-(-p.stat().st_size // 4096) for p in first.rglob("*") if p.is_file())
    size = pages * 4 * 3 // 2  # kB: room for one site, not for two
    with mounted_tmpfs(tmp_path / "small", f"size={size}k") as disk:
        out = disk / "site"
        assert build(root, out).exit_code == 0  # one site fits, two do not
        before = digest(out)
        write(root, {"content/uusi.md": "# Uusi\n"})
        assert_environment_error(build(root, out), "No space left on device")
        assert digest(out) == before
        assert leftovers(disk) == []


@pytest.mark.skipif(not LINUX or os.geteuid() != 0, reason="mounting needs root on Linux")
def test_real_read_only_file_system(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    with mounted_tmpfs(tmp_path / "ro", "ro,size=1m") as disk:
        assert_environment_error(build(root, disk / "site"), "Read-only file system")


# --- a world-readable site ------------------------------------------------------------


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize(
    ("mask", "folders", "files"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)]
)
def test_site_modes_follow_the_umask(tmp_path, mask, folders, files):
    root = copy_fixture("minimal", tmp_path)
    private = write(
        root, {"templates/static/own.css": "p{}", "templates/static/img/a.svg": "<svg/>"}
    )
    (private / "templates/static/own.css").chmod(0o600)
    (private / "templates/static/img").chmod(0o700)
    out = tmp_path / "out"
    with umask(mask):
        assert build(root, out).exit_code == 0
        assert build(root, out).exit_code == 0  # a rebuild (the swap) too
    modes = {p.relative_to(out).as_posix(): p.stat().st_mode & 0o777 for p in out.rglob("*")}
    assert out.stat().st_mode & 0o777 == folders
    assert "static/own.css" in modes and "static/img" in modes
    for path, mode in modes.items():
        expected = folders if (out / path).is_dir() else files
        assert mode == expected, path


def test_bundled_site_with_search_is_world_readable(bundled_site):
    for path in [bundled_site, *bundled_site.rglob("*")]:
        mode = path.stat().st_mode
        wanted = 0o555 if path.is_dir() else 0o444
        assert mode & wanted == wanted, (path, oct(mode))


# --- cleanup after killed builds ------------------------------------------------------


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def test_stale_temporary_folders_of_killed_builds_are_removed(built):
    root, out, _ = built
    parent, dead = out.parent, dead_pid()
    stale = {
        f".out.tmp-{dead}-killed1": {MARKER: "x", "fi/index.html": "<p>"},
        f".out.tmp-{dead}-justmade": {},
        f".out.old-{dead}-killed2": {f"site/{MARKER}": "x", "site/fi/index.html": "<p>"},
    }
    kept = {
        f".out.tmp-{os.getppid()}-running": {MARKER: "x"},  # a live build's
        f".out.tmp-{dead}-foreign": {"thesis.txt": "precious"},  # no marker: not ours
        f".other.tmp-{dead}-notthisout": {MARKER: "x"},
        ".out.tmp-nopid": {MARKER: "x"},
    }
    for name, files in {**stale, **kept}.items():
        (parent / name).mkdir()
        write(parent / name, files)
    (parent / f".out.tmp-{dead}-link").symlink_to(parent / f".out.tmp-{dead}-foreign")
    assert build(root, out).exit_code == 0
    names = {p.name for p in parent.iterdir()}
    assert names.isdisjoint(stale)
    assert ".out.spare" in names  # a killed build's site folder, kept for the next build
    assert set(kept) | {f".out.tmp-{dead}-link"} <= names
    assert (parent / f".out.tmp-{dead}-foreign" / "thesis.txt").read_text() == "precious"


def test_temporary_folders_carry_the_pid(built, monkeypatch):
    root, out, _ = built
    seen = []
    real_commit = write_module.AtomicSite.commit

    def spy(self):
        seen.append(self.tmp.name)
        real_commit(self)

    monkeypatch.setattr(write_module.AtomicSite, "commit", spy)
    assert build(root, out).exit_code == 0
    assert seen and seen[0].startswith(f".out.tmp-{os.getpid()}-")


# --- the swap -------------------------------------------------------------------------


@pytest.mark.skipif(not LINUX, reason="renameat2 is Linux")
def test_exchange_swaps_two_folders(tmp_path):
    a, b = write(tmp_path / "a", {"x": "A"}), write(tmp_path / "b", {"x": "B"})
    assert exchange(a, b) is True
    assert (a / "x").read_text() == "B" and (b / "x").read_text() == "A"
    with pytest.raises(OSError):
        exchange(tmp_path / "missing", b)


@pytest.mark.skipif(not LINUX, reason="renameat2 is Linux")
def test_rebuild_swaps_by_atomic_exchange_on_linux(built, monkeypatch):
    root, out, _ = built
    write(root, {"content/uusi.md": "# Uusi\n"})
    calls, replaced = [], []
    real_exchange, real_replace = write_module.exchange, os.replace

    def spy_exchange(a, b):
        calls.append((Path(a).name, Path(b)))
        assert out.is_dir()
        return real_exchange(a, b)

    def spy_replace(src, dst):
        replaced.append(Path(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(write_module, "exchange", spy_exchange)
    monkeypatch.setattr(write_module.os, "replace", spy_replace)
    assert build(root, out).exit_code == 0
    assert len(calls) == 1 and calls[0][1] == out.resolve()
    assert out.resolve() not in replaced  # --out was never renamed away
    assert (out / "fi" / "uusi" / "index.html").is_file()
    assert leftovers(out.parent) == []


def test_two_renames_where_there_is_no_exchange(built, monkeypatch):
    root, out, _ = built
    write(root, {"content/uusi.md": "# Uusi\n"})
    monkeypatch.setattr(write_module, "exchange", lambda a, b: False)
    assert build(root, out).exit_code == 0
    assert (out / "fi" / "uusi" / "index.html").is_file()
    assert leftovers(out.parent) == []
