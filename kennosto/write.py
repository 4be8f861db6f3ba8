"""Stage 5: atomic output. The new site is written into a temporary folder beside --out
and swapped in only when everything succeeded, so a failed or interrupted build leaves the
previous site exactly as it was.

The temporary folders are named `.OUT.tmp-PID-…` and `.OUT.old-PID-…`, so a later build
can remove the ones a killed build left behind without touching a running build's.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from kennosto.errors import OutputError

MARKER = ".kennosto-site"
MARKER_TEXT = "This folder is built by Kennosto and replaced on every build.\n"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def check_output_location(root: Path, out: Path, template_dirs: Sequence[Path] = ()) -> None:
    """Refuse outputs that would destroy the catalogue or a folder that is not ours, or
    that lie inside a template folder (the build copies static/ from there: into itself)."""
    root_real, out_real = root.resolve(), out.resolve()
    if out_real == root_real or root_real.is_relative_to(out_real):
        raise OutputError(f"--out {out} would replace the catalogue itself; choose another folder")
    for directory in template_dirs:
        if out_real.is_relative_to(directory.resolve()):
            raise OutputError(
                f"--out {out} is inside the template folder {directory}, which the build "
                "reads from; choose a folder outside it"
            )
    if out_real.exists() and not out_real.is_dir():
        raise OutputError(f"--out {out} exists and is not a folder")
    existing = next(p for p in out_real.parents if p.exists())
    if not existing.is_dir():
        raise OutputError(f"--out {out} cannot be made: {existing} is a file, not a folder")
    if out_real.is_dir() and any(out_real.iterdir()) and not (out_real / MARKER).exists():
        raise OutputError(
            f"--out {out} is not empty and was not made by Kennosto (no {MARKER} file); "
            "remove it or choose another folder"
        )


def _umask() -> int:
    """The process umask, read without changing it where Linux tells (/proc), so no other
    thread ever sees a umask of 0."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, owned by someone else
        return True
    return True


def remove_stale_folders(out: Path) -> list[Path]:
    """Remove `.OUT.tmp-PID-…`/`.OUT.old-PID-…` folders beside `out` left by builds that
    were killed: only ours (the name, and our marker inside or nothing at all) and only
    when process PID is gone, so a concurrent build's folder is never touched."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(tmp|old)-(\d+)-[A-Za-z0-9_]+")
    removed = []
    for entry in out.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if not match or entry.is_symlink() or not entry.is_dir():
            continue
        if _pid_alive(int(match[2])) or not _is_ours(entry):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _is_ours(folder: Path) -> bool:
    return (
        (folder / MARKER).is_file()
        or (folder / "site" / MARKER).is_file()
        or not any(folder.iterdir())
    )


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE): at no moment is
    either name missing. False where the OS or file system cannot; OSError on failure."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):  # not Linux, or a libc without it
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | os.O_CLOEXEC


def write_new_file(path: str, data: bytes) -> None:
    """open(path, "wb").write(data) with the same mode (0666 less the umask), without
    Python's buffered file objects: a build writes 61,000 files of the 10,000-service
    bench, and the objects cost as much as the system calls."""
    fd = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def make_folder(path: str) -> None:
    """`Path(path).mkdir(parents=True, exist_ok=True)` in one system call where the
    parent exists, as it does for all but the first page of a list: a build makes a
    folder for each of its 30,000 pages, and pathlib's objects cost more than the call."""
    try:
        os.mkdir(path)
    except FileNotFoundError:
        os.makedirs(path, exist_ok=True)
    except FileExistsError:
        if not os.path.isdir(path):
            raise


