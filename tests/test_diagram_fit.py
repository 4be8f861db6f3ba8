"""Diagrams that fit a page and read on a phone (issues 14 and 16): a chain keeps its order
top to bottom when it loops back to its start, a map of 30 services fits a column by
wrapping its category bands, a path's steps are numbered and drawn once, a provider named
like its service is not repeated, and every diagram sits in a frame that says when it
scrolls. The browser half (text and link sizes at 375 px) is tests/test_browser_diagrams.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import assert_golden, build_site, pretty, read_page, write

from kennosto.diagram import DiagramEdge, DiagramNode, Section, render_stacked
from kennosto.diagram.layout import LayoutEdge, LayoutNode, layout
from kennosto.diagram.svg import BOX_MAX_W, SUB_SIZE
from kennosto.diagrams import fit_class

NS = "{http://www.w3.org/2000/svg}"
SVG_RE = re.compile(r"<svg .*?</svg>", re.S)
COLUMN = 928.0  # the page's column on a desktop: 60rem less 2 x 1rem padding


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in SVG_RE.findall(html)]


def by_prefix(html: str, prefix: str) -> ET.Element:
    (svg,) = [s for s in svgs(html) if s.get("aria-labelledby") == f"{prefix}-title"]
    return svg


def box_positions(svg: ET.Element) -> dict[str, tuple[float, float]]:
    """data-id -> (x, y) of each box's top left corner, its section's offset added."""
    out: dict[str, tuple[float, float]] = {}

    def walk(el: ET.Element, dx: float, dy: float) -> None:
        m = re.match(r"translate\(([-\d.]+),([-\d.]+)\)", el.get("transform") or "")
        if m:
            dx, dy = dx + float(m.group(1)), dy + float(m.group(2))
        if el.get("data-id") is not None:
            out[el.get("data-id")] = (dx, dy)
            return
        for child in el:
            walk(child, dx, dy)

    walk(svg, 0.0, 0.0)
    return out


def width(svg: ET.Element) -> float:
    return float(svg.get("width"))


# --- the engine ------------------------------------------------------------------------


def test_a_ranked_chain_keeps_its_order_when_it_loops_back_to_its_start() -> None:
    # Listed last step first (as a map lists services by name), looping back to the start:
    # depth-first search from the first listed node would put the last step on top.
    nodes = [LayoutNode(c, 120, 40) for c in ("plan", "team", "start")]
    edges = [LayoutEdge("start", "team"), LayoutEdge("team", "plan"), LayoutEdge("plan", "start")]
    plain = layout(nodes, edges, direction="TB")
    assert plain.layers["plan"] < plain.layers["start"]  # the flip this option prevents
    ranked = layout(nodes, edges, direction="TB", order={"start": 0, "team": 1, "plan": 2})
    assert ranked.layers == {"start": 0, "team": 1, "plan": 2}
    ys = [ranked.boxes[k].y for k in ("start", "team", "plan")]
    assert ys == sorted(ys) and ranked.reversed == (2,)


def thirty_services() -> list[Section]:
    """Thirty boxes in four sections: a long chain, a fan-in, a loop and loose boxes."""

    def node(i: int) -> DiagramNode:
        return DiagramNode(
            f"s{i}", f"Palvelu numero {i} pitkällä nimellä", "Hyvinvointialue", href=f"../s{i}/"
        )

    chain = [node(i) for i in range(8)]
    fan = [node(i) for i in range(8, 16)]
    loop = [node(i) for i in range(16, 22)]
    loose = [node(i) for i in range(22, 30)]
    return [
        Section("Ketju", chain, [DiagramEdge(f"s{i}", f"s{i + 1}") for i in range(7)]),
        Section("Viuhka", fan, [DiagramEdge(f"s{i}", "s15") for i in range(8, 15)]),
        Section(
            "Silmukka",
            loop,
            [DiagramEdge(f"s{i}", f"s{i + 1}") for i in range(16, 21)]
            + [DiagramEdge("s21", "s16")],
        ),
        Section("Irralliset", loose, []),
    ]


@pytest.mark.parametrize("max_width", [900.0, 340.0])
def test_a_map_of_thirty_services_wraps_to_the_column(max_width: float) -> None:
    svg = ET.fromstring(
        render_stacked(thirty_services(), title="Kartta", desc="Kuvaus.", max_width=max_width)
    )
    placed = box_positions(svg)
    assert set(placed) == {f"s{i}" for i in range(30)}
    # at most the column's width (plus the margin of 6 px a side). A phone's column holds
    # one box a row; a fan of eight into one then needs room for the arrows passing the
    # boxes of the rows below the first: at most a second box's width.
    assert width(svg) <= max(max_width, 2 * BOX_MAX_W + 60) + 12
    ys = [placed[f"s{i}"][1] for i in range(8)]
    assert ys == sorted(ys)  # the chain still reads top to bottom
    labels = [g.get("aria-label") for g in svg.iter(f"{NS}g") if g.get("role") == "group"]
    assert labels == ["Ketju", "Viuhka", "Silmukka", "Irralliset"]
    texts = [float(t.get("font-size")) for t in svg.iter(f"{NS}text") if t.get("font-size")]
    assert min(texts) >= SUB_SIZE >= 12  # drawn at natural size, nothing below 12 px


def test_the_frame_class_names_the_narrowest_page_a_diagram_fits() -> None:
    assert fit_class(300) == "kn-fit-360"  # 300 + 32 px of page padding
    assert fit_class(340) == "kn-fit-400"
    assert fit_class(928) == "kn-fit-960"  # the widest column: 60rem less the padding
    assert fit_class(929) == "kn-fit-none"


# --- in a built site ------------------------------------------------------------------------


def _service(name: str, provider: str, category: str, to=()) -> str:
    lines = [
        f"name: {{fi: '{name}', sv: '{name} sv', en: '{name} en'}}",
        "summary: {fi: Palvelu., sv: Tjänst., en: Service.}",
        f"provider: {provider}",
        f"category: {category}",
        "reviewed: 2026-11-01",
    ]
    if to:
        lines.append("transitions:")
        lines += [f"  - to: {t}\n    when: {{fi: Kun sopii.}}" for t in to]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A chain named so that name order is the reverse of the path's, looping back to its
    start; Kela's service named Kela; two steps with the same exit."""
    root = tmp_path_factory.mktemp("fit") / "catalogue"
    write(
        root,
        {
            "kennosto.yaml": (
                "title: {fi: Testi, sv: Test, en: Test}\nlanguages: [fi, sv, en]\n"
                "categories:\n  tuki: {name: {fi: Tuki, sv: Stöd, en: Support}}\n"
                "  etuus: {name: {fi: Etuudet, sv: Förmåner, en: Benefits}}\n"
            ),
            "organizations/alue.yaml": "name: {fi: Alue, sv: Område, en: Area}\n",
            "organizations/kela.yaml": (
                "name: {fi: Kansaneläkelaitos, sv: Folkpensionsanstalten, en: Kela}\n"
                "short_name: {fi: Kela, sv: FPA, en: Kela}\n"
            ),
            "services/c-alku.yaml": _service("Cee alku", "alue", "tuki", to=["b-tiimi", "kela"]),
            "services/b-tiimi.yaml": _service("Bee tiimi", "alue", "tuki", to=["a-plan", "kela"]),
            "services/a-plan.yaml": _service("Aa suunnitelma", "alue", "tuki", to=["c-alku"]),
            "services/kela.yaml": _service("Kela", "kela", "etuus"),
            "paths/ketju.yaml": (
                "name: {fi: Ketju, sv: Kedja, en: Chain}\n"
                "summary: {fi: Alusta loppuun., sv: Från början., en: From start.}\n"
                "steps:\n  - service: c-alku\n  - service: b-tiimi\n  - service: a-plan\n"
            ),
        },
    )
    return build_site(root, tmp_path_factory.mktemp("fit") / "site")


