"""The bundled catalogue is real and complete; this keeps it from silently shrinking."""

from __future__ import annotations

import re

import pytest
from helpers import REPO, diagnostics, kennosto

from kennosto.assemble import build_catalogue
from kennosto.graph import build_graph
from kennosto.load import load_catalogue

DESTINATIONS = (
    "tyoelama",
    "koulutus",
    "sairausloma",
    "kuntoutustuki",
    "tyokyvyttomyyselake",
    "jarjestojen-tuki",
)
ENTRY_POINTS = (
    "tyollisyyspalvelut",
    "sote-keskuksen-vastaanotto",
    "ohjaamo",
    "tyottomien-terveystarkastus",
)
MUNICIPALITIES = {
    "lahti",
    "hollola",
    "heinola",
    "orimattila",
    "asikkala",
    "iitti",
    "karkola",
    "sysma",
    "padasjoki",
    "hartola",
}


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(load_catalogue(REPO))


def test_check_strict_passes_without_warnings():
    result = kennosto("check", "--root", REPO, "--strict")
    assert diagnostics(result.stderr) == []
    assert result.exit_code == 0


def test_size(catalogue):
    assert len(catalogue.services) >= 45
    assert len(catalogue.organizations) >= 12
    assert len(catalogue.paths) >= 8


def test_the_ten_municipalities_are_the_area_vocabulary(catalogue):
    assert set(catalogue.settings.municipalities) == MUNICIPALITIES


@pytest.mark.parametrize("destination", DESTINATIONS)
def test_every_destination_is_reachable(catalogue, destination):
    graph = build_graph(catalogue)
    assert graph.incoming[destination], f"nothing leads to {destination}"
    assert any(destination in graph.reachable_from(start) for start in ENTRY_POINTS)


def test_every_transition_says_why_in_finnish(catalogue):
    for service in catalogue.services.values():
        for transition in service.transitions:
            assert transition.when and transition.when.get("fi"), (
                f"{service.slug} -> {transition.target}"
            )


def test_every_service_leads_somewhere_or_is_a_destination(catalogue):
    for service in catalogue.services.values():
        assert service.transitions or service.slug in DESTINATIONS, service.slug


def test_paths_have_notes_and_follow_transitions(catalogue):
    graph = build_graph(catalogue)
    for path in catalogue.paths.values():
        assert all(step.note and step.note.get("fi") for step in path.steps), path.slug
        steps = [step.service for step in path.steps]
        unbacked = [(a, b) for a, b, backed in graph.path_edges(steps) if not backed]
        assert unbacked == [], f"{path.slug}: consecutive steps without a transition"


def test_names_and_summaries_in_three_languages(catalogue):
    entries = [
        *catalogue.services.values(),
        *catalogue.organizations.values(),
        *catalogue.paths.values(),
    ]
    for entry in entries:
        for field in ("name", "summary") if hasattr(entry, "summary") else ("name",):
            assert set(getattr(entry, field)) >= {"fi", "sv", "en"}, f"{entry.slug}.{field}"


def test_twelve_central_services_are_fully_translated(catalogue):
    def fully(service) -> bool:
        maps = [
            service.name,
            service.summary,
            service.description,
            service.eligibility,
            service.how_to_apply,
            service.required_documents,
            service.cost_note,
            *(t.when for t in service.transitions),
        ]
        return all(m is None or set(m) >= {"fi", "sv", "en"} for m in maps)

    assert sum(fully(s) for s in catalogue.services.values()) >= 12


def test_every_entry_is_reviewed(catalogue):
    for entry in [*catalogue.organizations.values(), *catalogue.paths.values()]:
        assert entry.reviewed, entry.slug


def test_free_pages_in_three_languages(catalogue):
    for slug in ("about", "guide", "accessibility", "glossary"):
        assert set(catalogue.pages[slug].titles) == {"fi", "sv", "en"}, slug
    for lang, body in catalogue.pages["glossary"].bodies.items():
        assert len(re.findall(r"^## ", body, re.MULTILINE)) >= 25, lang


