"""What the built site shows, page by page, on a catalogue that uses every field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import build_site, copy_fixture, read_page


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("full")
    return build_site(copy_fixture("full", tmp), tmp / "site")


page = read_page


def test_pages_exist_for_every_language(site):
    for lang in ("fi", "sv", "en"):
        for relpath in (
            "",
            "services/",
            "categories/",
            "organizations/",
            "organizations/alue/",
            "paths/",
            "paths/tyohon/",
            "services/valmennus/",
            "services/kuntoutus/",
            "services/tyo/",
            "tietoa/",
            "sanasto/",
        ):
            assert (site / lang / relpath / "index.html").is_file(), f"{lang}/{relpath}"
    root = (site / "index.html").read_text(encoding="utf-8")
    assert root.index('href="fi/"') < root.index('href="sv/"') < root.index('href="en/"')


def test_service_page_h1_is_its_name_escaped(site):
    html = page(site, "fi/services/valmennus")
    assert "<h1>Työhönvalmennus &lt;testi&gt; &amp; &#34;lainaus&#34;</h1>" in html


def test_service_page_shows_every_field(site):
    html = page(site, "en/services/valmennus")
    for text in (
        "A coach supports your job search.",  # summary
        "Test wellbeing county",  # provider
        "Work",  # category
        "Young people",  # target group
        "16–64 years",  # age
        "Lahti",  # area
        "Hollola",
        "The client",  # referrer
        "You are an unemployed jobseeker.",  # eligibility
        "Ask for a referral.",  # how to apply
        "Proof of identity.",  # required documents
        "Free of charge",  # cost
        "You get a cost allowance.",
        "Finnish, Swedish, English",  # languages
        "tel:+358400000001",  # contact
        "mailto:valmennus@example.org",
        "https://example.org/valmennus",
        "Testikatu 2",
        "Mon–Thu 9–15",
        "Act on the Organisation of Employment Services (380/2023)",  # legal basis
        "https://www.finlex.fi/fi/laki/alkup/2023/20230380",
        "Ilman linkkiä",
        'datetime="2026-11-01"',  # reviewed
    ):
        assert text in html, text


def test_where_clients_go_next_and_come_from(site):
    html = page(site, "en/services/valmennus")
    next_section = html[html.index('id="h-next"') : html.index('id="h-from"')]
    assert (
        'href="../../../en/services/tyo/">Working life</a><p>When a job is found.</p>'
        in next_section
    )
    assert "Rehabilitation" in next_section
    from_section = html[html.index('id="h-from"') :]
    assert 'href="../../../en/services/kuntoutus/">Rehabilitation</a>' in from_section
    assert "Kun kuntoutus on ohi ja työnhaku voi alkaa." in from_section
    target = page(site, "fi/services/tyo")
    assert "Kun työpaikka löytyy." in target[target.index('id="h-from"') :]


def test_untranslated_text_falls_back_to_finnish_with_a_note(site):
    html = page(site, "en/services/valmennus")
    assert (
        '<span lang="fi">Kun työkyky pitää selvittää.</span> <span class="fallback-note">(in Finnish)</span>'
        in html
    )
    assert "This text is only available in Finnish." in html
    assert '<div lang="fi"><p>Valmennus kestää <strong>muutaman kuukauden</strong>.</p>' in html
    swedish = page(site, "sv/services/valmennus")
    assert "Coachningen pågår <strong>några månader</strong>." in swedish
    assert (
        "finns bara på finska"
        not in swedish[swedish.index('id="h-description"') : swedish.index('id="h-eligibility"')]
    )


def test_organization_page_lists_its_services(site):
    html = page(site, "fi/organizations/alue")
    assert "<h1>Testialueen hyvinvointialue</h1>" in html
    for slug in ("valmennus", "kuntoutus", "tyo"):
        assert f'href="../../../fi/services/{slug}/"' in html
    assert "+358 40 000 0000" in html


def test_path_page_lists_steps_in_order(site):
    html = page(site, "en/paths/tyohon")
    steps = html[
        html.index('<ol class="steps">') : html.index("</ol>", html.index('<ol class="steps">'))
    ]
    slugs = re.findall(r'<li id="step-\d+">\s*<a href="[^"]*services/([a-z-]+)/"', steps)
    assert slugs == ["kuntoutus", "valmennus", "tyo"]
    assert "Work ability is assessed." in steps


def test_a_to_z_and_by_category(site):
    services = page(site, "fi/services")
    order = re.findall(r'href="\.\./\.\./fi/services/([a-z-]+)/"', services)
    assert order == ["kuntoutus", "tyo", "valmennus"]  # Kuntoutus, Työelämä, Työhönvalmennus
    categories = page(site, "en/categories")
    assert categories.index('id="tyo"') < categories.index("services/valmennus/")
    assert categories.index('id="tuki"') < categories.index("services/kuntoutus/")
    assert "No topic" in categories  # tyo has no category


def test_free_pages_in_each_language(site):
    assert "<h1>Tietoa</h1>" in page(site, "fi/tietoa")
    assert "<h1>Om katalogen</h1>" in page(site, "sv/tietoa")
    english = page(site, "en/tietoa")
    assert '<h1><span lang="fi">Tietoa</span>' in english
    assert "This text is only available in Finnish." in english


def test_every_page_has_switcher_skip_link_landmarks_print_and_csp(site):
    for path in site.rglob("index.html"):
        if path.parent == site:
            continue
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(site).as_posix()
        assert 'class="skip-link" href="#main"' in html, rel
        assert '<main id="main"' in html and "<header" in html and "<footer" in html, rel
        assert 'media="print"' in html, rel
        assert "Content-Security-Policy" in html and "script-src 'self'" in html, rel
        assert "unsafe-inline" not in html, rel
        lang, rest = rel.split("/", 1)
        sub = rest.removesuffix("index.html")
        for other in {"fi", "sv", "en"} - {lang}:
            assert f'/{other}/{sub}" hreflang="{other}"' in html, (rel, other)


def test_internal_links_resolve(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#?]+)', html):
            if href.startswith(("http:", "https:", "mailto:", "tel:")):
                continue
            target = (path.parent / href).resolve()
            if href.endswith("/"):
                target = target / "index.html"
            assert target.exists(), f"{path.relative_to(site)} -> {href}"


def test_schemas_are_published(site):
    for name in ("common", "settings", "organization", "service", "path"):
        assert (site / "schema" / f"{name}.schema.json").is_file()


@pytest.mark.parametrize(
    ("keep", "texts"),
    [
        (1, {"fi": "1 palvelu.", "sv": "1 tjänst.", "en": "1 service."}),
        (2, {"fi": "2 palvelua.", "sv": "2 tjänster.", "en": "2 services."}),
    ],
)
def test_service_counts_are_singular_or_plural(tmp_path, keep, texts):
    root = copy_fixture("minimal", tmp_path)
    if keep == 1:
        (root / "services" / "loppu.yaml").unlink()
        (root / "paths" / "polku.yaml").unlink()
        alku = root / "services" / "alku.yaml"
        alku.write_text(alku.read_text().split("transitions:")[0], encoding="utf-8")
    site = build_site(root, tmp_path / "out")
    for lang, text in texts.items():
        home = read_page(site, lang)
        assert f"<span>{text} " in home, home
        assert text.rstrip(".") in read_page(site, f"{lang}/services")
        assert "1 services" not in home and "1 palvelua" not in home
