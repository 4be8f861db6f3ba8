"""Markdown's short cut for plain paragraphs gives exactly markdown-it's output."""

from __future__ import annotations

import random

import pytest
from helpers import REPO

from kennosto.assemble import build_catalogue
from kennosto.load import load_catalogue
from kennosto.markdown import _MD, _plain_paragraph, render_markdown

# Letters, digits, the short cut's punctuation, and characters that must end it.
ALPHABET = (
    "aäöåzAÄÖZé019 ,.;:?!'()/%+=#@$€§–—…“”‘’«»-" + '*_`[]<>&"\\~|{}^\t\n\r\u00a0\u2028' + "  \n\n"
)


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        n = rng.randrange(1, 24)
        text = "".join(rng.choice(ALPHABET) for _ in range(n))
        if rng.random() < 0.5:  # mostly plain: the short cut's side is tested too
            text = "".join(c for c in text if c.isalnum() or c in " ,.'()-\n")
        out.append(text)
    return out


@pytest.mark.parametrize("seed", range(4))
def test_short_cut_matches_markdown_it_on_random_text(seed: int) -> None:
    taken = 0
    for text in _texts(seed, 3000):
        plain = _plain_paragraph(text)
        if plain is not None:
            taken += 1
            assert plain == _MD.render(text), repr(text)
        assert render_markdown(text) == _MD.render(text), repr(text)
    assert taken > 100  # the short cut was exercised


def test_short_cut_matches_markdown_it_on_the_bundled_catalogue() -> None:
    catalogue = build_catalogue(load_catalogue(REPO))
    taken = 0
    for service in catalogue.services.values():
        for field in ("description", "eligibility", "how_to_apply", "summary"):
            for text in (getattr(service, field, None) or {}).values():
                if _plain_paragraph(text) is not None:
                    taken += 1
                assert render_markdown(text) == _MD.render(text), repr(text)
    assert taken > 10


@pytest.mark.parametrize(
    "text",
    ["1. item", "- item", "a  \nb", "a\n\nb", "a\n===", "Tervetuloa ", " sisennys", "a_b_", "#x"],
)
def test_markup_that_looks_plain_takes_the_long_way(text: str) -> None:
    assert _plain_paragraph(text) is None
    assert render_markdown(text) == _MD.render(text)
