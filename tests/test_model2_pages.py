"""Pages, lists, search facets, the finder and diagrams for content model 2 (issue 12):
kinds, states, several providers, transitions that say how, path stages, alternatives,
entries alongside, vocabulary trees, Swedish first, keywords and sources.

The catalogue is tests/model2.py. Golden file: tests/golden/diagrams/path_model2.svg (the
path diagram with stage bands, alternatives, a span and a gap); refresh it with
KENNOSTO_UPDATE_GOLDEN=1 and look at the picture before committing.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import assert_golden, build_site, pretty, read_page, run_vnu, write
from model2 import model2_catalogue

GOLDEN = Path(__file__).parent / "golden" / "diagrams"
NS = "{http://www.w3.org/2000/svg}"
SVG_RE = re.compile(r"<svg .*?</svg>", re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("model2")
    return build_site(model2_catalogue(tmp / "catalogue"), tmp / "site")


def section(html: str, start: str, end: str = "</section>") -> str:
    rest = html[html.index(start) :]
    return rest[: rest.index(end)]


def svg(html: str) -> ET.Element:
    match = SVG_RE.search(html)
    assert match, "no diagram"
    return ET.fromstring(match.group(0))


# --- kinds --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "team", "outcome"),
    [("fi", "Tiimi", "Päätepiste"), ("sv", "Team", "Slutpunkt"), ("en", "Team", "Outcome")],
)
def test_each_kind_is_labelled_on_its_page_and_in_lists(site, lang, team, outcome):
    page = read_page(site, f"{lang}/services/tiimi")
    assert f'<span class="badge kind-team">{team}</span>' in page
    listing = read_page(site, f"{lang}/services")
    assert f'<span class="badge kind-outcome">{outcome}</span>' in listing
    assert 'class="badge kind-service"' not in listing  # a plain service needs no label


def test_kind_is_a_search_facet(site):
    page = read_page(site, "fi/search")
    facet = section(page, 'id="filter-kind"', "</details>")
    for kind in ("service", "team", "role", "plan", "benefit", "outcome"):
        assert f'value="{kind}"' in facet
    assert 'data-pagefind-filter="kind:team"' in read_page(site, "fi/services/tiimi")


# --- status -------------------------------------------------------------------------------


def test_ended_entry_keeps_its_page_clearly_marked_and_unindexed(site):
    page = read_page(site, "en/services/vanha")
    notice = section(page, 'class="notice status-notice status-ended"', "</div>")
    assert "Ended" in notice and "2025-12-31" in notice and "Replaced by coaching." in notice
    assert "data-pagefind-body" not in page
    assert "data-pagefind-body" in read_page(site, "en/services/valmennus")


def test_ended_entry_is_left_out_of_lists_maps_finder_and_facets(site):
    for sub in ("fi/categories", "fi/target-groups", "fi/municipalities", "fi/map"):
        assert "services/vanha/" not in read_page(site, sub), sub
    assert "vanha" not in (site / "fi/finder/services.json").read_text()
    # still in the A–Z list, marked
    listing = read_page(site, "fi/services")
    assert "services/vanha/" in listing and 'class="badge status-ended">Päättynyt' in listing


def test_planned_and_pilot_are_shown_as_such(site):
    page = read_page(site, "fi/services/valmennus")
    notice = section(page, 'class="notice status-notice status-pilot"', "</div>")
    assert "Kokeilu" in notice and "2026-01-01" in notice and "2026-12-31" in notice
    categories = read_page(site, "fi/categories")
    assert 'class="badge status-planned">Suunnitteilla' in categories
    data = json.loads((site / "fi/finder/services.json").read_text())
    assert "suunnitelma" not in [s["slug"] for s in data["services"]]  # not yet referable
    assert {"slug": "valmennus", "status": "Kokeilu"}.items() <= next(
        s for s in data["services"] if s["slug"] == "valmennus"
    ).items()


def test_organization_status_and_sources(site):
    page = read_page(site, "en/organizations/jarjesto")
    assert "status-changing" in page and "The work moves to the county." in page
    listing = read_page(site, "en/organizations")
    assert 'jarjesto/">Association</a> <span class="badge status-changing">Changing' in listing
    alue = read_page(site, "en/organizations/alue")
    assert '<a href="https://example.org/alue">Alueen verkkosivu</a>' in alue


# --- providers and audience ---------------------------------------------------------------


def test_several_providers_with_area_and_note(site):
    page = read_page(site, "en/services/tiimi")
    providers = section(page, '<p class="provider-line">', "</p>")
    assert "organizations/alue/" in providers and "organizations/jarjesto/" in providers
    assert "(Lahti)" in providers and "(Hollola)" in providers
    assert "The Lahti team." in providers
    # the organization page lists what it provides through `providers`
    assert "services/tiimi/" in read_page(site, "en/organizations/jarjesto")


def test_municipality_lists_use_providers_areas(site):
    towns = read_page(site, "fi/municipalities")
    hollola = section(towns, 'id="hollola"')
    assert "services/tiimi/" in hollola and "services/valmennus/" not in hollola
    orimattila = section(towns, 'id="orimattila"')
    assert "services/valmennus/" in orimattila
    regional = section(towns, 'id="whole-region"')
    assert "services/tiimi/" not in regional and "services/koordinaattori/" in regional
    filters = read_page(site, "fi/services/tiimi")
    assert "municipality:lahti" in filters and "municipality:hollola" in filters
    assert "municipality:orimattila" not in filters


def test_professionals_only_never_suggested_to_clients(site):
    page = read_page(site, "fi/services/tiimi")
    assert 'class="badge audience">Vain ammattilaisille' in page
    data = json.loads((site / "fi/finder/services.json").read_text())
    assert "tiimi" not in [s["slug"] for s in data["services"]]
    assert [s["slug"] for s in data["professional"]] == ["tiimi"]
    # outcomes are not ranked; the ranked entries say where they lead
    assert "tyo" not in [s["slug"] for s in data["services"]]
    coaching = next(s for s in data["services"] if s["slug"] == "valmennus")
    assert coaching["leads_to"] == ["tyo"] and data["outcomes"]["tyo"]["name"] == "Työ"


def test_finder_rank_leaves_out_what_clients_are_not_referred_to(tmp_path):
    from kennosto.assemble import build_catalogue
    from kennosto.finder import Client, outcomes_of, rank, rank_professional
    from kennosto.load import load_catalogue

    catalogue = build_catalogue(load_catalogue(model2_catalogue(tmp_path / "c")))
    client = Client(situations=frozenset({"nuoret"}))
    ranked = [m.slug for m in rank(catalogue.services.values(), client)]
    assert ranked == ["valmennus"]  # not the team (professionals), nor the ended service
    assert [m.slug for m in rank_professional(catalogue.services.values(), client)] == ["tiimi"]
    assert outcomes_of(catalogue, rank(catalogue.services.values(), client)) == ["tyo"]


# --- transitions --------------------------------------------------------------------------


def test_transitions_say_kind_who_how_what_and_wait(site):
    page = read_page(site, "en/services/valmennus")
    # consultations are for professionals, in a section of their own (issue 14)
    came = section(page, 'id="h-consult"')
    assert "Consultation between professionals" in came
    assert 'organizations/alue/">Health and social care professional</a>' in came
    assert "Electronic referral" in came and "A referral in the patient record system." in came
    assert "<li>Referral</li><li>Assessment</li>" in came
    assert "About two weeks." in came
    nxt = section(page, 'id="h-next"')
    assert "the client themself" in nxt
    tiimi = read_page(site, "en/services/tiimi")
    assert "Alongside" in section(tiimi, 'id="h-next"')
    assert "Consultation between professionals" in section(tiimi, 'id="h-consult"')


def test_neighbourhood_draws_consult_and_alongside_lines(site):
    root = svg(read_page(site, "fi/services/tiimi"))
    classes = {p.get("data-target"): p.get("class") for p in root.iter(f"{NS}path")}
    assert "kn-consult" in classes["valmennus"]
    assert "kn-alongside" in classes["koordinaattori"]
    desc = root.find(f"{NS}desc").text  # the styles are said, not only drawn
    assert "konsultaatio" in desc and "kulkee rinnalla" in desc


# --- paths --------------------------------------------------------------------------------


def test_path_page_shows_stages_alternatives_moves_gaps_and_alongside(site):
    page = read_page(site, "en/paths/polku")
    steps = section(page, '<ol class="steps">', "</ol>\n")
    assert '<h3 class="stage">Stage: Recognition</h3>' in steps
    assert '<h3 class="stage">Stage: Support</h3>' in steps
    step2 = section(steps, 'id="step-2"', 'id="step-3"')
    alternatives = section(step2, '<ul class="alternatives">', "</ul>")
    assert "One of these:" in step2
    assert "services/valmennus/" in alternatives and "services/suunnitelma/" in alternatives
    plan = alternatives[alternatives.index("services/suunnitelma/") :]
    assert "No direct transition from the previous step" in plan  # only the plan
    assert "No direct transition" not in alternatives[: alternatives.index("suunnitelma")]
    assert "When work ability has been assessed." in step2
    assert "Health and social care professional" in step2 and "Electronic referral" in step2
    step3 = section(steps, 'id="step-3"', 'id="step-4"')
    assert "the client themself" in step3
    step4 = steps[steps.index('id="step-4"') :]
    assert "No direct transition from the previous step" in step4
    alongside = section(page, 'id="h-alongside"', "</ul>")
    assert "services/koordinaattori/" in alongside and "Steps 1–2" in alongside
    assert '<a href="https://example.org/polku">Polkukuvaus</a>' in page


def test_path_diagram_bands_alternatives_span_and_gap(site):
    html = read_page(site, "fi/paths/polku")
    root = svg(html)
    labels = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "kn-band-label"]
    assert labels == ["Tunnistaminen", "Tuki", "Tulos"]
    boxes = {a.get("data-id"): a for a in root.iter(f"{NS}a")}

    def middle(node_id: str) -> float:
        top = float(re.search(r",([\d.]+)\)", boxes[node_id].get("transform")).group(1))
        outline = next(e for e in boxes[node_id] if e.get("class") == "kn-box")
        height = outline.get("height") or re.findall(r"V([\d.]+)", outline.get("d"))[-1]
        return round(top + float(height) / 2)

    assert middle("valmennus") == middle("suunnitelma")  # alternatives side by side in one layer
    assert middle("tiimi") < middle("valmennus") < middle("tyo")
    span = boxes["along0-koordinaattori"]
    assert span.find(f"{NS}rect").get("stroke-dasharray") == "2 3"
    gap = [p for p in root.iter(f"{NS}path") if "kn-gap" in (p.get("class") or "")]
    pairs = [(p.get("data-source"), p.get("data-target")) for p in gap]
    assert pairs == [("tiimi", "suunnitelma"), ("tyo", "opinnot")]
    assert gap[0].get("marker-end") == "none"  # never a main-line arrow
    outcome = boxes["tyo"].find(f"{NS}rect")
    assert float(outcome.get("rx")) == float(outcome.get("height")) / 2  # a stadium: an end
    desc = root.find(f"{NS}desc").text
    assert "ei suoraa siirtymää" in desc and "kulkee rinnalla" in desc
    legend = section(html, '<ul class="legend">', "</ul>")
    assert "ei suoraa siirtymää" in legend and "päätepiste" in legend


def test_golden_path_diagram(site):
    match = SVG_RE.search(read_page(site, "fi/paths/polku"))
    assert_golden(GOLDEN / "path_model2.svg", pretty(match.group(0)))


# --- settings, categories, keywords, sources ----------------------------------------------


def test_root_index_lists_languages_in_configured_order(site):
    root = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in root
    order = [root.index(f'href="{lang}/"') for lang in ("sv", "fi", "en")]
    assert order == sorted(order)
    assert '<h1 id="lang-sv">' in root


def test_vocabulary_tree_in_lists_and_facets(site):
    page = read_page(site, "fi/categories")
    nav = section(page, '<ul class="term-tree">', "</nav>")
    assert re.search(r'href="#tyo">Työ</a>[^<]*\n?<ul>\s*<li><a href="#valmennus">', nav)
    assert '<h3 id="valmennus">' in page
    search = read_page(site, "fi/search")
    assert "Työ › Valmennus" in search
    filters = read_page(site, "fi/services/valmennus")
    assert "category:valmennus" in filters and "category:tyo" in filters  # parent found too


def test_entry_in_every_list_of_its_categories_map_by_first(site):
    page = read_page(site, "fi/categories")
    assert "services/tiimi/" in section(page, 'id="tuki"')
    assert "services/tiimi/" in section(page, 'id="valmennus"')
    the_map = read_page(site, "fi/map")
    assert "services/tiimi/" in section(the_map, 'id="g-tuki"')
    assert "services/tiimi/" not in section(the_map, 'id="g-valmennus"')


@pytest.mark.parametrize(("lang", "words"), [("fi", "TKT, työkykykoordinaatio"), ("en", "WAT")])
def test_keywords_indexed_in_the_page_language(site, lang, words):
    page = read_page(site, f"{lang}/services/tiimi")
    body = page[page.index("data-pagefind-body") :]
    assert re.search(rf'<dd class="keywords" data-pagefind-weight="\d+">[^<]*{words}</dd>', body)
    other = read_page(site, "sv/services/tiimi")
    assert "WAT" not in other and "arbetsförmågeteamet" in other


def test_sources_on_entry_pages(site):
    page = read_page(site, "sv/services/tiimi")
    sources = section(page, 'id="h-sources"')
    assert '<a href="https://example.org/malli">Toimintamalli 2026</a>' in sources
    assert '<time datetime="2026-09-15">' in sources and "Haastattelu" in sources
    assert ">Källor</h2>" in sources


def test_empty_vocabularies_leave_nothing_behind(tmp_path):
    settings = "title: {fi: Tyhjä}\nlanguages: [fi]\n"
    root = write(
        tmp_path / "c",
        {
            "kennosto.yaml": settings,
            "organizations/alue.yaml": "name: {fi: Alue}\n",
            "services/a.yaml": (
                "name: {fi: A}\nsummary: {fi: A.}\nprovider: alue\nreviewed: 2026-11-01\n"
            ),
        },
    )
    site = build_site(root, tmp_path / "site")
    for sub in ("categories", "target-groups", "municipalities"):
        assert not (site / "fi" / sub).exists(), sub
    home = read_page(site, "fi")
    for sub in ("categories/", "target-groups/", "municipalities/"):
        assert f'href="../fi/{sub}"' not in home, sub
    finder = read_page(site, "fi/finder")
    for field in ("finder-municipality", "finder-referrer", 'name="situation"'):
        assert field not in finder, field
    search = read_page(site, "fi/search")
    for facet in ("filter-category", "filter-target_group", "filter-municipality"):
        assert facet not in search, facet


def test_model2_pages_are_valid_html(site):
    errors = run_vnu(site)
    assert not errors, "\n".join(errors[:20])
