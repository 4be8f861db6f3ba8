"""Everything a build writes besides the pages, as one list the pipeline iterates over.

Pages are rendered in parallel workers (render_pages.py); every other output — the
content schemas, the open data (JSON, CSV, HSDS), the sitemap, robots.txt and the feeds —
is a generator of (path in the site, text) registered here. A new export is one more
entry in OUTPUTS, not another call wired into build().
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kennosto.graph import Graph
from kennosto.memo import Memo
from kennosto.model import Catalogue
from kennosto.open_data import data_files
from kennosto.schemas import SCHEMA_FILES, schema_text
from kennosto.webfeeds import web_files

Say = Callable[[str], None]
Files = Iterator[tuple[str, str]]


@dataclass(frozen=True)
class OutputContext:
    """What the outputs are made from."""

    catalogue: Catalogue
    graph: Graph
    strings: dict[str, Any]
    say: Say
    # The preview's record texts kept between builds (kennosto.memo); None: make all.
    memo: Memo | None = None


def _schemas(context: OutputContext) -> Files:
    for name in SCHEMA_FILES:
        yield f"schema/{name}", schema_text(name)


def _data(context: OutputContext) -> Files:
    for relpath, text in data_files(context.catalogue, context.strings, memo=context.memo):
        yield f"data/{relpath}", text


def _web(context: OutputContext) -> Files:
    yield from web_files(context.catalogue, context.graph, context.strings, context.say)


OUTPUTS: tuple[Callable[[OutputContext], Files], ...] = (_schemas, _data, _web)


def site_outputs(context: OutputContext) -> Files:
    """(path in the site, text) of every output besides the pages, in a fixed order. A
    text that is `kennosto.memo.Unchanged` is already on disk as it is (with a memo)."""
    for output in OUTPUTS:
        yield from output(context)
