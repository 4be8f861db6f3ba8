"""The search index and the pages that work without JavaScript (no browser needed)."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from helpers import copy_fixture, kennosto

import kennosto.pipeline as pipeline_module
from kennosto.morphology import pair_key
from kennosto.search import SearchIndexError


@pytest.fixture(scope="module")
def full_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search")
    root = copy_fixture("full", tmp)
    out = tmp / "out"
    result = kennosto("build", "--root", root, "--out", out)
    assert result.exit_code == 0, result.stderr
    return out


def test_build_indexes_one_index_per_language(full_site):
    entry = json.loads((full_site / "pagefind" / "pagefind-entry.json").read_text())
    languages = entry["languages"]
    assert set(languages) == {"fi", "sv", "en"}
    # 3 services and 1 path per language; list pages and the front page are not indexed
    assert {lang: info["page_count"] for lang, info in languages.items()} == {
        "fi": 4,
        "sv": 4,
        "en": 4,
    }
    assert (full_site / "pagefind" / "pagefind.js").is_file()
    assert not (full_site / "pagefind" / "pagefind-ui.js").exists()
    assert not list(full_site.parent.glob(".out.tmp-*"))


def test_result_fragments_carry_only_what_a_result_shows(full_site):
    """A first query downloads ten fragments: the page's indexed text (for excerpts the
    results do not show) and its filter values are left out of them; they are named
    in page order (`fi_HASH_0`…), which the page list of a 10,000-page index compresses;
    HASH is the language index's, so the names stay content-addressed like Pagefind's
    (a cache that keeps Pagefind files as immutable never mixes two builds)."""
    from kennosto.pagefind_files import decode

    entry = json.loads((full_site / "pagefind" / "pagefind-entry.json").read_text())
    prefix = f"fi_{entry['languages']['fi']['hash'][:8]}_"
    names = [prefix + n for n in ("0", "1", "2", "3")]
    fragments = sorted((full_site / "pagefind" / "fragment").glob("fi_*.pf_fragment"))
    assert sorted(p.stem for p in fragments) == names
    for path in fragments:
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        assert fragment["url"].startswith("/fi/")
        assert fragment["meta"]["title"]
        assert fragment["content"] == "" and fragment["filters"] == {}
    meta = full_site / "pagefind" / f"pagefind.{entry['languages']['fi']['hash']}.pf_meta"
    data = gzip.decompress(meta.read_bytes())[len(b"pagefind_dcd") :]
    pages = decode(data, 0)[0][1]
    assert [name for name, _ in pages] == names
    # word counts rounded to powers of √2, which compress
    assert all(count in {round(2 ** (k / 2)) for k in range(40)} for _, count in pages)


def test_cbor_codec_writes_back_what_it_reads():
    from kennosto.pagefind_files import CborMap, decode, encode

    item = ["1.5.2", [["fi_0", 300], ["fi_a", 70000]], CborMap([("k", -5)]), [], True, None]
    data = encode(item)
    assert decode(data, 0) == (item, len(data))
    assert encode("x" * 30)[:2] == bytes([0x78, 30])  # shortest head: one length byte
    assert encode(-1) == bytes([0x20]) and encode(65536)[:1] == bytes([0x1A])


def _table_forms(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    forms = {s + e: s + end for s, end, i in data["lemmas"] for e in data["paradigms"][i]}
    return forms | {w: w for w in data["words"]}


def test_word_table_has_a_file_per_first_two_letters_and_per_letter(full_site):
    """A query loads the files of its words' first two letters (a few kB); a word the
    table lacks, its letter's file for the typo check. Both say the same."""
    folder = full_site / "fi" / "search" / "words"
    letters = {p.stem: _table_forms(p) for p in folder.glob("*.json") if len(p.stem) in (1, 5)}
    pairs = {p.stem: _table_forms(p) for p in folder.glob("*.json") if len(p.stem) not in (1, 5)}
    assert letters and pairs
    for forms in letters.values():
        for form, lemma in forms.items():
            if len(form) > 1:
                assert pairs[pair_key(form)][form] == lemma
    for key, forms in pairs.items():
        assert all(pair_key(form) == key for form in forms)
    assert sum(map(len, pairs.values())) == sum(
        len([f for f in forms if len(f) > 1]) for forms in letters.values()
    )


def test_no_search_skips_the_index(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    assert not (out / "pagefind").exists()
    assert (out / "fi" / "search" / "index.html").is_file()


def test_failed_indexing_leaves_previous_site(tmp_path, monkeypatch):
    root = copy_fixture("minimal", tmp_path)
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))

    def broken(site_dir, *args):
        raise SearchIndexError("search indexing failed: boom")

    monkeypatch.setattr(pipeline_module, "index_site", broken)
    result = kennosto("build", "--root", root, "--out", out)
    assert result.exit_code != 0 and "boom" in result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal", "out"]


def test_service_pages_carry_filters_and_meta(full_site):
    page = (full_site / "fi" / "services" / "valmennus" / "index.html").read_text()
    filters = re.findall(r'data-pagefind-filter="([^"]+)"', page)
    assert filters == [
        "kind:service",
        "category:tyo",
        "target_group:nuoret",
        "target_group:tyottomat",
        "municipality:lahti",
        "municipality:hollola",
        "provider:alue",
        "referrer:itse",
        "referrer:sote",
        "cost:free",
    ]
    assert "data-pagefind-body" in page
    assert 'data-pagefind-meta="summary"' in page and 'data-pagefind-meta="provider"' in page
    # a service without `area` is in every municipality of the region
    whole = (full_site / "fi" / "services" / "kuntoutus" / "index.html").read_text()
    assert "municipality:lahti" in whole and "municipality:hollola" in whole
    assert "cost:not-free" in whole


