"""Reading the catalogue's files: regular files only, UTF-8 (with or without BOM), any line
ends, no control characters.

A catalogue comes from many hands, so a "file" may be a fifo (opening it would block
forever), a device, a folder or a dangling link. Each is checked with stat before it is
opened, opened without blocking, and checked again on the open descriptor, so nothing but
a regular file is ever read and every failure is a Diagnostic, not an exception.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from kennosto.errors import Diagnostic, error

# What YAML and HTML cannot carry: C0 controls but tab and line ends, DEL, the C1 controls
# (U+0085 included: YAML would count it as a line break that no editor shows) and the
# noncharacters U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (fifo)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_bytes(path: Path, relpath: str, out: list[Diagnostic]) -> bytes | None:
    """The bytes of a regular file, or None with a Diagnostic saying why not."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            out.append(error(relpath, 1, 1, f"this is {file_kind(mode)}, not a file; remove it"))
            return None
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        out.append(error(relpath, 1, 1, _unreadable(exc)))
        return None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped between the stat and the open
            out.append(error(relpath, 1, 1, f"this is {file_kind(mode)}, not a file; remove it"))
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        out.append(error(relpath, 1, 1, _unreadable(exc)))
        return None
    finally:
        os.close(fd)


def _unreadable(exc: OSError) -> str:
    if not os.path.exists(exc.filename or "") and os.path.islink(exc.filename or ""):
        return "this is a link to a file that does not exist; fix or remove the link"
    return f"cannot read this file: {exc.strerror or exc}"


def read_text(path: Path, relpath: str, out: list[Diagnostic]) -> str | None:
    """UTF-8 text with BOM and CRLF tolerated; a Diagnostic at the first bad byte otherwise."""
    raw = read_bytes(path, relpath, out)
    if raw is None:
        return None
    return decode_text(raw, relpath, out)


def decode_text(raw: bytes, relpath: str, out: list[Diagnostic]) -> str | None:
    """Bytes -> text with '\\n' line ends, or None with a Diagnostic at the first bad place."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        message = f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        out.append(error(relpath, line, col, message))
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        before = text[: bad.start()]
        line = before.count("\n") + 1
        col = bad.start() - (before.rfind("\n") + 1) + 1
        code = ord(bad.group())
        what = "character" if code >= 0xFFFE else "control character"
        out.append(error(relpath, line, col, f"{what} U+{code:04X} is not allowed; remove it"))
        return None
    return text
