"""Diagrams in the built site: path pages, service pages and the catalogue map.

Golden files: tests/golden/diagrams/*.svg hold the exact SVG of a path diagram (a branch
and a loop back) and of a service neighbourhood, as built into the site. After an intended
change to the drawing, refresh them with

    KENNOSTO_UPDATE_GOLDEN=1 pytest tests/test_diagrams.py

and look at the diff (and the pictures) before committing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from helpers import REPO, assert_golden, build_site, kennosto, pretty, read_page, run_vnu, write

from kennosto.catalogue_map import SINGLE_LIMIT

GOLDEN = Path(__file__).parent / "golden" / "diagrams"
NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> " & Ämmä'
SVG_RE = re.compile(r"<svg .*?</svg>", re.S)


def _service(name: str, provider: str = "alue", category: str | None = None, to=()) -> str:
    quoted = name.replace("'", "''")
    lines = [
        f"name: {{fi: '{quoted}', sv: '{quoted} sv', en: '{quoted} en'}}",
        "summary: {fi: Palvelu., sv: Tjänst., en: Service.}",
        f"provider: {provider}",
        "reviewed: 2026-11-01",
    ]
    if category:
        lines.append(f"category: {category}")
    if to:
        lines.append("transitions:")
        lines += [f"  - to: {t}\n    when: {{fi: Kun {t} sopii.}}" for t in to]
    return "\n".join(lines) + "\n"


def small_catalogue(root: Path) -> Path:
    """A path a -> b -> c -> d where b also leads to x (a branch) and c back to a (a loop)."""
    return write(
        root,
        {
            "kennosto.yaml": (
                "title: {fi: Testi, sv: Test, en: Test}\nlanguages: [fi, sv, en]\n"
                "categories:\n  tyo: {name: {fi: Työ, sv: Arbete, en: Work}}\n"
                "  tuki: {name: {fi: Tuki, sv: Stöd, en: Support}}\n"
            ),
            "organizations/alue.yaml": "name: {fi: Hyvinvointialue, sv: Välfärdsområde, en: Area}\n",
            "organizations/kela.yaml": "name: {fi: Kela, sv: FPA, en: Kela}\n",
            "services/a.yaml": _service("Ohjaamo", category="tuki", to=["b"]),
            "services/b.yaml": _service(
                "Työkykykoordinaattori", "kela", "tuki", to=["c", "x", "hostile"]
            ),
            "services/c.yaml": _service(
                "Kuntoutustutkimuspoliklinikka", category="tyo", to=["d", "a"]
            ),
            "services/d.yaml": _service("Työkokeilu", category="tyo"),
            "services/x.yaml": _service("Ammatillinen kuntoutus", "kela", "tyo", to=["d"]),
            "services/hostile.yaml": _service(HOSTILE, to=["d"]),
            "paths/polku.yaml": (
                "name: {fi: Polku, sv: Stig, en: Path}\n"
                "summary: {fi: Alusta loppuun., sv: Från början., en: From start.}\n"
                "steps:\n  - service: a\n  - service: b\n  - service: c\n  - service: d\n"
            ),
        },
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("diagrams")
    return build_site(small_catalogue(tmp / "catalogue"), tmp / "site")


read = read_page


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in SVG_RE.findall(html)]


def one_svg(html: str) -> ET.Element:
    (svg,) = svgs(html)
    return svg


def map_svg(html: str, prefix: str = "map") -> ET.Element:
    """The map's own (wide) drawing; a page may also hold a narrow one and the flows'."""
    (svg,) = [s for s in svgs(html) if s.get("aria-labelledby") == f"{prefix}-title"]
    return svg


def drawn_edges(svg: ET.Element) -> set[tuple[str, str]]:
    """(source, target) of every arrow, as service slugs where the box links to a service."""
    slug = {}
    for el in svg.iter():
        if el.get("data-id") is not None:
            href = el.get("href") or ""
            m = re.search(r"services/([a-z0-9-]+)/$", href)
            slug[el.get("data-id")] = m.group(1) if m else el.get("data-id")
    return {
        (slug.get(p.get("data-source"), p.get("data-source")), slug[p.get("data-target")])
        for p in svg.iter(f"{NS}path")
        if "kn-edge" in (p.get("class") or "")
    }


def links(fragment: str) -> list[str]:
    return re.findall(r'href="[^"]*services/([a-z0-9-]+)/"', fragment)


# --- golden files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "page"), [("path_branch_loop", "fi/paths/polku"), ("neighbourhood", "fi/services/b")]
)
def test_golden_svg(site: Path, name: str, page: str) -> None:
    svg = SVG_RE.findall(read(site, page))[0]  # a path's wide drawing; its narrow one next
    assert_golden(GOLDEN / f"{name}.svg", pretty(svg))


# --- the text equivalent says what the picture draws ---------------------------------------


def test_path_list_matches_the_drawn_arrows(site: Path) -> None:
    html = read(site, "en/paths/polku")
    svg = map_svg(html, "path-diagram")
    start = html.index('<ol class="steps">')
    steps_html = html[start : html.index("</ol>", start)]
    items = re.split(r'<li id="step-\d+">', steps_html)[1:]
    listed = set()
    order = []
    for item in items:
        step, *exits = links(item)
        order.append(step)
        listed |= {(step, e) for e in exits}
    listed |= set(zip(order, order[1:], strict=False))
    assert order == ["a", "b", "c", "d"]
    assert drawn_edges(svg) == listed
    assert ("c", "a") in listed and ("b", "x") in listed  # the loop back and the branch
    back = [p for p in svg.iter(f"{NS}path") if "kn-back" in (p.get("class") or "")]
    assert back, "the loop back is drawn as one"
    dashed = {(p.get("data-source"), p.get("data-target")) for p in svg.iter(f"{NS}path")}
    assert all(
        p.get("stroke-dasharray")
        for p in svg.iter(f"{NS}path")
        if "kn-secondary" in (p.get("class") or "")
    ), dashed


def test_neighbourhood_matches_the_lists(site: Path) -> None:
    html = read(site, "fi/services/b")
    svg = one_svg(html)
    nxt = html[html.index('id="h-next"') : html.index('id="h-from"')]
    came = html[html.index('id="h-from"') : html.index("</section>", html.index('id="h-from"'))]
    listed = {("b", t) for t in links(nxt)} | {(s, "b") for s in links(came)}
    assert drawn_edges(svg) == listed == {("a", "b"), ("b", "c"), ("b", "x"), ("b", "hostile")}


def test_many_neighbours_are_capped_with_a_link_to_the_list(tmp_path: Path) -> None:
    root = small_catalogue(tmp_path / "c")
    many = [f"n{i}" for i in range(10)]
    write(root, {f"services/{s}.yaml": _service(f"Palvelu {s}", to=["d"]) for s in many})
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    svg = one_svg(read(out, "fi/services/d"))
    boxes = [el for el in svg.iter() if el.get("data-id") is not None]
    more = [el for el in boxes if el.get("data-id") == "more-from"]
    assert len(boxes) == 1 + 7 and len(more) == 1
    assert more[0].get("href") == "#h-from"
    assert "+ 7 muuta" in ET.tostring(more[0], encoding="unicode")


# --- links and names ------------------------------------------------------------------------


def test_every_box_links_to_an_existing_page(site: Path) -> None:
    checked = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for svg in svgs(html):
            for a in svg.iter(f"{NS}a"):
                href = a.get("href")
                if href.startswith("#"):
                    assert f'id="{href[1:]}"' in html, (page, href)
                else:
                    assert (page.parent / href / "index.html").resolve().is_file(), (page, href)
                checked += 1
    assert checked > 20


def test_hostile_names_stay_escaped_in_every_diagram(site: Path) -> None:
    seen = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        for raw in SVG_RE.findall(html):
            svg = ET.fromstring(raw)  # well-formed XML: nothing broke out of an attribute
            text = "".join(svg.itertext()) + " ".join(
                a.get("aria-label") or "" for a in svg.iter(f"{NS}a")
            )
            if "alert(1)" in text:
                seen += 1
                assert "<script>alert(1)</script>" in unescape(raw)
                assert "&lt;script&gt;" in raw
    assert seen >= 3


def test_every_page_in_every_language_has_its_diagram(site: Path) -> None:
    for lang in ("fi", "sv", "en"):
        assert map_svg(read(site, f"{lang}/paths/polku"), "path-diagram") is not None
        assert len(svgs(read(site, f"{lang}/services/b"))) == 1
        assert map_svg(read(site, f"{lang}/map")) is not None
        assert map_svg(read(site, f"{lang}/map"), "map-flows") is not None
    nav = read(site, "fi")
    assert 'href="../fi/map/"' in nav


def test_stylesheet_styles_diagrams_in_forced_colours() -> None:
    css = (REPO / "templates" / "static" / "style.css").read_text(encoding="utf-8")
    forced = css[css.index("@media (forced-colors: active)") :]
    assert ".kn-diagram a:focus-visible" in forced and ".kn-diagram .kn-box" in forced


# --- the map ---------------------------------------------------------------------------------


def test_small_map_is_one_picture_of_every_service(site: Path) -> None:
    svg = map_svg(read(site, "fi/map"))
    ids = {el.get("data-id") for el in svg.iter() if el.get("data-id") is not None}
    assert ids == {"a", "b", "c", "d", "x", "hostile"}
    groups = {g.get("aria-label") for g in svg.iter(f"{NS}g") if g.get("role") == "group"}
    assert groups == {"Työ", "Tuki", "Ei aihetta"}
    assert not (site / "fi/map/tyo").exists()
    flows = map_svg(read(site, "fi/map"), "map-flows")  # the categories' own picture
    assert drawn_edges(flows) >= {("tuki", "tyo")}
    assert {a.get("href") for a in flows.iter(f"{NS}a")} >= {"#g-tuki", "#g-tyo"}


def test_large_map_splits_by_category(tmp_path: Path) -> None:
    n = SINGLE_LIMIT + 30
    root = small_catalogue(tmp_path / "c")
    write(
        root,
        {
            f"services/s{i}.yaml": _service(
                f"Palvelu {i}", category="tyo" if i % 3 else "tuki", to=[f"s{(i + 1) % n}"]
            )
            for i in range(n)
        },
    )
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    overview = read(out, "fi/map")
    for slug in ("tyo", "tuki", "uncategorised"):
        assert f'href="{slug}/"' in overview
        page = read(out, f"fi/map/{slug}")
        assert len(page.encode()) < 400_000
    big = read(out, "fi/map/tyo")  # 120+ services: too many to draw, listed
    assert not svgs(big) and "s1/" in big
    small = read(out, "fi/map/tuki")
    svg = map_svg(small)
    assert 'href="../tyo/"' in small  # a link to the category its clients move on to
    assert len(re.findall(r"<a ", SVG_RE.findall(small)[0])) <= 80
    assert svg.get("role") == "group"


def test_map_of_many_transitions_draws_every_service_and_the_arrows_within_topics(
    tmp_path: Path,
) -> None:
    n = 40  # few enough services for one picture, but 80 transitions: across topics a tangle
    root = small_catalogue(tmp_path / "c")
    category = {i: "tyo" if i < n // 2 else "tuki" for i in range(n)}
    write(
        root,
        {
            f"services/s{i}.yaml": _service(
                f"Palvelu {i}", category=category[i], to=[f"s{(i + 1) % n}", f"s{(i + 7) % n}"]
            )
            for i in range(n)
        },
    )
    out = tmp_path / "out"
    assert kennosto("build", "--root", root, "--out", out, "--no-search").exit_code == 0
    page = read(out, "fi/map")
    svg = map_svg(page)
    boxes = {el.get("data-id") for el in svg.iter() if el.get("data-id") is not None}
    assert {f"s{i}" for i in range(n)} <= boxes  # every service is in the one picture
    group_of = {f"s{i}": category[i] for i in range(n)}
    drawn = [
        (el.get("data-source"), el.get("data-target"))
        for el in svg.iter(f"{NS}path")
        if el.get("data-source") in group_of
    ]
    inside = {
        (f"s{i}", f"s{j}")
        for i in range(n)
        for j in ((i + 1) % n, (i + 7) % n)
        if category[i] == category[j]
    }
    assert set(drawn) == inside  # the arrows within topics, and only those
    assert "(Tuki)" in page and "(Työ)" in page  # the list names the topic a transition leaves for
    for slug in ("tyo", "tuki"):
        assert f'href="{slug}/"' in page and (out / f"fi/map/{slug}/index.html").is_file()


# --- valid HTML ------------------------------------------------------------------------------


def test_pages_with_diagrams_are_valid_html(site: Path) -> None:
    assert run_vnu(site) == []
