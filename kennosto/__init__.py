"""Kennosto: a static-site generator for catalogues of work ability and employment support
services and the referral paths between them.

The library is usable without the command line::

    from kennosto import check, build
    result = check("path/to/catalogue")
    for diagnostic in result.diagnostics:
        print(diagnostic.format())
"""

from typing import Any

from kennosto.pipeline import BuildOptions, BuildResult, CheckResult, build, check

__all__ = ["BuildOptions", "BuildResult", "CheckResult", "__version__", "build", "check"]


def __getattr__(name: str) -> Any:
    """`__version__`, looked up when first asked for: importlib.metadata costs every
    command 25 ms at start-up, and only `--version` needs it."""
    if name != "__version__":
        raise AttributeError(f"module 'kennosto' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("kennosto")
    except PackageNotFoundError:  # running from a source tree that is not installed
        found = "0.0.0"
    globals()["__version__"] = found
    return found
