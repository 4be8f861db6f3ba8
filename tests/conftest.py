"""Shared fixtures: the bundled catalogue built once per session (with its search index),
served on 127.0.0.1, and a headless Chromium driven by Selenium.

Browser tests skip locally when Chromium, its driver or axe-core is missing, and fail
in CI (KENNOSTO_REQUIRE_TOOLS=1), where .ci/run installs them.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import REPO, require_tool

from kennosto.assemble import build_catalogue
from kennosto.errors import ContentError
from kennosto.load import load_catalogue
from kennosto.model import Catalogue
from kennosto.pipeline import BuildOptions, build, check

# "Today" for every test, so that no `reviewed` date of a fixture or of the bundled
# catalogue (2026-11-01 … 2026-11-23) ages past review_max_age_days, nor lies in the
# future, whatever the clock says. Move it when the bundled catalogue is reviewed again.
TEST_TODAY = "2026-12-01"

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session", autouse=True)
def pinned_today() -> Iterator[str]:
    """KENNOSTO_TODAY for the whole session (before the session-wide builds), for the CLI
    in-process, the library and any subprocess alike."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KENNOSTO_TODAY", TEST_TODAY)
        yield TEST_TODAY


def _first_errors(exc: ContentError) -> str:
    return "\n".join(d.format() for d in exc.diagnostics[:10])


@pytest.fixture(scope="session")
def bundled_catalogue() -> Catalogue:
    """The model of the bundled catalogue (services/, paths/ … of the repository)."""
    result = check(REPO)
    if result.errors:
        pytest.fail(
            "the bundled catalogue does not pass check:\n"
            + _first_errors(ContentError(result.errors))
        )
    return build_catalogue(load_catalogue(REPO))


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled catalogue built with its Pagefind index into a temporary folder."""
    out = tmp_path_factory.mktemp("bundled") / "site"
    try:
        build(REPO, out, BuildOptions(search=True))
    except ContentError as exc:
        pytest.fail("the bundled catalogue does not build:\n" + _first_errors(exc))
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".json": "application/json",
        ".wasm": "application/wasm",
        ".pagefind": "application/octet-stream",
        ".pf_meta": "application/octet-stream",
        ".pf_index": "application/octet-stream",
        ".pf_fragment": "application/octet-stream",
        ".pf_filter": "application/octet-stream",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        # The session's one Chromium meets many sites, each on a port the system picks; a
        # port used again must not serve the last site's files from the browser's cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build_and_serve(tmp: Path, make_catalogue, search: bool) -> Iterator[str]:
    """Build the catalogue `make_catalogue(folder)` writes under `tmp` and serve the site
    (for module fixtures of catalogues made in Python)."""
    from kennosto.pipeline import BuildOptions, build

    out = tmp / "site"
    build(make_catalogue(tmp / "catalogue"), out, BuildOptions(search=search))
    yield from serve(out)


@pytest.fixture(scope="session")
def site_url(bundled_site: Path) -> Iterator[str]:
    """Base URL (ending in /) of the bundled site served on 127.0.0.1."""
    yield from serve(bundled_site)


def chrome_options(user_data_dir: Path):  # -> selenium Options
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--no-first-run",
        "--window-size=1280,1000",
        f"--user-data-dir={user_data_dir}",
    ):
        options.add_argument(argument)
    return options


@pytest.fixture(scope="session")
def driver(tmp_path_factory: pytest.TempPathFactory):
    """A headless Debian Chromium; never downloads a browser or a driver."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        require_tool(False, "selenium is not installed (pip install -e '.[test]')")
    require_tool(
        CHROMIUM.is_file() and CHROMEDRIVER.is_file(),
        "Chromium not installed (apt-get install chromium chromium-driver)",
    )
    profile = tmp_path_factory.mktemp("chromium-profile")
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=chrome_options(profile))
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def axe_source() -> str:
    require_tool(AXE.is_file(), "axe-core not installed (npm ci)")
    return AXE.read_text(encoding="utf-8")
