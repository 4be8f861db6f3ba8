"""Markdown and names cannot inject markup or script."""

from __future__ import annotations

import pytest
from helpers import copy_fixture, kennosto, write

from kennosto.markdown import is_safe_link, render_markdown

BAD_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "file:///etc/passwd",
    "\x01javascript:alert(1)",
]
GOOD_LINKS = [
    "https://example.org/",
    "http://example.org/",
    "mailto:a@example.org",
    "tel:+3580",
    "../x/",
    "#top",
    "x/y",
]


@pytest.mark.parametrize("url", BAD_LINKS)
def test_dangerous_links_are_dropped(url):
    html = render_markdown(f"[klikkaa]({url}) ja <{url}>")
    assert "<a " not in html
    assert "<script" not in html


@pytest.mark.parametrize("url", GOOD_LINKS)
def test_safe_links_are_kept(url):
    assert is_safe_link(url)
    assert "<a href=" in render_markdown(f"[linkki]({url})")


def test_raw_html_is_escaped():
    html = render_markdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_hostile_names_are_escaped_everywhere(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    name = "<script>alert(1)</script> \" ' &"
    write(
        root,
        {
            "services/alku.yaml": (
                f"name: {{fi: '{name.replace(chr(39), chr(39) * 2)}', sv: x, en: x}}\n"
                "summary: {fi: '<b>lihava</b>', sv: x, en: x}\nprovider: kela\nreviewed: 2026-11-01\n"
                "transitions:\n  - to: loppu\n    when: {fi: '<i>kun</i>'}\n"
            )
        },
    )
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    for path in out.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>" not in html, path
        assert "<b>lihava" not in html and "<i>kun" not in html, path
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; &#34; &#39; &amp;"
        in (out / "fi/services/alku/index.html").read_text()
    )
