"""Diagrams on a phone, in Chromium (issue 14): at 375 px no diagram text is smaller than
12 CSS px and no diagram link is less than 24 px tall; a diagram wider than the screen
says that it scrolls, and its frame (and so its scrollbar) is no taller than the screen.
At 1280 px the map fits the column without scrolling."""

from __future__ import annotations

import json

import pytest
from helpers import require_selenium

require_selenium()  # the driver fixture needs it

PAGES = (
    "fi/map/",
    "en/map/",
    "fi/paths/mielenterveys-ja-paihdeasiakkaan-polku/",
    "fi/paths/pitkaan-tyottomana-olleen-polku-typ/",
    "fi/services/typ/",
)

# For every diagram shown: the smallest text and the shortest link as rendered (font size
# times the SVG's scale on screen), whether its frame overflows sideways, whether the
# hint shows, and the frame's height.
MEASURE = """
const out = [];
for (const frame of document.querySelectorAll('.kn-frame')) {
  const svg = frame.querySelector('svg.kn-diagram');
  if (!svg || svg.getClientRects().length === 0) continue;  // the other of a pair
  const scale = svg.getScreenCTM().a;
  const sizes = [...svg.querySelectorAll('text')].map(
    t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const links = [...svg.querySelectorAll('a')].map(a => a.getBoundingClientRect().height);
  const box = frame.querySelector('.kn-scroll');
  const hint = frame.querySelector('.kn-scroll-hint');
  out.push({
    id: svg.getAttribute('aria-labelledby'),
    font: Math.min(...sizes), link: links.length ? Math.min(...links) : 99,
    overflows: box.scrollWidth > box.clientWidth + 1,
    hint: hint.getClientRects().length > 0,
    height: box.getBoundingClientRect().height,
    width: svg.getBoundingClientRect().width, column: box.clientWidth,
  });
}
return JSON.stringify({frames: out, screen: window.innerHeight});
"""


def measure(driver, url: str) -> tuple[list[dict], int]:
    driver.get(url)
    data = json.loads(driver.execute_script(MEASURE))
    return data["frames"], data["screen"]


@pytest.fixture
def phone(driver):
    driver.set_window_size(375, 812)
    yield driver
    driver.set_window_size(1280, 1000)


@pytest.mark.parametrize("page", PAGES)
def test_diagrams_read_on_a_phone(phone, site_url, page):
    frames, screen = measure(phone, site_url + page)
    assert frames, page
    for f in frames:
        assert f["font"] >= 11.99, f  # 12 CSS px, not scaled down
        assert f["link"] >= 24, f
        if f["overflows"]:
            assert f["hint"], f  # says that it scrolls
            assert f["height"] <= screen, f  # its scrollbar is on the screen with it


def test_the_map_fits_a_desktop_column(driver, site_url):
    driver.set_window_size(1280, 1000)
    frames, _ = measure(driver, site_url + "fi/map/")
    mine = [f for f in frames if f["id"] == "map-title"]
    assert mine and not mine[0]["overflows"] and not mine[0]["hint"], frames
    assert mine[0]["width"] <= mine[0]["column"]
    assert any(f["id"] == "map-flows-title" for f in frames)  # flows between categories


@pytest.mark.parametrize("width", [375, 1280])
def test_diagram_pages_have_no_accessibility_violation(driver, site_url, axe_source, width):
    """axe-core, every impact, on the pages whose diagrams are framed and swapped."""
    driver.set_window_size(width, 900)
    problems = {}
    try:
        for page in ("fi/map/", "sv/paths/mielenterveys-ja-paihdeasiakkaan-polku/"):
            driver.get(site_url + page)
            driver.execute_script(axe_source)
            driver.set_script_timeout(60)
            found = json.loads(
                driver.execute_async_script(
                    "const done = arguments[arguments.length - 1];"
                    "axe.run(document, {resultTypes: ['violations']})"
                    ".then(r => done(JSON.stringify(r.violations.map(v => v.id + ': ' + "
                    "v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))))"
                )
            )
            if found:
                problems[page] = found
    finally:
        driver.set_window_size(1280, 1000)
    assert not problems, json.dumps(problems, indent=2, ensure_ascii=False)
