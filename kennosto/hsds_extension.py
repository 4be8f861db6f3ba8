"""The Kennosto extension of HSDS 3.0: what HSDS has no field for.

HSDS describes services one by one; a referral catalogue is also about the moves between
them. `data/hsds/extension/` holds, beside the per-language HSDS datasets:

- `transitions.json`: every transition (from service, to service, kind, when);
- `paths.json`: the referral paths and their steps;
- `records.json`: the slug behind each HSDS id, organisations' review dates and the legal
  basis of services, so an import gets back exactly what was exported;
- `extension.schema.json`: the JSON Schema of the three.

Texts here are language maps ({"fi": …, "sv": …}) rather than one dataset per language:
these files are ours, and one file per kind is easier to use. Ids are the same UUIDs as in
the HSDS datasets (`kennosto.hsds.hsds_id`), so the files join on `service_id`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kennosto.hsds import HSDS_VERSION, OPENAPI_URL, dump, hsds_id
from kennosto.model import Catalogue, Organization, Path, PathStep, Service, Transition
from kennosto.schemas import schema_text

EXTENSION_VERSION = "1"
SCHEMA_NAME = "hsds-extension.schema.json"
EXTENDS = {
    "standard": "Human Services Data Specification (Open Referral)",
    "version": HSDS_VERSION,
    "profile": "HSDS 3.0 base profile (no profile-specific changes)",
    "openapi_url": OPENAPI_URL,
}


def extension_files(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    """(path under data/hsds/, text) for the extension folder."""
    services = catalogue.services.values()
    yield (
        "extension/transitions.json",
        dump(_document("transitions", [transition(t) for s in services for t in s.transitions])),
    )
    yield (
        "extension/paths.json",
        dump(_document("paths", [path(p) for p in catalogue.paths.values()])),
    )
    records = {
        "organizations": [organization_record(o) for o in catalogue.organizations.values()],
        "services": [service_record(s) for s in services],
    }
    yield "extension/records.json", dump(_document("records", records))
    yield "extension/extension.schema.json", schema_text(SCHEMA_NAME)


def _document(name: str, content: Any) -> dict[str, Any]:
    return {
        "extension": f"kennosto/{name}",
        "version": EXTENSION_VERSION,
        "extends": EXTENDS,
        name: content,
    }


def _lang(value: dict[str, str] | None) -> dict[str, str] | None:
    return dict(value) if value else None


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None and v != []}


def transition(item: Transition) -> dict[str, Any]:
    """Content model 2 adds `by`, `method`, `documents` and `wait` here; kind comes from it."""
    return _clean(
        {
            "id": hsds_id("transition", item.source, item.target),
            "from_service_id": hsds_id("service", item.source),
            "to_service_id": hsds_id("service", item.target),
            "from": item.source,
            "to": item.target,
            "kind": "next",
            "when": _lang(item.when),
        }
    )


def path(item: Path) -> dict[str, Any]:
    return _clean(
        {
            "id": hsds_id("path", item.slug),
            "slug": item.slug,
            "name": _lang(item.name),
            "summary": _lang(item.summary),
            "description": _lang(item.description),
            "target_groups": list(item.target_groups),
            "reviewed": item.reviewed,
            "steps": [step(s) for s in item.steps],
        }
    )


def step(item: PathStep) -> dict[str, Any]:
    """Content model 2 adds `stage` and `any_of` here, and `alongside` to `path`."""
    return _clean(
        {
            "service_id": hsds_id("service", item.service),
            "service": item.service,
            "note": _lang(item.note),
        }
    )


def organization_record(item: Organization) -> dict[str, Any]:
    return _clean(
        {"id": hsds_id("organization", item.slug), "slug": item.slug, "reviewed": item.reviewed}
    )


def service_record(item: Service) -> dict[str, Any]:
    return _clean(
        {
            "id": hsds_id("service", item.slug),
            "slug": item.slug,
            "legal_basis": [_clean({"name": dict(b.name), "url": b.url}) for b in item.legal_basis],
        }
    )
