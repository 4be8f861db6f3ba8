"""Kennosto: a static-site generator for catalogues of work ability and employment support
services and the referral paths between them.

The library is usable without the command line::

    from kennosto import check, build
    result = check("path/to/catalogue")
    for diagnostic in result.diagnostics:
        print(diagnostic.format())
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kennosto")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

from kennosto.pipeline import BuildOptions, BuildResult, CheckResult, build, check  # noqa: E402

__all__ = ["BuildOptions", "BuildResult", "CheckResult", "__version__", "build", "check"]
