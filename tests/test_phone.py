"""The bundled site on a phone, in Chromium (issue 14), emulated as a 375 CSS px wide
mobile screen: no path or service page is wider than the screen in any language (a
diagram's frame may scroll inside itself, the page may not), and a path diagram wider
than the screen opens with its first step in view, not with what lies at its left edge.
The header and the folding menu are tests/test_browser.py's; diagram text and link
sizes tests/test_browser_diagrams.py's."""

from __future__ import annotations

import json

import pytest
from helpers import require_selenium

require_selenium()  # the driver fixture needs it

LANGUAGES = ("fi", "sv", "en")
WIDTH = 375


@pytest.fixture
def phone(driver):
    """The session's Chromium as a phone: 375 CSS px, overlay scrollbars, touch."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": 800, "deviceScaleFactor": 1, "mobile": True},
    )
    yield driver
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# The elements that reach past the right edge of the screen, outside diagram frames (to
# say what is too wide when the page is).
TOO_WIDE = """
const out = [];
for (const e of document.querySelectorAll('body *')) {
  if (e.closest('.kn-scroll')) continue;
  const r = e.getBoundingClientRect();
  if (r.right > innerWidth + 0.5) out.push(e.tagName + '.' + e.className + ': ' +
    (e.textContent || '').trim().slice(0, 40));
}
return out.slice(0, 5);
"""


# How many of a page's move details (who, how, documents: a <dl> grid) put the label
# beside the value: on a phone they stack, one column.
STACKED = """
return [...document.querySelectorAll('.transition-details')].filter(
  dl => getComputedStyle(dl).gridTemplateColumns.trim().split(/\\s+/).length > 1).length;
"""


def test_no_path_or_service_page_is_wider_than_a_phone(phone, site_url, bundled_catalogue):
    pages = [
        f"{lang}/{kind}/{slug}/"
        for lang in LANGUAGES
        for kind, slugs in (
            ("paths", bundled_catalogue.paths),
            ("services", bundled_catalogue.services),
        )
        for slug in sorted(slugs)
    ]
    wide = {}
    for page in pages:
        phone.get(site_url + page)
        width = phone.execute_script("return document.documentElement.scrollWidth")
        if width > WIDTH:
            wide[page] = (width, phone.execute_script(TOO_WIDE))
        side_by_side = phone.execute_script(STACKED)
        if side_by_side:
            wide[page] = f"{side_by_side} move details label beside value, not above it"
    assert len(pages) > 100
    assert not wide, json.dumps(wide, indent=2, ensure_ascii=False)


# For each diagram frame shown: its visible width and scroll position, and where the
# first step's box (the node with the badge "1") lies inside the visible part.
FIRST_STEP = """
const out = [];
for (const frame of document.querySelectorAll('.kn-scroll')) {
  if (frame.getClientRects().length === 0) continue;  // the other drawing of a pair
  const first = [...frame.querySelectorAll('.kn-node')].find(
    n => (n.querySelector('.kn-badge text') || {}).textContent === '1');
  const f = frame.getBoundingClientRect(), b = first && first.getBoundingClientRect();
  out.push({
    id: frame.querySelector('svg.kn-diagram').getAttribute('aria-labelledby'),
    visible: frame.clientWidth, scrolls: frame.scrollWidth > frame.clientWidth,
    scrollTop: frame.scrollTop,
    first: b ? [b.left - f.left, b.right - f.left, b.top - f.top] : null,
  });
}
return JSON.stringify(out);
"""


def test_a_wide_path_diagram_opens_on_its_first_step(phone, site_url, bundled_catalogue):
    """Every path of the bundled catalogue, in every language: the first numbered main
    step is wholly inside the visible part of its frame when the page opens, also where
    the drawing is wider than the screen, and the frame starts at its top."""
    wrong, scrolled = {}, 0
    for lang in LANGUAGES:
        for slug in sorted(bundled_catalogue.paths):
            page = f"{lang}/paths/{slug}/"
            phone.get(site_url + page)
            frames = json.loads(phone.execute_script(FIRST_STEP))
            path = [f for f in frames if f["id"].startswith("path-diagram")]
            if len(path) != 1 or path[0]["first"] is None:
                wrong[page] = frames
                continue
            f = path[0]
            left, right, top = f["first"]
            scrolled += f["scrolls"]
            if left < -0.5 or right > f["visible"] + 0.5 or f["scrollTop"] or top < 0:
                wrong[page] = f
    assert scrolled >= 10  # the test sees frames that do scroll sideways on a phone
    assert not wrong, json.dumps(wrong, indent=2)


def test_without_scroll_initial_target_a_script_opens_the_frame_on_its_first_step(
    phone, site_url, bundled_catalogue
):
    """Firefox and Safari lack `scroll-initial-target`; there frames.js centres the
    mark. Chromium has the property, so the test scrolls each frame back to its left
    edge, as those browsers would open it, and runs the script's centring."""
    wrong = {}
    for slug in sorted(bundled_catalogue.paths):
        page = f"fi/paths/{slug}/"
        phone.get(site_url + page)
        phone.execute_script(
            "document.querySelectorAll('.kn-scroll').forEach(f => {"
            " f.scrollLeft = 0; KennostoFrames.centre(f); })"
        )
        for f in json.loads(phone.execute_script(FIRST_STEP)):
            if f["id"].startswith("path-diagram") and f["first"]:
                left, right, _ = f["first"]
                if left < -0.5 or right > f["visible"] + 0.5:
                    wrong[page] = f
    assert not wrong, json.dumps(wrong, indent=2)


