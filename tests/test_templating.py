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
