"""The transition graph for other tools: JSON, Graphviz DOT and Mermaid.

People who draw the catalogue in their own tools (Graphviz, Gephi, a wiki's Mermaid)
need the graph, not our pictures. The three formats carry the same nodes and edges; the
kinds are there so a tool can style them: a node's kind is the entry's `kind` (service,
team, role, plan, benefit, outcome), an edge's the transition's `kind` (next, alongside,
consult). DOT and Mermaid also draw them apart, as the site's diagrams do: an outcome with
round ends, an alongside transition dotted, a consultation dashed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kennosto.model import Catalogue, LangMap, ReferralPath, Service, Transition

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


# How DOT and Mermaid draw what is not a plain box or a plain arrow.
DOT_NODE = {"outcome": 'shape=box, style="rounded"'}
DOT_EDGE = {"alongside": "style=dotted", "consult": "style=dashed"}
MERMAID_NODE = {"outcome": ('(["', '"])')}
MERMAID_ARROW = {"alongside": "-.->", "consult": "-.->"}


def node_kind(service: Service) -> str:
    return service.kind


def edge_kind(transition: Transition) -> str:
    return transition.kind


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
        view.path = _path(item, lang)
        steps = [slug for step in item.steps for slug in step.services]
        chosen = list(dict.fromkeys([*steps, *(a.service for a in item.alongside)]))
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
                "state": service.status.state if service.status else None,
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
                        "by": transition.by,
                        "method": transition.method,
                    }
                )
    return view


def _path(item: ReferralPath, lang: str) -> dict[str, Any]:
    """The path's steps as in its file: one entry (`service`) or alternatives (`any_of`),
    with the stage each starts; the entries alongside with their steps."""
    steps = []
    for step in item.steps:
        chosen: dict[str, Any] = (
            {"any_of": list(step.alternatives)} if step.alternatives else {"service": step.service}
        )
        if step.stage:
            chosen["stage"] = _text(step.stage, lang)
        steps.append(chosen)
    alongside = [
        {"service": a.service, "from_step": a.from_step, "to_step": a.to_step}
        for a in item.alongside
    ]
    return {
        "slug": item.slug,
        "name": _text(item.name, lang),
        "steps": steps,
        "alongside": alongside,
    }


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
        shape = f", {DOT_NODE[node['kind']]}" if node["kind"] in DOT_NODE else ""
        lines.append(
            f"  {dot_quote(node['id'])} [label={dot_quote(node['label'])}, "
            f"class={dot_quote(node['kind'])}{shape}];"
        )
    for edge in view.edges:
        attributes = [f"class={dot_quote(edge['kind'])}"]
        if edge["kind"] in DOT_EDGE:
            attributes.append(DOT_EDGE[edge["kind"]])
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
        start, end = MERMAID_NODE.get(node["kind"], ('["', '"]'))
        label = mermaid_text(node["label"])
        lines.append(f"  {mermaid_id(node['id'])}{start}{label}{end}:::{node['kind']}")
    for edge in view.edges:
        arrow = MERMAID_ARROW.get(edge["kind"], "-->")
        lines.append(
            f"  {mermaid_id(edge['source'])} {arrow}|{edge['kind']}| {mermaid_id(edge['target'])}"
        )
    for kind in sorted({node["kind"] for node in view.nodes}):
        lines.append(f"  classDef {kind} stroke-width:1px")
    return "\n".join(lines) + "\n"


def render_graph(view: GraphView, form: str) -> str:
    return {"json": to_json, "dot": to_dot, "mermaid": to_mermaid}[form](view)