def test_only_service_and_path_pages_are_indexed(full_site):
    indexed = {
        p.relative_to(full_site).as_posix()
        for p in full_site.rglob("*.html")
        if "data-pagefind-body" in p.read_text()
    }
    assert "fi/services/valmennus/index.html" in indexed
    assert "fi/paths/tyohon/index.html" in indexed
    assert not any(
        "/search/" in p
        or "/finder/" in p
        or p.endswith(("fi/services/index.html", "fi/index.html"))
        for p in indexed
    )


def test_search_page_without_javascript_links_to_lists(full_site):
    for lang in ("fi", "sv", "en"):
        page = (full_site / lang / "search" / "index.html").read_text()
        noscript = page.split("<noscript>")[1].split("</noscript>")[0]
        for target in ("services/", "categories/", "target-groups/", "municipalities/"):
            assert f'href="../../{lang}/{target}"' in noscript
        assert '<script type="module" src="../../static/search.js"></script>' in page
        assert 'name="municipality" value="lahti"' in page
        assert 'role="status"' in page


def test_lists_by_target_group_and_municipality(full_site):
    groups = (full_site / "en" / "target-groups" / "index.html").read_text()
    assert 'id="nuoret"' in groups and "services/valmennus/" in groups
    towns = (full_site / "fi" / "municipalities" / "index.html").read_text()
    lahti = towns.split('id="lahti"')[1].split("</section>")[0]
    assert "services/valmennus/" in lahti  # area: [lahti, hollola]
    regional = towns.split('id="whole-region"')[1]
    assert "services/kuntoutus/" in regional and "services/valmennus/" not in regional
    nav = (full_site / "fi" / "index.html").read_text()
    for target in ("target-groups/", "municipalities/", "search/", "finder/"):
        assert f'href="../fi/{target}"' in nav


def test_ignored_markup_is_left_out_of_the_blocks_however_nested():
    from kennosto.search_forms import without_ignored

    page = (
        "<p>kept</p><div data-pagefind-ignore><div><p>neighbour</p></div>"
        "<div>other</div></div><p>also kept</p><ul data-pagefind-ignore><li>x</li></ul>"
    )
    assert without_ignored(page) == "<p>kept</p><p>also kept</p>"


def test_a_name_is_indexed_by_its_heads_above_the_words_that_qualify_them():
    from kennosto.search_forms import name_heads

    stop = {"for", "and", "ja"}
    assert name_heads("Kela's vocational rehabilitation for young people", stop) == (
        ["rehabilitation", "people"],
        ["kela", "s", "vocational", "young"],
    )
    assert name_heads("Rehabilitation allowance", stop) == (["allowance"], ["rehabilitation"])
    # a name of several things is about each less, but more than its keywords
    from kennosto.search_forms import KEYWORD_WEIGHT, NAME_WEIGHT, name_weight

    assert name_weight("Kela's vocational rehabilitation", stop) == NAME_WEIGHT
    several = "Kela's vocational rehabilitation for young people and NUOTTI coaching"
    assert KEYWORD_WEIGHT < name_weight(several, stop) < NAME_WEIGHT
    heads, _ = name_heads("Työllisyyspalvelut (entiset TE-palvelut)", stop)
    assert heads == ["työllisyyspalvelut", "palvelut", "tepalvelut"]


def test_compound_first_parts_rank_below_the_name():
    # `kuntoutusraha` is raha; it is about kuntoutus, so kuntoutus is a lower tier
    from kennosto.morphology import Morphology

    main, first = Morphology("fi").tiers("kuntoutusrahaa")
    assert "kuntoutusraha" in main and "raha" in main and first == ["kuntoutus"]


def test_an_outcome_weighs_its_name_and_keywords_less_than_a_service():
    """Work and studies are where paths lead: a service that matches as well comes first."""
    from kennosto.morphology import Morphology
    from kennosto.search_forms import OUTCOME_FACTOR, _blocks

    morph = Morphology("en")
    service = _blocks(morph, ["studies"], ["place"], ["text"], 10)
    outcome = _blocks(morph, ["studies"], ["place"], ["text"], 10, OUTCOME_FACTOR)
    assert 'data-pagefind-weight="10">study<' in service
    assert 'data-pagefind-weight="8">study<' in outcome
    assert 'data-pagefind-weight="7">place' in service
    assert 'data-pagefind-weight="6">place' in outcome


def test_an_action_noun_is_its_verb_at_both_ends():
    """`eläkkeen hakeminen` finds the page that says `hakea`, and the other way round:
    the index and the browser's table take a Finnish action noun as its verb, also as a
    compound's first part (`asumisneuvonta` is found by `asua` and `asuminen`);
    `ihminen` is no verb's noun."""
    from kennosto.morphology import Morphology, forms_table

    morph = Morphology("fi")
    assert morph.lemma("hakeminen") == morph.lemma("hakemisen") == "hakea"
    assert morph.parts("asumisneuvonta")[0] == "asua"
    assert morph.lemma("ihminen") == "ihminen"
    chunks = forms_table(morph, ["hakeminen", "asumisneuvonta", "ihminen"])
    forms = {}
    for chunk in chunks.values():
        forms.update(
            (s + e, s + end) for s, end, i in chunk["lemmas"] for e in chunk["paradigms"][i]
        )
    assert forms["hakea"] == forms["hakeminen"] == forms["hakemaan"] == "hakea"
    assert forms["asumisen"] == forms["asuu"] == "asua"
    assert forms["ihmisen"] == "ihminen"
