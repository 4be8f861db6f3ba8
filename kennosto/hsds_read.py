"""HSDS import, part 1: read HSDS 3.0 JSON into checked records, or say exactly what is
wrong with it.

Accepted: a list of records, a paginated API response ({"contents": [...], ...}), one full
service or organization document (nested organizations and services are taken out), or a
folder of such files. A folder named fi, sv or en holds that language's dataset (the
layout `kennosto export hsds` writes); other files are in the `--lang` language. Our own
extension files (transitions, paths, records) are read too. Every record is validated
against the HSDS 3.0 schema of its kind before anything is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kennosto.errors import KennostoError
from kennosto.hsds import PROFILE_PATH
from kennosto.hsds_schemas import hsds_errors

LANGUAGES = ("fi", "sv", "en")
TERM_KEYS = ("taxonomy_id", "parent_id", "code", "taxonomy", "term_uri", "taxonomy_detail")
SERVICE_KEYS = ("status", "organization_id", "service_areas", "eligibility_description")


class ImportInputError(KennostoError):
    """The input is not HSDS we can read; nothing was written."""

    exit_code = 1

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Source:
    """Where a record came from, for messages: FILE: record N (id …)."""

    file: str
    number: int
    id: str

    def say(self, what: str) -> str:
        return f"import: {self.file}: record {self.number} (id {self.id}): {what}"


@dataclass
class Record:
    kind: str  # service, organization, taxonomy_term, taxonomy
    lang: str
    data: dict[str, Any]
    source: Source


@dataclass
class Input:
    """Everything read, before mapping: records by kind and the extension documents."""

    records: list[Record] = field(default_factory=list)
    extension: dict[str, Any] = field(default_factory=dict)  # transitions, paths, records
    base_url: str | None = None
    notes: list[str] = field(default_factory=list)

    def of(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]


def read_input(path: Path, lang: str) -> Input:
    """Read and check every file; raise ImportInputError listing every problem found."""
    if not path.exists():
        raise ImportInputError([f"import: {path}: no such file or folder"])
    files = sorted(p for p in path.rglob("*.json") if p.is_file()) if path.is_dir() else [path]
    base = path if path.is_dir() else path.parent
    found, problems = Input(), []
    for file in files:
        relpath = file.relative_to(base).as_posix() if path.is_dir() else file.name
        file_lang = next((part for part in file.relative_to(base).parts if part in LANGUAGES), lang)
        problems += _read_file(file, relpath, file_lang, found)
    if not files:
        problems.append(f"import: {path}: no .json files found")
    if problems:
        raise ImportInputError(problems)
    return found


def _read_file(file: Path, relpath: str, lang: str, found: Input) -> list[str]:
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return [f"import: {relpath}: not UTF-8 text"]
    except json.JSONDecodeError as exc:
        return [f"import: {relpath}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}"]
    except OSError as exc:
        return [f"import: {relpath}: cannot read: {exc.strerror}"]
    if isinstance(document, dict):
        if "$schema" in document:
            return []  # a schema published beside the data
        if "extension" in document and str(document["extension"]).startswith("kennosto/"):
            name = str(document["extension"]).removeprefix("kennosto/")
            found.extension[name] = document.get(name)
            return []
        if "openapi_url" in document and "id" not in document:
            profile = str(document.get("profile") or "")
            if profile.endswith(PROFILE_PATH):
                found.base_url = profile.removesuffix(PROFILE_PATH)
            return []
        if isinstance(document.get("contents"), list):
            document = document["contents"]
        else:
            document = [document]
    if not isinstance(document, list):
        return [f"import: {relpath}: expected a record, a list of records or a page of them"]
    problems: list[str] = []
    for number, item in enumerate(document, start=1):
        problems += _add_record(item, relpath, number, lang, file.stem, found)
    return problems


def _add_record(
    item: Any, relpath: str, number: int, lang: str, stem: str, found: Input
) -> list[str]:
    if not isinstance(item, dict):
        return [
            f"import: {relpath}: record {number}: expected an object, not {type(item).__name__}"
        ]
    source = Source(relpath, number, str(item.get("id", "?")))
    kind = record_kind(item, stem)
    item = dict(item)
    nested: list[tuple[str, dict[str, Any]]] = []
    if kind == "service" and isinstance(item.get("organization"), dict):
        nested.append(("organization", item.pop("organization")))
    if kind == "organization" and isinstance(item.get("services"), list):
        for service in item.pop("services"):
            if isinstance(service, dict):
                nested.append(("service", {"organization_id": item.get("id"), **service}))
    problems = [source.say(e) for e in hsds_errors(kind, item)]
    found.records.append(Record(kind, lang, item, source))
    for nested_kind, data in nested:
        inner = Source(relpath, number, str(data.get("id", "?")))
        problems += [inner.say(f"nested {nested_kind} {e}") for e in hsds_errors(nested_kind, data)]
        found.records.append(Record(nested_kind, lang, data, inner))
    return problems


def record_kind(item: dict[str, Any], stem: str) -> str:
    """HSDS records carry no type; tell them apart by the fields only one kind has."""
    if stem == "taxonomies":
        return "taxonomy"
    if any(key in item for key in SERVICE_KEYS):
        return "service"
    if stem == "taxonomy_terms" or any(key in item for key in TERM_KEYS):
        return "taxonomy_term"
    return "organization"
