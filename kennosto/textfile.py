"""Reading the catalogue's text files: UTF-8 (with or without BOM), any line ends."""

from __future__ import annotations

from pathlib import Path

from kennosto.errors import Diagnostic, error


def read_text(path: Path, relpath: str, out: list[Diagnostic]) -> str | None:
    """UTF-8 text with BOM and CRLF tolerated; a Diagnostic at the first bad byte otherwise."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        out.append(
            error(
                relpath,
                line,
                col,
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            )
        )
        return None
    return text.replace("\r\n", "\n")
