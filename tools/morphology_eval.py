"""Measure Finnish lemmatisers against tools/morphology_forms.tsv (hand-made forms of the
catalogue's words). Run: python tools/morphology_eval.py [simplemma|voikko|kennosto]."""

from __future__ import annotations

import sys
from pathlib import Path

FORMS = Path(__file__).with_name("morphology_forms.tsv")


def cases() -> list[tuple[str, str]]:
    rows = []
    for line in FORMS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            form, lemma = line.split("\t")
            rows.append((form, lemma))
    return rows


def simplemma_lemma(word: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang="fi")


def voikko_lemma(word: str) -> str:
    from libvoikko import Voikko

    global _voikko
    try:
        v = _voikko
    except NameError:
        v = _voikko = Voikko("fi")
    analyses = v.analyze(word)
    return analyses[0]["BASEFORM"] if analyses else word


def main(tool: str) -> None:
    lemma = {"simplemma": simplemma_lemma, "voikko": voikko_lemma}[tool]
    rows = cases()
    wrong = [(f, e, lemma(f)) for f, e in rows if lemma(f) != e]
    print(f"{tool}: {len(rows) - len(wrong)}/{len(rows)} correct")
    for form, expected, got in wrong:
        print(f"  {form}: expected {expected}, got {got}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "simplemma")
