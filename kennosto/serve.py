"""`kennosto serve`: a live preview for the people who keep a catalogue.

Build, serve on 127.0.0.1, rebuild on every save (see kennosto.watch) and reload the open
page. The reload script is added to HTML as it is served, never to the built files, and
comes from this server (/__kennosto/reload.js), which the pages' Content-Security-Policy
(script-src 'self') allows; it listens to Server-Sent Events from the same origin. When
a save breaks the catalogue, every page shows the problems (file, line, message) instead
of the last good site, until the next good save.

The site is built into a temporary folder, not ROOT/site, so a preview never replaces
a site built for publishing. Builds run on a builder thread: the watcher hands it saves
(`Preview.request`) and goes on watching, so a save during a long second phase (lists
and data files of a large catalogue) stops that phase and is built at once; the edited
entries' pages are shown after the first phase (BuildOptions.pages_ready).
"""

from __future__ import annotations

import errno
import html
import shutil
import signal
import socket
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from kennosto.errors import ContentError, KennostoError, format_all
from kennosto.incremental import Incremental
from kennosto.pipeline import BuildOptions, Cancelled, build

HOST = "127.0.0.1"
PREFIX = "/__kennosto/"
RELOAD_PATH = PREFIX + "reload.js"
EVENTS_PATH = PREFIX + "events"
KEEP_ALIVE = 15.0  # seconds between comments on an idle event stream
RELOAD_JS = """\
// Kennosto preview: reload this page when the site has been rebuilt.
(function () {
  var built = new URL(document.currentScript.src).searchParams.get("g");
  var events = new EventSource("/__kennosto/events");
  events.onmessage = function (event) {
    if (event.data !== built) {
      events.close();
      location.reload();
    }
  };
})();
"""
ERROR_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kennosto preview: {title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }}
h1 {{ color: #a00; font-size: 1.5rem; }}
li {{ margin: 0.5rem 0; }}
code {{ font-family: ui-monospace, monospace; white-space: pre-wrap; }}
</style>
<script src="{script}"></script>
</head>
<body>
<h1>{title}</h1>
<p>The preview shows this instead of the site until the catalogue builds again. Fix the
problems and save: this page reloads by itself.</p>
<ul>
{items}
</ul>
</body>
</html>
"""

Say = Callable[[str], None]


class PortInUse(KennostoError):
    """Another program (perhaps another preview) listens on the port (exit 2)."""


class Preview:
    """The preview's state: the latest build's problems and a generation number that
    grows with every build, which the open pages wait on to reload."""

    def __init__(self, root: Path, out: Path, options: BuildOptions, say: Say) -> None:
        self.root = root
        self.out = out
        # A save the watcher saw while a build runs: the build's second phase (lists,
        # data files) gives way to it (BuildOptions.cancelled); the builder thread runs it.
        self._newer = threading.Event()
        self._requested: str | None = None
        # Rebuilt in place: only changed files are written, nothing is swapped or removed
        # wholesale (see kennosto.write_in_place).
        self.options = replace(
            options,
            in_place=True,
            incremental=Incremental(),
            pages_ready=self._pages_ready,
            cancelled=self._newer.is_set,
        )
        self.say = say
        self.generation = 0
        self.problems: list[str] = []  # FILE:LINE:COL: error: MESSAGE lines; empty: good
        self.closing = False
        self._changed = threading.Condition()
        self._building = threading.Lock()
        self._started = 0.0
        self._ready: float | None = None  # seconds to the edited pages, this build

    def rebuild(self, reason: str = "") -> bool:
        """Build again (what the watcher calls after a save); True if the site is good.
        Never raises for a broken catalogue or template: the browser shows why."""
        with self._building:
            self._newer.clear()
            started = self._started = time.perf_counter()
            self._ready = None
            try:
                problems = self._build()
            except Cancelled:
                self.say(
                    f"kennosto: the edited pages shown after {self._ready or 0:.2f} s; a newer save follows"
                )
                return True
            elapsed = time.perf_counter() - started
            with self._changed:
                self.problems = problems
                self.generation += 1
                self._changed.notify_all()
        where = f" after {reason}" if reason else ""
        if problems:
            self.say("\n".join(problems))
            self.say(f"kennosto: {len(problems)} problem(s){where}; the browser shows them")
        else:
            first = f"; the edited pages shown after {self._ready:.2f} s" if self._ready else ""
            self.say(f"kennosto: rebuilt{where} in {elapsed:.2f} s{first}")
        return not problems

    def request(self, reason: str) -> None:
        """A save (the watcher calls this and goes on watching): build as soon as the
        builder is free, and tell a running build a newer save is waiting. Saves that
        come while a build runs are one build after it."""
        with self._changed:
            self._requested = reason
            self._newer.set()
            self._changed.notify_all()

    def run_builder(self) -> None:
        """Build what `request` asks for until `close` (the builder thread)."""
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._requested is not None or self.closing)
                if self.closing:
                    return
                reason, self._requested = self._requested, None
            self.rebuild(reason or "")

    def _pages_ready(self) -> None:
        """The edited entries' pages are written (the lists and data files follow): open
        pages reload now, and again when the build is done."""
        self._ready = time.perf_counter() - self._started
        with self._changed:
            self.problems = []
            self.generation += 1
            self._changed.notify_all()

    def _build(self) -> list[str]:
        try:
            result = build(self.root, self.out, self.options)
        except Cancelled:
            raise
        except ContentError as exc:
            return format_all(exc.diagnostics, "text").splitlines()
        except jinja2.TemplateSyntaxError as exc:
            return [f"{exc.filename or exc.name}:{exc.lineno}:1: error: {exc.message}"]
        except (KennostoError, jinja2.TemplateError) as exc:
            return [f"kennosto: error: {exc}"]
        except Exception as exc:  # a preview outlives a bug: say it, keep serving
            self.say(traceback.format_exc())
            return [f"kennosto: internal error: {type(exc).__name__}: {exc}"]
        if result.check.diagnostics:
            self.say(format_all(result.check.diagnostics, "text"))
        return []

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """The generation, as soon as it is not `seen` (or after `timeout`)."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen or self.closing, timeout)
            return self.generation

    def close(self) -> None:
        with self._changed:
            self.closing = True
            self._newer.set()  # a build in its second phase stops
            self._changed.notify_all()

    def error_page(self, problems: list[str], generation: int) -> bytes:
        title = f"the catalogue has {len(problems)} problem{'s' if len(problems) != 1 else ''}"
        items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in problems)
        script = f"{RELOAD_PATH}?g={generation}"
        return ERROR_PAGE.format(title=title, items=items, script=script).encode("utf-8")


class PreviewHandler(SimpleHTTPRequestHandler):
    """Files of the built site; HTML with the reload script; the problems page."""

    preview: Preview

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.out), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is for build problems, not for every request."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == RELOAD_PATH:
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS.encode())
            return
        if path == EVENTS_PATH:
            self._events()
            return
        with self.preview._changed:
            problems, generation = list(self.preview.problems), self.preview.generation
        file = Path(self.translate_path(self.path))
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        is_page = file.suffix == ".html" or path.endswith("/")
        if problems and (is_page or not file.exists()):
            page = self.preview.error_page(problems, generation)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", page)
        elif file.suffix == ".html" and file.is_file():
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", _inject(file, generation))
        else:
            super().do_GET()

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-Sent Events: the generation now, then each new one as builds end."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = None
        try:
            while not self.preview.closing:
                generation = self.preview.wait_for_change(-1 if seen is None else seen, KEEP_ALIVE)
                if self.preview.closing:
                    break
                message = f"data: {generation}\n\n" if generation != seen else ": idle\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                seen = generation
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded


