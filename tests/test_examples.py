"""Every example catalogue under examples/ passes check --strict and builds."""

from __future__ import annotations

import re

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


# Names of the regions, municipalities and organisations of the catalogues in this
# repository: none may appear in the generator or its templates (regions differ, the code
# does not). The organization kind value 'kela' is a legacy enum value, not a text.
REGION_WORDS = re.compile(
    r"päijät|paijat|lahti|lahden|hollola|heinola|keusote|keski-uu|pirkanmaa|tampere|"
    r"varsinais|turku|turun|lieto|kelan\b|\bfpa\b|hyvinkää|järvenpää|lempäälä",
    re.IGNORECASE,
)


def test_no_region_or_organisation_name_in_the_code_or_templates():
    found = []
    for folder in (REPO / "kennosto", REPO / "templates"):
        for path in folder.rglob("*"):
            if not path.is_file() or "hsds" in path.parts or path.suffix not in TEXT_SUFFIXES:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if REGION_WORDS.search(line):
                    found.append(f"{path.relative_to(REPO)}:{number}: {line.strip()[:80]}")
    assert found == []


TEXT_SUFFIXES = {".py", ".html", ".js", ".css", ".json", ".yaml"}
