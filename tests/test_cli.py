"""The commands a maintainer types: check, build, --version, --help, python build.py."""

from __future__ import annotations

import json
import subprocess

from helpers import REPO, copy_fixture, diagnostics, kennosto, python

import kennosto as package


def test_version_is_printed():
    result = kennosto("--version")
    assert result.exit_code == 0
    assert package.__version__ in result.output


def test_every_command_has_help():
    for args in (["--help"], ["check", "--help"], ["build", "--help"]):
        result = kennosto(*args)
        assert result.exit_code == 0, args
        assert "Usage:" in result.output
    assert "--root" in kennosto("check", "--help").output
    assert "--out" in kennosto("build", "--help").output
    assert "--strict" in kennosto("build", "--help").output


def test_check_of_a_clean_catalogue_exits_0(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    result = kennosto("check", "--root", root)
    assert result.exit_code == 0, result.stderr
    assert diagnostics(result.stderr) == []
    assert "2 services, 1 organization, 1 path: 0 error(s), 0 warning(s)" in result.stderr


def test_check_defaults_to_the_current_folder(tmp_path, monkeypatch):
    root = copy_fixture("minimal", tmp_path)
    monkeypatch.chdir(root)
    assert kennosto("check").exit_code == 0


def test_build_defaults_to_root_site(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    result = kennosto("build", "--root", root, "--no-search")
    assert result.exit_code == 0, result.stderr
    assert (root / "site" / "fi" / "services" / "alku" / "index.html").is_file()
    assert "built" in result.stderr


def test_build_into_out(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    out = tmp_path / "public"
    result = kennosto("build", "--root", root, "--out", out, "--no-search", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert (out / "index.html").is_file()
    assert not (root / "site").exists()


def test_missing_root_is_a_clear_error(tmp_path):
    result = kennosto("check", "--root", tmp_path / "nothing")
    assert result.exit_code == 2
    assert "catalogue folder not found" in result.stderr


def test_json_and_github_formats(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    (root / "services" / "alku.yaml").write_text("name: [x]\n", encoding="utf-8")
    as_json = kennosto("check", "--root", root, "--format", "json")
    assert as_json.exit_code == 1
    found = json.loads(as_json.stdout)  # machine output
    assert {d["path"] for d in found if d["severity"] == "error"} == {"services/alku.yaml"}
    assert "services/alku.yaml" not in as_json.stderr
    github = kennosto("check", "--root", root, "--format", "github")
    assert "::error file=services/alku.yaml,line=1,col=7::" in github.stdout


def test_json_goes_to_stdout_for_build_and_clean_catalogues(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    clean = kennosto("check", "--root", root, "--format", "json")
    assert clean.exit_code == 0 and json.loads(clean.stdout) == []
    built = kennosto("build", "--root", root, "--no-search", "-q", "--format", "json")
    assert built.exit_code == 0 and json.loads(built.stdout) == []
    (root / "services" / "alku.yaml").write_text("name: [x]\n", encoding="utf-8")
    failed = kennosto("build", "--root", root, "--no-search", "--format", "json")
    assert failed.exit_code == 1
    errors = [d for d in json.loads(failed.stdout) if d["severity"] == "error"]
    assert {d["path"] for d in errors} == {"services/alku.yaml"}
    assert "nothing was built" in failed.stderr
    text = kennosto("check", "--root", root)
    assert text.stdout == "" and "services/alku.yaml:1:7: error:" in text.stderr


def test_counts_are_singular_and_plural(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    (root / "services" / "loppu.yaml").unlink()
    (root / "paths" / "polku.yaml").unlink()
    result = kennosto("check", "--root", root)
    assert "1 service, 1 organization, 0 paths:" in result.stderr


def test_python_build_py_is_kennosto_build(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    out = tmp_path / "out"
    run = subprocess.run(
        [python(), str(REPO / "build.py"), "--root", str(root), "--out", str(out), "--no-search"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert (out / "fi" / "index.html").is_file()
    failing = subprocess.run(
        [python(), str(REPO / "build.py"), "--root", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert failing.returncode == 2


def test_the_command_leaves_with_its_exit_code_and_all_its_output(tmp_path):
    """Run as a command, kennosto leaves without the interpreter's teardown (os._exit):
    its output must still be flushed whole, and its exit code kept."""
    root = copy_fixture("minimal", tmp_path)
    ok = subprocess.run(
        [python(), "-m", "kennosto.cli", "check", "--root", str(root)],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stderr.endswith("0 error(s), 0 warning(s)\n")
    broken = tmp_path / "broken"
    (broken / "services").mkdir(parents=True)
    (broken / "kennosto.yaml").write_text("title: {fi: X}\nlanguages: [fi]\n", encoding="utf-8")
    (broken / "services" / "a.yaml").write_text("name: [\n", encoding="utf-8")
    bad = subprocess.run(
        [python(), "-m", "kennosto.cli", "check", "--root", str(broken), "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1, bad.stderr
    assert [d["path"] for d in json.loads(bad.stdout)] == ["services/a.yaml"]
    missing = subprocess.run(
        [python(), "-m", "kennosto.cli", "check", "--root", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2
    assert "catalogue folder not found" in missing.stderr
