"""A progress bar with page counts on a terminal; quiet in CI, in pipes and with -q."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from helpers import REPO, copy_fixture, kennosto

from kennosto.assemble import build_catalogue
from kennosto.graph import build_graph
from kennosto.load import load_catalogue
from kennosto.pages import iter_pages, page_total
from kennosto.pipeline import BuildOptions, build
from kennosto.render import load_strings
from kennosto.terminal import PageBar, interactive


@pytest.mark.parametrize(
    "root", [REPO / "tests/fixtures/minimal", REPO / "tests/fixtures/full", REPO]
)
def test_page_total_counts_every_page(root: Path) -> None:
    catalogue = build_catalogue(load_catalogue(root))
    strings = load_strings(root)
    pages = list(iter_pages(catalogue, build_graph(catalogue), strings))
    assert page_total(catalogue, strings) == len(pages)


@pytest.mark.parametrize("jobs", [1, 2])
def test_build_reports_pages_up_to_the_total(tmp_path: Path, jobs: int) -> None:
    root = copy_fixture("full", tmp_path)
    calls: list[tuple[int, int]] = []
    options = BuildOptions(
        search=False,
        jobs=jobs,
        parallel_threshold=1,
        page_progress=lambda d, t: calls.append((d, t)),
    )
    result = build(root, tmp_path / "site", options)
    totals = {total for _, total in calls}
    assert totals == {result.pages}
    done = [d for d, _ in calls]
    assert done[0] == 0 and done[-1] == result.pages
    assert done == sorted(done)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_only_on_a_terminal_outside_ci() -> None:
    assert interactive(Terminal(), {})
    assert not interactive(Terminal(), {"CI": "true"})
    assert not interactive(io.StringIO(), {})


def test_bar_shows_counts_and_ends_its_line(monkeypatch) -> None:
    stream = Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    bar = PageBar()
    bar(0, 40)
    bar(20, 40)
    bar(40, 40)
    bar.finish()
    text = stream.getvalue()
    assert "rendering pages" in text and "20/40" in text and "40/40" in text
    assert text.endswith("\n") and text.count("\n") == 1


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    root = copy_fixture("minimal", tmp_path)
    result = kennosto("build", "--root", root, "--out", tmp_path / "site", "--no-search")
    assert result.exit_code == 0, result.stderr
    assert "rendering pages" not in result.stderr and "\r" not in result.stderr
    quiet = kennosto("build", "--root", root, "--out", tmp_path / "site", "--no-search", "-q")
    assert quiet.stderr == ""


def test_bar_shows_no_time_estimate(monkeypatch) -> None:
    """The first pages are the slowest, so an estimate from them is far off: none shown,
    however long the build has run."""
    import re

    import click._termui_impl as termui

    clock = iter(range(0, 10_000, 7))
    monkeypatch.setattr(termui.time, "time", lambda: float(next(clock)))
    stream = Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    bar = PageBar()
    for done in (0, 5, 10, 20, 40):
        bar(done, 40)
    text = stream.getvalue()
    assert "50%" in text and "20/40" in text
    assert not re.search(r"\d\d:\d\d", text), text
