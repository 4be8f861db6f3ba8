"""The templates' quicker escaping writes exactly what markupsafe.escape writes."""

from __future__ import annotations

import pytest
from helpers import REPO
from markupsafe import Markup, escape

from kennosto.render import escaped, make_environment, output_escape


class Html:
    def __html__(self) -> str:
        return "<b>drawn</b>"


VALUES = ["", "plain", "<script>&\"'</script>", "ä & ö", Markup("<i>safe</i>"), 42, 1.5, None]


@pytest.mark.parametrize("value", [*VALUES, Html()])
def test_output_escape_writes_what_escape_writes(value: object) -> None:
    assert str(output_escape(value)) == str(escape(value))


@pytest.mark.parametrize("value", VALUES)
def test_escaped_is_escape(value: object) -> None:
    result = escaped(value)
    assert isinstance(result, Markup) and result == escape(value)


def test_templates_escape_through_it() -> None:
    env = make_environment(REPO)
    source = env.compile("{{ x }}", raw=True)
    assert "output_escape(" in source
    template = env.from_string("{{ x }}|{{ y }}|{% macro m(v) %}{{ v }}{% endmacro %}{{ m(x) }}")
    text = template.render(x="<a href='x'>&</a>", y=Markup("<b>ok</b>"))
    assert text == (
        "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;|<b>ok</b>|&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"
    )
