"""Realistic searches and finder scenarios on the bundled catalogue, each with the
entries that must come first: the measured set of issue 13. Used by
tests/test_search_quality.py (Chromium) and tools/search_quality.py (share that passes on
any built site, for the README's before/after figures).

A search case is (lang, query, entries that must all be among the first `within`
results, what it tests). A finder case is (description, URL query, entries, within)."""

from __future__ import annotations

INFLECTION, STEM, COMPOUND, SYNONYM, TYPO, PHRASE, NAME = (
    "inflection",
    "stem change",
    "compound",
    "synonym",
    "typo",
    "phrase",
    "name",
)

SEARCHES: list[tuple[str, str, list[str], int, str]] = [
    # Finnish: inflections and stem changes
    ("fi", "kuntoutukseen", ["kela-ammatillinen-kuntoutus"], 5, STEM),
    ("fi", "kuntoutuksesta", ["kela-laakinnallinen-kuntoutus"], 5, STEM),
    ("fi", "työkyvyn", ["tyokykytiimi"], 5, STEM),
    ("fi", "työkyvyn arviointi", ["kuntoutustutkimuspoliklinikka"], 5, STEM),
    ("fi", "vammainen", ["vammaispalvelut"], 3, STEM),
    (
        "fi",
        "vammaisille",
        ["vammaispalvelut", "vammaisten-tyollistymista-tukeva-toiminta"],
        4,
        STEM,
    ),
    ("fi", "veloista", ["talous-ja-velkaneuvonta"], 2, STEM),
    ("fi", "osatyökykyisille", ["tuettu-tyollistyminen"], 8, INFLECTION),
    ("fi", "työpajoissa", ["tyopajat"], 1, INFLECTION),
    ("fi", "työpajaan", ["tyopajat"], 1, INFLECTION),
    ("fi", "nuorille", ["ohjaamo", "etsiva-nuorisotyo"], 5, STEM),
    ("fi", "eläkkeelle", ["tyokyvyttomyyselake"], 3, STEM),
    ("fi", "sairauslomalla", ["sairausloma"], 1, INFLECTION),
    ("fi", "sairauspäivärahaa", ["sairausloma"], 1, INFLECTION),
    ("fi", "kuntoutustuen", ["kuntoutustuki"], 1, STEM),
    ("fi", "palkkatukea", ["palkkatuettu-tyo"], 2, STEM),
    ("fi", "työkokeiluun", ["tyokokeilu"], 1, INFLECTION),
    ("fi", "toimeentulotukea", ["toimeentulotuki"], 1, STEM),
    ("fi", "mielenterveyden", ["mielenterveyspalvelut"], 2, STEM),
    ("fi", "päihteiden", ["paihdepalvelut"], 2, STEM),
    ("fi", "maahanmuuttajille", ["kotoutumispalvelut"], 2, INFLECTION),
    ("fi", "terveystarkastukseen", ["tyottomien-terveystarkastus"], 1, STEM),
    # Finnish: compounds
    ("fi", "velkaongelmat", ["talous-ja-velkaneuvonta"], 1, COMPOUND),
    ("fi", "neuvonta", ["talous-ja-velkaneuvonta", "asumisneuvonta"], 4, COMPOUND),
    ("fi", "velkaneuvontaan", ["talous-ja-velkaneuvonta"], 1, COMPOUND),
    ("fi", "alkoholiongelma", ["paihdepalvelut"], 2, COMPOUND),
    ("fi", "valmennus", ["tyohonvalmennus"], 3, COMPOUND),
    # Finnish: the words people use
    ("fi", "masennus", ["mielenterveyspalvelut", "kuntoutuspsykoterapia"], 3, SYNONYM),
    ("fi", "masennukseen", ["mielenterveyspalvelut", "kuntoutuspsykoterapia"], 3, SYNONYM),
    ("fi", "uupumus", ["mielenterveyspalvelut"], 4, SYNONYM),
    ("fi", "asunnoton", ["asumisneuvonta"], 2, SYNONYM),
    ("fi", "asunnottomalle", ["asumisneuvonta"], 2, SYNONYM),
    ("fi", "alkoholi", ["paihdepalvelut"], 1, SYNONYM),
    ("fi", "velat", ["talous-ja-velkaneuvonta"], 1, SYNONYM),
    ("fi", "ulosotto", ["talous-ja-velkaneuvonta"], 1, SYNONYM),
    ("fi", "työkkäri", ["tyollisyyspalvelut"], 1, SYNONYM),
    ("fi", "TE-toimisto", ["tyollisyyspalvelut"], 2, SYNONYM),
    ("fi", "psykologi", ["kuntoutustutkimuspoliklinikka"], 3, SYNONYM),
    ("fi", "sossu", ["tyoikaisten-sosiaalityo"], 2, SYNONYM),
    # Finnish: typos
    ("fi", "mielentervys", ["mielenterveyspalvelut"], 2, TYPO),
    ("fi", "kuntotus", ["kela-ammatillinen-kuntoutus"], 6, TYPO),
    ("fi", "velkaneuvota", ["talous-ja-velkaneuvonta"], 1, TYPO),
    ("fi", "työpjat", ["tyopajat"], 1, TYPO),
    ("fi", "ohjamo", ["ohjaamo"], 1, TYPO),
    ("fi", "toimeentulotki", ["toimeentulotuki"], 1, TYPO),
    ("fi", "päihdepalvlut", ["paihdepalvelut"], 1, TYPO),
    # Finnish: phrases
    ("fi", "nuori jolla ei ole opiskelupaikkaa", ["ohjaamo"], 2, PHRASE),
    ("fi", "velkoja ja rahat eivät riitä", ["talous-ja-velkaneuvonta"], 3, PHRASE),
    ("fi", "apua alkoholiongelmaan", ["paihdepalvelut"], 2, PHRASE),
    ("fi", "asiakas tarvitsee psykoterapiaa", ["kuntoutuspsykoterapia"], 1, PHRASE),
    ("fi", "työkyvyttömyyseläkkeen hakeminen", ["tyokyvyttomyyselake"], 2, PHRASE),
    ("fi", "ohjaamo", ["ohjaamo"], 1, NAME),
    ("fi", "kuntouttava työtoiminta", ["kuntouttava-tyotoiminta"], 1, NAME),
    # Swedish
    ("sv", "rehabilitering", ["kela-ammatillinen-kuntoutus"], 6, INFLECTION),
    ("sv", "skuldrådgivning", ["talous-ja-velkaneuvonta"], 1, COMPOUND),
    ("sv", "skulder", ["talous-ja-velkaneuvonta"], 1, SYNONYM),
    ("sv", "rådgivning", ["talous-ja-velkaneuvonta"], 4, COMPOUND),
    ("sv", "missbruk", ["paihdepalvelut"], 2, SYNONYM),
    ("sv", "alkohol", ["paihdepalvelut"], 1, SYNONYM),
    ("sv", "depression", ["mielenterveyspalvelut"], 3, SYNONYM),
    ("sv", "hemlös", ["asumisneuvonta"], 2, SYNONYM),
    ("sv", "sjukdagpenning", ["sairausloma"], 1, SYNONYM),
    ("sv", "invandrare", ["kotoutumispalvelut"], 2, INFLECTION),
    ("sv", "arbetsprövning", ["tyokokeilu"], 1, SYNONYM),
    ("sv", "funktionsnedsättning", ["vammaispalvelut"], 3, SYNONYM),
    ("sv", "lönesubvention", ["palkkatuettu-tyo"], 2, SYNONYM),
    ("sv", "skuldrådgivningen", ["talous-ja-velkaneuvonta"], 1, INFLECTION),
    ("sv", "navigatorn", ["ohjaamo"], 1, NAME),
    ("sv", "missbrk", ["paihdepalvelut"], 2, TYPO),
    ("sv", "ung utan studieplats", ["ohjaamo"], 3, PHRASE),
    # English
    ("en", "rehabilitation", ["kela-ammatillinen-kuntoutus"], 6, INFLECTION),
    ("en", "vocational rehabilitation", ["kela-ammatillinen-kuntoutus"], 2, NAME),
    ("en", "debt", ["talous-ja-velkaneuvonta"], 1, SYNONYM),
    ("en", "debts", ["talous-ja-velkaneuvonta"], 1, INFLECTION),
    ("en", "homeless", ["asumisneuvonta"], 2, SYNONYM),
    ("en", "depression", ["mielenterveyspalvelut"], 3, SYNONYM),
    ("en", "alcohol", ["paihdepalvelut"], 1, SYNONYM),
    ("en", "drinking problem", ["paihdepalvelut"], 2, PHRASE),
    ("en", "sick leave", ["sairausloma"], 1, NAME),
    ("en", "disabled", ["vammaispalvelut"], 3, SYNONYM),
    ("en", "disability pension", ["tyokyvyttomyyselake"], 2, NAME),
    ("en", "work trial", ["tyokokeilu"], 1, NAME),
    ("en", "young person without a study place", ["ohjaamo"], 2, PHRASE),
    ("en", "unemployment benefit", ["tyottomyysturva"], 1, NAME),
    ("en", "rehabiliation", ["kela-ammatillinen-kuntoutus"], 6, TYPO),
    ("en", "psychoterapy", ["kuntoutuspsykoterapia"], 1, TYPO),
    ("en", "immigrants", ["kotoutumispalvelut"], 2, INFLECTION),
    ("en", "job coach", ["tyohonvalmennus"], 3, SYNONYM),
    ("en", "one-stop guidance", ["ohjaamo"], 1, NAME),
]

