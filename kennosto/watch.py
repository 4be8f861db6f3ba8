"""Watching a catalogue for saves, for `kennosto serve`.

watchfiles (inotify, FSEvents or ReadDirectoryChangesW under one API, with debouncing) is
used rather than a polling loop: a save is seen within tens of milliseconds and nothing
runs while nothing changes.

Only what a build reads is watched: kennosto.yaml and the folders services/,
organizations/, paths/, content/ and templates/ of the catalogue and of every folder it
includes, and the built-in templates. Watching the whole root recursively would also
walk .venv/, node_modules/ or a built site/ (thousands of folders) and rebuild when they
change. The top folders are watched without recursion, to see kennosto.yaml change and
a new services/ folder appear; then the folder watch starts again with the new set.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from watchfiles import Change, DefaultFilter, watch

from kennosto.load import SETTINGS_FILE
from kennosto.render import builtin_templates

FOLDERS = ("services", "organizations", "paths", "content", "templates")
Changes = set[tuple[Change, str]]


class _Either:
    """An event that is set when either of two is: watchfiles only asks `is_set()`."""

    def __init__(self, a: threading.Event, b: threading.Event) -> None:
        self.a, self.b = a, b

    def is_set(self) -> bool:
        return self.a.is_set() or self.b.is_set()


def catalogue_folders(root: Path) -> list[Path]:
    """The root and the folders its kennosto.yaml includes (as far as it can be read)."""
    folders = [root.resolve()]
    try:
        data = yaml.load((root / SETTINGS_FILE).read_text(encoding="utf-8"), yaml.CSafeLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return folders
    include = data.get("include") if isinstance(data, dict) else None
    if isinstance(include, list):
        folders += [(root / str(item)).resolve() for item in include]
    return [folder for folder in dict.fromkeys(folders) if folder.is_dir()]


def watched_folders(root: Path) -> list[Path]:
    """The folders whose files a build reads, recursively."""
    folders = [f / name for f in catalogue_folders(root) for name in FOLDERS]
    builtin = builtin_templates().resolve()
    return [f for f in dict.fromkeys([*folders, builtin]) if f.is_dir()]


class _TopFilter(DefaultFilter):
    """In a top folder, only kennosto.yaml and the catalogue folders matter."""

    def __call__(self, change: Change, path: str) -> bool:
        name = Path(path).name
        return name == SETTINGS_FILE or name in FOLDERS


class Watcher:
    """Calls `on_change(changes)` after each burst of saves, from its own threads, until
    `close()`. Calls never overlap with each other's builds: the caller serialises."""

    def __init__(self, root: Path, on_change: Callable[[Changes], Any]) -> None:
        self.root = root
        self.on_change = on_change
        self._stop = threading.Event()
        self._restart = threading.Event()
        self._threads: list[threading.Thread] = []
        # Set once the folder watch is certainly running (it has waited once), so a
        # test knows its save will be seen.
        self.ready = threading.Event()

    def start(self) -> None:
        for target in (self._watch_top, self._watch_folders):
            thread = threading.Thread(target=target, name="kennosto-watch", daemon=True)
            thread.start()
            self._threads.append(thread)

    def close(self) -> None:
        self._stop.set()
        self._restart.set()
        for thread in self._threads:
            thread.join(timeout=10)

    def _watch_top(self) -> None:
        top = catalogue_folders(self.root)
        for changes in self._watch(top, False, self._stop, _TopFilter(), None):
            self._restart.set()  # the set of folders may have changed
            self.on_change(changes)

    def _watch_folders(self) -> None:
        while not self._stop.is_set():
            self._restart.clear()
            folders = watched_folders(self.root)
            stop = _Either(self._stop, self._restart)
            for changes in self._watch(folders, True, stop, DefaultFilter(), self.ready):
                self.on_change(changes)

    @staticmethod
    def _watch(
        paths: Iterable[Path],
        recursive: bool,
        stop: Any,
        watch_filter: DefaultFilter,
        ready: threading.Event | None,
    ) -> Iterable[Changes]:
        """Bursts of changes; a quiet period yields nothing but marks the watch ready and
        lets `stop` be looked at. 30 ms without a further change ends a burst (an
        editor's save is several events)."""
        for changes in watch(
            *paths,
            watch_filter=watch_filter,
            stop_event=stop,
            recursive=recursive,
            debounce=400,
            step=30,
            rust_timeout=300,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            if ready is not None:
                ready.set()
            if changes:
                yield changes