def test_the_first_search_result_is_on_the_first_screen(phone, site_url):
    """Header, search box and the folded filters leave the first result in view on a
    375 x 800 phone (it started 932 px down before issue 14), in every language; an
    opened filter takes the whole row."""
    from search_cases import search_results

    for lang, query in (("fi", "kuntoutus"), ("sv", "rehabilitering"), ("en", "rehabilitation")):
        assert search_results(phone, site_url, lang, query), lang
        top = phone.execute_script(
            "return document.querySelector('#search-results li').getBoundingClientRect().top"
        )
        assert top < 800, (lang, top)
    summary = phone.find_element("css selector", ".filter summary")
    summary.click()
    width = phone.execute_script(
        "return document.querySelector('.filter[open]').getBoundingClientRect().width"
    )
    assert width > 300, width


# The map's picture of flows between topics, as a phone shows it: its frame's visible
# width and where its top box (the node nearest the top) lies inside the visible part.
TOP_OF_FLOWS = """
const svg = document.querySelector('svg[aria-labelledby^="map-flows-narrow"]');
const frame = svg.closest('.kn-scroll'), f = frame.getBoundingClientRect();
const nodes = [...svg.querySelectorAll('.kn-node')].map(n => n.getBoundingClientRect());
nodes.sort((a, b) => a.top - b.top || a.left - b.left);
return [frame.scrollWidth > frame.clientWidth, nodes[0].left - f.left,
        nodes[0].right - f.left, frame.clientWidth];
"""


def test_the_map_flows_picture_opens_on_its_top_box(phone, site_url):
    """Wider than a phone, the topic-to-topic picture opens with the box where the
    flows begin in view, not at its left edge (issue 14)."""
    for lang in LANGUAGES:
        phone.get(f"{site_url}{lang}/map/")
        scrolls, left, right, visible = phone.execute_script(TOP_OF_FLOWS)
        assert scrolls, lang  # the picture is wider than the phone: the test means something
        assert left >= -0.5 and right <= visible + 0.5, (lang, left, right, visible)


AXE_RUN = (
    "const done = arguments[arguments.length - 1];"
    "axe.run(document, {resultTypes: ['violations']})"
    ".then(r => done(JSON.stringify(r.violations.map(v => v.id + ' (' + v.impact + '): ' + "
    "v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))))"
)


def test_phone_pages_have_no_accessibility_violation(phone, site_url, axe_source):
    """axe-core, every impact, at 375 px: the front page with the menu folded and
    open, the widest path (its frame scrolled to the first step) and a service page."""
    from selenium.webdriver.common.by import By

    problems = {}
    phone.set_script_timeout(60)
    for page, open_menu in (
        ("fi/", False),
        ("fi/", True),
        ("sv/paths/pitkaan-tyottomana-olleen-polku-typ/", False),
        ("en/services/ohjaamo/", True),
    ):
        phone.get(site_url + page)
        if open_menu:
            phone.find_element(By.CSS_SELECTOR, ".menu > summary").click()
        phone.execute_script(axe_source)
        found = json.loads(phone.execute_async_script(AXE_RUN))
        if found:
            problems[f"{page} menu {'open' if open_menu else 'folded'}"] = found
    assert not problems, json.dumps(problems, indent=2, ensure_ascii=False)
