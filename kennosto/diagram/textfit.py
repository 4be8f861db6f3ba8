"""Text measurement and wrapping for diagram boxes, without a browser or a font file.

Box sizes must be known at build time, so widths come from a per-character table of
Arial/Helvetica advance widths (Liberation Sans has the same metrics), with a safety margin
for wider fallback fonts (DejaVu Sans, common on Linux, is 10-15% wider). Lines wrap at
spaces; a word wider than a line breaks at its hyphens or soft hyphens first, then at a
syllable boundary chosen to look like a Finnish compound joint, with a hyphen added.
"""

from __future__ import annotations

import re
from functools import lru_cache

SAFETY = 1.15  # room for wider fallback fonts: DejaVu Sans is 10-15% wider than Arial

# Advance widths in 1/1000 em (Arial/Helvetica metrics).
_WIDTH_GROUPS: tuple[tuple[int, str], ...] = (
    (191, "'"),
    (222, "ijl’‘"),
    (260, "|"),
    (278, " !,./:;[\\]ftIíìîï·"),
    (333, "()-r`“”‹›"),
    (355, '"'),
    (389, "*"),
    (469, "^"),
    (500, "cksvxyzJšžý"),
    (556, "0123456789abdeghnopqu#$?_£€äöåéèêëáàâãõóòôüúùûñçL–"),
    (584, "+<=>~±×"),
    (611, "FTZŽß"),
    (667, "ABEKPSVXYÄÅÉÈÊÀÁÂÃ&Š"),
    (722, "CDHNRUwÜÚÙÛÑÇ"),
    (778, "GOQÖÓÒÔÕ"),
    (833, "mM"),
    (889, "%"),
    (944, "W"),
    (1000, "—…æœ"),
    (1015, "@"),
)
_WIDTHS: dict[str, int] = {ch: w for w, chars in _WIDTH_GROUPS for ch in chars}
_FALLBACK = 600  # unknown Latin-ish characters: a little above the average lower-case letter
_WIDE = 1000  # CJK and other full-width scripts
_VOWELS = frozenset("aeiouyäöåéèáàüAEIOUYÄÖÅÉÈÁÀÜ")
_SHY = "\u00ad"
_SPACE = _WIDTHS[" "]
_HYPHEN = _WIDTHS["-"]
_NARROWEST = min(_WIDTHS.values())  # no character (but the soft hyphen) is narrower


