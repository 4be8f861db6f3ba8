"""For the web: canonical links, sitemap.xml, robots.txt, Atom feeds and data links,
parsed with the standard library's XML parser and checked against the protocols' rules."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from helpers import build_site, copy_fixture, kennosto, read_page

from kennosto.webfeeds import sitemap_files

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/kennosto/"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def test_sitemap_lists_every_page_in_every_language_with_alternates(tmp_path):
    site = build_site(copy_fixture("full", tmp_path), tmp_path / "site")
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{SM}urlset"
    urls = root.findall(f"{SM}url")
    assert 0 < len(urls) <= 50_000
    locs = [u.find(f"{SM}loc").text for u in urls]
    assert len(set(locs)) == len(locs)
    assert all(loc.startswith(BASE) for loc in locs)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    expected = sorted(BASE + p.removesuffix("index.html") for p in pages)
    assert sorted(locs) == expected
    service = next(u for u in urls if u.find(f"{SM}loc").text == BASE + "sv/services/valmennus/")
    alternates = {a.get("hreflang"): a.get("href") for a in service.findall(f"{XHTML}link")}
    assert alternates == {lang: f"{BASE}{lang}/services/valmennus/" for lang in ("fi", "sv", "en")}
    assert service.find(f"{SM}lastmod").text == "2026-11-01"
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


def test_a_large_sitemap_becomes_an_index_of_files_within_the_limit():
    groups = {f"services/s{i}/": ["fi", "sv"] for i in range(7)}
    files = dict(sitemap_files(BASE, groups, {}, max_urls=5))
    index = ET.fromstring(files["sitemap.xml"].encode())
    assert index.tag == f"{SM}sitemapindex"
    parts = [s.find(f"{SM}loc").text for s in index.findall(f"{SM}sitemap")]
    assert parts == [BASE + "sitemap-1.xml", BASE + "sitemap-2.xml", BASE + "sitemap-3.xml"]
    counts = [len(ET.fromstring(files[p.removeprefix(BASE)].encode())) for p in parts]
    assert counts == [5, 5, 4]


def test_atom_feed_per_language_newest_first(tmp_path):
    root = copy_fixture("full", tmp_path)
    newer = root / "services" / "tyo.yaml"
    newer.write_text(
        newer.read_text(encoding="utf-8").replace("reviewed: 2026-11-01", "reviewed: 2026-11-20"),
        encoding="utf-8",
    )
    site = build_site(root, tmp_path / "site")
    for lang in ("fi", "sv", "en"):
        feed = ET.parse(site / lang / "feed.xml").getroot()
        assert feed.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated"):
            assert feed.find(f"{ATOM}{name}").text, name
        assert feed.find(f"{ATOM}author/{ATOM}name").text
        assert RFC3339.match(feed.find(f"{ATOM}updated").text)
        self_link = [lk for lk in feed.findall(f"{ATOM}link") if lk.get("rel") == "self"]
        assert self_link[0].get("href") == f"{BASE}{lang}/feed.xml"
        entries = feed.findall(f"{ATOM}entry")
        assert entries
        updated = [e.find(f"{ATOM}updated").text for e in entries]
        assert updated == sorted(updated, reverse=True)
        assert feed.find(f"{ATOM}updated").text == updated[0] == "2026-11-20T00:00:00Z"
        ids = [e.find(f"{ATOM}id").text for e in entries]
        assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
        for entry in entries:
            assert entry.find(f"{ATOM}title").text
            assert RFC3339.match(entry.find(f"{ATOM}updated").text)
            link = entry.find(f"{ATOM}link")
            assert link.get("href").startswith(f"{BASE}{lang}/")
            assert (site / link.get("href").removeprefix(BASE) / "index.html").is_file()
    fi_feed = ET.parse(site / "fi/feed.xml").getroot()
    titles = [e.find(f"{ATOM}title").text for e in fi_feed.findall(f"{ATOM}entry")]
    assert 'Työhönvalmennus <testi> & "lainaus"' in titles  # escaped, parsed back whole
    org = next(
        e
        for e in fi_feed.findall(f"{ATOM}entry")
        if "/organizations/" in e.find(f"{ATOM}link").get("href")
    )
    summary = org.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "<p>Järjestää <strong>sosiaali- ja terveyspalvelut</strong>.</p>\n"


def test_pages_have_canonical_and_data_links(tmp_path):
    site = build_site(copy_fixture("full", tmp_path), tmp_path / "site")
    html = read_page(site, "sv/services/valmennus")
    assert f'<link rel="canonical" href="{BASE}sv/services/valmennus/">' in html
    hsds = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', html)
    target = (site / "sv/services/valmennus" / hsds.group(1)).resolve()
    assert target.is_file() and target.parent.name == "services"
    assert 'href="../../../sv/feed.xml"' in html
    for page in ("fi", "en/paths/tyohon", "sv/data"):
        assert "data/catalogue.json" in read_page(site, page)
        assert '<link rel="canonical"' in read_page(site, page)


def test_without_base_url_the_build_says_what_it_left_out(tmp_path):
    root = copy_fixture("full", tmp_path)
    settings = root / "kennosto.yaml"
    text = settings.read_text(encoding="utf-8").replace(f"base_url: {BASE}\n", "")
    settings.write_text(text, encoding="utf-8")
    result = kennosto("build", "--root", root, "--out", tmp_path / "site", "--no-search")
    assert result.exit_code == 0, result.stderr
    assert "base_url is not set" in result.stderr and "sitemap.xml" in result.stderr
    site = tmp_path / "site"
    assert not (site / "sitemap.xml").exists() and not (site / "fi/feed.xml").exists()
    assert '<link rel="canonical"' not in read_page(site, "fi")
    assert (site / "data/hsds/fi/services.json").is_file()
