"""The built site in a real browser (headless Debian Chromium via Selenium): search,
filters, the finder, keyboard-only use and axe-core accessibility checks."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import REQUIRE_TOOLS

try:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    if REQUIRE_TOOLS:
        raise
    pytest.skip("selenium is not installed (pip install -e '.[test]')", allow_module_level=True)

from kennosto.finder import Client, rank

LANGUAGES = ("fi", "sv", "en")
WAIT = 20


def open_search(driver, site_url: str, lang: str, query: str = "") -> list[str]:
    """Load the search page (with URL parameters) and return the result links' paths."""
    driver.get(f"{site_url}{lang}/search/{query}")
    return wait_results(driver)


def wait_results(driver, after: str | None = None) -> list[str]:
    form = driver.find_element(By.ID, "search-form")
    WebDriverWait(driver, WAIT).until(
        lambda d: (
            form.get_attribute("data-done") not in (None, after)
            or "error" in (form.get_attribute("data-failed") or "")
        )
    )
    return result_paths(driver, "#search-results h3 a")


def result_paths(driver, selector: str) -> list[str]:
    return [
        "/" + a.get_attribute("href").split("/", 3)[3]
        for a in driver.find_elements(By.CSS_SELECTOR, selector)
    ]


def result_count(driver) -> int:
    status = driver.find_element(By.ID, "search-status").text
    digits = "".join(ch for ch in status if ch.isdigit())
    return int(digits or 0)


def test_query_finds_the_service_in_each_language(driver, site_url):
    for lang, query in (("fi", "ohjaamo"), ("sv", "navigatorn"), ("en", "one-stop guidance")):
        results = open_search(driver, site_url, lang, f"?q={query}")
        assert results and results[0] == f"/{lang}/services/ohjaamo/", (lang, results)
        status = driver.find_element(By.ID, "search-status").text
        assert any(ch.isdigit() for ch in status)
        first = driver.find_element(By.CSS_SELECTOR, "#search-results li")
        assert "Lahden kaupunki" in first.text or "Lahti" in first.text  # provider shown


def test_a_first_query_loads_one_small_index_chunk(driver, site_url, bundled_site):
    """The build re-cuts Pagefind's word index (kennosto/pagefind_chunks.py): a query
    loads the few kB that hold its word, not a chunk of 30 kB."""
    for lang, query in (("fi", "kuntoutus"), ("sv", "rehabilitering"), ("en", "employment")):
        results = open_search(driver, site_url, lang, f"?q={query}")
        assert results, (lang, query)
        chunks = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(n => n.includes('/pagefind/index/'))"
        )
        assert len(chunks) == 1, chunks
        size = (bundled_site / chunks[0].split("/", 3)[3]).stat().st_size
        assert size < 8000, (lang, query, size)
    # filters only: the first chunk (Pagefind loaded every chunk for an empty query)
    assert open_search(driver, site_url, "fi", "?municipality=lahti")
    chunks = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.includes('/pagefind/index/'))"
    )
    assert len(chunks) == 1, chunks


def test_each_language_searches_its_own_pages(driver, site_url):
    for lang in LANGUAGES:
        results = open_search(driver, site_url, lang, "?q=kela")
        assert results and all(path.startswith(f"/{lang}/") for path in results), results


def test_finnish_inflected_form_finds_base_form(driver, site_url):
    # Pagefind's Finnish stemmer handles regular case endings (README: "Search")
    results = open_search(driver, site_url, "fi", "?q=työpajoissa")
    assert "/fi/services/tyopajat/" in results[:3]


