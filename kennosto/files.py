"""Which files of a catalogue are read, and which are refused or ignored with a word.

Nothing outside the catalogue root may be read or published: a link whose target leaves
the root is an error at its path, and so is a link to a folder (it would not be followed
in services/, and in templates/static/ it could publish a whole tree). Files that
Kennosto does not read (a README.txt in services/, a subfolder) are warnings, so nothing
is skipped without a word; hidden files (.DS_Store, editor swap files) stay silent.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from kennosto.errors import Diagnostic, error, warning
from kennosto.textfile import file_kind

SKIPPED_FOLDERS = frozenset({"__pycache__"})


def builtin_templates() -> Path:
    """The templates shipped with Kennosto (package data)."""
    return Path(str(files("kennosto.site_templates")))


@dataclass(frozen=True)
class Entry:
    """A regular file inside the catalogue, as the catalogue names it."""

    path: Path
    relpath: str


def real_root(root: Path) -> Path:
    return Path(os.path.realpath(root))


def _outside(path: Path, root_real: Path) -> bool:
    return not Path(os.path.realpath(path)).is_relative_to(root_real)


def check_link(path: Path, relpath: str, root_real: Path, out: list[Diagnostic]) -> bool:
    """True when `path` is not a link or a link that stays inside the catalogue."""
    if not path.is_symlink():
        return True
    if _outside(path, root_real):
        message = (
            "this is a link to a place outside the catalogue; Kennosto reads only files inside it"
        )
        out.append(error(relpath, 1, 1, message))
        return False
    if not os.path.exists(path):
        out.append(error(relpath, 1, 1, "this is a link to a file that does not exist"))
        return False
    return True


def check_folder(root: Path, name: str, out: list[Diagnostic]) -> Path | None:
    """ROOT/NAME if it is a folder inside the catalogue, None if absent or refused."""
    path = root / name
    if not os.path.lexists(path):
        return None
    if not check_link(path, name, real_root(root), out):
        return None
    if not path.is_dir():
        out.append(error(name, 1, 1, f"'{name}' must be a folder"))
        return None
    return path


def single_file(root: Path, name: str, out: list[Diagnostic]) -> Path | None:
    """ROOT/NAME if it is a regular file inside the catalogue; None if absent (or refused,
    with a Diagnostic)."""
    path = root / name
    if not os.path.lexists(path):
        return None
    if not check_link(path, name, real_root(root), out):
        return None
    mode = _mode(path, name, out)
    if mode is None:
        return None
    if not stat.S_ISREG(mode):
        out.append(error(name, 1, 1, f"this is {file_kind(mode)}, not a file; remove it"))
        return None
    return path


def _mode(path: Path, relpath: str, out: list[Diagnostic]) -> int | None:
    try:
        return os.stat(path).st_mode
    except OSError as exc:
        out.append(error(relpath, 1, 1, f"cannot read this: {exc.strerror or exc}"))
        return None


def _names(directory: Path, relpath: str, out: list[Diagnostic]) -> list[str]:
    try:
        return sorted(os.listdir(directory))
    except OSError as exc:
        out.append(error(relpath, 1, 1, f"cannot read this folder: {exc.strerror or exc}"))
        return []


def scan_folder(
    root: Path, folder: str, suffixes: tuple[str, ...], out: list[Diagnostic]
) -> list[Entry]:
    """The regular files directly in ROOT/FOLDER with one of `suffixes`, sorted by name."""
    directory = check_folder(root, folder, out)
    if directory is None:
        return []
    root_real = real_root(root)
    wanted = " or ".join(suffixes)
    entries = []
    for name in _names(directory, folder, out):
        if name.startswith("."):
            continue
        path = directory / name
        relpath = f"{folder}/{name}"
        if not check_link(path, relpath, root_real, out):
            continue
        mode = _mode(path, relpath, out)
        if mode is None:
            continue
        matches = name.endswith(suffixes)
        if stat.S_ISREG(mode):
            if matches:
                entries.append(Entry(path, relpath))
            else:
                message = f"ignored: only {wanted} files in {folder}/ are read; rename or remove it"
                out.append(warning(relpath, 1, 1, message))
        elif stat.S_ISDIR(mode):
            out.append(_folder_diagnostic(path, relpath, folder, matches))
        else:
            out.append(error(relpath, 1, 1, f"this is {file_kind(mode)}, not a file; remove it"))
    return entries


def _folder_diagnostic(path: Path, relpath: str, folder: str, named_as_file: bool) -> Diagnostic:
    if path.is_symlink():
        message = "this is a link to a folder, which is not followed; copy the files here instead"
        return error(relpath, 1, 1, message)
    if named_as_file:
        return error(relpath, 1, 1, "this is a folder, not a file; rename or remove it")
    message = f"ignored: subfolders of {folder}/ are not read; move its files up or remove it"
    return warning(relpath, 1, 1, message)


def walk_tree(root: Path, folder: str, out: list[Diagnostic]) -> list[Entry]:
    """Every regular, non-hidden file under ROOT/FOLDER, at any depth, sorted. Links that
    leave the catalogue, links to folders and special files are errors and left out."""
    top = check_folder(root, folder, out)
    if top is None:
        return []
    root_real = real_root(root)
    entries = []
    pending = [(top, folder)]
    while pending:
        directory, reldir = pending.pop()
        for name in _names(directory, reldir, out):
            if name.startswith(".") or name in SKIPPED_FOLDERS:
                continue
            path, relpath = directory / name, f"{reldir}/{name}"
            if not check_link(path, relpath, root_real, out):
                continue
            mode = _mode(path, relpath, out)
            if mode is None:
                continue
            if stat.S_ISDIR(mode):
                if path.is_symlink():
                    out.append(_folder_diagnostic(path, relpath, reldir, False))
                else:
                    pending.append((path, relpath))
            elif stat.S_ISREG(mode):
                entries.append(Entry(path, relpath))
            else:
                message = f"this is {file_kind(mode)}, not a file; remove it"
                out.append(error(relpath, 1, 1, message))
    return sorted(entries, key=lambda e: e.relpath)
