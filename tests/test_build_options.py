"""Build options and overrides: the same bytes from one worker or two, --no-diagrams, a
catalogue's own templates, strings and static files."""

from __future__ import annotations

import errno
import importlib.util
import os
import sys
from pathlib import Path

import pytest
from helpers import REPO, build_site, copy_fixture, kennosto, read_page, write
from test_output import digest

import kennosto.outputs_child as outputs_child_module
import kennosto.write as write_module
from kennosto import BuildOptions, build
from kennosto.errors import ContentError, KennostoError, OutputError
from kennosto.render import builtin_templates


def generated(root: Path, services: int) -> Path:
    """A synthetic catalogue (bench/bench.py's generator): transitions, paths, diagrams."""
    spec = importlib.util.spec_from_file_location("kennosto_bench", REPO / "bench" / "bench.py")
    bench = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(bench)
    bench.generate(root, services)
    return root


def pids_of_writers(monkeypatch, folder: Path) -> Path:
    """Record which processes write pages (forked workers inherit the patch); the open
    data and feeds, which a child of their own may write, are not pages."""
    folder.mkdir()
    real = write_module.AtomicSite.write

    def spy(self, relpath, data):
        if relpath.endswith(".html"):
            (folder / str(os.getpid())).touch()
        return real(self, relpath, data)

    monkeypatch.setattr(write_module.AtomicSite, "write", spy)
    return folder


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_one_worker_and_two_write_the_same_bytes(tmp_path, monkeypatch):
    root = generated(tmp_path / "catalogue", 24)
    one = tmp_path / "one"
    build(root, one, BuildOptions(search=False, jobs=1, parallel_threshold=10))
    pids = pids_of_writers(monkeypatch, tmp_path / "pids")
    two = tmp_path / "two"
    build(root, two, BuildOptions(search=False, jobs=3, parallel_threshold=10, chunk=7))
    workers = {p.name for p in pids.iterdir()} - {str(os.getpid())}
    assert len(workers) == 2, "the build did not run in two worker processes besides this one"
    assert digest(one) == digest(two)
    assert len(digest(one)) > 24 * 3


def test_below_the_threshold_one_process_renders(tmp_path, monkeypatch):
    root = copy_fixture("full", tmp_path)
    pids = pids_of_writers(monkeypatch, tmp_path / "pids")
    build(root, tmp_path / "out", BuildOptions(search=False, jobs=2))
    assert {p.name for p in pids.iterdir()} == {str(os.getpid())}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_a_worker_that_cannot_write_is_an_environment_error(tmp_path, monkeypatch):
    _fails_in_a_child(tmp_path, monkeypatch, "", errno.ENOSPC, "No space left on device")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_open_data_failing_in_its_own_process_fails_the_build(tmp_path, monkeypatch):
    """A build with workers writes the open data in a forked child of its own; a failure
    there reaches the build: an environment error, the previous site untouched."""
    _fails_in_a_child(tmp_path, monkeypatch, "data/", errno.EROFS, "Read-only file system")