def _inject(file: Path, generation: int) -> bytes:
    """The page with the reload script before </body> (at the end if it has none)."""
    data = file.read_bytes()
    tag = f'<script src="{RELOAD_PATH}?g={generation}"></script>\n'.encode()
    at = data.rfind(b"</body>")
    return data[:at] + tag + data[at:] if at >= 0 else data + tag


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # open event streams never keep the process alive


def make_server(preview: Preview, port: int) -> PreviewServer:
    """Listen on 127.0.0.1:`port` (0: any free port); PortInUse if it is taken."""
    handler = partial(PreviewHandler, preview=preview)
    try:
        return PreviewServer((HOST, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} is in use; try --port {_free_port(port)}") from None
        raise KennostoError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None


def _free_port(taken: int) -> int:
    """A nearby port that is free now, to suggest."""
    for candidate in range(taken + 1, min(taken + 50, 65536)):
        with socket.socket() as probe:
            try:
                probe.bind((HOST, candidate))
            except OSError:
                continue
            return candidate
    return 0


def serve(root: Path, port: int, options: BuildOptions, say: Say) -> None:
    """Build, serve and rebuild on every save until Ctrl-C (KeyboardInterrupt)."""
    from kennosto.watch import Watcher  # watchfiles is only needed here

    if not root.is_dir():
        raise KennostoError(f"catalogue folder not found: {root}")
    workspace = Path(tempfile.mkdtemp(prefix="kennosto-preview-"))
    preview = Preview(root, workspace / "site", options, say)
    try:
        server = make_server(preview, port)
    except KennostoError:
        shutil.rmtree(workspace, ignore_errors=True)
        raise
    watcher = Watcher(root, lambda changes: preview.request(_describe(root, changes)))
    builder = threading.Thread(target=preview.run_builder, name="kennosto-build", daemon=True)
    previous = _stop_on_signals()
    try:
        say(f"kennosto: building {root} for the preview on port {server.server_address[1]}")
        preview.rebuild()
        builder.start()
        watcher.start()
        url = f"http://{HOST}:{server.server_address[1]}/"
        search = "" if options.search else " without the search index (faster; --search adds it)"
        say(f"kennosto: previewing {root} at {url}{search}; Ctrl-C stops")
        server.serve_forever()
    except KeyboardInterrupt:
        say("kennosto: stopped")
    finally:
        preview.close()
        watcher.close()
        if builder.is_alive():
            builder.join(timeout=60)  # a build in progress ends before its folder goes
        server.server_close()
        shutil.rmtree(workspace, ignore_errors=True)
        for number, handler in previous.items():
            if handler is not None:  # None: set outside Python, cannot be put back
                signal.signal(number, handler)


def _interrupt(number: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _stop_on_signals() -> dict[int, Any]:
    """SIGTERM and SIGHUP (`kill`, a closed terminal, an editor's stop button) stop the
    preview as Ctrl-C does, so its temporary folder is removed; the handlers they had,
    to put back. Only the main thread may set them (a test may serve from another)."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    numbers = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    return {number: signal.signal(number, _interrupt) for number in numbers}


def _describe(root: Path, changes: set[tuple[Any, str]]) -> str:
    paths = sorted({path for _, path in changes})
    first = Path(paths[0]).resolve()
    if first.is_relative_to(root.resolve()):
        first = first.relative_to(root.resolve())
    more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
    return f"{first.as_posix()} changed{more}"
