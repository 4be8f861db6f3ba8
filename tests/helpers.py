"""Shared helpers for tests: catalogues in tmp_path and running the CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kennosto.cli import main

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
REPO = HERE.parent
REQUIRE_TOOLS = os.environ.get("KENNOSTO_REQUIRE_TOOLS") == "1"


def copy_fixture(name: str, tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/NAME to change freely."""
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return target


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def kennosto(*args: str | Path) -> Result:
    """Run the CLI in-process; stdout and stderr stay separate."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


DIAGNOSTIC_RE = re.compile(
    r"^(?P<path>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+)$"
)


def diagnostics(stderr: str) -> list[str]:
    """The FILE:LINE:COL lines of the output, in order."""
    return [line for line in stderr.splitlines() if DIAGNOSTIC_RE.match(line)]


def require_selenium() -> None:
    """At the top of a browser test module: skip the module locally when selenium is
    missing; in CI (KENNOSTO_REQUIRE_TOOLS=1) let the ImportError fail it."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        if REQUIRE_TOOLS:
            raise
        pytest.skip("selenium is not installed (pip install -e '.[test]')", allow_module_level=True)


def require_tool(available: bool, message: str) -> None:
    """Skip locally when a tool is missing; fail in CI, where it must be installed."""
    if available:
        return
    if REQUIRE_TOOLS:
        pytest.fail(f"{message} (KENNOSTO_REQUIRE_TOOLS=1: .ci/run must install it)")
    pytest.skip(message)


VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(site: Path) -> list[str]:
    """Errors of the Nu HTML Checker over every page of a built site."""
    require_tool(
        VNU_JAR.is_file() and shutil.which("java") is not None,
        "Nu HTML Checker not installed (npm ci; java)",
    )
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in result.stderr.splitlines() if line.strip()]


def python() -> str:
    return sys.executable


UPDATE_GOLDEN = os.environ.get("KENNOSTO_UPDATE_GOLDEN") == "1"


def pretty(text: str) -> str:
    """Markup one element per line, so a golden file's diff shows what changed. Only the
    whitespace between tags changes, and only in the golden copy: pages keep their bytes."""
    return re.sub(r">\s*<", ">\n<", text.strip()) + "\n"


def assert_golden(golden: Path, text: str, markup: bool = True) -> None:
    """Compare with a golden file (markup pretty-printed); KENNOSTO_UPDATE_GOLDEN=1
    rewrites it instead."""
    if markup:
        text = pretty(text)
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"missing {golden}; run with KENNOSTO_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def build_site(root: Path, out: Path) -> Path:
    """Build `root` into `out` (search off) through the CLI; fail the test if it fails."""
    result = kennosto("build", "--root", root, "--out", out, "--no-search", "--quiet")
    assert result.exit_code == 0, result.stderr
    return out


def read_page(site: Path, relpath: str) -> str:
    return (site / relpath / "index.html").read_text(encoding="utf-8")
