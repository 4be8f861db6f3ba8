"""Every bad input gets one-line diagnostics at the right place, never a traceback or a hang,
and nothing outside the catalogue is read or published (issue 11, the input side)."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from helpers import DIAGNOSTIC_RE, REPO, copy_fixture, diagnostics, kennosto, write

SERVICE = "name: {fi: A, sv: A, en: A}\nsummary: {fi: B, sv: B, en: B}\nprovider: kela\nreviewed: 2026-11-01\n"


def check(root: Path) -> tuple[int, list[str]]:
    """Exit code and diagnostic lines of `kennosto check`; fails on anything not one-line."""
    result = kennosto("check", "--root", root)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1)
    lines = result.stderr.splitlines()
    assert all(DIAGNOSTIC_RE.match(line) for line in lines[:-1]), lines
    return result.exit_code, diagnostics(result.stderr)


def about(found: list[str], relpath: str) -> list[str]:
    return [line for line in found if line.startswith(relpath + ":")]


# --- Tags, numbers, booleans --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("!!int abc", "services/x.yaml:5:7: error: 'abc' is not a valid !!int value"),
        ("!!bool maybe", "services/x.yaml:5:7: error: 'maybe' is not a valid !!bool value"),
        ("!!float x", "services/x.yaml:5:7: error: 'x' is not a valid !!float value"),
        ("!!null x", "services/x.yaml:5:7: error: 'x' is not a valid !!null value"),
    ],
)
def test_explicit_tags_with_bad_values(tmp_path, value, expected):
    root = write(
        copy_fixture("minimal", tmp_path), {"services/x.yaml": SERVICE + f"cost: {value}\n"}
    )
    code, found = check(root)
    assert code == 1
    assert any(line.startswith(expected) for line in about(found, "services/x.yaml")), found


def test_an_integer_of_5000_digits(tmp_path):
    root = write(
        copy_fixture("minimal", tmp_path),
        {"services/x.yaml": SERVICE + "age: {min: " + "7" * 5000 + "}\n"},
    )
    code, found = check(root)
    assert code == 1
    [line] = about(found, "services/x.yaml")
    assert line.startswith("services/x.yaml:5:12: error: age.min: expected a whole number")
    assert "far too large" in line and len(line) < 300


@pytest.mark.parametrize(
    ("age", "hint"),
    [
        ("{min: 017, max: 0x3F}", "plain decimal digits"),
        ("{min: 1_8}", "plain decimal digits"),
        ("{min: 18.0}", "without a decimal point"),
    ],
)
def test_ages_are_plain_decimal_integers(tmp_path, age, hint):
    root = write(copy_fixture("minimal", tmp_path), {"services/x.yaml": SERVICE + f"age: {age}\n"})
    code, found = check(root)
    assert code == 1
    lines = about(found, "services/x.yaml")
    assert lines and all(": error: age." in line and hint in line for line in lines), lines


@pytest.mark.parametrize("word", ["on", "yes", "no", "off", "On", "YES"])
def test_booleans_are_only_true_and_false(tmp_path, word):
    root = write(
        copy_fixture("minimal", tmp_path),
        {"services/x.yaml": SERVICE + f"cost: {{free: {word}}}\n"},
    )
    code, found = check(root)
    assert code == 1
    [line] = about(found, "services/x.yaml")
    assert "cost.free: expected true or false" in line and "write true or false" in line


def test_words_that_yaml_1_1_called_booleans_are_text_where_text_is_wanted(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    text = "name: {fi: on, sv: yes, en: no}\nsummary: {fi: off, sv: 017, en: 0x3F}\nprovider: kela\nreviewed: 2026-11-01\ncost: {free: true}\n"
    write(root, {"services/x.yaml": text})
    code, found = check(root)
    assert code == 0, found
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search", "-q").exit_code == 0
    assert "<h1>on</h1>" in (out / "fi/services/x/index.html").read_text(encoding="utf-8")
    assert "0x3F" in (out / "en/services/x/index.html").read_text(encoding="utf-8")


# --- Characters and echoed values ---------------------------------------------------


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\ufffe", "\uffff"]
)
def test_control_characters_are_one_line_at_their_place(tmp_path, char):
    root = copy_fixture("minimal", tmp_path)
    write(root, {"services/x.yaml": SERVICE.replace("summary: {fi: B", f"summary: {{fi: B{char}")})
    code, found = check(root)
    assert code == 1
    assert about(found, "services/x.yaml") == [
        f"services/x.yaml:2:16: error: {'character' if ord(char) > 0xFFFD else 'control character'} "
        f"U+{ord(char):04X} is not allowed; remove it"
    ]


def test_control_characters_in_content_pages(tmp_path):
    root = write(copy_fixture("minimal", tmp_path), {"content/x.md": "# X\n\nok\nbad \x1b[31m\n"})
    code, found = check(root)
    assert code == 1
    assert about(found, "content/x.md") == [
        "content/x.md:4:5: error: control character U+001B is not allowed; remove it"
    ]


@pytest.mark.parametrize("style", ["text", "github", "json"])
def test_values_in_messages_are_escaped_and_shortened(tmp_path, style):
    root = copy_fixture("minimal", tmp_path)
    forged = "x\\nservices/alku.yaml:1:1: error: forged\\u001b[31m" + "y" * 5000
    write(root, {"services/x.yaml": SERVICE.replace("provider: kela", f'provider: "{forged}"')})
    result = kennosto("check", "--root", root, "--format", style)
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "y" * 200 not in result.output
    lines = result.output.splitlines()
    assert not any(
        line.startswith(("services/alku.yaml:1:1", "::error file=services/alku")) for line in lines
    )
    if style == "text":
        [line] = about(diagnostics(result.stderr), "services/x.yaml")
        assert "\\n" in line and "\\x1b" in line and "…" in line and len(line) < 400


def test_unknown_keys_and_names_with_newlines_stay_on_one_line(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    write(root, {"services/x.yaml": SERVICE + '"bad\\nkey\\e[2J": 1\n'})
    code, found = check(root)
    assert code == 1
    [line] = about(found, "services/x.yaml")
    assert "unknown key 'bad\\nkey\\x1b[2J'" in line


# --- Files that are not files -------------------------------------------------------


def test_a_folder_named_like_a_file(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    (root / "content" / "x.md").mkdir()
    (root / "services" / "y.yaml").mkdir()
    code, found = check(root)
    assert code == 1
    assert about(found, "content/x.md") == [
        "content/x.md:1:1: error: this is a folder, not a file; rename or remove it"
    ]
    assert about(found, "services/y.yaml") == [
        "services/y.yaml:1:1: error: this is a folder, not a file; rename or remove it"
    ]


def test_a_dangling_link(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    (root / "services" / "x.yaml").symlink_to(root / "services" / "missing.yaml")
    code, found = check(root)
    assert code == 1
    assert about(found, "services/x.yaml") == [
        "services/x.yaml:1:1: error: this is a link to a file that does not exist"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no fifos here")
@pytest.mark.parametrize("relpath", ["content/x.md", "services/x.yaml", "kennosto.yaml"])
def test_a_fifo_never_hangs(tmp_path, relpath):
    root = copy_fixture("minimal", tmp_path)
    (root / relpath).unlink(missing_ok=True)
    os.mkfifo(root / relpath)
    code, found = check(root)
    assert code == 1
    assert about(found, relpath) == [
        f"{relpath}:1:1: error: this is a named pipe (fifo), not a file; remove it"
    ]


def test_a_device_is_not_read(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    try:
        os.mknod(root / "services" / "x.yaml", 0o600 | 0o020000, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("creating device nodes needs privileges")
    code, found = check(root)
    assert code == 1
    assert about(found, "services/x.yaml") == [
        "services/x.yaml:1:1: error: this is a device, not a file; remove it"
    ]


# --- Links out of the catalogue -----------------------------------------------------

OUTSIDE = "this is a link to a place outside the catalogue; Kennosto reads only files inside it"


@pytest.mark.parametrize(
    "relpath",
    [
        "content/leak.md",
        "services/leak.yaml",
        "organizations/leak.yaml",
        "paths/leak.yaml",
        "kennosto.yaml",
        "templates/page.html",
        "templates/strings.yaml",
        "templates/static/env.txt",
        "templates/static/sub/deep.txt",
    ],
)
def test_links_out_of_the_catalogue_are_errors(tmp_path, relpath):
    secret = write(tmp_path / "secret", {"secret.txt": "SECRET-VALUE\n"}) / "secret.txt"
    root = copy_fixture("minimal", tmp_path)
    target = root / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.symlink_to(secret)
    code, found = check(root)
    assert code == 1
    assert about(found, relpath) == [f"{relpath}:1:1: error: {OUTSIDE}"]
    out = tmp_path / "out"
    result = kennosto("build", "--root", root, "--out", out, "--no-search", "-q")
    assert result.exit_code == 1 and not out.exists()


def test_a_linked_folder_out_of_the_catalogue(tmp_path):
    outside = write(tmp_path / "secret", {"a.yaml": SERVICE, "b.css": "x"})
    root = copy_fixture("minimal", tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "static").symlink_to(outside, target_is_directory=True)
    (root / "services" / "more").symlink_to(outside, target_is_directory=True)
    code, found = check(root)
    assert code == 1
    assert about(found, "templates/static") == [f"templates/static:1:1: error: {OUTSIDE}"]
    assert about(found, "services/more") == [f"services/more:1:1: error: {OUTSIDE}"]


def test_a_linked_folder_inside_the_catalogue_is_an_error_not_skipped(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    write(root, {"extra/x.yaml": SERVICE})
    (root / "services" / "more").symlink_to(root / "extra", target_is_directory=True)
    code, found = check(root)
    assert code == 1
    assert about(found, "services/more") == [
        "services/more:1:1: error: this is a link to a folder, which is not followed; copy the files here instead"
    ]


def test_links_inside_the_catalogue_are_fine_and_static_files_are_published(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    write(root, {"shared/logo.txt": "LOGO\n", "templates/static/own.css": "body{}\n"})
    (root / "templates" / "static" / "logo.txt").symlink_to(root / "shared" / "logo.txt")
    (root / "services" / "kopio.yaml").symlink_to(root / "services" / "loppu.yaml")
    code, found = check(root)
    assert code == 0, found
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search", "-q").exit_code == 0
    assert (out / "static" / "logo.txt").read_text() == "LOGO\n"
    assert (out / "static" / "own.css").read_text() == "body{}\n"
    assert (out / "fi" / "services" / "kopio" / "index.html").is_file()
    assert not (out / "static" / "logo.txt").is_symlink()


# --- check reads everything build reads ---------------------------------------------


def test_a_template_syntax_error_is_reported_by_check(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    write(root, {"templates/page.html": "<p>\n{{ content.title \n{% if %}\n"})
    code, found = check(root)
    assert code == 1
    [line] = about(found, "templates/page.html")
    assert re.match(r"templates/page\.html:\d+:1: error: template error: ", line), line
    result = kennosto("build", "--root", root, "--out", tmp_path / "out", "--no-search", "-q")
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_a_good_template_override_is_used(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    builtin = (Path(__file__).parent.parent / "templates" / "page.html").read_text(encoding="utf-8")
    write(root, {"templates/page.html": builtin.replace("<h1>", '<h1 class="own">')})
    code, found = check(root)
    assert code == 0, found
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search", "-q").exit_code == 0
    assert '<h1 class="own">' in (out / "fi" / "about" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("front_page: {fi: [x\n", r"templates/strings\.yaml:2:1: error: YAML syntax error"),
        (
            "front_page: Etusivu\n",
            r"templates/strings\.yaml:1:13: error: front_page: expected a mapping",
        ),
        (
            "front_page: {sv: Start}\n",
            r"templates/strings\.yaml:1:13: error: front_page: no Finnish",
        ),
        (
            "front_page: {fi: Koti, de: Heim}\n",
            r"templates/strings\.yaml:1:24: error: front_page\.de: unknown language",
        ),
        (
            "front_page: {fi: [a, b]}\n",
            r"templates/strings\.yaml:1:18: error: front_page\.fi: expected text",
        ),
        (
            "service_languages: {fi: suomi}\n",
            r"templates/strings\.yaml:1:25: error: service_languages\.fi: expected a mapping",
        ),
        (
            "month_names: {fi: tammikuuta}\n",
            r"templates/strings\.yaml:1:19: error: month_names\.fi: expected a list of texts",
        ),
        ("- a\n", r"templates/strings\.yaml:1:1: error: the file must be a mapping"),
    ],
)
def test_a_broken_strings_yaml_is_reported_by_check(tmp_path, text, expected):
    root = write(copy_fixture("minimal", tmp_path), {"templates/strings.yaml": text})
    code, found = check(root)
    assert code == 1
    lines = about(found, "templates/strings.yaml")
    assert lines and re.match(expected, lines[0]), lines
    result = kennosto("build", "--root", root, "--out", tmp_path / "out", "--no-search", "-q")
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_a_copy_of_the_built_in_strings_passes_check(tmp_path):
    """The way to start translating: copy the built-in file and edit it. Its maps
    (service_languages) and lists (month_names) are the shapes the check expects."""
    builtin = (REPO / "templates" / "strings.yaml").read_text(encoding="utf-8")
    root = write(copy_fixture("minimal", tmp_path), {"templates/strings.yaml": builtin})
    code, found = check(root)
    assert code == 0, found


def test_a_good_strings_override_is_used(tmp_path):
    root = write(
        copy_fixture("minimal", tmp_path), {"templates/strings.yaml": "front_page: {fi: Koti}\n"}
    )
    code, found = check(root)
    assert code == 0, found
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search", "-q").exit_code == 0
    assert "Koti" in (out / "fi" / "index.html").read_text(encoding="utf-8")


# --- No silent loss -----------------------------------------------------------------


def test_markdown_nested_too_deep_is_an_error_with_its_line(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    deep_list = "\n".join("  " * i + f"- taso {i}" for i in range(12))
    deep_quote = "> " * 25 + "syvä"
    write(
        root,
        {
            "content/syva.md": f"# Syvä\n\nalku\n\n{deep_list}\n\nloppu\n",
            "services/x.yaml": SERVICE
            + "description:\n  fi: |\n    ok\n\n    "
            + deep_quote
            + "\n",
        },
    )
    code, found = check(root)
    assert code == 1
    [page] = about(found, "content/syva.md")
    assert page.startswith("content/syva.md:14:1: error: Markdown nested more than 20 levels deep")
    [field] = about(found, "services/x.yaml")
    assert field.startswith("services/x.yaml:9:1: error: description.fi: Markdown nested")


def test_ordinary_nesting_is_fine(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    text = "\n".join("  " * i + f"- taso {i}" for i in range(8)) + "\n\n" + "> " * 10 + "x\n"
    write(root, {"content/ok.md": "# OK\n\n" + text})
    code, found = check(root)
    assert code == 0, found


def test_ignored_files_are_warnings(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    write(
        root,
        {
            "content/about.fi.md": "# Tietoa\n",
            "content/notes.txt": "x",
            "services/README.md": "x",
            "services/old/x.yaml": SERVICE,
            "services/.hidden.yaml": "not: [read",
        },
    )
    code, found = check(root)
    assert code == 0
    assert about(found, "content/about.fi.md") == [
        "content/about.fi.md:1:1: warning: ignored: the Finnish page is content/about.md; rename or remove this file"
    ]
    assert about(found, "content/notes.txt") == [
        "content/notes.txt:1:1: warning: ignored: only .md files in content/ are read; rename or remove it"
    ]
    assert len(about(found, "services/README.md")) == 1
    assert about(found, "services/old") == [
        "services/old:1:1: warning: ignored: subfolders of services/ are not read; move its files up or remove it"
    ]
    assert not about(found, "services/.hidden.yaml")


# --- Linear time --------------------------------------------------------------------


def test_16000_unknown_keys_check_quickly(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    keys = "".join(f"extra_{i}: x\n" for i in range(16000))
    write(root, {"services/x.yaml": SERVICE + keys})
    started = time.perf_counter()
    code, found = check(root)
    assert time.perf_counter() - started < 5
    assert code == 1
    lines = about(found, "services/x.yaml")
    assert 1 < len(lines) <= 25
    assert any(line.endswith(": 15980 more unknown keys here") for line in lines), lines


def test_a_megabyte_word_in_a_name_builds_in_linear_time(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    word = "Työkykykoordinaattori" * 50_000  # 1 MB, no space
    write(root, {"services/loppu.yaml": SERVICE.replace("{fi: A,", "{fi: " + word + ",")})
    started = time.perf_counter()
    result = kennosto("build", "--root", root, "--out", tmp_path / "out", "--no-search", "-q")
    assert result.exit_code == 0, result.stderr[-500:]
    assert time.perf_counter() - started < 30


def test_a_template_that_fails_while_rendering_is_a_diagnostic_of_build(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    write(
        root,
        {
            "templates/page.html": '{% extends "_base.html" %}\n{% block main %}\n{{ nope.x }}\n{% endblock %}\n'
        },
    )
    out = tmp_path / "out"
    result = kennosto("build", "--root", root, "--out", out, "--no-search", "-q")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert diagnostics(result.stderr) == [
        "templates/page.html:3:1: error: template failed: UndefinedError: 'nope' is undefined "
        "(rendering fi/about/index.html)"
    ]
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["minimal"]
