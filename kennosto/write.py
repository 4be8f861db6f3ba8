"""Stage 5: atomic output. The new site is written into a temporary folder beside --out
and swapped in only when everything succeeded, so a failed or interrupted build leaves the
previous site exactly as it was.

The temporary folders are named `.OUT.tmp-PID-…` and `.OUT.old-PID-…`, so a later build
can remove the ones a killed build left behind without touching a running build's. The
site replaced by a build stays beside --out as `.OUT.spare`, the next build's temporary
folder, which then writes only what changed (kennosto.reuse).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from kennosto.errors import OutputError
from kennosto.reuse import clear, link_same, prune, reuse_folder, same_file

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


def file_mode() -> int:
    """The mode of a new file: 0666 less the umask."""
    return 0o666 & ~_umask()


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


def remove_stale_folders(out: Path, spare: Path | None = None) -> None:
    """Remove `.OUT.tmp-PID-…`/`.OUT.old-PID-…` folders beside `out` left by builds that
    were killed: only ours (the name, and our marker inside or nothing at all) and only
    when process PID is gone, so a concurrent build's folder is never touched. A killed
    build's site folder becomes the `spare` instead, where there is none: its files
    are compared before they are kept (kennosto.reuse)."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(tmp|old)-(\d+)-[A-Za-z0-9_]+")
    for entry in out.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if not match or entry.is_symlink() or not entry.is_dir():
            continue
        if _pid_alive(int(match[2])) or not _is_ours(entry):
            continue
        if spare is None or not _claim(entry, spare):
            shutil.rmtree(entry, ignore_errors=True)


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


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | os.O_CLOEXEC


def write_new_file(path: str, data: bytes) -> None:
    """open(path, "wb").write(data) with the same mode (0666 less the umask), without
    Python's buffered file objects: a build writes 61,000 files of the 10,000-service
    bench, and the objects cost as much as the system calls. Always a new inode: a file
    already there (written twice, say a catalogue's static file over Kennosto's) may be
    a hard link to the served site's, so it is removed, never written into."""
    try:
        fd = os.open(path, _NEW_FILE, 0o666)
    except FileExistsError:
        clear(path)
        fd = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def copy_files(write: Callable[[str, bytes], None], source: Path, relpath: str) -> None:
    """Copy a folder's files into a site as `relpath/…` through its `write`: with the
    modes of new files (0644 under the usual umask), not the source's, so a static file
    kept private in the catalogue is still served."""
    for folder, _, names in os.walk(source):
        for name in sorted(names):
            path = Path(folder) / name
            write(f"{relpath}/{path.relative_to(source).as_posix()}", path.read_bytes())


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
    """Collects files in a temporary folder; `commit()` swaps it into place.

    The folder is the spare site when there is one (see kennosto.reuse): then only what
    changed is written, and `produced` keeps account of every file, in each process that
    writes (`drain` in a worker, `record` in the parent), so that `prune` can remove the
    rest."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.spare = self.out.parent / f".{self.out.name}.spare"
        remove_stale_folders(self.out, self.spare)
        mask = _umask()
        self._mode, self._folder_mode = 0o666 & ~mask, 0o777 & ~mask
        claimed = self._name("tmp")
        self.reused = _claim(self.spare, claimed)
        if self.reused:
            self.tmp = claimed
            self.tmp.chmod(self._folder_mode)
        else:
            self.tmp = self._folder("tmp")
        self.produced: set[str] = set()
        self._dirs: set[str] = {""}  # the folders made (each page has its own)
        self._root = str(self.tmp)
        # The current site, whose unchanged files are linked instead of written.
        self._current = str(self.out) if (self.out / MARKER).is_file() else None
        self.write(MARKER, MARKER_TEXT)

    def _folder(self, kind: str) -> Path:
        """mkdtemp makes 0700; a site folder must be readable by the web server's user."""
        prefix = f".{self.out.name}.{kind}-{os.getpid()}-"
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=self.out.parent))
        folder.chmod(self._folder_mode)
        return folder

    def _name(self, kind: str) -> Path:
        """A name for a folder of this build that nothing has (the spare is renamed to
        it: where the rename cannot replace a folder, as on Windows, one made first by
        mkdtemp would stop it)."""
        return self.out.parent / f".{self.out.name}.{kind}-{os.getpid()}-{secrets.token_hex(6)}"

    def write(self, relpath: str, data: str | bytes) -> None:
        parent = os.path.dirname(relpath)
        if parent not in self._dirs:
            self._make_folder(parent)
        if isinstance(data, str):
            data = data.encode("utf-8")
        target = os.path.join(self._root, relpath)
        if self.reused:
            self.produced.add(relpath)
            if same_file(target, data, self._mode):
                return
            clear(target)
        current = self._current
        if current is None or not link_same(
            os.path.join(current, relpath), data, target, self._mode
        ):
            write_new_file(target, data)

    def _make_folder(self, relpath: str) -> None:
        """In a reused folder each folder on the way is looked at, top down, once: a
        link in the spare is replaced, never followed."""
        if self.reused:
            above = os.path.dirname(relpath)
            if above not in self._dirs:
                self._make_folder(above)
            reuse_folder(os.path.join(self._root, relpath), self._folder_mode)
        else:
            make_folder(os.path.join(self._root, relpath))
        self._dirs.add(relpath)

    def drain(self) -> tuple[list[str]]:
        """The files this process wrote, handed from a render worker to the parent."""
        produced, self.produced = list(self.produced), set()
        return (produced,)

    def record(self, produced: list[str]) -> None:
        self.produced.update(produced)

    def copy_tree(self, source: Path, relpath: str) -> None:
        copy_files(self.write, source, relpath)

    def prune(self) -> None:
        """Remove from a reused folder what this build did not write (a deleted service's
        pages, the old search index): before the search index reads the pages."""
        if self.reused:
            prune(self._root, self.produced)

    def commit(self) -> None:
        """Swap the new site in. On Linux one atomic exchange, so --out never goes missing;
        elsewhere the old site is moved aside first (put back if the second move fails).
        The old site is kept as the next build's spare."""
        if self.out.exists():
            if exchange(self.tmp, self.out):
                self._keep_or_remove(self.tmp)  # now the old site
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
            self._keep_or_remove(old / "site")
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(self.tmp, self.out)

    def abort(self) -> None:
        """A reused spare goes back to being the spare (partly updated: the next build
        compares every file anyway); a new folder is removed."""
        if not (self.reused and _claim(self.tmp, self.spare)):
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _keep_or_remove(self, old_site: Path) -> None:
        """Keep the old site as the spare, unless another build has made one meanwhile."""
        if not _claim(old_site, self.spare):
            shutil.rmtree(old_site, ignore_errors=True)


def _claim(folder: Path, name: Path) -> bool:
    """Rename `folder` (a site of ours: our marker, our user's) to `name`, which must
    not exist (a rename is atomic, so two builds never take one spare); False when it
    cannot. A folder of another user's is never taken: its owner could change the site."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or not (folder / MARKER).is_file():
        return False
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return False
    try:
        os.rename(folder, name)
    except OSError:
        return False
    return True


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
