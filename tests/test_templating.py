"""Our compiled templates (kennosto.templating) write what Jinja's own compiler writes,
also where they take a short way: Localizer calls, interface strings, macro calls."""

from __future__ import annotations

import pytest
from helpers import REPO
from jinja2 import Environment, StrictUndefined, UndefinedError, select_autoescape

from kennosto.render import Localizer, load_strings, make_environment

STRINGS = {
    "greeting": {"fi": 'Hei <sinä> & "muut"', "sv": "Hej"},
    "only_fi": {"fi": "Vain suomeksi"},
    "kind": {"fi": {"a": "A-laji"}, "en": {"a": "Kind A"}},
    "fallback_inline": {"fi": "(suomeksi)"},
    "fallback_note": {"fi": "Suomeksi:"},
    "month_names": {"fi": [f"kuu{n}" for n in range(1, 13)]},
    "date_format": {"fi": "{d}.{m}.{y}", "en": "{d} {month} {y}"},
    "items": {"fi": "{n} palvelua"},
    "items_one": {"fi": "1 palvelu"},
}

SOURCE = """{% macro m(a, b='default', c=none) %}[{{ a }}|{{ b }}|{{ c }}]{% endmacro %}
{% macro kw(a) %}{{ a }}{{ kwargs }}{% endmacro %}
{% macro outer() %}<{{ caller() }}>{% endmacro %}
{{ L.ui('greeting') }} {{ L.ui('only_fi') }} {{ L.ui('greeting')|length }}
{{ L.ui_map('kind')['a'] }} {{ L.text(name) }} {{ L.text(fi_only) }} {{ L.plain(name) }}
{{ L.block(body) }} {{ L.date('2026-11-23') }} {{ L.count('items', 1) }} {{ L.count('items', 3) }}
{{ L.has(name) }} {{ L.ui(key) }} {% set ui = L.ui %}{{ ui('greeting') }}
{{ m(1) }} {{ m(1, 2) }} {{ m(1, 2, 3) }} {{ m(1, c=3) }} {{ kw(1, x=2) }}
{% call outer() %}inside{% endcall %}
{% for M in [L, other] %}{{ M.ui('greeting') }}/{{ M.text(name) }};{% endfor %}
{{ fake.ui('greeting') }} {{ fake.text }}
{{ mapping.key }} {{ mapping.nested.deeper }} {{ mapping.absent is defined }} {{ fake.absent is defined }}
"""


class Fake:
    """Not a Localizer, with methods of the same names: called Jinja's way."""

    text = "fake-text"

    def ui(self, key: str) -> str:
        return f"<fake {key}>"


def _plain_environment() -> Environment:
    return Environment(
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_same_output_as_jinja(lang: str) -> None:
    context = {
        "L": Localizer(lang, STRINGS),
        "other": Localizer("sv" if lang != "sv" else "fi", STRINGS),
        "fake": Fake(),
        "name": {"fi": "Nimi <b>", "sv": "Namn", "en": "Name & co"},
        "fi_only": {"fi": "Vain <i>suomi</i>"},
        "body": {"fi": "Teksti *korostus*.\n\n- yksi\n- kaksi", "en": "Text."},
        "key": "only_fi",
        "mapping": {"key": "<value>", "nested": {"deeper": 3}},
    }
    ours = make_environment(REPO).from_string(SOURCE).render(context)
    jinja = _plain_environment().from_string(SOURCE).render(context)
    assert ours == jinja
    assert "Localizer" in make_environment(REPO).compile(SOURCE, raw=True)  # the short way


def test_an_undefined_localizer_fails_as_in_jinja() -> None:
    for source in ("{{ L.ui('greeting') }}", "{{ L.text(x) }}"):
        with pytest.raises(UndefinedError):
            make_environment(REPO).from_string(source).render(x={"fi": "x"})


def test_a_missing_interface_string_fails_as_before() -> None:
    template = make_environment(REPO).from_string("{{ L.ui('no_such_key') }}")
    with pytest.raises(KeyError):
        template.render(L=Localizer("fi", load_strings(REPO)))


def test_a_rendered_page_leaves_no_reference_cycles() -> None:
    """A page's macros and its `with context` imports hold the page's context and are
    held by it; emptied after the render, they are freed at once, not by the collector."""
    import gc

    source = (
        '{% import "_transition.html" as move with context %}'
        "{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(L.ui('greeting')) }}"
    )
    template = make_environment(REPO).from_string(source)
    context = {"L": Localizer("fi", STRINGS), "root": "", "lang": "fi", "catalogue": None}
    assert template.render(context) == "[Hei &lt;sinä&gt; &amp; &#34;muut&#34;]"
    gc.collect()
    gc.disable()
    try:
        for _ in range(20):
            template.render(context)
        assert gc.collect() == 0
    finally:
        gc.enable()


INHERITED = {
    "t_base.html": (
        "<{% block title %}base title{% endblock %}>\n"
        "{% for x in items %}{% block item scoped %}[{{ x }}]{% endblock %}{% endfor %}\n"
        "{% include 't_part.html' %}|{% include 't_part.html' without context %}\n"
        "{% block main %}{% endblock %}\n{{ self.title() }}"
    ),
    "t_part.html": "part({{ name is defined }})",
    "t_child.html": (
        "{% extends 't_base.html' %}\n"
        "{% block title %}{{ super() }} + child {{ name }}{% endblock %}\n"
        "{% block item %}({{ x }}){% endblock %}\n"
        "{% block main %}{% if items %}{% for x in items %}{{ x }}{% if not loop.last %},{% endif %}"
        "{% endfor %}{% endif %}{% filter upper %}up {{ name }}{% endfilter %}"
        "{% include 't_part.html' without context %}{% set y = 5 %}{{ y }}{% endblock %}"
    ),
    "t_dynamic.html": "before {% extends parent %}{% block main %}dyn{% endblock %}",
}


@pytest.mark.parametrize("name", ["t_base.html", "t_child.html", "t_dynamic.html"])
def test_blocks_written_whole_give_jinja_output(tmp_path, name: str) -> None:
    """Block bodies and base templates write into a list and yield it once
    (QuickCodeGenerator.blockvisit): the same text as Jinja's piece-by-piece yields,
    with extends, super(), self, scoped blocks in loops, includes with and without
    context, filter blocks and a dynamic extends."""
    from jinja2 import FileSystemLoader

    (tmp_path / "templates").mkdir()
    for filename, source in INHERITED.items():
        (tmp_path / "templates" / filename).write_text(source, encoding="utf-8")
    context = {"items": [1, "<2>"], "name": "N & M", "parent": "t_base.html"}
    ours = make_environment(tmp_path).get_template(name).render(context)
    plain = _plain_environment()
    plain.loader = FileSystemLoader(str(tmp_path / "templates"))
    assert ours == plain.get_template(name).render(context)
    assert "yield concat(" in make_environment(tmp_path).compile(
        INHERITED["t_child.html"], raw=True
    )