def test_municipality_filter_narrows_results_and_is_in_the_url(driver, site_url):
    everywhere = open_search(driver, site_url, "fi", "?target_group=talous-ja-asuminen")
    assert "/fi/services/asumisneuvonta/" in everywhere
    total = result_count(driver)
    before = driver.find_element(By.ID, "search-form").get_attribute("data-done")
    details = driver.find_element(By.ID, "filter-municipality")
    details.find_element(By.TAG_NAME, "summary").click()
    driver.find_element(By.ID, "f-municipality-padasjoki").click()
    narrowed = wait_results(driver, after=before)
    assert narrowed and 0 < result_count(driver) < total
    assert "/fi/services/asumisneuvonta/" not in narrowed  # housing advice is Lahti's
    url = driver.current_url
    assert "municipality=padasjoki" in url and "target_group=talous-ja-asuminen" in url
    # the shared URL restores the same search
    shared = "?target_group=talous-ja-asuminen&municipality=padasjoki"
    assert open_search(driver, site_url, "fi", shared) == narrowed
    assert driver.find_element(By.ID, "f-municipality-padasjoki").is_selected()


def test_filter_without_query_lists_services(driver, site_url):
    results = open_search(driver, site_url, "en", "?target_group=vammaiset")
    assert "/en/services/vammaispalvelut/" in results


def test_more_results_on_request(driver, site_url):
    first = open_search(driver, site_url, "fi", "?target_group=tyottomat")
    assert len(first) == 10 and result_count(driver) > 10
    driver.find_element(By.ID, "search-more").click()
    WebDriverWait(driver, WAIT).until(lambda d: len(result_paths(d, "#search-results h3 a")) > 10)
    assert (
        active(driver)
        .get_attribute("href")
        .endswith(result_paths(driver, "#search-results h3 a")[10])
    )


SCENARIO = {
    "age": 19,
    "municipality": "lahti",
    "situations": ["nuoret", "tyottomat"],
    "referrer": "sosiaalipalvelut",
}


def finder_results(driver) -> list[str]:
    return [
        li.get_attribute("data-slug")
        for li in driver.find_elements(By.CSS_SELECTOR, "#finder-list > li")
    ]


def wait_finder(driver) -> None:
    WebDriverWait(driver, WAIT).until(
        lambda d: d.find_element(By.ID, "finder-form").get_attribute("data-ready") == "true"
    )


def test_finder_ranks_like_python(driver, site_url, bundled_catalogue):
    situations = "&".join(f"situation={s}" for s in SCENARIO["situations"])
    query = f"?age={SCENARIO['age']}&municipality={SCENARIO['municipality']}&referrer={SCENARIO['referrer']}&{situations}"
    for lang in LANGUAGES:
        driver.get(f"{site_url}{lang}/finder/{query}")
        wait_finder(driver)
        client = Client(
            age=SCENARIO["age"],
            municipality=SCENARIO["municipality"],
            situations=frozenset(SCENARIO["situations"]),
            referrer=SCENARIO["referrer"],
        )
        region = frozenset(bundled_catalogue.settings.municipalities)
        expected = [m.slug for m in rank(bundled_catalogue.services.values(), client, region)]
        assert finder_results(driver) == expected
        assert set(finder_results(driver)[:2]) == {"ohjaamo", "etsiva-nuorisotyo"}
        heading = driver.find_element(By.ID, "finder-heading").text
        assert str(len(expected)) in heading
        first = driver.find_element(By.CSS_SELECTOR, "#finder-list > li")
        reasons = first.find_elements(By.CSS_SELECTOR, ".reasons li")
        assert len(reasons) >= 3  # target group, age, area (and who may refer)
        link = first.find_element(By.TAG_NAME, "a").get_attribute("href")
        assert link.endswith(f"/{lang}/services/{expected[0]}/")


def test_finder_form_updates_url(driver, site_url):
    driver.get(f"{site_url}fi/finder/")
    wait_finder(driver)
    assert finder_results(driver) == []
    driver.find_element(By.ID, "finder-age").send_keys("40")
    driver.find_element(By.ID, "s-talous-ja-asuminen").click()
    WebDriverWait(driver, WAIT).until(lambda d: finder_results(d))
    assert finder_results(driver)[0] == "talous-ja-velkaneuvonta"
    assert "age=40" in driver.current_url and "situation=talous-ja-asuminen" in driver.current_url


