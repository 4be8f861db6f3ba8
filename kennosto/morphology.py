"""Word forms for search: base forms (lemmas) and compound parts, at both ends.

Pagefind's Snowball stemmer joins regular case endings but not Finnish stem changes
(`kuntoutus`/`kuntoutukseen`, `työkyky`/`työkyvyn`) nor compounds (`velkaneuvonta` is not
found by `neuvonta`). So every indexed page also carries, in a hidden block, the base form
of each of its words and the parts of its compounds (`search.py` adds it), and the
browser normalises the query the same way with a table written here at build time: every
inflected form of the base forms that occur in the catalogue -> its base form
(`LANG/search/words/*.json`, a file per first letter; see `templates/static/search.js`).

The base forms come from simplemma (pure Python, MIT, dictionaries for fi, sv and en
built from Wiktionary and other open lexicons). Measured against the hand-made forms in
tools/morphology_forms.tsv: simplemma 67/70, libvoikko with Debian's voikko-fi 69/70 but
it needs a system library and dictionary (building a site must stay `pip install` only),
omorfi's wheel has no automata (they are a separate, non-pip download). See README.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

WORD = re.compile(r"[^\W\d_]+")
# Languages whose compounds are written as one word, and the shortest part we trust.
COMPOUNDING = {"fi", "sv"}
MIN_HEAD = 3
MIN_TAIL = 4
SUPPORTED = {"fi", "sv", "en"}


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, in order."""
    return WORD.findall(text.lower())


@lru_cache(maxsize=8)
def _dictionary(lang: str) -> Any:
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    return DefaultDictionaryFactory().get_dictionary(lang)


@lru_cache(maxsize=8)
def _lemma_set(lang: str) -> frozenset[bytes]:
    """The base forms of the dictionary (as bytes, like its table)."""
    table = getattr(_dictionary(lang), "_dict", None)
    return frozenset(table.values()) if isinstance(table, dict) else frozenset()


