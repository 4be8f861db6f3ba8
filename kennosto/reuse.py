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

import contextlib
import os
import shutil
import stat

# Not through a link; and a FIFO put there would not make the build wait for a writer.
_OPEN_TO_COMPARE = (
    os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
)
_OWNER = os.geteuid() if hasattr(os, "geteuid") else None
# Pagefind writes the search index itself: a workspace's old index is removed whole.
SEARCH_FOLDER = "pagefind"


def same_file(path: str, data: bytes, mode: int) -> bool:
    """Whether `path` is a regular file (not a link) of these bytes, with the mode and
    owner a new file would get: then it can stay instead of being written."""
    fd = _open_same(path, data, mode)
    if fd is None:
        return False
    os.close(fd)
    return True


def _open_same(path: str, data: bytes, mode: int) -> int | None:
    """`same_file`, keeping the file open (its descriptor) when it is the same."""
    try:
        fd = os.open(path, _OPEN_TO_COMPARE)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (
            info.st_size == len(data)
            and stat.S_ISREG(info.st_mode)
            and stat.S_IMODE(info.st_mode) == mode
            and (_OWNER is None or info.st_uid == _OWNER)
            and _read_all(fd, len(data)) == data
        ):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


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
    data are not written again. False where they differ or the file system cannot. The
    link is by name, so it is checked to be the very file compared (a build swapping
    that folder meanwhile could have put another there)."""
    fd = _open_same(source, data, mode)
    if fd is None:
        return False
    try:
        os.link(source, target)
        linked, compared = os.lstat(target), os.fstat(fd)
        if (linked.st_ino, linked.st_dev) == (compared.st_ino, compared.st_dev):
            return True
        os.unlink(target)
    except OSError:
        pass
    finally:
        os.close(fd)
    return False


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
    already. Several processes may come to the same folder at once: only something that
    is not a folder is removed (unlink cannot remove one another process has just made),
    and a folder made meanwhile by another is taken as it is."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        if stat.S_IMODE(info.st_mode) != mode:
            os.chmod(path, mode)
        return
    if info is not None:
        # Gone, or already a folder of another process's (macOS says EPERM): either way on.
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
            os.unlink(path)
    try:
        os.mkdir(path)
    except FileExistsError:
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            raise


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
