"""The whole site of tests/fixtures/full, page by page, against tests/golden/site/.

Output shape matters: a change to any page, data file or diagram shows up here as a
reviewable diff (markup one element per line). Refresh after an intended change with
`KENNOSTO_UPDATE_GOLDEN=1 pytest tests/test_golden_site.py` and read the diff.
Copied files (static assets, schemas) and the search index are left out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, REPO, UPDATE_GOLDEN, assert_golden, build_site

GOLDEN = REPO / "tests" / "golden" / "site"
SKIPPED = ("static/", "schema/", "pagefind/", ".kennosto-site")


def _outputs(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and not path.relative_to(site).as_posix().startswith(SKIPPED)
    )


@pytest.fixture(scope="module")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = build_site(FIXTURES / "full", tmp_path_factory.mktemp("golden") / "site")
    if UPDATE_GOLDEN:
        shutil.rmtree(GOLDEN, ignore_errors=True)
    return site


def test_the_site_has_the_same_files(full_site):
    built = _outputs(full_site)
    if not UPDATE_GOLDEN:
        assert built == _outputs(GOLDEN)


def test_every_file_is_as_golden(full_site):
    for relpath in _outputs(full_site):
        text = (full_site / relpath).read_text(encoding="utf-8")
        markup = relpath.endswith((".html", ".svg", ".xml"))
        if relpath.endswith(".json"):  # one value per line in the golden copy
            text = json.dumps(json.loads(text), ensure_ascii=False, indent=1, sort_keys=True)
        assert_golden(GOLDEN / relpath, text if markup else text.rstrip("\n") + "\n", markup)