class AtomicSite:
    """Collects files in a temporary folder; `commit()` swaps it into place."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_folders(self.out)
        self.tmp = self._folder("tmp")
        (self.tmp / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        self._dirs: set[str] = {""}  # the folders made (each page has its own)
        self._root = str(self.tmp)

    def _folder(self, kind: str) -> Path:
        """mkdtemp makes 0700; a site folder must be readable by the web server's user."""
        prefix = f".{self.out.name}.{kind}-{os.getpid()}-"
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=self.out.parent))
        folder.chmod(0o777 & ~_umask())
        return folder

    def write(self, relpath: str, data: str | bytes) -> None:
        parent = os.path.dirname(relpath)
        if parent not in self._dirs:
            make_folder(os.path.join(self._root, parent))
            self._dirs.add(parent)
        if isinstance(data, str):
            data = data.encode("utf-8")
        write_new_file(os.path.join(self._root, relpath), data)

    def copy_tree(self, source: Path, relpath: str) -> None:
        """Copy a folder's files, with the modes of new files (0644 under the usual umask),
        not the source's: a static file kept private in the catalogue is still served."""
        shutil.copytree(
            source,
            self.tmp / relpath,
            dirs_exist_ok=True,
            copy_function=shutil.copyfile,
        )
        mode = 0o777 & ~_umask()
        for folder, _, _ in os.walk(self.tmp / relpath):
            os.chmod(folder, mode)

    def commit(self) -> None:
        """Swap the new site in. On Linux one atomic exchange, so --out never goes missing;
        elsewhere the old site is moved aside first (put back if the second move fails)."""
        if self.out.exists():
            if exchange(self.tmp, self.out):
                remove_tree(self.tmp)  # now the old site
                return
            old = self._folder("old")
            try:
                os.replace(self.out, old / "site")
            except OSError:
                old.rmdir()
                raise
            try:
                os.replace(self.tmp, self.out)
            except OSError:
                os.replace(old / "site", self.out)  # if this fails, old/ keeps the old site
                old.rmdir()
                raise
            remove_tree(old)
        else:
            os.replace(self.tmp, self.out)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


# Folders with more entries than this are shared out between processes (remove_tree).
_LARGE = 64
# Less work than this in large folders (see _large_folders): one process removes it all.
_FORK_FROM = 2000
# Processes that remove a large old site: on a disk, removing is mostly waiting for the
# file system (the bench's old site took 6.5 s with one `rm -rf`, 5.1 s with two
# processes, 3.6 s with four); in memory (tmpfs) four take as long as two.
REMOVERS = 4


def remove_tree(folder: Path) -> None:
    """shutil.rmtree(folder, ignore_errors=True), with the work shared by REMOVERS
    processes when the folder is large: removing the old site of the 10,000-service bench
    (61,000 files, 31,000 folders) took a second in memory and five on a disk, after
    everything else. The large folders (a language's services…) are listed before the
    fork and each process removes whole ones: two processes removing entries of the same
    folder would wait for each other on its lock. This one then removes the rest. Only in
    a process without other threads (forking one with threads can deadlock the child)."""
    large = _large_folders(folder) if threading.active_count() == 1 and hasattr(os, "fork") else []
    if sum(size for size, _ in large) >= _FORK_FROM and len(large) > 1:
        mine, *theirs = _shares(large, REMOVERS)
        pids = [_remove_in_child(share) for share in theirs]
        for path in mine:
            shutil.rmtree(path, ignore_errors=True)
        for pid in pids:
            os.waitpid(pid, 0)
    shutil.rmtree(folder, ignore_errors=True)


def _remove_in_child(paths: list[str]) -> int:
    pid = os.fork()
    if pid == 0:  # the child: remove its share and leave at once, running nothing else
        try:
            for path in paths:
                shutil.rmtree(path, ignore_errors=True)
        finally:
            os._exit(0)
    return pid


def _shares(folders: list[tuple[int, str]], count: int) -> list[list[str]]:
    """The folders in at most `count` non-empty shares of about the same work, the
    largest first, each to the share with least so far (taking every other one gave one
    of two processes 70 % more to remove in the bench: a page folder costs about three
    files)."""
    shares: list[list[str]] = [[] for _ in range(count)]
    work = [0] * count
    for cost, path in sorted(folders, reverse=True):
        lightest = work.index(min(work))
        shares[lightest].append(path)
        work[lightest] += cost
    return [share for share in shares if share]


def _large_folders(folder: Path) -> list[tuple[int, str]]:
    """(work to remove, path) of the folders under `folder` with more than _LARGE
    entries, not looking inside them: an entry's work is 1, a folder's 3 (it is opened,
    listed and removed, and holds a page)."""
    found: list[tuple[int, str]] = []
    pending = [str(folder)]
    while pending:
        path = pending.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        if len(entries) > _LARGE and path != str(folder):
            folders = sum(1 for e in entries if e.is_dir(follow_symlinks=False))
            found.append((len(entries) + 2 * folders, path))
            continue
        pending.extend(e.path for e in entries if e.is_dir(follow_symlinks=False))
    return found


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
