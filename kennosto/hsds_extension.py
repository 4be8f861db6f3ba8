"""The Kennosto extension of HSDS 3.0: what HSDS has no field for.

HSDS describes services one by one; a referral catalogue is also about the moves between
them. `data/hsds/extension/` holds, beside the per-language HSDS datasets:

- `transitions.json`: every transition (from service, to service, kind, when, by, method,
  documents, wait);
- `paths.json`: the referral paths: steps (one entry or alternatives), stages, the entries
  alongside, status and sources;
- `records.json`: the slug behind each HSDS id and what HSDS has no place for: the full
  status, keywords, providers after the first and legal basis of entries, organisations'
  review dates and status, and the organization a referrer is, so an import gets back
  exactly what was exported;
- `extension.schema.json`: the JSON Schema of the three.

Texts here are language maps ({"fi": …, "sv": …}) rather than one dataset per language:
these files are ours, and one file per kind is easier to use. Ids are the same UUIDs as in
the HSDS datasets (`kennosto.hsds.hsds_id`), so the files join on `service_id`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kennosto.hsds_common import HSDS_VERSION, OPENAPI_URL, hsds_id
from kennosto.jsontext import array, document, encode, flat
from kennosto.memo import Memo, NoMemo
from kennosto.model import (
    Alongside,
    Catalogue,
    Organization,
    PathStep,
    Provision,
    ReferralPath,
    Service,
    Source,
    Status,
    Term,
    Transition,
)
from kennosto.schemas import schema_text

EXTENSION_VERSION = "1"
SCHEMA_NAME = "hsds-extension.schema.json"
EXTENDS = {
    "standard": "Human Services Data Specification (Open Referral)",
    "version": HSDS_VERSION,
    "profile": "HSDS 3.0 base profile (no profile-specific changes)",
    "openapi_url": OPENAPI_URL,
}


def extension_files(catalogue: Catalogue, memo: Memo | None = None) -> Iterator[tuple[str, str]]:
    """(path under data/hsds/, text) for the extension folder. Each record is encoded
    alone and the texts joined (kennosto.jsontext), so the preview's `memo` keeps the
    records of unchanged entries."""
    memo = memo or NoMemo()
    services = catalogue.services

    def each(kind: str, entries: dict[str, Any], make: Callable[[Any], Any]) -> list[str]:
        return [
            memo.get(("hsds-ext", kind, slug), (entry,), lambda e=entry: encode(make(e)))[0]
            for slug, entry in entries.items()
        ]

    moves = each("transitions", services, lambda s: [transition(t) for t in s.transitions])
    yield (
        "extension/transitions.json",
        document(_document("transitions", array(text[1:-1] for text in moves if text != "[]"))),
    )
    paths = array(each("paths", catalogue.paths, path))
    yield "extension/paths.json", document(_document("paths", paths))
    records = {
        "organizations": array(each("organizations", catalogue.organizations, organization_record)),
        "services": array(each("services", services, service_record)),
        "terms": [
            term_record("referrers", t)
            for t in catalogue.settings.referrers.values()
            if t.organization
        ],
    }
    yield "extension/records.json", document(_document("records", flat(records)))
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


def _status(item: Status | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return _clean(
        {"state": item.state, "since": item.since, "until": item.until, "note": _lang(item.note)}
    )


def _sources(items: tuple[Source, ...]) -> list[dict[str, Any]]:
    return [_clean({"title": s.title, "url": s.url, "date": s.date}) for s in items]


def transition(item: Transition) -> dict[str, Any]:
    """`by` is a referrer's slug or "client"; referrer and method also by term id."""
    by_term = item.by and item.by != "client"
    return _clean(
        {
            "id": hsds_id("transition", item.source, item.target),
            "from_service_id": hsds_id("service", item.source),
            "to_service_id": hsds_id("service", item.target),
            "from": item.source,
            "to": item.target,
            "kind": item.kind,
            "when": _lang(item.when),
            "by": item.by,
            "by_term_id": hsds_id("term", "referrers", item.by) if by_term else None,
            "method": item.method,
            "method_term_id": hsds_id("term", "methods", item.method) if item.method else None,
            "documents": [dict(d) for d in item.documents],
            "wait": _lang(item.wait),
        }
    )


def path(item: ReferralPath) -> dict[str, Any]:
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
            "alongside": [alongside(a) for a in item.alongside],
            "status": _status(item.status),
            "sources": _sources(item.sources),
        }
    )


def step(item: PathStep) -> dict[str, Any]:
    """One entry (`service`), or alternatives (`any_of`, with their ids in the same order)."""
    if item.alternatives:
        chosen = {
            "any_of_service_ids": [hsds_id("service", s) for s in item.alternatives],
            "any_of": list(item.alternatives),
        }
    else:
        chosen = {"service_id": hsds_id("service", item.service), "service": item.service}
    return _clean({**chosen, "stage": _lang(item.stage), "note": _lang(item.note)})


def alongside(item: Alongside) -> dict[str, Any]:
    return _clean(
        {
            "service_id": hsds_id("service", item.service),
            "service": item.service,
            "from_step": item.from_step,
            "to_step": item.to_step,
            "note": _lang(item.note),
        }
    )


def organization_record(item: Organization) -> dict[str, Any]:
    return _clean(
        {
            "id": hsds_id("organization", item.slug),
            "slug": item.slug,
            "reviewed": item.reviewed,
            "status": _status(item.status),
        }
    )


def _provision(item: Provision) -> dict[str, Any]:
    return _clean(
        {
            "organization_id": hsds_id("organization", item.organization),
            "organization": item.organization,
            "area": list(item.area),
            "note": _lang(item.note),
        }
    )


def service_record(item: Service) -> dict[str, Any]:
    """The first provider is the HSDS `organization_id`; the others are here."""
    return _clean(
        {
            "id": hsds_id("service", item.slug),
            "slug": item.slug,
            "legal_basis": [_clean({"name": dict(b.name), "url": b.url}) for b in item.legal_basis],
            "status": _status(item.status),
            "keywords": {lang: list(words) for lang, words in item.keywords.items() if words}
            or None,
            "providers": [_provision(p) for p in item.providers[1:]],
        }
    )


def term_record(vocabulary: str, item: Term) -> dict[str, Any]:
    """A referrer that is an organization (HSDS terms have no field for it)."""
    return _clean(
        {
            "id": hsds_id("term", vocabulary, item.slug),
            "vocabulary": vocabulary,
            "slug": item.slug,
            "organization_id": hsds_id("organization", item.organization)
            if item.organization
            else None,
            "organization": item.organization,
        }
    )
