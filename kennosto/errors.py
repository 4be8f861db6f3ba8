"""Diagnostics about user content, and the small exception tree for the tool's own failures.

Problems in a catalogue are values (`Diagnostic`), collected and reported together, so a
maintainer fixes everything in one pass. Exceptions are kept for what is not the
content's fault: a missing folder, an output path that cannot be written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum


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
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so CI annotates the offending line."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        message = self.message.replace("%", "%25").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.col}::{message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": str(self.severity),
            "message": self.message,
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
