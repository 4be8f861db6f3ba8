"""Stage 5's economy: a build writes only the files whose bytes changed.

`kennosto build` still swaps a whole new site in (kennosto.write.AtomicSite), but the new
site is not written from nothing. Its folder is the site before the current one, kept
beside --out as `.OUT.spare` after the last swap, and updated where it differs: a file
with the same bytes is left as it is, one that differs is replaced by a hard link to the
current site's file when that has the bytes, else written anew; files the build no longer
makes are removed before the swap. After the swap the site that was current becomes the
spare. The two sites share the inodes of their unchanged files, so the spare costs the
disk little more than its folders.

Why: on a disk, writing a whole new site of the 10,000-service bench (61,000 files in
31,000 folders) and removing the old one cost more than rendering it. On this machine's
ext4 (no journal) the inode allocator passes over recently freed inodes, and making the
new site's folders just after the old site was removed took about 7 s of kernel time
(perf: 23 % of a build's samples in mkdir); a rebuild now makes and frees only what
changed.

A file in the workspace is never written through: it may be the same inode as the current
site's file (served while this build runs), so a changed file is unlinked and made anew.
"""

from __future__ import annotations

import os
import shutil
import stat

_OPEN_TO_COMPARE = os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
_OWNER = os.geteuid() if hasattr(os, "geteuid") else None
# Pagefind writes the search index itself: a workspace's old index is removed whole.
SEARCH_FOLDER = "pagefind"


def same_file(path: str, data: bytes, mode: int) -> bool:
    """Whether `path` is a regular file (not a link) of these bytes, with the mode and
    owner a new file would get: then it can stay, or be linked, instead of written."""
    try:
        fd = os.open(path, _OPEN_TO_COMPARE)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if (
            info.st_size != len(data)
            or not stat.S_ISREG(info.st_mode)
            or stat.S_IMODE(info.st_mode) != mode
            or (_OWNER is not None and info.st_uid != _OWNER)
        ):
            return False
        return _read_all(fd, len(data)) == data
    except OSError:
        return False
    finally:
        os.close(fd)


def _read_all(fd: int, size: int) -> bytes:
    parts, left = [], size
    while left > 0:
        part = os.read(fd, left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def link_same(source: str, data: bytes, target: str, mode: int) -> bool:
    """Hard-link `source` as `target` (which must not exist) if it holds these bytes: the
    data are not written again. False where they differ or the file system cannot."""
    if not same_file(source, data, mode):
        return False
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def clear(path: str) -> None:
    """Remove whatever is at `path` (file, link or folder), if anything."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except (IsADirectoryError, PermissionError):  # Linux says EISDIR, macOS EPERM
        if not os.path.isdir(path) or os.path.islink(path):
            raise
        shutil.rmtree(path)


def reuse_folder(path: str, mode: int) -> None:
    """Make `path` a real folder with `mode`, keeping it when it is one: a link or a file
    in its place is removed (nothing is ever written through a link). Its parent is one
    already."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        os.mkdir(path)
        return
    if not stat.S_ISDIR(info.st_mode):
        clear(path)
        os.mkdir(path)
    elif stat.S_IMODE(info.st_mode) != mode:
        os.chmod(path, mode)


def prune(folder: str, produced: set[str], prefix: str = "") -> bool:
    """Remove the files under `folder` that this build did not produce (`produced`:
    paths relative to the site, with '/'; `prefix`: the folder's), the search index and
    the folders left empty. True when `folder` is left empty."""
    empty = True
    with os.scandir(folder) as entries:
        listed = list(entries)
    for entry in listed:
        relpath = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if relpath == SEARCH_FOLDER:
                shutil.rmtree(entry.path)
                continue
            if prune(entry.path, produced, relpath + "/"):
                os.rmdir(entry.path)
                continue
        elif relpath not in produced:
            os.unlink(entry.path)
            continue
        empty = False
    return empty
