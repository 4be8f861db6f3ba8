"""Stage 2, shared by the content model 2 checks: what references may point at, and how
a problem is placed at its line and column (positions cost a second parse of the file, so
they are looked up only for problems)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kennosto.errors import Diagnostic, error, shorten, warning
from kennosto.load import SLUG_RE, Document, find_node, position

LABELS = {
    "organization": "organization",
    "service": "service",
    "categories": "category",
    "target_groups": "target group",
    "municipalities": "municipality",
    "referrers": "referrer",
    "methods": "method",
}


@dataclass
class Known:
    """What the new references may point at, and what the warnings need to know."""

    slugs: dict[str, list[str]] = field(default_factory=dict)  # kind or vocabulary -> keys
    relpaths: dict[str, str] = field(default_factory=dict)  # service slug -> its file
    ended: set[str] = field(default_factory=set)  # services whose status.state is ended
    links: set[tuple[str, str]] = field(default_factory=set)  # next/alongside transitions
    sets: dict[str, set[str]] = field(default_factory=dict)  # the same, for lookups

    def has(self, target: str, value: str) -> bool:
        return value in self.sets.get(target, ())


# --- what a check of one file depends on beyond it -------------------------------------

_CONTEXTS: dict[str, tuple[Any, object]] = {}


def context_token(name: str, value: Any) -> object:
    """An object that stands for `value` while every call for `name` passes an equal one.

    A check of one file that also reads what the other files define (which slugs exist,
    the settings, the day) gives the same result while the file and that context are the
    same. The preview keeps the file's results in its memo (kennosto.load.LoadCache)
    with this token: comparing the context once per build (a few milliseconds for 10,000
    files) lets 10,000 results be reused by identity."""
    found = _CONTEXTS.get(name)
    if found is not None and found[0] == value:
        return found[1]
    token = object()
    _CONTEXTS[name] = (value, token)
    return token


# --- running one file's checks --------------------------------------------------------


def memoised(
    document: Document,
    name: str,
    run: Callable[[], Iterable[Diagnostic]],
    token: object = None,
) -> list[Diagnostic]:
    """A check of this file, done once while the file is unchanged (the preview's
    LoadCache keeps documents between builds; see kennosto.load) and, for a check that
    reads other files too, while their part is the same (`token`, from context_token)."""
    key = (name, document.relpath)
    found = document.memo.get(key)
    if found is None or found[0] is not token:
        found = document.memo[key] = (token, tuple(guarded(document, run)))
    return list(found[1])


def guarded(document: Document, run: Callable[[], Iterable[Diagnostic]]) -> list[Diagnostic]:
    """A check that meets input its author did not foresee reports the file it was
    checking instead of ending the run with a traceback; the other files are still checked."""
    try:
        return list(run())
    except Exception as exc:  # noqa: BLE001 - the last line of defence, reported as a bug
        detail = shorten(f"{type(exc).__name__}: {exc}", 100)
        message = f"Kennosto could not check this file ({detail}); please report this as a bug"
        return [error(document.relpath, 1, 1, message)]


# --- references and positions ----------------------------------------------------------


def reference(
    document: Document, path: list[Any], known: Known, target: str, *extra: str
) -> Iterator[Diagnostic]:
    """An error if the text at `path` names nothing in `target` (nor one of `extra`)."""
    value = get(document.data, path)
    # A value that is not a slug has its schema error already; say it once.
    if not isinstance(value, str) or not SLUG_RE.match(value) or known.has(target, value):
        return
    yield error_at(document, path, unknown(target, value, [*extra, *known.slugs[target]]))


def unknown(target: str, value: str, choices: list[str]) -> str:
    label = LABELS[target]
    if not choices:
        where = (
            f"there are no {label} files"
            if target in ("organization", "service")
            else f"define '{target}' in kennosto.yaml"
        )
        return f"unknown {label} '{value}' ({where})"
    close = difflib.get_close_matches(value, choices, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    shown = ", ".join(sorted(choices)[:8]) + (", …" if len(choices) > 8 else "")
    return f"unknown {label} '{value}'{hint} (known: {shown})"


def get(data: Any, path: list[Any]) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def mappings(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """(index, item) of the mappings of a list; anything else has a schema error already."""
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def texts(value: Any) -> list[tuple[int, str]]:
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]


def place(document: Document, path: list[Any]) -> tuple[int, int]:
    """Positions cost a second parse of the file, so they are looked up only for problems."""
    key_node, node = find_node(document.node, path)
    target = node if node is not None else key_node
    return position(target) if target is not None else (1, 1)


def error_at(document: Document, path: list[Any], message: str) -> Diagnostic:
    return error(document.relpath, *place(document, path), message)


def warning_at(document: Document, path: list[Any], message: str) -> Diagnostic:
    return warning(document.relpath, *place(document, path), message)
