"""A mutation fuzz of `check`: hundreds of broken catalogues from a fixed seed.

Whatever the input, `check` must answer with diagnostics of the one-line form and exit 0
or 1: no traceback, no other exit code, no hang. Mutations: lines and characters deleted,
duplicated and inserted, control bytes, deep nesting, huge numbers, tags, anchors, swapped
types, invalid UTF-8, and files replaced by links (out of the catalogue, dangling, to
folders), fifos and folders. KENNOSTO_FUZZ_SEED, KENNOSTO_FUZZ_CASES and KENNOSTO_FUZZ_BASE
(a fixture name or a catalogue folder) run other seeds, more cases, other catalogues.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, kennosto

SEED = int(os.environ.get("KENNOSTO_FUZZ_SEED", "20261130"))
CASES = int(os.environ.get("KENNOSTO_FUZZ_CASES", "300"))
BASE = os.environ.get("KENNOSTO_FUZZ_BASE", "minimal")  # a folder of tests/fixtures

LINE_RE = re.compile(r"^[^:\n]+:\d+:\d+: (error|warning): ")
SUMMARY_RE = re.compile(
    r"^\d+ services?, \d+ organizations?, \d+ paths?: \d+ error\(s\), \d+ warning\(s\)"
)

CHARS = list("{}[]:,-?*&!|>'\"#%@`\t \n0123456789.+_~\\/x") + [
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "ä",
    "\U0001f600",
    "\r",
]

SNIPPETS = [
    "x: !!int abc",
    "x: !!bool maybe",
    "x: !!float x",
    "x: !!null x",
    "x: !!binary aGk=",
    "x: !!set {a, b}",
    "x: !!python/object:os.system {}",
    "x: !custom 1",
    "x: !<tag:yaml.org,2002:int> 1",
    "age: {min: 017, max: 0x3F}",
    "age: {min: 18.0, max: 1e400}",
    "age: {min: .nan, max: -.inf}",
    "age: {min: " + "9" * 5000 + "}",
    "free: on",
    "cost: {free: yes}",
    "cost: {free: !!bool true, note: {fi: x}}",
    "name: {fi: on, sv: 0o17, en: 1_000}",
    "a: &anchor {b: 1}",
    "b: *anchor",
    "a: " + "[" * 300 + "]" * 300,
    "a: " + "[" * 2000,
    "a: " + "{b: " * 60 + "1" + "}" * 60,
    "reviewed: 2026-13-45",
    "reviewed: 9999-01-01",
    "reviewed: 2026-11-01 12:00:00",
    "provider: Kela Oy",
    "provider: [kela]",
    "transitions: [{to: alku}, {to: alku}, {to: nowhere}]",
    "transitions: {to: loppu}",
    "steps: []",
    "steps: [{service: " + "x" * 5000 + "}]",
    "target_groups: [nuoret, nuoret, ei-ole]",
    "languages: [fi, fi, xx]",
    "review_max_age_days: 0x10",
    "categories: {Bad Key: {name: {fi: x}}}",
    "description: {fi: '" + "> " * 30 + "deep'}",
    "description:\n  fi: |\n" + "".join("    " + "  " * i + "- x\n" for i in range(14)),
    "%YAML 1.1",
    "--- !!map",
    "...",
    "? [complex, key]\n: value",
    "? {a: b}\n: c",
    "x: 'unterminated",
    'x: "bad \\q escape"',
    "x: |\n  block\n bad indent",
    "\t- tab",
    "- a list at the top",
    "just a scalar",
    "~: null key",
    "'': empty key",
    "long: " + "word" * 20000,
    'x: "\\x1b[31m\\n:1:1: error: forged"',
    'x: "\\u0085\\u2028\\x00"',
    '"key\\nwith newline": 1',
    "x: " + "a, " * 3000,
    "<<: {a: 1}",
]

MARKDOWN = [
    "# Otsikko",
    "",
    "no title here",
    "\n".join("  " * i + "- x" for i in range(12)),
    "> " * 25 + "x",
    "[link](javascript:alert(1))",
    "<script>alert(1)</script>",
    "*" * 500,
    "[" * 500,
    "\x1b[31m",
]

TEMPLATES = [
    "{% if %}",
    "{{ x ",
    "{% block a %}{% endblock %}{% block a %}{% endblock %}",
    "{{ x|no_such_filter }}",
    "{% for %}",
    "{# unclosed",
    "{% extends 'nope.html' %}",
    "plain text",
    "{{ '\\x00' }}",
]


def _mutate_text(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    kind = rng.randrange(7)
    at = rng.randrange(len(lines) + 1)
    if kind == 0 and lines:
        del lines[min(at, len(lines) - 1)]
    elif kind == 1 and lines:
        line = lines[min(at, len(lines) - 1)]
        lines.insert(at, line)
    elif kind == 2:
        lines.insert(at, rng.choice(SNIPPETS))
    elif kind == 3:
        lines.insert(at, "  " * rng.randrange(4) + rng.choice(SNIPPETS))
    else:
        chars = list("\n".join(lines))
        for _ in range(rng.randint(1, 5)):
            pos = rng.randrange(len(chars) + 1)
            if kind == 4 and chars:
                del chars[min(pos, len(chars) - 1)]
            elif kind == 5:
                chars.insert(pos, rng.choice(CHARS))
            elif chars:
                chars[min(pos, len(chars) - 1)] = rng.choice(CHARS)
        return "".join(chars)
    return "\n".join(lines)


def _swap_types(rng: random.Random, text: str) -> str:
    values = ["[a, b]", "{a: b}", "123", "true", "null", "''", "1.5", "-1", '"x"', "[]", "{}"]
    return re.sub(r": [^\n{\[]+$", lambda m: ": " + rng.choice(values), text, count=1, flags=re.M)


def _mutate_file(rng: random.Random, root: Path, path: Path, outside: Path) -> None:
    """Replace a file by something that is not a plain file."""
    path.unlink(missing_ok=True)
    choice = rng.randrange(6)
    if choice == 0:
        path.symlink_to(outside / "secret.txt")
    elif choice == 1:
        path.symlink_to(root / "no-such-file")
    elif choice == 2:
        path.symlink_to(outside, target_is_directory=True)
    elif choice == 3:
        path.mkdir()
    elif choice == 4 and hasattr(os, "mkfifo"):
        os.mkfifo(path)
    else:
        path.symlink_to(path)  # a loop


def _mutate_catalogue(rng: random.Random, root: Path, outside: Path) -> None:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    for _ in range(rng.randint(1, 3)):
        action = rng.randrange(20)
        if action == 0:
            _mutate_file(rng, root, rng.choice(files), outside)
            return
        if action == 1:
            target = root / rng.choice(["services", "content", "paths", "templates/static"])
            target.mkdir(parents=True, exist_ok=True)
            names = ["x.txt", "x.fi.md", "X Y.yaml", "a:b.yaml", "x.yml", ".hidden", "a\nb.md"]
            name = rng.choice([*map(os.fsencode, names), b"\xff.yaml", b"\xe4.md"])
            with open(os.fsencode(target) + b"/" + name, "wb") as handle:
                handle.write(bytes(rng.randrange(256) for _ in range(rng.randrange(50))))
            continue
        if action == 2:
            (root / "templates").mkdir(exist_ok=True)
            name = rng.choice(["page.html", "home.html", "new.html", "finder_data.json"])
            (root / "templates" / name).write_text(rng.choice(TEMPLATES), encoding="utf-8")
            continue
        if action == 3:
            (root / "templates").mkdir(exist_ok=True)
            text = "front_page: {fi: Koti}\nservice_languages: {fi: {fi: suomi}}\n"
            (root / "templates" / "strings.yaml").write_text(
                _mutate_text(rng, text), encoding="utf-8", errors="surrogatepass"
            )
            continue
        path = rng.choice(files)
        if not path.is_file() or path.is_symlink():
            continue
        if action == 4:
            path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(200))))
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".md" and action < 8:
            text += "\n" + rng.choice(MARKDOWN) + "\n"
        elif action < 8:
            text = _swap_types(rng, text)
        else:
            text = _mutate_text(rng, text)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")


def _assert_clean(result, case: int) -> None:
    where = f"case {case} (seed {SEED})"
    assert result.exit_code in (0, 1), f"{where}: exit {result.exit_code}\n{result.output[-2000:]}"
    assert "Traceback" not in result.output, f"{where}:\n{result.output[-3000:]}"
    lines = result.stderr.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    assert lines and SUMMARY_RE.match(lines[-1]), f"{where}: no summary\n{result.stderr[-2000:]}"
    bad = [line for line in lines[:-1] if not LINE_RE.match(line)]
    assert not bad, f"{where}: lines not of the FILE:LINE:COL form: {bad[:5]}"
    # The last line of defence in validate hides a crash from users; the fuzz finds it.
    assert "please report this as a bug" not in result.stderr, f"{where}:\n{result.stderr}"


def test_mutated_catalogues_get_only_one_line_diagnostics(tmp_path):
    rng = random.Random(SEED)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET\n", encoding="utf-8")
    for case in range(CASES):
        root = tmp_path / f"c{case}"
        shutil.copytree(FIXTURES / BASE, root)
        _mutate_catalogue(rng, root, outside)
        result = kennosto("check", "--root", root)
        _assert_clean(result, case)
        assert "SECRET" not in result.output
        shutil.rmtree(root)


@pytest.mark.parametrize("style", ["github", "json"])
def test_other_styles_survive_hostile_values(tmp_path, style):
    root = tmp_path / "c"
    shutil.copytree(FIXTURES / "minimal", root)
    (root / "services" / "x.yaml").write_text(
        'name: {fi: "a\\nb\\u0085\\x1b[2J"}\nsummary: {fi: y}\nprovider: "\\n::error file=x::forged"\n',
        encoding="utf-8",
    )
    result = kennosto("check", "--root", root, "--format", style)
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x85" not in result.output
    if style == "github":
        assert all(line.startswith("::") for line in result.stderr.splitlines())
