"""Output is deterministic, atomic and written only under --out."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from helpers import copy_fixture, kennosto, write

import kennosto.pipeline as pipeline_module
from kennosto.write import make_folder


def digest(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and "pagefind" not in p.relative_to(out).parts
    }


def test_two_builds_are_byte_identical(tmp_path):
    root = copy_fixture("full", tmp_path)
    first, second = tmp_path / "a", tmp_path / "b"
    assert kennosto("build", "--root", root, "--out", first, "--no-search").exit_code == 0
    assert kennosto("build", "--root", root, "--out", second, "--no-search").exit_code == 0
    assert digest(first) == digest(second)
    assert len(digest(first)) > 30


def test_nothing_is_written_if_check_fails(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    before = digest(out)
    write(root, {"services/alku.yaml": "name: {fi: Rikki\n"})
    result = kennosto("build", "--root", root, "--out", out, "--no-search")
    assert result.exit_code == 1
    assert "services/alku.yaml:" in result.stderr and "nothing was built" in result.stderr
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal", "out"]


def test_failed_render_leaves_previous_site_and_no_temp_folder(tmp_path, monkeypatch):
    root = copy_fixture("minimal", tmp_path)
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    before = digest(out)
    write(
        root,
        {
            "services/loppu.yaml": (root / "services/loppu.yaml")
            .read_text()
            .replace("Loppu,", "Uusi,")
        },
    )

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline_module, "_render_site", explode)
    with pytest.raises(KeyboardInterrupt):
        pipeline_module.build(root, out)
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal", "out"]


def test_rebuild_replaces_old_files(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    (root / "paths" / "polku.yaml").unlink()
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    assert not (out / "fi" / "paths" / "polku").exists()
    # The replaced site is kept, hidden, as the next build's folder (kennosto.reuse).
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.spare", "minimal", "out"]


def test_writes_only_under_out(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    before = {p for p in tmp_path.rglob("*")}
    out = tmp_path / "deep" / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    new = {p for p in tmp_path.rglob("*")} - before
    assert all(p == tmp_path / "deep" or out in (p, *p.parents) for p in new)


@pytest.mark.parametrize("where", ["root", "parent"])
def test_out_may_not_hold_the_catalogue(tmp_path, where):
    root = copy_fixture("minimal", tmp_path)
    out = root if where == "root" else tmp_path
    result = kennosto("build", "--root", root, "--out", out, "--no-search")
    assert result.exit_code == 2
    assert "would replace the catalogue" in result.stderr
    assert (root / "services" / "alku.yaml").is_file()


def test_out_may_not_be_a_foreign_folder(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    foreign = write(tmp_path / "documents", {"thesis.txt": "precious"})
    result = kennosto("build", "--root", root, "--out", foreign, "--no-search")
    assert result.exit_code == 2
    assert "was not made by Kennosto" in result.stderr
    assert (foreign / "thesis.txt").read_text() == "precious"


def test_make_folder_makes_missing_parents_and_refuses_a_file_in_the_way(tmp_path):
    make_folder(str(tmp_path / "a" / "b" / "c"))  # parents missing
    make_folder(str(tmp_path / "a" / "b" / "d"))  # parent there: one call
    make_folder(str(tmp_path / "a" / "b"))  # there already
    assert sorted(p.name for p in (tmp_path / "a" / "b").iterdir()) == ["c", "d"]
    (tmp_path / "f").write_text("x")
    with pytest.raises(FileExistsError):
        make_folder(str(tmp_path / "f"))
    with pytest.raises(NotADirectoryError):
        make_folder(str(tmp_path / "f" / "g"))
