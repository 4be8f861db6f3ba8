"""The share of tests/search_cases.py that passes on a built site, in headless Chromium:
    python tools/search_quality.py SITE_DIR
Prints each failing case and the share per kind (README: "Search quality")."""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from conftest import CHROMEDRIVER, chrome_options, serve  # noqa: E402
from search_cases import FINDER, SEARCHES, finder_results, passes, search_results  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402


def main(site: Path) -> None:
    server = serve(site)
    base = next(server)
    total: Counter[str] = Counter()
    good: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as profile:
        driver = webdriver.Chrome(
            service=Service(str(CHROMEDRIVER)), options=chrome_options(Path(profile))
        )
        try:
            for lang, query, expected, within, kind in SEARCHES:
                found = search_results(driver, base, lang, query)
                ok = passes(found, expected, within)
                total[kind] += 1
                good[kind] += ok
                if not ok:
                    print(
                        f"FAIL {lang} {query!r} ({kind}): want {expected} in {within}, got {found[:within]}"
                    )
            for description, query, expected, within in FINDER:
                try:
                    found = finder_results(driver, base, query)
                except Exception as exc:  # noqa: BLE001 - an old site may lack a situation
                    found = [f"error: {exc.__class__.__name__}"]
                ok = passes(found, expected, within)
                total["finder"] += 1
                good["finder"] += ok
                if not ok:
                    print(
                        f"FAIL finder {description}: want {expected} in {within}, got {found[:within]}"
                    )
        finally:
            driver.quit()
            next(server, None)
    for kind in total:
        print(f"{kind:12} {good[kind]:3}/{total[kind]:3}")
    searches = sum(v for k, v in total.items() if k != "finder")
    passed = sum(v for k, v in good.items() if k != "finder")
    print(f"searches     {passed}/{searches} = {passed / searches:.0%}")
    print(
        f"finder       {good['finder']}/{total['finder']} = {good['finder'] / total['finder']:.0%}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
