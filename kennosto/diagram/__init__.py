"""The drawing engine: boxes and arrows -> deterministic, accessible SVG.

It knows nothing of catalogues. Callers describe what to draw with `DiagramNode` and
`DiagramEdge` and get SVG text back:

- `render_diagram` lays out a directed graph in layers (paths, maps) and draws it
  (`draw_diagram` also says where each box landed);
- `render_stacked` (`draw_stacked`: with where each box landed) draws labelled sections one below the other, each wrapped to a width
  (the catalogue map: categories as bands, growing downwards, not sideways);
- `render_columns` draws a node with its neighbours in a column either side, from boxes
  drawn once with `draw_node` (service neighbourhoods, thousands of pages).

The catalogue-aware code that decides what to draw lives beside the pages
(`kennosto.diagrams`, `kennosto.catalogue_map`).
"""

from kennosto.diagram.columns import render_columns
from kennosto.diagram.layered import Drawing, Span, draw_diagram, render_diagram
from kennosto.diagram.overlays import Band
from kennosto.diagram.stacked import Section, draw_stacked, render_stacked
from kennosto.diagram.svg import DiagramEdge, DiagramNode, DrawnNode, draw_node

__all__ = [
    "Band",
    "DiagramEdge",
    "Drawing",
    "DiagramNode",
    "DrawnNode",
    "Section",
    "Span",
    "draw_diagram",
    "draw_node",
    "render_columns",
    "render_diagram",
    "draw_stacked",
    "render_stacked",
]
