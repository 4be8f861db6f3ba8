"""Included folders: entries written once and shared by several catalogues.

National benefits, rehabilitation and pensions are the same in every region, so they
live in one folder (e.g. `national/`) that each catalogue names in its `kennosto.yaml`:
`include: [../national]`. An included folder has the same layout as a
catalogue (`organizations/`, `services/`, `paths/`) and may have a `kennosto.yaml` whose
vocabularies (categories, target groups, municipalities, referrers, methods) are added
to the including catalogue's. What the catalogue writes itself wins: an entry or a
vocabulary term with the same slug replaces the included one, on purpose. The same slug
in two included folders is an error at both files.

This is part of the load stage: loading reads the included files and keeps the
positions of their problems, relative to the catalogue root (`../national/…`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kennosto.errors import Diagnostic, error, warning
from kennosto.load import (
    KINDS,
    SETTINGS_FILE,
    Document,
    LoadCache,
    Loaded,
    find_node,
    load_document,
    load_folder,
    position,
)

VOCABULARIES = ("categories", "target_groups", "municipalities", "referrers", "methods")


def add_includes(loaded: Loaded, parallel_threshold: int, cache: LoadCache | None = None) -> None:
    """Load the folders the settings name and merge their entries into `loaded`."""
    settings = loaded.settings
    if settings is None or "include" not in settings.data:
        return
    folders = _include_folders(loaded.root, settings, loaded.diagnostics)
    own = {(d.kind, d.slug) for d in loaded.documents}
    taken: dict[tuple[str, str], Document] = {}
    for folder in folders:
        extra = _load_included(loaded.root, folder, loaded, parallel_threshold, cache)
        for document in extra:
            key = (document.kind, document.slug)
            if key in own:
                continue  # the catalogue's own entry replaces the included one
            if key in taken:
                _report_clash(taken[key], document, loaded.diagnostics)
                continue
            taken[key] = document
    loaded.documents.extend(taken.values())


def _include_folders(root: Path, settings: Document, out: list[Diagnostic]) -> list[Path]:
    value = settings.data.get("include")
    if not isinstance(value, list):
        return []  # the schema reports the wrong type
    folders: list[Path] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            continue
        folder = (root / item).resolve()
        problem = None
        if not folder.is_dir():
            problem = f"include: folder '{item}' not found (relative to the catalogue root)"
        elif folder == root.resolve():
            problem = "include: a catalogue cannot include itself"
        elif folder in folders:
            problem = f"include: '{item}' is listed twice"
        if problem:
            _, node = find_node(settings.node, ["include", i])
            line, col = position(node) if node is not None else (1, 1)
            out.append(error(settings.relpath, line, col, problem))
        else:
            folders.append(folder)
    return folders


def _load_included(
    root: Path, folder: Path, loaded: Loaded, threshold: int, cache: LoadCache | None
) -> list[Document]:
    documents: list[Document] = []
    prefix = Path(os.path.relpath(folder, root.resolve()))
    found: list[Diagnostic] = []
    settings_path = folder / SETTINGS_FILE
    settings = None
    if settings_path.is_file():
        settings = load_document(folder, settings_path, "settings", found)
        if settings is not None:
            _only_vocabularies(settings, found)
    for subfolder, kind in KINDS.items():
        documents.extend(load_folder(folder, subfolder, kind, found, threshold, cache))
    for document in [*documents, *([settings] if settings else [])]:
        document.relpath = (prefix / document.relpath).as_posix()
    if settings is not None:
        loaded.included_settings.append(settings)
    loaded.diagnostics.extend(_relocated(found, prefix))
    return documents


def _relocated(diagnostics: list[Diagnostic], prefix: Path) -> list[Diagnostic]:
    """Problems found in an included folder, with paths from the catalogue root."""
    return [
        Diagnostic((prefix / d.path).as_posix(), d.line, d.col, d.severity, d.message)
        for d in diagnostics
    ]


def _only_vocabularies(document: Document, out: list[Diagnostic]) -> None:
    for key in document.data:
        if key not in VOCABULARIES:
            key_node, _ = find_node(document.node, [key])
            line, col = position(key_node) if key_node is not None else (1, 1)
            message = (
                f"'{key}' is not read from an included folder's {SETTINGS_FILE}; "
                f"only its vocabularies ({', '.join(VOCABULARIES)}) are"
            )
            out.append(warning(document.relpath, line, col, message))


def _report_clash(first: Document, second: Document, out: list[Diagnostic]) -> None:
    what = f"{first.kind} '{first.slug}'"
    out.append(error(first.relpath, 1, 1, f"{what} is also in {second.relpath}; keep one"))
    out.append(error(second.relpath, 1, 1, f"{what} is also in {first.relpath}; keep one"))


def effective_settings(loaded: Loaded) -> dict[str, Any]:
    """The catalogue's settings with the included vocabularies added under its own."""
    own = dict(loaded.settings.data) if loaded.settings is not None else {}
    if not loaded.included_settings:
        return own
    for key in VOCABULARIES:
        # The catalogue's own terms first, in its order (lists and maps follow it), then
        # the included terms it does not define itself.
        mine = own.get(key)
        merged: dict[str, Any] = dict(mine) if isinstance(mine, dict) else {}
        for document in loaded.included_settings:
            value = document.data.get(key)
            if isinstance(value, dict):
                for slug, term in value.items():
                    merged.setdefault(slug, term)
        if merged:
            own[key] = merged
    return own
