"""The files another catalogue repository uses: the pre-commit hook and the CI example."""

from __future__ import annotations

import re
import shlex

import yaml
from helpers import REPO

from kennosto.cli import main


def test_pre_commit_hook_runs_check_strict_on_catalogue_files() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "kennosto-check")
    assert hook["entry"] == "kennosto check --strict"
    assert hook["pass_filenames"] is False
    assert hook["language"] == "python"
    pattern = re.compile(hook["files"])
    for name in ("services/a.yaml", "paths/b.yml", "content/about.fi.md", "kennosto.yaml"):
        assert pattern.search(name), name
    for name in ("README.rst", "static/logo.svg", "x.yaml.bak"):
        assert not pattern.search(name), name


def test_ci_example_checks_with_annotations_and_publishes_on_main() -> None:
    text = (REPO / "docs" / "ci-example.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    runs = [s.get("run", "") for s in workflow["jobs"]["check"]["steps"]]
    assert "kennosto check --strict --format github" in runs
    publish = workflow["jobs"]["publish"]
    assert "refs/heads/main" in publish["if"]
    uses = [s.get("uses", "") for s in publish["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    for run in runs + [s.get("run", "") for s in publish["steps"]]:
        if run.startswith("kennosto "):
            args = shlex.split(run)[1:]
            command = main.get_command(None, args[0])  # type: ignore[arg-type]
            assert command is not None, run
            command.make_context(args[0], args[1:])  # options exist and parse