# (description, finder URL query, entries that must all be among the first `within`)
FINDER: list[tuple[str, str, list[str], int]] = [
    (
        "19, Lahti, young and unemployed",
        "age=19&municipality=lahti&situation=nuoret&situation=tyottomat",
        ["ohjaamo", "etsiva-nuorisotyo"],
        3,
    ),
    (
        "40, substance use",
        "age=40&municipality=heinola&situation=mielenterveys-ja-paihteet",
        ["paihdepalvelut", "mielenterveyspalvelut"],
        2,
    ),
    (
        "58, long sick leave",
        "age=58&municipality=hollola&situation=sairauslomalla",
        ["sairausloma", "tyoterveyshuolto"],
        4,
    ),
    (
        "45, employed, work ability weakening",
        "age=45&situation=tyossa-tyokyky-heikkenee",
        ["tyoterveyshuolto", "tyoelakekuntoutus"],
        3,
    ),
    (
        "50, rehabilitation subsidy ending",
        "age=50&situation=kuntoutustuki-paattyy",
        ["kuntoutustuki", "tyoelakekuntoutus"],
        6,
    ),
    (
        "32, unemployed immigrant in Lahti",
        "age=32&municipality=lahti&situation=maahanmuuttajat&situation=tyottomat",
        ["kotoutumispalvelut"],
        1,
    ),
    (
        "35, disability",
        "age=35&municipality=lahti&situation=vammaiset",
        ["vammaispalvelut", "vammaisten-tyollistymista-tukeva-toiminta"],
        2,
    ),
    (
        "40, money and housing",
        "age=40&municipality=asikkala&situation=talous-ja-asuminen",
        ["talous-ja-velkaneuvonta", "toimeentulotuki"],
        3,
    ),
    (
        "22, student with mental health problems",
        "age=22&situation=opiskelijat&situation=mielenterveys-ja-paihteet",
        ["opiskeluterveydenhuolto", "kuntoutuspsykoterapia"],
        3,
    ),
    (
        "45, long unemployed, partial work ability, employment services refer",
        "age=45&municipality=heinola&referrer=tyollisyyspalvelut&situation=pitkaaikaistyottomat&situation=osatyokykyiset",
        ["typ"],
        5,
    ),
    (
        "45, long unemployed, partial work ability, several sectors needed",
        "age=45&municipality=heinola&referrer=tyollisyyspalvelut&situation=pitkaaikaistyottomat&situation=osatyokykyiset&situation=monialainen-tuki",
        ["typ"],
        2,
    ),
    (
        "58, long unemployed, work ability to be assessed",
        "age=58&municipality=hollola&situation=tyottomat&situation=pitkaaikaistyottomat&situation=tyokyky-selvitettava",
        ["tyottomien-terveystarkastus", "elakeselvittely"],
        6,
    ),
    (
        "24, young and unemployed in Orimattila",
        "age=24&municipality=orimattila&situation=nuoret&situation=tyottomat",
        ["etsiva-nuorisotyo", "ohjaamo"],
        4,
    ),
    ("30, unemployed", "age=30&situation=tyottomat", ["tyollisyyspalvelut"], 5),
]


def search_results(driver, base: str, lang: str, query: str) -> list[str]:
    """The entry slugs of /LANG/search/?q=QUERY, in order (path pages left out)."""
    from urllib.parse import quote

    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{base}{lang}/search/?q={quote(query)}")
    form = driver.find_element("id", "search-form")
    WebDriverWait(driver, 30).until(
        lambda d: form.get_attribute("data-done") or form.get_attribute("data-failed")
    )
    links = driver.find_elements("css selector", "#search-results h3 a")
    hrefs = [a.get_attribute("href") for a in links]
    return [h.rstrip("/").split("/")[-1] for h in hrefs if "/services/" in h]


def finder_results(driver, base: str, query: str) -> list[str]:
    """The entry slugs the finder ranks for /fi/finder/?QUERY, in order."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{base}fi/finder/?{query}")
    WebDriverWait(driver, 30).until(
        lambda d: d.find_element("id", "finder-form").get_attribute("data-ready") == "true"
    )
    items = driver.find_elements("css selector", "#finder-list > li")
    return [li.get_attribute("data-slug") for li in items]


def passes(found: list[str], expected: list[str], within: int) -> bool:
    return all(slug in found[:within] for slug in expected)