# Every service slug the catalogue has ever published: people have bookmarked them, so
# each is still a service or a redirect to one.
PUBLISHED_SLUGS = [
    "asiakasvastaava",
    "asumisneuvonta",
    "elakeselvittely",
    "erikoissairaanhoito",
    "etsiva-nuorisotyo",
    "jarjestojen-tuki",
    "jarjestojen-tyollistaminen",
    "kela-ammatillinen-kuntoutus",
    "kela-laakinnallinen-kuntoutus",
    "kotoutumispalvelut",
    "koulutus",
    "kuntouttava-tyotoiminta",
    "kuntoutuspsykoterapia",
    "kuntoutusraha",
    "kuntoutustuki",
    "kuntoutustutkimuspoliklinikka",
    "mielenterveyspalvelut",
    "monialainen-tyollistymissuunnitelma",
    "ohjaamo",
    "opiskeluterveydenhuolto",
    "osaamiskeskus",
    "paihdepalvelut",
    "palkkatuettu-tyo",
    "psykologin-tutkimus",
    "sairausloma",
    "sosiaalinen-kuntoutus",
    "sote-keskuksen-vastaanotto",
    "talous-ja-velkaneuvonta",
    "toimeentulotuki",
    "tuettu-tyollistyminen",
    "tyoelakekuntoutus",
    "tyoelama",
    "tyohonvalmennus",
    "tyoikaisten-sosiaalityo",
    "tyokokeilu",
    "tyokykykoordinaattori",
    "tyokykytiimi",
    "tyokyvyn-tuen-suunnitelma",
    "tyokyvyttomyyselake",
    "tyollistymissuunnitelma",
    "tyollisyyspalvelut",
    "tyopajat",
    "tyoterveyshuolto",
    "tyottomien-terveystarkastus",
    "tyottomyysturva",
    "tyovoimakoulutus",
    "typ",
    "vammaispalvelut",
    "vammaisten-tyollistymista-tukeva-toiminta",
]


def test_published_addresses_keep_working(catalogue):
    redirects = catalogue.settings.redirects
    for slug in PUBLISHED_SLUGS:
        assert slug in catalogue.services or redirects.get(slug) in catalogue.services, slug


def test_every_entry_names_its_sources(catalogue):
    """Every statement has a public source or comes from the source documents."""
    entries = [
        *catalogue.services.values(),
        *catalogue.organizations.values(),
        *catalogue.paths.values(),
    ]
    missing = [entry.slug for entry in entries if not entry.sources]
    assert missing == []
    for entry in entries:
        for source in entry.sources:
            assert source.url or source.date, (entry.slug, source.title)


def test_every_service_has_a_way_in(catalogue):
    """A contact channel of the real service, or the page says how it is reached."""
    for service in catalogue.services.values():
        if service.kind == "outcome":
            continue
        contact = service.contact
        channel = contact and (contact.phone or contact.email or contact.url)
        assert channel or service.how_to_apply, service.slug


def test_no_finnish_in_the_swedish_and_english_pages(bundled_site):
    """Every text is translated: no page in sv or en shows a Finnish fallback."""
    for lang in ("sv", "en"):
        untranslated = [
            str(page.relative_to(bundled_site))
            for page in sorted((bundled_site / lang).rglob("*.html"))
            # The field reference for maintainers is in English where not in Finnish.
            if "fallback-note" in page.read_text(encoding="utf-8") and "fields" not in page.parts
        ]
        assert untranslated == [], lang


KINDS = {
    "benefit": {
        "kuntoutusraha",
        "kuntoutustuki",
        "tyokyvyttomyyselake",
        "tyottomyysturva",
        "toimeentulotuki",
        "sairausloma",  # sick leave is a doctor's certificate; what Kela provides is the allowance
    },
    "plan": {
        "tyollistymissuunnitelma",
        "monialainen-tyollistymissuunnitelma",
        "tyokyvyn-tuen-suunnitelma",
    },
    "role": {"asiakasvastaava"},
    "team": {"tyokykytiimi"},
    "outcome": {"tyoelama", "koulutus"},
}


def test_entries_say_what_they_are(catalogue):
    for kind, slugs in KINDS.items():
        assert {s.slug for s in catalogue.services.values() if s.kind == kind} == slugs, kind


def test_referrers_that_are_organizations_name_them(catalogue):
    referrers = catalogue.settings.referrers
    assert referrers["kela"].organization == "kela"
    assert referrers["oppilaitos"].organization == "oppilaitokset"
    for term in referrers.values():
        assert term.organization is None or term.organization in catalogue.organizations