def test_the_map_keeps_the_paths_order_top_to_bottom(site: Path) -> None:
    placed = box_positions(by_prefix(read_page(site, "fi/map"), "map"))
    assert placed["c-alku"][1] < placed["b-tiimi"][1] < placed["a-plan"][1]


def test_the_map_shows_the_flows_between_categories(site: Path) -> None:
    html = read_page(site, "fi/map")
    flows = by_prefix(html, "map-flows")
    arrows = {
        (p.get("data-source"), p.get("data-target"))
        for p in flows.iter(f"{NS}path")
        if "kn-edge" in (p.get("class") or "")
    }
    assert arrows == {("tuki", "etuus")}
    assert 'id="h-flows"' in html and "legend-map-main" in html


def test_a_provider_named_like_its_service_is_not_repeated(site: Path) -> None:
    html = read_page(site, "fi/services/b-tiimi")
    labels = re.findall(r'aria-label="([^"]*)"', "".join(SVG_RE.findall(html)))
    assert "Kela" in labels  # not "Kela, Kansaneläkelaitos", not "Kela, Kela"
    assert "Cee alku, Alue" in labels


def test_path_steps_are_numbered_and_an_exit_is_drawn_once(site: Path) -> None:
    svg = by_prefix(read_page(site, "fi/paths/ketju"), "path-diagram")
    boxes = {a.get("data-id"): a for a in svg.iter(f"{NS}a")}
    assert set(boxes) == {"c-alku", "b-tiimi", "a-plan", "exit-kela"}  # Kela once, not twice
    numbers = {k: a.get("aria-label").split(".")[0] for k, a in boxes.items() if k != "exit-kela"}
    assert numbers == {"c-alku": "1", "b-tiimi": "2", "a-plan": "3"}
    assert "kn-minor" in boxes["exit-kela"].get("class")
    assert all("kn-minor" not in boxes[k].get("class") for k in numbers)
    into_kela = {
        p.get("data-source") for p in svg.iter(f"{NS}path") if p.get("data-target") == "exit-kela"
    }
    assert into_kela == {"c-alku", "b-tiimi"}


