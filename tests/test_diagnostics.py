"""Every kind of content error, each a broken catalogue in tests/fixtures/invalid/<case>/
laid over tests/fixtures/minimal, with its expected diagnostics beside it in expected.txt.

Refresh the expectations after an intended change of wording:
    KENNOSTO_UPDATE_GOLDEN=1 pytest tests/test_diagnostics.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, copy_fixture, diagnostics, kennosto, write

from kennosto import BuildOptions, build, check
from kennosto.errors import ContentError

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
UPDATE = os.environ.get("KENNOSTO_UPDATE_GOLDEN") == "1"


def broken_catalogue(case: str, tmp_path: Path) -> Path:
    root = copy_fixture("minimal", tmp_path)
    source = FIXTURES / "invalid" / case
    for path in source.rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            target = root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return root


@pytest.mark.parametrize("case", CASES)
def test_broken_catalogue_reports_expected_diagnostics(case, tmp_path):
    root = broken_catalogue(case, tmp_path)
    result = kennosto("check", "--root", root)
    found = diagnostics(result.stderr)
    expected_file = FIXTURES / "invalid" / case / "expected.txt"
    if UPDATE:
        expected_file.write_text("\n".join(found) + "\n", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert found == expected
    has_error = any(": error: " in line for line in expected)
    assert result.exit_code == (1 if has_error else 0)
    assert "Traceback" not in result.output


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the check is forked")
@pytest.mark.parametrize("case", CASES)
def test_a_build_that_checks_beside_the_model_reports_what_check_does(case, tmp_path):
    """A large catalogue's build checks in a forked child while it builds the model from
    the same, possibly broken, documents: it reports exactly what `check` does (and a
    model that cannot be built from them is no traceback)."""
    root = broken_catalogue(case, tmp_path)
    checked = check(root)
    options = BuildOptions(search=False, load_parallel_threshold=1)
    if checked.failed():
        with pytest.raises(ContentError) as failure:
            build(root, tmp_path / "out", options)
        assert failure.value.diagnostics == checked.diagnostics
        assert not (tmp_path / "out").exists()
    else:
        assert build(root, tmp_path / "out", options).check.diagnostics == checked.diagnostics


def test_the_cases_cover_every_required_error_kind():
    required = {
        "yaml-syntax",
        "duplicate-key",
        "wrong-type",
        "missing-required",
        "unknown-key",
        "unknown-provider",
        "unknown-transition",
        "unknown-path-step",
        "unknown-category",
        "unknown-target-group",
        "empty-file",
        "not-a-mapping",
        "not-utf8",
        "bad-file-name",
        "alias-bomb",
    }
    assert required <= set(CASES)


def test_all_problems_of_all_files_in_one_run(tmp_path):
    root = broken_catalogue("many-files", tmp_path)
    write(
        root,
        {
            "services/toinen.yaml": "name: {fi: X}\nsummary: {fi: Y.}\nprovider: ei\nreviewed: 2026-11-01\n"
        },
    )
    files = {line.split(":")[0] for line in diagnostics(kennosto("check", "--root", root).stderr)}
    assert files == {
        "organizations/b.yaml",
        "paths/c.yaml",
        "services/a.yaml",
        "services/toinen.yaml",
    }


def test_warnings_fail_only_with_strict(tmp_path):
    root = broken_catalogue("warnings", tmp_path)
    assert kennosto("check", "--root", root).exit_code == 0
    strict = kennosto("check", "--root", root, "--strict")
    assert strict.exit_code == 1
    assert "3 error(s), 0 warning(s)" in strict.stderr


def test_bom_and_crlf_are_fine(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    text = (root / "services" / "loppu.yaml").read_text(encoding="utf-8")
    (root / "services" / "loppu.yaml").write_bytes(
        b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    )
    result = kennosto("check", "--root", root)
    assert result.exit_code == 0, result.stderr


def test_errors_in_crlf_files_keep_their_line(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    text = "name: {fi: A, sv: A, en: A}\r\nsummary: {fi: B, sv: B, en: B}\r\nprovider: nobody\r\nreviewed: 2026-11-01\r\n"
    write(root, {"services/crlf.yaml": text.encode()})
    assert diagnostics(kennosto("check", "--root", root).stderr) == [
        "services/crlf.yaml:3:11: error: unknown organization 'nobody' (known: kela)"
    ]


def test_settings_may_be_absent(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    (root / "kennosto.yaml").unlink()
    write(
        root,
        {
            "services/alku.yaml": "name: {fi: A, sv: A, en: A}\nsummary: {fi: B, sv: B, en: B}\nprovider: kela\nreviewed: 2026-11-01\n"
        },
    )
    assert kennosto("check", "--root", root).exit_code == 0
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    assert "<title>Etusivu – minimal</title>" in (out / "fi" / "index.html").read_text(
        encoding="utf-8"
    )
    assert (out / "sv" / "index.html").is_file() and (out / "en" / "index.html").is_file()


def test_minimum_entries_are_enough(tmp_path):
    root = write(
        tmp_path / "tiny",
        {
            "organizations/o.yaml": "name: {fi: O}\n",
            "services/s.yaml": "name: {fi: S}\nsummary: {fi: S.}\nprovider: o\nreviewed: 2026-11-01\n",
            "paths/p.yaml": "name: {fi: P}\nsummary: {fi: P.}\nsteps:\n  - service: s\n",
            "kennosto.yaml": "languages: [fi]\n",
        },
    )
    result = kennosto("check", "--root", root, "--strict")
    assert result.exit_code == 0, result.stderr


DEEP = {
    "flow-5000": "a: " + "[" * 5000 + "]" * 5000 + "\n",  # past libyaml's own limit
    "flow-400": "a: " + "{b: " * 400 + "x" + "}" * 400 + "\n",  # past the validator's
    "block-300": "".join(" " * i + "b:\n" for i in range(300)) + " " * 300 + "x\n",
    "list-300": "a:\n"
    + "".join(" " * (2 * i) + "-\n" for i in range(1, 300))
    + " " * 600
    + "- x\n",
}


@pytest.mark.parametrize("case", sorted(DEEP))
def test_deep_nesting_is_an_error_not_a_crash(case, tmp_path):
    """Whatever the YAML library says about depth, the answer is one diagnostic of ours."""
    root = copy_fixture("minimal", tmp_path)
    write(root, {"services/syva.yaml": DEEP[case]})
    result = kennosto("check", "--root", root)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    found = diagnostics(result.stderr)
    assert len(found) == 1, found
    assert found[0].startswith("services/syva.yaml:")
    assert ": error: nested more than 20 levels deep" in found[0]


def test_yaml_oddities_are_reported_not_crashes(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    write(
        root,
        {
            "services/a.yaml": "---\nname: {fi: A}\n---\nname: {fi: B}\n",
            "services/b.yaml": "? [x]\n: y\n",
            "services/c.yaml": "name: {fi: 1}\nsummary: {fi: true}\nprovider: kela\nreviewed: 2026-11-01\n",
            "services/d.yaml": "\t- tab\n",
        },
    )
    result = kennosto("check", "--root", root)
    found = diagnostics(result.stderr)
    assert result.exit_code == 1
    assert {line.split(":")[0] for line in found} == {f"services/{x}.yaml" for x in "abcd"}
    assert any("name.fi: expected text, got the number 1" in line for line in found)
    assert any("summary.fi: expected text, got true" in line for line in found)


def test_a_file_with_a_schema_error_still_gets_its_other_errors(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    write(
        root,
        {
            "services/x.yaml": "name: {fi: X, sv: X, en: X}\nsumary: {fi: y}\nprovider: kel\nreviewed: 2099-01-01\n"
        },
    )
    found = diagnostics(kennosto("check", "--root", root).stderr)
    assert len(found) == 4
    assert (
        found[0] == "services/x.yaml:1:1: error: missing required field 'summary' in this service"
    )
    assert found[1].startswith(
        "services/x.yaml:2:1: error: unknown key 'sumary'; did you mean 'summary'?"
    )
    assert found[2:] == [
        "services/x.yaml:3:11: error: unknown organization 'kel'; did you mean 'kela'? (known: kela)",
        "services/x.yaml:4:11: error: reviewed: 2099-01-01 is in the future",
    ]


def test_a_service_needs_a_provider_unless_it_is_an_outcome(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "organizations/kela.yaml": "name: {fi: Kela}\n",
            "services/a.yaml": "name: {fi: A}\nsummary: {fi: a}\nreviewed: 2026-01-01\n",
            "services/b.yaml": "kind: outcome\nname: {fi: B}\nsummary: {fi: b}\nreviewed: 2026-01-01\n",
            "services/c.yaml": (
                "name: {fi: C}\nsummary: {fi: c}\nreviewed: 2026-01-01\nprovider: kela\n"
                "providers: [{organization: kela}]\n"
            ),
        },
    )
    found = [
        line for line in diagnostics(kennosto("check", "--root", root).stderr) if "error" in line
    ]
    assert found == [
        "services/a.yaml:1:1: error: missing required field 'provider' in this service (or 'providers'; an outcome needs none)",
        "services/c.yaml:5:12: error: give 'provider' or 'providers', not both",
    ]
