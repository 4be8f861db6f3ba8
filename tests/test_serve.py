"""kennosto serve: real HTTP on 127.0.0.1 (port 0), rebuilds through Preview.rebuild (what
the watcher calls), one real save seen by the watcher; events, never sleeps."""

from __future__ import annotations

import datetime
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO, copy_fixture, kennosto

from kennosto.pipeline import BuildOptions
from kennosto.serve import RELOAD_PATH, Preview, make_server

TIMEOUT = 60  # generous: the machine is shared


class Running:
    def __init__(self, root: Path, out: Path) -> None:
        self.messages: list[str] = []
        options = BuildOptions(search=False, today=datetime.date(2026, 11, 30))
        self.preview = Preview(root, out, options, self.messages.append)
        self.preview.rebuild()
        self.server = make_server(self.preview, 0)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            connection.close()

    def stop(self) -> None:
        self.preview.close()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    root = copy_fixture("minimal", tmp_path)
    preview = Running(root, tmp_path / "preview" / "site")
    try:
        yield preview
    finally:
        preview.stop()


def set_name(root: Path, name: str) -> None:
    path = root / "services" / "alku.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: {fi: Alku,", f"name: {{fi: {name},"), encoding="utf-8")


def test_pages_are_served_with_the_reload_script_the_files_do_not_have(running: Running) -> None:
    status, headers, body = running.get("/fi/services/alku/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert f'<script src="{RELOAD_PATH}?g=1"></script>\n</body>' in body
    built = running.preview.out / "fi" / "services" / "alku" / "index.html"
    assert "__kennosto" not in built.read_text(encoding="utf-8")
    status, headers, script = running.get(RELOAD_PATH)
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert "EventSource" in script and "location.reload()" in script
    status, _, css = running.get("/static/style.css")
    assert status == 200 and "__kennosto" not in css


def test_listens_on_loopback_only(running: Running) -> None:
    assert running.server.server_address[0] == "127.0.0.1"


def test_event_stream_announces_each_rebuild(running: Running) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=TIMEOUT)
    connection.request("GET", "/__kennosto/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.fp.readline() == b"data: 1\n"
    assert response.fp.readline() == b"\n"
    set_name(running.preview.root, "Uusi alku")
    assert running.preview.rebuild()
    # An edit is announced twice: when the edited pages are written (before the lists and
    # data files), and when the build is done; a slow reader may hear only the last.
    final = f"data: {running.preview.generation}\n".encode()
    heard = [line for line in iter(response.fp.readline, final) if line.startswith(b"data:")]
    assert running.preview.generation in (2, 3)
    assert heard in ([], [b"data: 2\n"])
    connection.close()
    _, _, body = running.get("/fi/services/alku/")
    assert "Uusi alku" in body


def test_a_broken_save_shows_the_problems_escaped_and_recovers(running: Running) -> None:
    root = running.preview.root
    service = root / "services" / "alku.yaml"
    good = service.read_text(encoding="utf-8")
    service.write_text(good.replace("provider: kela", "provider: <img src=x>"), encoding="utf-8")
    assert not running.preview.rebuild()
    status, _, body = running.get("/fi/services/alku/")
    assert status == 500
    assert "services/alku.yaml:3:" in body
    assert "&lt;img src=x&gt;" in body and "<img src=x>" not in body
    assert f'<script src="{RELOAD_PATH}?g=2">' in body  # reloads by itself when fixed
    status, _, body = running.get("/sv/")  # every page, not only the one edited
    assert status == 500 and "services/alku.yaml:3:" in body
    service.write_text(good, encoding="utf-8")
    assert running.preview.rebuild()
    status, _, body = running.get("/fi/services/alku/")
    assert status == 200 and "Alku" in body and "services/alku.yaml:3:" not in body


def test_a_broken_template_is_shown_not_raised(running: Running) -> None:
    root = running.preview.root
    template = root / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("{% if %}\n", encoding="utf-8")
    assert not running.preview.rebuild()
    status, _, body = running.get("/fi/")
    assert status == 500 and "page.html:1:" in body
    template.unlink()
    assert running.preview.rebuild()
    assert running.get("/fi/")[0] == 200


def test_a_real_save_is_seen_by_the_watcher(running: Running) -> None:
    from kennosto.watch import Watcher

    rebuilt = threading.Event()

    def on_change(changes: object) -> None:
        running.preview.rebuild("a save")
        if "Tallennettu" in running.get("/fi/services/alku/")[2]:
            rebuilt.set()

    watcher = Watcher(running.preview.root, on_change)
    watcher.start()
    try:
        assert watcher.ready.wait(TIMEOUT), "the watcher did not start"
        set_name(running.preview.root, "Tallennettu")
        assert rebuilt.wait(TIMEOUT), "the save was not seen"
    finally:
        watcher.close()
    assert any("services/alku.yaml" in m or "a save" in m for m in running.messages)


def test_a_busy_port_is_an_environment_error(tmp_path: Path) -> None:
    root = copy_fixture("minimal", tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = kennosto("serve", "--root", root, "--port", port)
    assert result.exit_code == 2
    assert f"kennosto: error: port {port} is in use; try --port " in result.stderr
    assert not (root / "site").exists()


STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"]


@pytest.mark.parametrize("name", [n for n in STOP_SIGNALS if hasattr(signal, n)])
def test_ctrl_c_stops_cleanly(tmp_path: Path, name: str) -> None:
    """Ctrl-C, and so `kill`, a closed terminal or an editor's stop button: the preview
    says so, exits 0 and leaves no temporary folder."""
    root = copy_fixture("minimal", tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {**os.environ, "KENNOSTO_TODAY": "2026-11-30", "TMPDIR": str(temporary)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kennosto.cli", "serve", "--root", str(root), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=environment,
    )
    try:
        lines = []
        for line in process.stderr:  # blocks until the server says where it is
            lines.append(line)
            if "previewing" in line:
                break
        assert "http://127.0.0.1:" in lines[-1] and "without the search index" in lines[-1]
        assert any(temporary.iterdir())  # the preview's workspace
        process.send_signal(getattr(signal, name))
        rest = process.communicate(timeout=TIMEOUT)[1]
    finally:
        process.kill()
    assert process.returncode == 0, rest
    assert "kennosto: stopped" in rest and "Traceback" not in rest
    assert not (root / "site").exists()
    assert list(temporary.iterdir()) == []


def test_the_browser_reloads_the_open_page_after_a_save(running: Running, driver) -> None:
    """Headless Chromium with the pages' own CSP: the served script connects, the page
    reloads itself after a rebuild and shows the problems, then the fixed page."""
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, TIMEOUT)
    driver.get(f"http://127.0.0.1:{running.port}/fi/services/alku/")
    assert "Alku" in driver.find_element("tag name", "h1").text
    # No race: a stream that connects after the rebuild first hears a generation other
    # than the page's own (?g=1) and reloads all the same.
    set_name(running.preview.root, "Ladattu uudelleen")
    assert running.preview.rebuild()
    wait.until(lambda d: "Ladattu uudelleen" in d.find_element("tag name", "h1").text)
    service = running.preview.root / "services" / "alku.yaml"
    good = service.read_text(encoding="utf-8")
    service.write_text(good.replace("provider: kela", "provider: puuttuu"), encoding="utf-8")
    assert not running.preview.rebuild()
    wait.until(lambda d: "services/alku.yaml:" in d.find_element("tag name", "body").text)
    service.write_text(good, encoding="utf-8")
    assert running.preview.rebuild()
    wait.until(lambda d: "Ladattu uudelleen" in d.find_element("tag name", "h1").text)


def test_saves_while_building_are_built_once_after_it(running: Running) -> None:
    """The watcher hands saves to the builder thread and goes on watching; saves that
    come while a build runs stop its second phase and are built after it, together."""
    preview = running.preview
    builder = threading.Thread(target=preview.run_builder, daemon=True)
    builder.start()
    path = preview.root / "services" / "alku.yaml"
    original = path.read_text(encoding="utf-8")
    for name in ("Ensimmäinen", "Toinen"):
        path.write_text(original.replace("name: {fi: Alku,", f"name: {{fi: {name},"), "utf-8")
        preview.request(f"{name} saved")
    generation = preview.generation
    while "Toinen" not in running.get("/fi/services/alku/")[2]:
        changed = preview.wait_for_change(generation, TIMEOUT)
        assert changed != generation, "the saves were not built"
        generation = changed
    preview.close()
    builder.join(TIMEOUT)
    assert not builder.is_alive()
