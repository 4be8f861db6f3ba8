"""Stage 5: atomic output. The new site is written into a temporary folder beside --out
and swapped in only when everything succeeded, so a failed or interrupted build leaves the
previous site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from kennosto.errors import OutputError

MARKER = ".kennosto-site"


def check_output_location(root: Path, out: Path) -> None:
    """Refuse outputs that would destroy the catalogue or a folder that is not ours."""
    root_real, out_real = root.resolve(), out.resolve()
    if out_real == root_real or root_real.is_relative_to(out_real):
        raise OutputError(f"--out {out} would replace the catalogue itself; choose another folder")
    if out_real.exists() and not out_real.is_dir():
        raise OutputError(f"--out {out} exists and is not a folder")
    if out_real.is_dir() and any(out_real.iterdir()) and not (out_real / MARKER).exists():
        raise OutputError(
            f"--out {out} is not empty and was not made by Kennosto (no {MARKER} file); "
            "remove it or choose another folder"
        )


class AtomicSite:
    """Collects files in a temporary folder; `commit()` swaps it into place."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-", dir=self.out.parent))
        self._dirs: set[str] = set()

    def write(self, relpath: str, data: str | bytes) -> None:
        target = self.tmp / relpath
        parent = os.path.dirname(relpath)
        if parent not in self._dirs:
            (self.tmp / parent).mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(target, "wb") as handle:
            handle.write(data)

    def copy_tree(self, source: Path, relpath: str) -> None:
        shutil.copytree(source, self.tmp / relpath, dirs_exist_ok=True)

    def commit(self) -> None:
        """Swap the new site in; the old one is moved aside first, then removed."""
        self.write(MARKER, "This folder is built by Kennosto and replaced on every build.\n")
        old = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.replace(self.out, old / "site")
        os.replace(self.tmp, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_files(out: Path, files: list[tuple[str, str]]) -> None:
    """Write gathered files under `out` (for `kennosto export` and `import`): files of
    the same name are replaced, nothing else in the folder is touched."""
    try:
        for relpath, text in files:
            target = out / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise OutputError(f"cannot write {exc.filename or out}: {exc.strerror or exc}") from exc
