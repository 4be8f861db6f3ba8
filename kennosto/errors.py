"""Diagnostics about user content, and the small exception tree for the tool's own failures.

Problems in a catalogue are values (`Diagnostic`), collected and reported together, so a
maintainer fixes everything in one pass. Exceptions are kept for what is not the
content's fault: a missing folder, an output path that cannot be written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum

# Characters that must never reach a terminal or a log raw: C0 and C1 controls, DEL, the
# Unicode line and paragraph separators, lone surrogates (undecodable file names) and the
# noncharacters U+FFFE/U+FFFF. One of them in a value could end a diagnostic line early,
# forge another or colour the terminal.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
SHOWN_LIMIT = 60


def escape_controls(text: str) -> str:
    """`text` with every control character written as an escape (\\n, \\x1b, \\u0085)."""
    return _UNSAFE.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """A user's value as it may appear in a message: escaped, cut to `limit` characters
    with an ellipsis, in single quotes. Every message that quotes content goes through it."""
    text = value if isinstance(value, str) else str(value)
    cut = text[:limit]
    cut = escape_controls(cut)
    if len(text) > limit:
        cut += "…"
    return f"'{cut}'"


def shorten(text: str, limit: int = 200) -> str:
    """A message part from elsewhere (a library's wording) cut to a readable length."""
    text = escape_controls(text[: limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"


def _safe_path(path: str) -> str:
    """A path that cannot break `PATH:LINE:COL:` (a ':' in a file name is escaped too)."""
    return escape_controls(path).replace(":", "\\x3a")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located in a file relative to the catalogue root (1-based line/col)."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def format(self) -> str:
        """One line, whatever the message holds: controls left in it are escaped here as
        the last line of defence (values should already be quoted with `shown`)."""
        message = escape_controls(self.message)
        return f"{_safe_path(self.path)}:{self.line}:{self.col}: {self.severity}: {message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so CI annotates the offending line."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        message = escape_controls(self.message).replace("%", "%25")
        path = escape_controls(self.path)
        for ch, code in (("%", "%25"), (",", "%2C"), (":", "%3A")):
            path = path.replace(ch, code)
        return f"::{kind} file={path},line={self.line},col={self.col}::{message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": escape_controls(self.path),
            "line": self.line,
            "col": self.col,
            "severity": str(self.severity),
            "message": escape_controls(self.message),
        }


def error(path: str, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.ERROR, message)


def warning(path: str, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.WARNING, message)


def format_all(diagnostics: list[Diagnostic], style: str = "text") -> str:
    """Render diagnostics in one of the output styles the CLI offers."""
    if style == "json":
        return json.dumps([d.as_dict() for d in diagnostics], ensure_ascii=False, indent=2)
    if style == "github":
        return "\n".join(d.format_github() for d in diagnostics)
    return "\n".join(d.format() for d in diagnostics)


def has_errors(diagnostics: list[Diagnostic], strict: bool = False) -> bool:
    """True when the catalogue must not be built; `strict` counts warnings as errors."""
    return any(d.severity is Severity.ERROR or strict for d in diagnostics)


class KennostoError(Exception):
    """A failure of the tool itself or of its environment, not of the content."""

    exit_code = 2


class CatalogueNotFound(KennostoError):
    """The root folder does not exist or is not a folder."""


class OutputError(KennostoError):
    """The output folder cannot be used (unsafe location, not writable…)."""


class ContentError(KennostoError):
    """The content has errors; carries them so callers can print them."""

    exit_code = 1

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{sum(d.severity is Severity.ERROR for d in diagnostics)} error(s)")
        self.diagnostics = diagnostics
