"""What the preview keeps of the data files between builds: each record's text.

The open data of 10,000 services is some 30,000 files and a few large ones; making them
all again after one edit took seconds. The preview keeps its catalogue's model objects
while their files are unchanged (kennosto.load.LoadCache), so "this service is the same
object as last time" means its records are the same text as last time. A `Memo` keeps,
per key, the inputs a text was made from and the text; a build asks again with this
build's inputs and gets the kept text when every input is the same object.

Anything every record depends on (the settings, the interface strings) is the memo's
`context`: when it differs, the memo starts empty. And a memo knows whether the files
of the last build are on disk as it made them (`trusted`: that build was committed), so
an unchanged file need not even be compared with the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Unchanged(str):
    """Output text that is known to be on disk already, exactly (see Memo.trusted)."""


class Memo:
    """Texts made from model objects, kept across builds while the objects are the same."""

    def __init__(self) -> None:
        self._old: dict[Any, tuple[tuple[Any, ...], Any]] = {}
        self._new: dict[Any, tuple[tuple[Any, ...], Any]] = {}
        self._context: Any = None
        self._committed = False
        self.trusted = False

    def begin(self, context: Any) -> None:
        """A new build with this site-wide context. Only what the last build asked for is
        kept; everything if the context changed."""
        # After a committed build, exactly its records (so a hit is a file on disk);
        # after a failed one, whatever is known (still right, but not trusted).
        kept = self._new if self._committed else {**self._old, **self._new}
        same = self._context is not None and self._context == context
        self._old, self._new = (kept if same else {}), {}
        self.trusted = same and self._committed
        self._context, self._committed = context, False

    def commit(self) -> None:
        """The build's files are on disk: the next build may trust them."""
        self._committed = True

    def get(self, key: Any, inputs: tuple[Any, ...], make: Callable[[], T]) -> tuple[T, bool]:
        """(the value, True if it is the last build's) for `key`, made from `inputs`."""
        found = self._old.get(key)
        if found is not None and _same(found[0], inputs):
            self._new[key] = found
            return found[1], True
        value = make()
        self._new[key] = (inputs, value)
        return value, False


class NoMemo(Memo):
    """A full build: everything is made, nothing kept."""

    def get(self, key: Any, inputs: tuple[Any, ...], make: Callable[[], T]) -> tuple[T, bool]:
        return make(), False


def _same(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))


def text(value: str, known: bool, memo: Memo) -> str:
    """A file's text, marked Unchanged when the memo knows it is on disk as it is."""
    return Unchanged(value) if known and memo.trusted else value