def char_width(ch: str) -> int:
    """Width of one character in 1/1000 em; wide scripts get a full em."""
    w = _WIDTHS.get(ch)
    if w is not None:
        return w
    return _WIDE if ord(ch) >= 0x2E80 else _FALLBACK


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Rendered width in px of `text` at font `size`, with the fallback-font margin."""
    return _px(sum(map(_word_units, text.split(" "))) + _SPACE * text.count(" "), size, bold)


def _px(units: float, size: float, bold: bool) -> float:
    return units * size / 1000 * SAFETY * (1.1 if bold else 1.0)


@lru_cache(maxsize=131072)
def _word_units(word: str) -> int:
    """Widths are sums over characters, so a word's sum is computed once and reused: the
    same words recur in thousands of labels."""
    return sum(_WIDTHS.get(ch) or char_width(ch) for ch in word if ch != _SHY)


def _syllable_break(word: str, avail: float, size: float, bold: bool) -> int:
    """Where to cut an over-long word so that the first part (with '-') fits.

    Candidates are Finnish-style syllable boundaries, before a consonant that is followed
    by a vowel ("kun-tou-tus"), with at least four letters on each side. A boundary after
    a consonant scores higher, and after vowel + 's' higher still: that is where Finnish
    compounds usually join ("kuntoutus|tutkimus|poliklinikka", "työllisyys|palvelut").
    The best score wins, then the latest place. Failing all, cut where it still fits.
    The widths of the prefixes are summed as they grow: linear in the part that fits.
    """
    fits = 0
    units = _HYPHEN
    for i in range(1, len(word)):
        units += _WIDTHS.get(word[i - 1]) or char_width(word[i - 1])
        if _px(units, size, bold) > avail:
            break
        fits = i
    best, best_score = 0, 0
    for i in range(4, min(fits, len(word) - 4) + 1):
        c, nxt, prev = word[i], word[i + 1], word[i - 1]
        if not (c.isalpha() and c not in _VOWELS and nxt in _VOWELS and prev.isalpha()):
            continue
        score = 1 + (prev not in _VOWELS) + 2 * (prev in "sS" and word[i - 2] in _VOWELS)
        if score >= best_score:
            best, best_score = i, score
    return best or max(fits, 1)


def _split_word(word: str, avail: float, size: float, bold: bool) -> list[str]:
    """Break a word that does not fit: at its hyphens and soft hyphens first, then syllables."""
    pieces = [p for p in re.split(r"(?<=[-\u00ad])", word) if p]
    out: list[str] = []
    cur = ""
    for piece in pieces:
        if len(cur) < _window(avail, size, bold) and text_width(cur + piece, size, bold) <= avail:
            cur += piece
            continue
        if cur:
            out.append(cur[:-1] + "-" if cur.endswith(_SHY) else cur)
        cur = piece
        if len(cur) > 1 and text_width(cur, size, bold) > avail:
            cur = _break_syllables(cur.replace(_SHY, ""), avail, size, bold, out)
    if cur:
        out.append(cur.replace(_SHY, ""))
    return [o.replace(_SHY, "") for o in out]


def _window(avail: float, size: float, bold: bool) -> int:
    """More characters than this never fit in `avail`, whatever they are."""
    return int(avail / _px(_NARROWEST, size, bold)) + 2


def _break_syllables(plain: str, avail: float, size: float, bold: bool, out: list[str]) -> str:
    """Cut lines off `plain` until the rest fits; returns the rest. Each cut looks only at
    the next line's worth of characters (and a few beyond, for the syllable rule), so a
    word of a million characters is cut in linear time, not quadratic."""
    window = _window(avail, size, bold)
    start = 0
    while len(plain) - start > 1:
        if len(plain) - start < window and text_width(plain[start:], size, bold) <= avail:
            break
        head = plain[start : start + window + 8]
        cut = _syllable_break(head, avail, size, bold)
        out.append(head[:cut] + "-")
        start += cut
    return plain[start:]


def wrap_text(text: str, avail: float, size: float, bold: bool = False) -> list[str]:
    """Greedy wrap at spaces; words wider than a line break at hyphens or syllables."""
    return wrap_measured(text, avail, size, bold)[0]


def wrap_measured(
    text: str, avail: float, size: float, bold: bool = False
) -> tuple[list[str], float]:
    """wrap_text, and the width of its widest line (0 for none): what text_width says of
    each line, from the sums the wrapping made (a line of whole words is measured once)."""
    lines: list[str] = []
    units_of: list[int] = []  # each line's units (widths are sums of integers: exact)
    cur = ""
    cur_units = 0
    for word in text.split():
        units = _word_units(word)
        trial_units = cur_units + _SPACE + units if cur else units
        if _px(trial_units, size, bold) <= avail:
            cur = f"{cur} {word}" if cur else word
            cur_units = trial_units
            continue
        if cur:
            lines.append(cur.replace(_SHY, ""))
            units_of.append(cur_units)
        if _px(units, size, bold) <= avail:  # starts the next line
            cur, cur_units = word, units
            continue
        parts = _split_word(word, avail, size, bold)
        lines.extend(parts[:-1])
        units_of.extend(map(_word_units, parts[:-1]))
        cur = parts[-1] if parts else ""
        cur_units = _word_units(cur)
    if cur:
        lines.append(cur.replace(_SHY, ""))
        units_of.append(cur_units)
    return lines, _px(max(units_of), size, bold) if units_of else 0.0