class Morphology:
    """Base forms and compound parts of one language's words (cached: a catalogue's
    vocabulary is small, its words repeat)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.enabled = lang in SUPPORTED and _simplemma_available()
        self._lemmas: dict[str, str] = {}
        self._parts: dict[str, tuple[str, ...]] = {}

    def lemma(self, word: str) -> str:
        """The base form of a lower-case word (the word itself when unknown)."""
        if not self.enabled:
            return word
        found = self._lemmas.get(word)
        if found is None:
            self._lemmas[word] = word  # a compound's parts are shorter: no cycle
            split = None if self._known(word) else self._split(word)
            if word.encode() in _lemma_set(self.lang):
                found = word  # as in search.js: a base form is its own (`työ`, not sinä)
            elif split is not None:
                # an unknown compound: its first part as written, its last part's base
                # form (simplemma's rules make `kuntoutusraha` kuntoutus)
                found = word[: split[0]] + self.lemma(word[split[0] :])
            else:
                import simplemma

                found = simplemma.lemmatize(word, lang=self.lang).lower()
            if self.lang == "fi" and found.endswith("minen"):
                found = _action_verb(found) or found
            self._lemmas[word] = found
        return found

    def _known(self, word: str) -> bool:
        return _dictionary(self.lang).get(word) is not None

    def knows(self, word: str) -> bool:
        """Whether the dictionary has the word (so the browser's table maps it)."""
        return self.enabled and self._known(word)

    def _head(self, head: str) -> str | None:
        """The base form of a compound's first part, or None if it is no word: Finnish
        `vammais-` is `vammainen`; Swedish `arbets-` is `arbete`."""
        if self._known(head):
            return self.lemma(head)
        if self.lang == "fi" and head.endswith("is") and self._known(head[:-2] + "inen"):
            return self.lemma(head[:-2] + "inen")
        if self.lang == "sv" and head.endswith("s") and len(head) > MIN_HEAD + 1:
            if self._known(head[:-1]):
                return self.lemma(head[:-1])
            if self._known(head[:-1] + "e"):
                return head[:-1] + "e"
        return None

    def parts(self, word: str) -> tuple[str, ...]:
        """The base forms of a compound's parts (`velkaneuvonta` -> velka, neuvonta;
        `osatyökykyinen` -> osa, työkykyinen, työ, kykyinen), nothing for a simple word.
        The first split whose head is a word and whose tail is a known word wins."""
        if not self.enabled or self.lang not in COMPOUNDING:
            return ()
        found = self._parts.get(word)
        if found is not None:
            return found
        result: tuple[str, ...] = ()
        split = self._split(word)
        if split is not None:
            i, head = split
            tail_lemma = self.lemma(word[i:])
            result = (head, tail_lemma, *self.parts(tail_lemma))
        self._parts[word] = result
        return result

    def _split(self, word: str) -> tuple[int, str] | None:
        """Where a compound splits and its first part's base form: the first split whose
        head is a word and whose tail is a known word."""
        if not self.enabled or self.lang not in COMPOUNDING:
            return None
        for i in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
            if not self._known(word[i:]):
                continue
            head = self._head(word[:i])
            if head is not None:
                return i, head
        return None

    def tiers(self, word: str) -> tuple[list[str], list[str]]:
        """(the base form and the compound's last parts, its first parts), without the
        word itself: a compound is a kind of its last part (`työeläkekuntoutus` ->
        [työeläkekuntoutus, kuntoutus], [työeläke, työ...])."""
        lemma = self.lemma(word)
        parts = list(self.parts(lemma))
        if lemma != word:
            parts += self.parts(word)
        main = dict.fromkeys([lemma, *parts[1::2]])
        first = dict.fromkeys(p for p in parts[0::2] if p not in main)
        for found in (main, first):
            found.pop(word, None)
        return list(main), list(first)

    def expand(self, word: str) -> list[str]:
        """The base form and compound parts of a word, without the word itself."""
        lemma = self.lemma(word)
        out = dict.fromkeys([lemma, *self.parts(lemma)])
        if lemma != word:
            out.update(dict.fromkeys(self.parts(word)))
        out.pop(word, None)
        return list(out)


def _simplemma_available() -> bool:
    try:
        import simplemma  # noqa: F401
    except ImportError:  # pragma: no cover - simplemma is a dependency
        return False
    return True


def chunk_key(word: str) -> str:
    """The chunk of the browser's table a word is in: its first letter, as a safe file
    name (`k`, `u00e4` for ä). search.js computes the same."""
    first = word[:1]
    return first if "a" <= first <= "z" else f"u{ord(first):04x}" if first else "_"


def pair_key(word: str) -> str:
    """The smaller chunk a word of two letters or more is in: its first two letters
    (`ku`, `u00e4i`), which cannot be mistaken for a first letter's key (1 or 5
    characters). A query loads these; a letter's whole chunk only for the typo check.
    search.js computes the same."""
    return chunk_key(word) + chunk_key(word[1:]) if len(word) > 1 else chunk_key(word)


def forms_table(morph: Morphology, vocabulary: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The browser's table for the words of a catalogue, in chunks by first letter and
    again by first two letters (a query loads only the chunks of its words' first two
    letters; a word it lacks, the chunk of its first letter, for the typo check): every
    form the dictionary knows of each base form that occurs -> that base form. Each
    chunk is `{"lemmas": [[stem, rest of the lemma, paradigm index]...], "paradigms":
    [[endings]], "words": [...]}`: forms are stem + ending; `words` are surface words of
    the catalogue the dictionary does not know (the typo check compares with them too)."""
    vocabulary = set(vocabulary)
    lemmas = {morph.lemma(w) for w in vocabulary}
    for w in list(lemmas):
        lemmas.update(morph.parts(w))
    forms: dict[str, set[str]] = {lemma: {lemma} for lemma in lemmas}
    if morph.enabled:
        for form, lemma in _inverse_items(morph.lang, set(forms)):
            forms[lemma].add(form.lower())
    for word in vocabulary:  # the catalogue's own forms the dictionary lacks
        forms[morph.lemma(word)].add(word)
    known = set().union(*forms.values()) if forms else set()
    chunks = _chunks(forms, vocabulary - known, chunk_key)
    # a one-letter word stays in its letter's chunk only (same key)
    chunks.update(_chunks(forms, vocabulary - known, pair_key, min_length=2))
    return dict(sorted(chunks.items()))


def _chunks(
    forms: dict[str, set[str]], unknown: set[str], key: Callable[[str], str], min_length: int = 1
) -> dict[str, dict[str, Any]]:
    """The table's chunks by `key` of each form (see forms_table())."""
    groups: dict[str, dict[str, list[str]]] = {}
    for lemma, group in forms.items():
        for form in group:
            if len(form) >= min_length:
                groups.setdefault(key(form), {}).setdefault(lemma, []).append(form)
    words_of: dict[str, list[str]] = {}
    for word in unknown:
        if len(word) >= min_length:
            groups.setdefault(key(word), {})
            words_of.setdefault(key(word), []).append(word)
    chunks: dict[str, dict[str, Any]] = {}
    for name, by_lemma in sorted(groups.items()):
        paradigms: dict[tuple[str, ...], int] = {}
        rows: list[list[Any]] = []
        for lemma in sorted(by_lemma):
            group = sorted(by_lemma[lemma])
            stem = _common_prefix([*group, lemma])
            endings = tuple(f[len(stem) :] for f in group)
            index = paradigms.setdefault(endings, len(paradigms))
            rows.append([stem, lemma[len(stem) :], index])
        chunks[name] = {
            "lemmas": rows,
            "paradigms": [list(e) for e in paradigms],
            "words": sorted(words_of.get(name, [])),
        }
    return chunks


def _inverse_items(lang: str, lemmas: set[str]) -> Iterator[tuple[str, str]]:
    """The dictionary's (form, lemma) pairs whose lemma is in `lemmas`. simplemma keeps
    its table as bytes -> bytes; comparing bytes is 5 times faster than decoding each
    of the 3.5 million Finnish entries. A Finnish action noun's forms are paired with
    its verb, as Morphology.lemma() does (`hakemisen` -> hakea)."""
    table = getattr(_dictionary(lang), "_dict", None)
    if isinstance(table, dict):
        wanted = {lemma.encode() for lemma in lemmas}
        verbs: dict[bytes, bytes | None] = {}
        for form, lemma in table.items():
            if lang == "fi" and lemma.endswith(ACTION_NOUN):
                if lemma not in verbs:
                    verb = _action_verb(lemma.decode())
                    verbs[lemma] = verb.encode() if verb else None
                lemma = verbs[lemma] or lemma
            if lemma in wanted:
                yield form.decode(), lemma.decode()
    else:  # pragma: no cover - another simplemma version
        for form, lemma in _dictionary(lang).items():
            if lemma in lemmas:
                yield form, lemma


ACTION_NOUN = b"minen"
# The third infinitive's illative (hake-maan), whose stem is the action noun's (hake-
# minen) and which the dictionary lemmatises to the verb: `hakemaan` -> hakea,
# `tekemään` -> tehdä, `haluamaan` -> haluta.
THIRD_INFINITIVE = ("maan", "mään")


@lru_cache(maxsize=16384)
def _action_verb(noun: str) -> str | None:
    """The verb of a Finnish action noun (`hakeminen` -> hakea), or None (`ihminen`:
    `ihmaan` is no form). A professional types "eläkkeen hakeminen" where the page
    says "voit hakea eläkettä", so both ends take an action noun as its verb."""
    table = getattr(_dictionary("fi"), "_dict", None)
    if not isinstance(table, dict):  # pragma: no cover - another simplemma version
        return None
    stem = noun[: -len("minen")]
    for ending in THIRD_INFINITIVE:
        verb = table.get((stem + ending).encode())
        if verb is not None and verb.decode() != noun:
            return verb.decode()
    return None


def _common_prefix(words: list[str]) -> str:
    first, last = min(words), max(words)
    i = 0
    while i < len(first) and i < len(last) and first[i] == last[i]:
        i += 1
    return first[:i]
