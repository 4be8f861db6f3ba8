"""Every example catalogue under examples/ passes check --strict and builds."""

from __future__ import annotations

import pytest
from helpers import REPO, kennosto

EXAMPLES = sorted(p for p in (REPO / "examples").iterdir() if (p / "kennosto.yaml").is_file())


def test_there_are_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("root", EXAMPLES, ids=lambda p: p.name)
def test_example_checks_strict_and_builds(root, tmp_path):
    result = kennosto("check", "--root", root, "--strict")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "site"
    result = kennosto("build", "--root", root, "--out", out, "--no-search", "-q")
    assert result.exit_code == 0, result.stderr
    assert (out / "fi" / "index.html").is_file()
