"""The transition graph for other tools: JSON, Graphviz DOT and Mermaid.

People who draw the catalogue in their own tools (Graphviz, Gephi, a wiki's Mermaid)
need the graph, not our pictures. The three formats carry the same nodes and edges; the
kinds are there so a tool can style them (today every node is a `service` and every edge
`next`; Content model 2's `kind` fields replace `node_kind` and `edge_kind`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kennosto.model import Catalogue, LangMap, Service, Transition

FORMATS = ("json", "dot", "mermaid")
FALLBACK = "fi"


@dataclass
class GraphView:
    """The nodes and edges to print, with labels in one language."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    path: dict[str, Any] | None = None


class UnknownPath(ValueError):
    """--path names no path of the catalogue."""


def node_kind(service: Service) -> str:
    return "service"


def edge_kind(transition: Transition) -> str:
    return "next"


def _text(value: LangMap | None, lang: str) -> str:
    return (value.get(lang) or value[FALLBACK]) if value else ""


def graph_view(catalogue: Catalogue, lang: str = FALLBACK, path: str | None = None) -> GraphView:
    """All services and transitions, or one path's services and the transitions among them."""
    services = catalogue.services
    view = GraphView()
    if path is None:
        chosen = list(services)
    else:
        if path not in catalogue.paths:
            known = ", ".join(sorted(catalogue.paths)) or "none"
            raise UnknownPath(f"unknown path '{path}'; known: {known}")
        item = catalogue.paths[path]
        steps = [step.service for step in item.steps]
        chosen = list(dict.fromkeys(steps))
        view.path = {"slug": path, "name": _text(item.name, lang), "steps": steps}
    members = set(chosen)
    for slug in chosen:
        service = services[slug]
        view.nodes.append(
            {
                "id": slug,
                "label": _text(service.name, lang),
                "kind": node_kind(service),
                "provider": service.provider,
                "category": service.category,
            }
        )
        for transition in service.transitions:
            if transition.target in members:
                view.edges.append(
                    {
                        "source": slug,
                        "target": transition.target,
                        "kind": edge_kind(transition),
                        "when": _text(transition.when, lang) or None,
                    }
                )
    return view


def to_json(view: GraphView) -> str:
    document: dict[str, Any] = {"nodes": view.nodes, "edges": view.edges}
    if view.path:
        document["path"] = view.path
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def dot_quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as \\n."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


def to_dot(view: GraphView) -> str:
    lines = [
        "digraph kennosto {",
        '  graph [rankdir=LR, charset="UTF-8"];',
        "  node [shape=box];",
    ]
    for node in view.nodes:
        lines.append(
            f"  {dot_quote(node['id'])} [label={dot_quote(node['label'])}, "
            f"class={dot_quote(node['kind'])}];"
        )
    for edge in view.edges:
        attributes = [f"class={dot_quote(edge['kind'])}"]
        if edge["when"]:
            attributes.append(f"tooltip={dot_quote(edge['when'])}")
        lines.append(
            f"  {dot_quote(edge['source'])} -> {dot_quote(edge['target'])} "
            f"[{', '.join(attributes)}];"
        )
    return "\n".join([*lines, "}"]) + "\n"


def mermaid_id(slug: str) -> str:
    """Slugs are [a-z0-9-]; Mermaid ids are safest as [A-Za-z0-9_] with a letter first
    (and never a keyword such as `end`), so 's_' + the slug with '_' for '-'."""
    return "s_" + slug.replace("-", "_")


def mermaid_text(text: str) -> str:
    """Text inside Mermaid quotes: '#' starts an entity code, so it is escaped first."""
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return " ".join(text.split())


def to_mermaid(view: GraphView) -> str:
    lines = ["flowchart LR"]
    for node in view.nodes:
        lines.append(
            f'  {mermaid_id(node["id"])}["{mermaid_text(node["label"])}"]:::{node["kind"]}'
        )
    for edge in view.edges:
        lines.append(
            f"  {mermaid_id(edge['source'])} -->|{edge['kind']}| {mermaid_id(edge['target'])}"
        )
    for kind in sorted({node["kind"] for node in view.nodes}):
        lines.append(f"  classDef {kind} stroke-width:1px")
    return "\n".join(lines) + "\n"


def render_graph(view: GraphView, form: str) -> str:
    return {"json": to_json, "dot": to_dot, "mermaid": to_mermaid}[form](view)
