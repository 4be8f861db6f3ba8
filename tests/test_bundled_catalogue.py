"""The bundled catalogue is real and complete; this keeps it from silently shrinking."""

from __future__ import annotations

import re

import pytest
from helpers import REPO, diagnostics, kennosto

from kennosto.graph import build_graph
from kennosto.load import load_catalogue
from kennosto.model import build_catalogue

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


def test_no_invented_contact_details():
    """Phone numbers and street addresses come only from the sources; the seeds give none."""
    for path in [*REPO.glob("services/*.yaml"), *REPO.glob("organizations/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        assert "phone:" not in text and "address:" not in text and "opening_hours:" not in text, (
            path.name
        )


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
    "role": {"asiakasvastaava", "tyokykykoordinaattori"},
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
