"""'Today' can be given (--today, KENNOSTO_TODAY), so review ages are reproducible."""

from __future__ import annotations

import datetime

import pytest
from helpers import copy_fixture, diagnostics, kennosto

from kennosto import check
from kennosto.errors import KennostoError

OLD = "services/alku.yaml:4:11: warning: reviewed: 2026-11-01 is more than 365 days ago; check the entry and update the date"
FUTURE = "services/alku.yaml:4:11: error: reviewed: 2026-11-01 is in the future"


def test_every_test_runs_on_a_pinned_day():
    import os

    assert os.environ["KENNOSTO_TODAY"] == "2026-12-01"


@pytest.mark.parametrize("command", ["check", "build"])
def test_today_option_judges_review_age(tmp_path, command):
    root = copy_fixture("minimal", tmp_path)
    extra = ["--out", tmp_path / "out", "--no-search"] if command == "build" else []
    late = kennosto(command, "--root", root, "--today", "2028-06-01", *extra)
    assert late.exit_code == 0, late.stderr
    assert OLD in diagnostics(late.stderr)
    early = kennosto(command, "--root", root, "--today", "2026-10-31", *extra)
    assert early.exit_code == 1
    assert FUTURE in diagnostics(early.stderr)
    on_time = kennosto(command, "--root", root, "--today", "2027-11-01", *extra)
    assert on_time.exit_code == 0 and diagnostics(on_time.stderr) == []


def test_environment_variable_and_option_precedence(tmp_path, monkeypatch):
    root = copy_fixture("minimal", tmp_path)
    monkeypatch.setenv("KENNOSTO_TODAY", "2028-06-01")
    assert OLD in diagnostics(kennosto("check", "--root", root).stderr)
    assert diagnostics(kennosto("check", "--root", root, "--today", "2027-01-01").stderr) == []
    strict = kennosto("build", "--root", root, "--out", tmp_path / "o", "--strict", "--no-search")
    assert strict.exit_code == 1 and not (tmp_path / "o").exists()


def test_library_takes_today_and_the_environment(tmp_path, monkeypatch):
    root = copy_fixture("minimal", tmp_path)
    assert check(root, today=datetime.date(2028, 6, 1)).warnings
    assert not check(root).warnings  # the pinned 2026-12-01
    monkeypatch.setenv("KENNOSTO_TODAY", "2028-06-01")
    assert check(root).warnings
    monkeypatch.setenv("KENNOSTO_TODAY", "1.6.2028")
    with pytest.raises(KennostoError, match="KENNOSTO_TODAY"):
        check(root)


@pytest.mark.parametrize("value", ["2026-02-30", "tomorrow", "20261101", "2026-1-1", ""])
def test_invalid_today_is_a_usage_error(tmp_path, value):
    root = copy_fixture("minimal", tmp_path)
    for command in ("check", "build"):
        result = kennosto(command, "--root", root, "--today", value)
        assert result.exit_code == 2
        assert "--today" in result.stderr and repr(value) in result.stderr
        assert "YYYY-MM-DD" in result.stderr or "not a real date" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_invalid_environment_variable_is_a_usage_error(tmp_path, monkeypatch):
    root = copy_fixture("minimal", tmp_path)
    monkeypatch.setenv("KENNOSTO_TODAY", "31.12.2026")
    result = kennosto("check", "--root", root)
    assert result.exit_code == 2
    assert "KENNOSTO_TODAY" in result.stderr and "YYYY-MM-DD" in result.stderr
