"""Run one function in a forked child process while this one goes on.

A build has stretches where one core works and the other waits: checking the catalogue
while the model is built, listing the pages while the open data could already be written.
A forked child inherits everything already in memory (the catalogue, the model) without
pickling it; only the function's result comes back, pickled through a pipe.

The child never returns into the caller's code: whatever happens it leaves with
`os._exit`, so no `finally` of the parent's stack (removing the temporary site…) runs
twice. Other threads (a preview's, a test server's) do not follow into the child; it runs
Kennosto's own code only, which waits on no lock such a thread could hold at the fork
(CPython makes the import lock anew in the child), as the forked render workers do.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from kennosto.errors import KennostoError

T = TypeVar("T")


def can_fork() -> bool:
    return hasattr(os, "fork")


class ChildFailed(KennostoError):
    """The child died without a result (killed, say for want of memory, or its result
    could not be pickled): the build fails as an environment error (exit 2)."""


class Forked(Generic[T]):
    """`function(*args)` running in a child process; `result()` waits for it and returns
    its value or raises its exception here."""

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read)
            _run_child(write, function, args)  # never returns
        os.close(write)
        self._pid: int | None = pid
        self._read = read

    def result(self) -> T:
        """The child's return value (its exception is raised here)."""
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()
        self._reap()
        if not data:
            raise ChildFailed("a build process ended without a result")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Stop the child if it still runs (the build failed or was interrupted)."""
        if self._pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        self._reap()
        with contextlib.suppress(OSError):
            os.close(self._read)

    def _reap(self) -> None:
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None


def _run_child(write: int, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        try:
            payload: tuple[bool, Any] = (True, function(*args))
        except BaseException as exc:  # noqa: BLE001 - handed to the parent, raised there
            payload = (False, exc)
        try:
            data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - an unpicklable exception: say what it was
            data = pickle.dumps((False, ChildFailed(f"{type(exc).__name__}: {exc}")))
        view = memoryview(data)
        while view:
            view = view[os.write(write, view) :]
    finally:
        os._exit(0)
