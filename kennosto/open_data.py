"""Every open data file of a build, as one list: the pipeline (and `kennosto export`)
iterates over it instead of wiring each format into `build()`.

Paths are relative to the site's `data/` folder. Each format is a generator of
(path, text), so a format can be exported alone. The preview passes a `Memo`
(kennosto.memo), which keeps each record's text while its model objects are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kennosto.export import catalogue_json, services_csv
from kennosto.hsds_extension import extension_files
from kennosto.hsds_texts import Frames, dataset_files
from kennosto.memo import Memo
from kennosto.model import Catalogue
from kennosto.schemas import schema_text

DataFiles = Iterator[tuple[str, str]]
CATALOGUE_SCHEMA = "catalogue-data.schema.json"


def _json(catalogue: Catalogue, strings: dict[str, Any], memo: Memo | None) -> DataFiles:
    yield "catalogue.json", catalogue_json(catalogue, memo)
    yield "catalogue.schema.json", schema_text(CATALOGUE_SCHEMA)


def _csv(catalogue: Catalogue, strings: dict[str, Any], memo: Memo | None) -> DataFiles:
    yield "services.csv", services_csv(catalogue, memo)


def _hsds(catalogue: Catalogue, strings: dict[str, Any], memo: Memo | None) -> DataFiles:
    frames = Frames()  # what the languages' datasets share, made once
    for lang in catalogue.settings.languages:
        for relpath, text in dataset_files(catalogue, lang, strings, memo, frames):
            yield f"hsds/{relpath}", text
    for relpath, text in extension_files(catalogue, memo):
        yield f"hsds/{relpath}", text


FORMATS: dict[str, Callable[[Catalogue, dict[str, Any], Memo | None], DataFiles]] = {
    "json": _json,
    "csv": _csv,
    "hsds": _hsds,
}


def data_files(
    catalogue: Catalogue,
    strings: dict[str, Any],
    formats: tuple[str, ...] = tuple(FORMATS),
    memo: Memo | None = None,
) -> DataFiles:
    """(path under data/, text) of every file of the given formats, in a fixed order. A
    text may be `kennosto.memo.Unchanged`: the same as the last build's (with `memo`).
    Callers pause the cyclic collector meanwhile (checking.gc_paused)."""
    for name in formats:
        yield from FORMATS[name](catalogue, strings, memo)
