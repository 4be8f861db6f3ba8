"""`kennosto graph`: the transition graph as JSON, Graphviz DOT and Mermaid."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from helpers import REPO, copy_fixture, kennosto, require_tool
from model2 import model2_catalogue

from kennosto.graph_export import dot_quote, mermaid_text

TRICKY = 'Työ "lainaus" \\ <b> #1 & ääkköset'


def tricky_fixture(tmp_path):
    root = copy_fixture("full", tmp_path)
    service = root / "services" / "tyo.yaml"
    text = service.read_text(encoding="utf-8")
    name = "name: {fi: " + json.dumps(TRICKY, ensure_ascii=False) + "}"
    text = re.sub(r"(?m)^name: .*$", lambda _: name, text)
    service.write_text(text, encoding="utf-8")
    return root


def test_json_has_every_service_and_transition_with_kinds(tmp_path):
    root = tricky_fixture(tmp_path)
    result = kennosto("graph", "--root", root, "--format", "json")
    assert result.exit_code == 0, result.stderr
    graph = json.loads(result.stdout)
    assert [n["id"] for n in graph["nodes"]] == ["kuntoutus", "tyo", "valmennus"]
    assert {n["kind"] for n in graph["nodes"]} == {"service"}
    assert next(n for n in graph["nodes"] if n["id"] == "tyo")["label"] == TRICKY
    edges = {(e["source"], e["target"], e["kind"]) for e in graph["edges"]}
    assert edges == {
        ("kuntoutus", "valmennus", "next"),
        ("valmennus", "tyo", "next"),
        ("valmennus", "kuntoutus", "next"),
    }


def test_one_path_and_labels_in_another_language(tmp_path):
    root = copy_fixture("full", tmp_path)
    result = kennosto("graph", "--root", root, "--path", "tyohon", "--lang", "en")
    graph = json.loads(result.stdout)
    steps = graph["path"]["steps"]
    assert steps == [{"service": "kuntoutus"}, {"service": "valmennus"}, {"service": "tyo"}]
    assert graph["path"]["name"] == "Path to work"
    assert {n["label"] for n in graph["nodes"]} >= {"Job coaching"}
    unknown = kennosto("graph", "--root", root, "--path", "nope")
    assert unknown.exit_code == 2 and "unknown path 'nope'; known: tyohon" in unknown.stderr


def test_graph_of_a_broken_catalogue_reports_like_check(tmp_path):
    root = copy_fixture("full", tmp_path)
    (root / "services" / "tyo.yaml").write_text("name: [\n", encoding="utf-8")
    result = kennosto("graph", "--root", root)
    assert result.exit_code == 1 and "services/tyo.yaml:" in result.stderr
    assert result.stdout == ""


def test_dot_escapes_and_graphviz_accepts_it(tmp_path):
    assert dot_quote('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'
    root = tricky_fixture(tmp_path)
    dot = kennosto("graph", "--root", root, "--format", "dot").stdout
    assert dot.startswith("digraph kennosto {") and dot.rstrip().endswith("}")
    assert '"valmennus" -> "tyo" [class="next"' in dot
    require_tool(
        shutil.which("dot") is not None, "Graphviz dot not installed (apt-get install graphviz)"
    )
    out = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=False)
    assert out.returncode == 0, out.stderr.decode()
    svg = ET.fromstring(out.stdout)
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert TRICKY in texts  # Graphviz drew the escaped label exactly as written


def test_mermaid_is_a_well_formed_flowchart(tmp_path):
    assert mermaid_text('a "b" #c <d>') == "a #quot;b#quot; #35;c #lt;d#gt;"
    root = tricky_fixture(tmp_path)
    text = kennosto("graph", "--root", root, "--format", "mermaid").stdout
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    node = re.compile(r'^  (s_[a-z0-9_]+)\["([^"]*)"\]:::([a-z]+)$')
    edge = re.compile(r"^  (s_[a-z0-9_]+) -->\|([a-z]+)\| (s_[a-z0-9_]+)$")
    style = re.compile(r"^  classDef [a-z]+ .+$")
    nodes = [m.group(1) for m in map(node.match, lines[1:]) if m]
    edges = [m.groups() for m in map(edge.match, lines[1:]) if m]
    assert all(node.match(x) or edge.match(x) or style.match(x) for x in lines[1:])
    assert len(nodes) == 3 and len(edges) == 3
    assert all(a in nodes and b in nodes for a, _, b in edges)
    assert "#quot;lainaus#quot;" in text and "#35;1" in text and "<b>" not in text


def test_kinds_transition_kinds_and_alternatives_come_from_the_model(tmp_path):
    root = model2_catalogue(tmp_path / "m")
    graph = json.loads(kennosto("graph", "--root", root, "--lang", "en").stdout)
    kinds = {n["id"]: n["kind"] for n in graph["nodes"]}
    assert kinds["tiimi"] == "team" and kinds["tyo"] == "outcome" and kinds["etuus"] == "benefit"
    assert next(n for n in graph["nodes"] if n["id"] == "vanha")["state"] == "ended"
    edges = {(e["source"], e["target"]): e for e in graph["edges"]}
    assert edges[("tiimi", "valmennus")]["kind"] == "consult"
    assert edges[("tiimi", "valmennus")]["method"] == "lahete"
    assert edges[("tiimi", "koordinaattori")]["kind"] == "alongside"
    assert edges[("valmennus", "tyo")]["kind"] == "next"
    one = json.loads(kennosto("graph", "--root", root, "--path", "polku", "--lang", "en").stdout)
    assert one["path"]["steps"][1] == {"any_of": ["valmennus", "suunnitelma"], "stage": "Support"}
    assert one["path"]["alongside"] == [{"service": "koordinaattori", "from_step": 1, "to_step": 2}]
    # Both alternatives and the entry alongside are nodes of the path's graph.
    assert [n["id"] for n in one["nodes"]] == [
        "tiimi", "valmennus", "suunnitelma", "tyo", "opinnot", "koordinaattori",
    ]  # fmt: skip
    mermaid = kennosto("graph", "--root", root, "--format", "mermaid", "--lang", "fi").stdout
    assert '  s_tyo(["Työ"]):::outcome' in mermaid
    assert "  s_tiimi -.->|consult| s_valmennus" in mermaid
    assert "  s_tiimi -.->|alongside| s_koordinaattori" in mermaid
    dot = kennosto("graph", "--root", root, "--format", "dot", "--lang", "fi").stdout
    assert '"tyo" [label="Työ", class="outcome", shape=box, style="rounded"];' in dot
    assert '"tiimi" -> "koordinaattori" [class="alongside", style=dotted' in dot
    require_tool(
        shutil.which("dot") is not None, "Graphviz dot not installed (apt-get install graphviz)"
    )
    out = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=False)
    assert out.returncode == 0, out.stderr.decode()


MERMAID = REPO / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"


@pytest.mark.parametrize("fixture", ["tricky", "model2"])
def test_mermaid_itself_parses_the_output(tmp_path, driver, fixture):
    """The real Mermaid (npm, run in the test Chromium) accepts what we print."""
    require_tool(MERMAID.is_file(), "Mermaid not installed (npm ci)")
    root = tricky_fixture(tmp_path) if fixture == "tricky" else model2_catalogue(tmp_path / "m")
    text = kennosto("graph", "--root", root, "--format", "mermaid").stdout
    shutil.copy(MERMAID, tmp_path / "mermaid.min.js")
    page = tmp_path / "parse.html"
    page.write_text('<!DOCTYPE html><script src="mermaid.min.js"></script>', encoding="utf-8")
    driver.get(page.as_uri())
    parse = (
        "const done = arguments[arguments.length - 1];"
        "mermaid.parse(arguments[0]).then(() => done('ok'), (e) => done(String(e)));"
    )
    assert driver.execute_async_script(parse, text) == "ok"
    assert driver.execute_async_script(parse, text + '  s_a["x]\n') != "ok"  # it can say no