def active(driver):
    return driver.switch_to.active_element


def tab_until(driver, predicate, limit: int = 80) -> None:
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if predicate(active(driver)):
            return
    raise AssertionError("could not reach the element with the Tab key")


def test_finder_by_keyboard_only(driver, site_url):
    driver.get(f"{site_url}en/finder/")
    wait_finder(driver)
    driver.find_element(By.TAG_NAME, "body").click()
    tab_until(driver, lambda el: el.get_attribute("id") == "finder-age")
    ActionChains(driver).send_keys("24").perform()
    tab_until(driver, lambda el: el.get_attribute("id") == "s-mielenterveys-ja-paihteet")
    ActionChains(driver).send_keys(Keys.SPACE).perform()
    assert active(driver).is_selected()
    WebDriverWait(driver, WAIT).until(lambda d: finder_results(d))
    status = driver.find_element(By.ID, "finder-status")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("textContent")
    # submit with Enter moves focus to the results heading; the results are next in Tab order
    tab_until(driver, lambda el: el.tag_name == "button")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    WebDriverWait(driver, WAIT).until(lambda d: active(d).get_attribute("id") == "finder-heading")
    tab_until(driver, lambda el: el.tag_name == "a", limit=3)
    assert "/en/services/" in active(driver).get_attribute("href")


def test_search_by_keyboard_only(driver, site_url):
    driver.get(f"{site_url}fi/search/")
    WebDriverWait(driver, WAIT).until(
        lambda d: (
            d.find_element(By.ID, "search-form").get_attribute("data-done") is not None
            or d.find_element(By.ID, "search-status").text
        )
    )
    driver.find_element(By.TAG_NAME, "body").click()
    tab_until(driver, lambda el: el.get_attribute("id") == "search-q")
    ActionChains(driver).send_keys("velkaneuvonta", Keys.ENTER).perform()
    WebDriverWait(driver, WAIT).until(
        lambda d: "/fi/services/talous-ja-velkaneuvonta/" in result_paths(d, "#search-results h3 a")
    )
    tab_until(
        driver,
        lambda el: el.get_attribute("id") == "f-municipality-lahti" or el.tag_name == "summary",
    )
    assert active(driver).tag_name in ("summary", "input")


def test_diagram_links_are_reached_by_tab_and_show_focus(driver, site_url):
    driver.get(f"{site_url}fi/services/typ/")
    driver.find_element(By.TAG_NAME, "body").click()
    in_diagram = "return arguments[0].closest('svg.kn-diagram') !== null"
    tab_until(driver, lambda el: driver.execute_script(in_diagram, el))
    link = active(driver)
    assert link.get_attribute("aria-label") and link.tag_name == "a"
    ring = driver.execute_script(
        "const s = getComputedStyle(arguments[0]);"
        "const box = getComputedStyle(arguments[0].querySelector('.kn-box'));"
        "return [s.outlineStyle, parseFloat(s.outlineWidth), box.stroke];",
        link,
    )
    assert ring[0] == "solid" and ring[1] >= 2, ring
    assert ring[2] == "rgb(11, 79, 168)", ring  # the box border turns focus blue too
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    WebDriverWait(driver, WAIT).until(lambda d: "/fi/services/typ/" not in d.current_url)
    assert "/fi/services/" in driver.current_url


