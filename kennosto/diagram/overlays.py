"""What a layered diagram draws over and beside its layout: bands and spans.

- A band is a labelled stretch of layers (a path's stage): a light rectangle behind the
  boxes of those layers, its label in the gap above the first of them.
- A span is a box beside the layers it goes along (an entry that accompanies steps 2-4):
  as tall as those layers together, in a column of its own right of the drawing, with a
  dotted border, the same dots as an "alongside" line.

Both are placed after the layout from the layers' extents, so the layout engine knows
nothing of them. Top-to-bottom diagrams only (the paths'): a band across a left-to-right
flow would cut through its arrows.
"""

from __future__ import annotations

from dataclasses import dataclass

from kennosto.diagram.layout import Box, Layout

BAND_LABEL = 20.0  # room above a band's first layer for its label
BAND_PAD = 8.0
BAND_FILL = "#f1f3f6"
BAND_STROKE = "#8a9099"
SPAN_GAP = 24.0


@dataclass(frozen=True)
class Band:
    """Layers `first`..`last` (inclusive) under one label."""

    label: str
    first: int
    last: int


@dataclass(frozen=True)
class PlacedBand:
    label: str
    x: float
    y: float
    width: float
    height: float


def layer_extents(lay: Layout) -> dict[int, tuple[float, float]]:
    """Each layer's (top, bottom) in a top-to-bottom layout."""
    out: dict[int, tuple[float, float]] = {}
    for node_id, layer in lay.layers.items():
        b = lay.boxes[node_id]
        top, bottom = out.get(layer, (b.top, b.bottom))
        out[layer] = (min(top, b.top), max(bottom, b.bottom))
    return out


def _extent(extents: dict[int, tuple[float, float]], first: int, last: int) -> tuple[float, float]:
    inside = [extents[i] for i in range(first, last + 1) if i in extents]
    if not inside:
        return 0.0, 0.0
    return min(t for t, _ in inside), max(b for _, b in inside)


def place_bands(bands: list[Band], lay: Layout, x0: float, x1: float) -> list[PlacedBand]:
    """Bands across [x0, x1], from above their first layer to below their last."""
    extents = layer_extents(lay)
    out = []
    for band in bands:
        top, bottom = _extent(extents, band.first, band.last)
        y0, y1 = top - BAND_LABEL, bottom + BAND_PAD
        out.append(PlacedBand(band.label, x0, y0, x1 - x0, y1 - y0))
    return out


def place_span(
    lay: Layout, first: int, last: int, left: float, width: float, min_height: float, ident: str
) -> Box:
    """A span's box: left edge at `left`, as tall as layers first..last (at least
    `min_height`, the text's own height)."""
    top, bottom = _extent(layer_extents(lay), first, last)
    height = max(bottom - top, min_height)
    return Box(ident, left + width / 2, top + height / 2, width, height)