def test_every_diagram_is_framed_with_a_scroll_hint(site: Path) -> None:
    for page in ("fi/map", "fi/paths/ketju", "fi/services/b-tiimi", "en/map"):
        html = read_page(site, page)
        frames = re.findall(r'<div class="kn-frame (kn-fit-[a-z0-9]+)">', html)
        assert len(frames) == len(SVG_RE.findall(html)) > 0, page
        assert html.count('class="kn-scroll-hint"') == len(frames)
        assert 'tabindex="0" role="region"' in html
    assert "scroll sideways" in read_page(site, "en/map")


def test_a_path_of_many_alternatives_wraps_and_has_a_narrow_drawing(tmp_path: Path) -> None:
    alternatives = [f"alt{i}" for i in range(7)]
    files = {
        "kennosto.yaml": (
            "title: {fi: Testi, sv: Test, en: Test}\nlanguages: [fi, sv, en]\n"
            "categories:\n  tuki: {name: {fi: Tuki, sv: Stöd, en: Support}}\n"
        ),
        "organizations/alue.yaml": "name: {fi: Alue, sv: Område, en: Area}\n",
        "services/alku.yaml": _service("Alku", "alue", "tuki", to=alternatives),
        "paths/monta.yaml": (
            "name: {fi: Monta, sv: Många, en: Many}\n"
            "summary: {fi: Monta vaihtoehtoa., sv: Många., en: Many.}\n"
            "steps:\n  - service: alku\n  - any_of: [" + ", ".join(alternatives) + "]\n"
        ),
    }
    files.update(
        {f"services/{a}.yaml": _service(f"Vaihtoehto {a}", "alue", "tuki") for a in alternatives}
    )
    site = build_site(write(tmp_path / "c", files), tmp_path / "site")
    html = read_page(site, "fi/paths/monta")
    wide, narrow = by_prefix(html, "path-diagram"), by_prefix(html, "path-diagram-narrow")
    rows = {round(xy[1]) for k, xy in box_positions(wide).items() if k.startswith("alt")}
    assert len(rows) == 3  # seven alternatives: rows of three, not one row of seven
    assert width(wide) <= COLUMN
    assert width(narrow) < width(wide)
    assert set(box_positions(narrow)) == set(box_positions(wide))
    assert '<div class="kn-pair kn-swap-' in html  # the stylesheet shows one of them


def test_golden_stacked_map() -> None:
    """The map's drawing of thirty services, wrapped to a desktop column (refresh with
    KENNOSTO_UPDATE_GOLDEN=1 and look at it before committing)."""
    svg = render_stacked(thirty_services(), title="Kartta", desc="Kuvaus.", id_prefix="map")
    assert_golden(Path(__file__).parent / "golden" / "svg" / "map_stacked.svg", pretty(svg))