# Accessibility: axe-core 4.x from node_modules, injected into each page.
def axe_violations(driver, axe_source: str) -> list[str]:
    driver.execute_script(axe_source)
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
          .then(r => done(JSON.stringify(r.violations)))
          .catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));
        """
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in json.loads(result)
    ]


def page_set(lang: str) -> list[tuple[str, str | None]]:
    """(path, CSS selector to wait for) of the pages axe checks in one language."""
    situations = "situation=nuoret&situation=tyottomat"
    return [
        (f"{lang}/", None),
        (f"{lang}/services/ohjaamo/", None),
        (f"{lang}/paths/ohjaamosta-opiskelemaan-tai-toihin/", None),
        (f"{lang}/search/?q=kela&municipality=lahti", "#search-results li"),
        (f"{lang}/search/?q=kuntoutus&list=typ,ohjaamo", "#search-results .list-add"),
        (f"{lang}/finder/?age=19&municipality=lahti&{situations}", "#finder-list li"),
        (f"{lang}/target-groups/", None),
        (f"{lang}/municipalities/", None),
        (f"{lang}/services/", None),
        (f"{lang}/services/typ/", None),
        (f"{lang}/organizations/kela/", None),
        (f"{lang}/list/?s=ohjaamo,typ,tyopajat", "#list-items li"),
        (f"{lang}/404.html", None),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_accessibility_violations(driver, site_url, axe_source, lang):
    problems = {}
    for path, ready in page_set(lang):
        driver.get(site_url + path)
        if ready:
            WebDriverWait(driver, WAIT).until(
                lambda d, css=ready: d.find_elements(By.CSS_SELECTOR, css)
            )
        found = axe_violations(driver, axe_source)
        if found:
            problems[path] = found
    assert not problems, json.dumps(problems, indent=2, ensure_ascii=False)


def test_language_root_page_is_accessible(driver, site_url, axe_source):
    driver.get(site_url)
    assert axe_violations(driver, axe_source) == []


# --- content model 2 (tests/model2.py): keywords, ended entries, kinds, the finder -------


@pytest.fixture(scope="module")
def model2_url(tmp_path_factory):
    from conftest import build_and_serve
    from model2 import model2_catalogue

    yield from build_and_serve(tmp_path_factory.mktemp("model2-browser"), model2_catalogue, True)


def test_keywords_are_searched_and_ended_entries_are_not(driver, model2_url):
    assert open_search(driver, model2_url, "fi", "?q=TKT") == ["/fi/services/tiimi/"]
    assert open_search(driver, model2_url, "en", "?q=WAT") == ["/en/services/tiimi/"]
    # the ended entry's own keyword does not find it (its parts, vanha + haku, may find
    # other entries: compounds are split since issue 13)
    assert "/fi/services/vanha/" not in open_search(driver, model2_url, "fi", "?q=vanhahaku")
    assert open_search(driver, model2_url, "fi", "?q=qqqzzzx") == []
    first = driver.find_element(By.ID, "search-status").text
    assert first  # "no results" is said, not left blank


def test_kind_filter_narrows_to_one_kind(driver, model2_url):
    results = open_search(driver, model2_url, "en", "?kind=outcome")
    assert sorted(results) == ["/en/services/opinnot/", "/en/services/tyo/"]
    item = driver.find_element(By.CSS_SELECTOR, "#search-results li")
    assert "Outcome" in item.text  # the kind is shown with each result


def test_finder_shows_professional_support_and_outcomes_apart(driver, model2_url, axe_source):
    driver.get(f"{model2_url}fi/finder/?situation=nuoret")
    wait_finder(driver)
    assert finder_results(driver) == ["valmennus"]
    support = driver.find_elements(By.CSS_SELECTOR, "#finder-professional > li")
    assert [li.get_attribute("data-slug") for li in support] == ["tiimi"]
    outcomes = driver.find_elements(By.CSS_SELECTOR, "#finder-outcomes > li")
    assert [li.get_attribute("data-slug") for li in outcomes] == ["tyo"]
    assert driver.find_element(By.ID, "finder-outcomes-section").is_displayed()
    assert axe_violations(driver, axe_source) == []


@pytest.mark.parametrize("lang", ("sv", "fi", "en"))
def test_model2_pages_are_accessible(driver, model2_url, axe_source, lang):
    problems = {}
    for path in ("services/tiimi/", "services/vanha/", "paths/polku/", "categories/"):
        driver.get(f"{model2_url}{lang}/{path}")
        found = axe_violations(driver, axe_source)
        if found:
            problems[path] = found
    assert not problems, json.dumps(problems, indent=2, ensure_ascii=False)


# --- issue 14: the client's sheet, the shareable list, the front page on a phone ---------


def pdf_pages(driver) -> int:
    """Print the open page to PDF on A4 paper and count its pages."""
    import base64
    import re

    pdf = driver.execute_cdp_cmd(
        "Page.printToPDF",
        {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True},
    )
    return len(re.findall(rb"/Type\s*/Page[^s]", base64.b64decode(pdf["data"])))


def test_every_service_and_path_prints_on_one_a4_page(driver, site_url, bundled_catalogue):
    too_long = []
    for lang in LANGUAGES:
        for kind, slugs in (
            ("services", bundled_catalogue.services),
            ("paths", bundled_catalogue.paths),
        ):
            for slug in slugs:
                driver.get(f"{site_url}{lang}/{kind}/{slug}/")
                pages = pdf_pages(driver)
                if pages != 1:
                    too_long.append(f"{lang}/{kind}/{slug}: {pages} pages")
    assert too_long == [], too_long


def long_catalogue(root):
    """The minimal fixture with a base_url, a service whose every part is long (many
    paragraphs, a long way in, 30 next steps) and a path of 40 steps: the sheet must
    still be one page, its end cut off with a "full text online" note."""
    from helpers import FIXTURES, write

    shutil.copytree(FIXTURES / "minimal", root)
    settings = root / "kennosto.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "base_url: https://palvelut.example.fi/\n",
        encoding="utf-8",
    )
    sentence = "Tämä on pitkä virke palvelusta, jotta teksti jatkuu ja jatkuu rivistä toiseen. "
    para = sentence * 6
    block = "\n\n".join([para] * 5 + ["- " + sentence * 2] * 8)
    indent = lambda text: "\n".join("    " + line for line in text.splitlines())  # noqa: E731
    files = {
        f"services/muu-{n}.yaml": (
            f"name: {{fi: Muu palvelu {n}, sv: Annan tjänst {n}, en: Other service {n}}}\n"
            "summary: {fi: Muu., sv: Annan., en: Other.}\nprovider: kela\nreviewed: 2026-11-01\n"
        )
        for n in range(40)
    }
    fields = "\n".join(
        f"{field}:\n" + "\n".join(f"  {lang}: |\n{indent(block)}" for lang in LANGUAGES)
        for field in ("description", "how_to_apply", "required_documents")
    )
    files["services/pitka.yaml"] = (
        "name: {fi: Pitkä palvelu jonka nimi on pitkä, sv: Lång tjänst, en: Long service}\n"
        f"summary: {{fi: '{para}', sv: '{para}', en: '{para}'}}\n"
        "provider: kela\nreviewed: 2026-11-01\n"
        f"{fields}\n"
        "contact: {phone: 03 123 4567, email: info@example.fi, url: https://example.fi/}\n"
        "transitions:\n"
        + "".join(
            f"  - to: muu-{n}\n    when: {{fi: '{sentence}', sv: '{sentence}', en: '{sentence}'}}\n"
            for n in range(40)
        )
    )
    files["paths/pitka-polku.yaml"] = (
        "name: {fi: Pitkä polku, sv: Lång stig, en: Long path}\n"
        "summary: {fi: Pitkä., sv: Lång., en: Long.}\nsteps:\n"
        + "".join(
            f"  - service: muu-{n}\n    note: {{fi: '{sentence * 2}', sv: '{sentence * 2}', en: '{sentence * 2}'}}\n"
            for n in range(40)
        )
    )
    return write(root, files)


@pytest.fixture(scope="module")
def long_url(tmp_path_factory):
    from conftest import build_and_serve

    yield from build_and_serve(tmp_path_factory.mktemp("long-sheet"), long_catalogue, False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_long_entry_still_prints_on_one_page(driver, long_url, lang):
    for page in ("services/pitka", "paths/pitka-polku"):
        driver.get(f"{long_url}{lang}/{page}/")
        assert pdf_pages(driver) == 1, page
        # As printed, the sheet's body runs past its two columns (so the cut is real) and
        # the sheet shows the note that the full text is online, in the page's language.
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        driver.execute_cdp_cmd(  # the width of A4 inside print.css's margins: 190 mm
            "Emulation.setDeviceMetricsOverride",
            {"width": 718, "height": 1062, "deviceScaleFactor": 1, "mobile": False},
        )
        try:
            body = driver.find_element(By.CSS_SELECTOR, ".sheet-body")
            cut = driver.execute_script(
                "const r = arguments[0].getBoundingClientRect();"
                "return [...arguments[0].querySelectorAll('*')].some(e =>"
                " [...e.getClientRects()].some(c => c.width && c.left >= r.right - 1))",
                body,
            )
            note = driver.execute_script(
                "return getComputedStyle(arguments[0], '::before').content", body
            )
        finally:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        assert cut, page
        assert "QR" in note and "…" in note, note


def list_button(driver):
    return driver.find_element(By.CSS_SELECTOR, ".sheet-tools .list-add")


def test_three_services_on_a_list_open_the_same_in_a_fresh_browser(
    driver, site_url, tmp_path_factory
):
    driver.get(f"{site_url}fi/services/ohjaamo/")
    chosen = ["ohjaamo", "tyopajat", "typ"]
    for number, slug in enumerate(chosen):
        if number:  # follow a link inside the site: the list goes along in the address
            target = driver.execute_script("return KennostoList.href(arguments[0])", f"../{slug}/")
            driver.get(site_url + target.lstrip("/"))
        button = list_button(driver)
        assert button.get_attribute("aria-pressed") == "false"
        button.send_keys(Keys.SPACE)  # the keyboard works
        assert button.get_attribute("aria-pressed") == "true"
        live = driver.find_element(By.ID, "list-live").get_attribute("textContent")
        assert str(number + 1) in live
    view = driver.find_element(By.ID, "list-view")
    link = view.get_attribute("href")
    assert link.endswith("/fi/list/?s=ohjaamo,tyopajat,typ"), link
    assert driver.get_cookies() == []
    assert driver.execute_script("return localStorage.length + sessionStorage.length") == 0
    fresh = fresh_browser(tmp_path_factory)
    try:
        assert shared_list(fresh, link) == chosen
        assert "Ohjaamo" in fresh.find_element(By.ID, "list-items").text
        assert pdf_pages(fresh) == 1
    finally:
        fresh.quit()


def fresh_browser(tmp_path_factory):
    """A second Chromium with a profile of its own: nothing shared with `driver`."""
    from conftest import CHROMEDRIVER, chrome_options
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as ChromeService

    profile = tmp_path_factory.mktemp("fresh-profile")
    return webdriver.Chrome(
        service=ChromeService(str(CHROMEDRIVER)), options=chrome_options(profile)
    )


def shared_list(browser, link: str) -> list[str]:
    """Open a list link and return the slugs the list page shows, in order."""
    browser.get(link)
    WebDriverWait(browser, WAIT).until(
        lambda d: d.find_element(By.ID, "shared-list").get_attribute("data-ready")
    )
    return [
        li.get_attribute("data-slug")
        for li in browser.find_elements(By.CSS_SELECTOR, "#list-items > li")
    ]


def test_services_are_added_to_the_list_from_search_results(driver, site_url, tmp_path_factory):
    results = open_search(driver, site_url, "fi", "?q=kuntoutus")
    items = driver.find_elements(By.CSS_SELECTOR, "#search-results > li")
    services = [
        (li, path.split("/")[3])
        for li, path in zip(items, results, strict=True)
        if path.startswith("/fi/services/")
    ]
    assert len(services) >= 3, results
    # Paths get no button; every service does, a real button named after the service.
    buttons = driver.find_elements(By.CSS_SELECTOR, "#search-results .list-add")
    assert len(buttons) == len(services)
    chosen = []
    for li, slug in services[:2]:
        button = li.find_element(By.CSS_SELECTOR, "button.list-add")
        name = li.find_element(By.CSS_SELECTOR, "h3 a").text
        assert name in button.accessible_name and "Lisää listaan" in button.accessible_name
        assert button.get_attribute("aria-pressed") == "false"
        button.send_keys(Keys.ENTER)  # the keyboard works
        assert button.get_attribute("aria-pressed") == "true"
        chosen.append(slug)
        live = driver.find_element(By.ID, "list-live").get_attribute("textContent")
        assert str(len(chosen)) in live
    # The list is in the address and goes along the result links: the search page
    # stays as it was (plain links, data-done) and the third service is added on its page.
    assert f"list={','.join(chosen)}" in driver.current_url
    view = driver.find_element(By.ID, "list-view")
    assert view.is_displayed() and view.get_attribute("href").endswith(
        "/fi/list/?s=" + ",".join(chosen)
    )
    assert driver.find_element(By.ID, "search-form").get_attribute("data-done")
    third_li, third = services[2]
    third_li.find_element(By.CSS_SELECTOR, "h3 a").click()
    WebDriverWait(driver, WAIT).until(lambda d: f"/services/{third}/" in d.current_url)
    button = list_button(driver)
    assert button.get_attribute("aria-pressed") == "false"
    button.send_keys(Keys.SPACE)
    chosen.append(third)
    link = driver.find_element(By.ID, "list-view").get_attribute("href")
    assert link.endswith("/fi/list/?s=" + ",".join(chosen)), link
    assert driver.get_cookies() == []
    assert driver.execute_script("return localStorage.length + sessionStorage.length") == 0
    fresh = fresh_browser(tmp_path_factory)
    try:
        assert shared_list(fresh, link) == chosen
    finally:
        fresh.quit()


def test_without_javascript_the_buttons_are_absent(tmp_path):
    from helpers import REPO

    from kennosto.pipeline import BuildOptions, build

    out = tmp_path / "site"
    build(REPO, out, BuildOptions(search=False, diagrams=False))
    html = (out / "fi" / "services" / "ohjaamo" / "index.html").read_text(encoding="utf-8")
    assert "<button" not in html  # sheet.js adds them
    assert 'href="tel:' in html or 'href="mailto:' in html or "h-get-in" in html


def test_phone_header_is_short_and_the_menu_folds(driver, site_url):
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 375, "height": 800, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        driver.get(f"{site_url}fi/")
        header = driver.execute_script(
            "return document.querySelector('.site-header').getBoundingClientRect().height"
        )
        assert header <= 120, header
        nav = driver.find_element(By.CSS_SELECTOR, ".main-nav")
        assert not nav.is_displayed()
        summary = driver.find_element(By.CSS_SELECTOR, ".menu > summary")
        summary.click()
        assert nav.is_displayed()
        assert driver.find_element(By.ID, "home-q").is_displayed()
        summary.click()  # and folds again
        assert not nav.is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.get(f"{site_url}fi/")
    assert driver.find_element(By.CSS_SELECTOR, ".main-nav").is_displayed()  # wide: open
    assert not driver.find_element(By.CSS_SELECTOR, ".menu > summary").is_displayed()


def test_letter_links_are_big_enough(driver, site_url):
    driver.get(f"{site_url}fi/services/")
    sizes = driver.execute_script(
        "return [...document.querySelectorAll('.letters a')].map(a => {"
        "const r = a.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
