"""Stage 5 for the preview: write into the output folder itself, only what changed.

`kennosto build` swaps a whole new site in (kennosto.write.AtomicSite): safe for
publishing, but it compares every file of the site (kennosto.reuse) and renders every
page. A preview rebuilds after every save, only the pages an edit affects
(kennosto.incremental); there the site is rewritten in place: a file whose bytes are
unchanged is not touched (its time stamp and inode stay), a changed one is replaced
atomically (written beside it, renamed over it), and at the end files the build no
longer produces (a deleted service's pages) are removed: those the last build listed and
this one did not, when the preview knows the last build's list, else found by walking the
output. The result is byte for byte what a full build writes.

A reader may see a mix of old and new pages for the moment a rebuild writes; for a
preview that reloads itself afterwards that is fine, for a published site it is not.
"""

from __future__ import annotations

import os
from pathlib import Path

from kennosto.reuse import same_file
from kennosto.write import MARKER, MARKER_TEXT, copy_files, file_mode

# Pagefind writes its index itself, under new names each time; it is not tracked here.
UNTRACKED = ("pagefind/",)


class InPlaceSite:
    """The AtomicSite interface (write, copy_tree, commit, abort, tmp) over `out` itself."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.tmp = self.out  # where the search index is written
        self.out.mkdir(parents=True, exist_ok=True)
        self.produced: set[str] = set()
        self.changed: list[str] = []
        self._dirs: set[str] = {""}
        self._mode = file_mode()
        self.write(MARKER, MARKER_TEXT)

    def write(self, relpath: str, data: str | bytes) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.produced.add(relpath)
        target = self.out / relpath
        if same_file(str(target), data, self._mode):
            return
        parent = os.path.dirname(relpath)
        if parent not in self._dirs:
            (self.out / parent).mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
        self.changed.append(relpath)

    def keep(self, relpath: str) -> None:
        """A file this build did not render again, known to be unchanged: not removed."""
        self.produced.add(relpath)

    def copy_tree(self, source: Path, relpath: str) -> None:
        copy_files(self.write, source, relpath)

    def drain(self) -> tuple[list[str], list[str]]:
        """What this process wrote (produced, changed), handed from a render worker to the
        parent, whose commit needs to know every file of the site."""
        produced, changed = sorted(self.produced), self.changed
        self.produced, self.changed = set(), []
        return produced, changed

    def record(self, produced: list[str], changed: list[str]) -> None:
        self.produced.update(produced)
        self.changed.extend(changed)

    def commit(self, previous: set[str] | None = None) -> None:
        """Remove what the build no longer produces, and folders left empty. `previous`:
        every file the last build produced here (all there is, if that build was
        committed): then only those not produced now are looked at, instead of walking
        the whole tree (31,000 files on the 10,000-service bench)."""
        if previous is not None:
            self._remove(sorted(previous - self.produced))
            return
        for folder, _, names in os.walk(self.out, topdown=False):
            base = Path(folder)
            rel = base.relative_to(self.out).as_posix()
            prefix = "" if rel == "." else f"{rel}/"
            if prefix.startswith(UNTRACKED):
                continue
            for name in names:
                if f"{prefix}{name}" not in self.produced:
                    (base / name).unlink()
                    self.changed.append(f"{prefix}{name}")
            if prefix and not any(base.iterdir()):
                base.rmdir()

    def _remove(self, relpaths: list[str]) -> None:
        for relpath in relpaths:
            if relpath.startswith(UNTRACKED):
                continue
            try:
                (self.out / relpath).unlink()
            except FileNotFoundError:
                continue
            self.changed.append(relpath)
            parent = os.path.dirname(relpath)
            while parent and not any((self.out / parent).iterdir()):
                (self.out / parent).rmdir()
                self._dirs.discard(parent)
                parent = os.path.dirname(parent)

    def abort(self) -> None:
        """A failed rebuild leaves what it wrote; the next good one makes the site whole."""