def _fails_in_a_child(tmp_path, monkeypatch, prefix: str, error: int, match: str) -> None:
    """Writing files under `prefix` fails in every process but this one: the build is an
    environment error and the previous site and the folder are as they were."""
    root = copy_fixture("full", tmp_path)
    out = tmp_path / "out"
    build(root, out, BuildOptions(search=False))
    before = digest(out)
    parent = os.getpid()
    real = write_module.AtomicSite.write

    def fails_elsewhere(self, relpath, data):
        if relpath.startswith(prefix) and os.getpid() != parent:
            raise OSError(error, os.strerror(error), relpath)
        return real(self, relpath, data)

    monkeypatch.setattr(write_module.AtomicSite, "write", fails_elsewhere)
    with pytest.raises(OutputError, match=match):
        build(root, out, BuildOptions(search=False, jobs=2, parallel_threshold=1))
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "out"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_open_data_process_that_dies_is_an_environment_error(tmp_path, monkeypatch):
    """The open data child killed (say for want of memory) leaves no result: the build
    fails as an environment error, not with a traceback, and leaves nothing behind."""
    root = copy_fixture("full", tmp_path)
    parent = os.getpid()
    real = outputs_child_module.site_outputs

    def dying(context):
        if os.getpid() != parent:
            os._exit(9)
        yield from real(context)

    monkeypatch.setattr(outputs_child_module, "site_outputs", dying)
    with pytest.raises(KennostoError, match="ended without a result"):
        build(root, tmp_path / "out", BuildOptions(search=False, jobs=2, parallel_threshold=1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


def test_no_diagrams_leaves_out_the_pictures_not_the_text(tmp_path):
    root = copy_fixture("full", tmp_path)
    with_ = build_site(root, tmp_path / "with")
    result = kennosto(
        "build", "--root", root, "--out", tmp_path / "without", "--no-search", "--no-diagrams"
    )
    assert result.exit_code == 0, result.stderr
    without = tmp_path / "without"
    for page in ("fi/paths/tyohon", "fi/services/valmennus", "en/services/tyo"):
        assert "<svg" in read_page(with_, page)
        text = read_page(without, page)
        assert "kn-diagram" not in text
        assert "</main>" in text
    assert "Työelämä" in read_page(without, "fi/paths/tyohon")  # the steps are still listed
    assert set(digest(with_)) == set(digest(without))  # the same pages


def test_catalogue_templates_override_the_builtin_ones(tmp_path):
    root = copy_fixture("full", tmp_path)
    home = (builtin_templates() / "home.html").read_text(encoding="utf-8")
    assert "{% block" in home or "<h1" in home
    write(
        root,
        {
            "templates/home.html": home.replace("</h1>", "</h1><p>OMA ETUSIVU</p>", 1),
            "templates/strings.yaml": "task_heading: {fi: Oma kysymys, sv: Egen fråga, en: Own question}\n",
            "templates/static/style.css": "/* own */\n",
            "templates/static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
        },
    )
    site = build_site(root, tmp_path / "out")
    fi, en = read_page(site, "fi"), read_page(site, "en")
    assert "OMA ETUSIVU" in fi and "Oma kysymys" in fi and "Own question" in en
    assert "Browse all services" in en  # keys not overridden come from the built-in file
    assert (site / "static" / "style.css").read_text() == "/* own */\n"
    assert (site / "static" / "logo.svg").is_file()
    assert (site / "static" / "search.js").is_file()  # built-in static files stay
    assert "OMA ETUSIVU" not in read_page(site, "fi/services/tyo")


def test_the_collector_runs_less_often_during_a_build_and_as_before_after(tmp_path):
    """build() and check() batch the cyclic collector's young generation (checking.
    YOUNG_GENERATION) while they run, and give the calling process its own setting back."""
    import gc

    from kennosto import check
    from kennosto.checking import YOUNG_GENERATION

    root = copy_fixture("minimal", tmp_path)
    seen: list[int] = []
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        build(
            root,
            tmp_path / "site",
            BuildOptions(search=False, progress=lambda _: seen.append(gc.get_threshold()[0])),
        )
        assert seen and set(seen) == {YOUNG_GENERATION}
        assert gc.get_threshold() == (700, 10, 10)
        check(root)
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)


def _early_spy(monkeypatch) -> list[bool]:
    """Record, for each build, whether the outputs' child was started while the check
    still ran (outputs_child.EarlyOutputs)."""
    started: list[bool] = []
    real = outputs_child_module.EarlyOutputs.start

    def spy(self, catalogue, graph):
        real(self, catalogue, graph)
        started.append(self.child is not None)

    monkeypatch.setattr(outputs_child_module.EarlyOutputs, "start", spy)
    return started


FORKING = {"search": False, "jobs": 2, "parallel_threshold": 1, "load_parallel_threshold": 1}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the check and the outputs are forked")
def test_outputs_started_beside_the_check_give_the_same_site(tmp_path, monkeypatch):
    root = copy_fixture("full", tmp_path)
    alone = build(root, tmp_path / "alone", BuildOptions(search=False, jobs=1)).out
    started = _early_spy(monkeypatch)
    early = build(root, tmp_path / "early", BuildOptions(**FORKING)).out
    assert started == [True]
    assert digest(early) == digest(alone)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the check and the outputs are forked")
def test_outputs_started_beside_a_failing_check_leave_nothing(tmp_path, monkeypatch):
    """The check fails after the outputs' child has started writing the new site: the
    child is stopped and its folder removed; the previous site is as it was."""
    root = copy_fixture("full", tmp_path)
    out = tmp_path / "out"
    build(root, out, BuildOptions(search=False))
    before = digest(out)
    service = root / "services" / "tyo.yaml"
    service.write_text(service.read_text(encoding="utf-8") + "no_such_field: 1\n", "utf-8")
    started = _early_spy(monkeypatch)
    with pytest.raises(ContentError):
        build(root, out, BuildOptions(**FORKING))
    assert started == [True]
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "out"]
