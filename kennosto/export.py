"""Open data: the whole catalogue as JSON and the services as CSV, written with the site.

Both are derived from the model only, sorted by slug and free of timestamps, so they are
as deterministic as the pages. The JSON keeps every language map whole; the CSV has one
column per language for names and summaries, which is what a spreadsheet user wants.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from kennosto.model import Catalogue, ReferralPath, Service

CSV_LIST_SEPARATOR = ";"


def catalogue_json(catalogue: Catalogue) -> str:
    settings = catalogue.settings
    document = {
        "title": settings.title,
        "languages": list(settings.languages),
        "region": settings.region,
        **({"license": _clean(asdict(settings.license))} if settings.license else {}),
        "vocabularies": {
            "categories": _terms(settings.categories),
            "target_groups": _terms(settings.target_groups),
            "municipalities": _terms(settings.municipalities),
            "referrers": _terms(settings.referrers),
            "methods": _terms(settings.methods),
        },
        "required_languages": list(settings.required_languages),
        "organizations": [_clean(asdict(o)) for o in catalogue.organizations.values()],
        "services": [_service(s) for s in catalogue.services.values()],
        "paths": [_path(p) for p in catalogue.paths.values()],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _terms(terms: dict[str, Any]) -> list[dict[str, Any]]:
    return [_clean(asdict(term)) for term in terms.values()]


def _service(service: Service) -> dict[str, Any]:
    data = _clean(asdict(service))
    for transition in data.get("transitions", []):
        transition.pop("source", None)
    return data


def _path(path: ReferralPath) -> dict[str, Any]:
    """Steps as the format writes them: `service`, or the alternatives as `any_of`."""
    data = _clean(asdict(path))
    for step, model in zip(data["steps"], path.steps, strict=True):
        if model.alternatives:
            del step["service"]
            step["any_of"] = step.pop("alternatives")
    return data


def _clean(value: Any) -> Any:
    """Drop empty fields so the JSON says only what the catalogue says."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v not in (None, (), [], {})}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


CSV_COLUMNS = (
    "slug",
    *(f"{field}_{lang}" for field in ("name", "summary") for lang in ("fi", "sv", "en")),
    "provider",
    "category",
    "target_groups",
    "area",
    "referrers",
    "age_min",
    "age_max",
    "free",
    "phone",
    "email",
    "url",
    "next_services",
    "reviewed",
    # Content model 2, appended so that existing columns keep their places.
    "kind",
    "status",
    "status_since",
    "status_until",
    "providers",
    "categories",
    "audience",
    *(f"keywords_{lang}" for lang in ("fi", "sv", "en")),
    "sources",
)


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…),
# =cmd|…, +, -, @ too; tab and CR hide the start). OWASP's advice for CSV injection:
# prefix such a cell with a single quote, and quote every cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Any) -> str:
    """A cell as text a spreadsheet shows and never evaluates: '=1+1 for =1+1."""
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def services_csv(catalogue: Catalogue) -> str:
    """One row per service. Every cell is quoted and formula-like cells are neutralised
    (see FORMULA_STARTS): the catalogue comes from many hands, the file is opened in Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for service in catalogue.services.values():
        writer.writerow([neutralise(cell) for cell in _row(service)])
    return buffer.getvalue()


def _row(service: Service) -> list[Any]:
    contact = service.contact
    join = CSV_LIST_SEPARATOR.join
    texts = [
        getattr(service, field).get(lang, "")
        for field in ("name", "summary")
        for lang in ("fi", "sv", "en")
    ]
    free = "" if service.cost_free is None else str(service.cost_free).lower()
    return [
        service.slug,
        *texts,
        service.provider or "",
        service.category or "",
        join(service.target_groups),
        join(service.area),
        join(service.referrers),
        "" if service.age_min is None else service.age_min,
        "" if service.age_max is None else service.age_max,
        free,
        contact.phone if contact and contact.phone else "",
        contact.email if contact and contact.email else "",
        contact.url if contact and contact.url else "",
        join(t.target for t in service.transitions),
        service.reviewed,
        *_model2_columns(service),
    ]


def _model2_columns(service: Service) -> list[Any]:
    """kind … sources. A provider with an area is written 'organization:area,area'."""
    join = CSV_LIST_SEPARATOR.join
    status = service.status
    providers = [
        p.organization + (":" + ",".join(p.area) if p.area else "") for p in service.providers
    ]
    return [
        service.kind,
        status.state if status else "",
        status.since or "" if status else "",
        status.until or "" if status else "",
        join(providers),
        join(service.categories),
        join(service.audience),
        *(join(service.keywords.get(lang, ())) for lang in ("fi", "sv", "en")),
        join(source.url or source.title for source in service.sources),
    ]
