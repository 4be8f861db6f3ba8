"""Markdown's short cut for plain paragraphs gives exactly markdown-it's output."""

from __future__ import annotations

import random

import pytest
from helpers import REPO

from kennosto.assemble import build_catalogue
from kennosto.load import load_catalogue
from kennosto.markdown import _MD, _inline, _plain_paragraph, _simple_blocks, render_markdown

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


def _short_cuts_taken(texts: list[str], short_cut) -> int:
    """How many of `texts` `short_cut` took (it returns None for the others); where it
    did, and for render_markdown on all of them, the output is markdown-it's."""
    taken = 0
    for text in texts:
        fast = short_cut(text)
        if fast is not None:
            taken += 1
            assert fast == _MD.render(text), repr(text)
        assert render_markdown(text) == _MD.render(text), repr(text)
    return taken


@pytest.mark.parametrize("seed", range(4))
def test_short_cut_matches_markdown_it_on_random_text(seed: int) -> None:
    taken = _short_cuts_taken(_texts(seed, 3000), _plain_paragraph)
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


ITEM_ALPHABET = 'aäöZ09 ,.:()-*_[]`<>&"\\!#>\t' + "  "


def _block_texts(seed: int, count: int) -> list[str]:
    """Paragraphs and "- " lists in random order and spacing, the items' text often
    markup (emphasis, links, code, odd characters), sometimes a block of its own."""
    rng = random.Random(seed)
    words = ["sana", "Työ", "ja", "palvelu", "ohjaus", "tuki"]
    out = []
    for _ in range(count):
        blocks = []
        for _ in range(rng.randrange(1, 5)):
            if rng.random() < 0.5:
                lines = [" ".join(rng.choices(words, k=rng.randrange(1, 5)))]
                lines[0] = lines[0].capitalize() + rng.choice(["", ".", " 12", "  "])
                blocks.append("\n".join(lines * rng.randrange(1, 3)))
            else:
                items = []
                for _ in range(rng.randrange(1, 4)):
                    word = rng.choice(words)
                    item = rng.choice(
                        [
                            f"**{word}** {rng.choice(words)}",
                            f"*{word}*",
                            f"[{word}](https://example.org/{word})",
                            f"[{word}](javascript:alert(1))",
                            f"[{word}]: /x",
                            f"[{word}]",
                            word,
                            "".join(rng.choices(ITEM_ALPHABET, k=rng.randrange(1, 12))),
                        ]
                    )
                    items.append(rng.choice(["- ", "- ", "- ", "-  ", "* ", "1. "]) + item)
                blocks.append("\n".join(items))
        separator = rng.choice(["\n\n", "\n\n", "\n", "\n\n\n", "\n \n"])
        out.append(separator.join(blocks) + rng.choice(["", "\n", "\n\n"]))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_block_short_cut_matches_markdown_it_on_random_text(seed: int) -> None:
    taken = _short_cuts_taken(_block_texts(seed, 3000), _simple_blocks)
    assert taken > 300  # the short cut was exercised


@pytest.mark.parametrize(
    "text",
    ["- a\n\n- b", "- a\n- b\n\n- c", "a\n- b", "- a\nb", "- [a]: /x\n- [a]", "- 1. a", "- # a"],
)
def test_lists_that_look_simple_but_are_not_take_the_long_way(text: str) -> None:
    assert _simple_blocks(text) is None
    assert render_markdown(text) == _MD.render(text)


INLINE_PIECES = [
    "**{w}**",
    "**{w} {w}**",
    "**{w}.**",
    "*{w}*",
    "[{w}](https://example.org/{w})",
    "[{w} {w}](http://Example.ORG/a_b?x=1#y)",
    "[{w}](https://exämple.fi/ä)",
    "[{w}](javascript:alert(1))",
    "[{w}](/polku/{w}.html)",
    "[{w}](mailto:a@b.fi)",
    "[{w}](a%20b)",
    "[{w}]",
    "![{w}](kuva.png)",
    "{w}",
    "{w}",
    "{w}",
]
INLINE_GLUE = [" ", " ", "", ", ", ". ", " (", ") ", "!", "*", "_", "[", "]", "(", ")", "  ", ":"]


def _inline_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    words = ["sana", "Työ", "ja", "palvelu", "1", "tuki_x", "a"]
    out = []
    for _ in range(count):
        parts = []
        benign = rng.random() < 0.5  # pieces the short cut writes itself, mostly
        pieces = [INLINE_PIECES[i] for i in (0, 1, 4, 5, 8, 13)] if benign else INLINE_PIECES
        for _ in range(rng.randrange(1, 5)):
            parts.append(rng.choice(pieces).format(w=rng.choice(words)))
            parts.append(rng.choice(INLINE_GLUE[:5] if benign else INLINE_GLUE))
        out.append("".join(parts).strip())
    return out


@pytest.mark.parametrize("seed", range(4))
def test_inline_short_cut_matches_markdown_it(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {text: _MD.renderInline(text) for text in _inline_texts(seed, 4000) if text}
    long_way = []
    render_inline = _MD.renderInline
    monkeypatch.setattr(
        _MD, "renderInline", lambda text: long_way.append(text) or render_inline(text)
    )
    for text, html in expected.items():
        assert _inline(text) == html, repr(text)
    assert len(expected) - len(set(long_way)) > 300  # the short cut wrote these itself
    assert any(
        "<strong>" in expected[t] and "<a " in expected[t] for t in set(expected) - set(long_way)
    )
