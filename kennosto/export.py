"""Open data: the whole catalogue as JSON and the services as CSV, written with the site.

Both are derived from the model only, sorted by slug and free of timestamps, so they are
as deterministic as the pages. The JSON keeps every language map whole; the CSV has one
column per language for names and summaries, which is what a spreadsheet user wants.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any

from kennosto.jsontext import Raw, array, document, encode
from kennosto.memo import Memo, NoMemo
from kennosto.model import Catalogue, ReferralPath, Service

CSV_LIST_SEPARATOR = ";"


def catalogue_json(catalogue: Catalogue, memo: Memo | None = None) -> str:
    """The whole catalogue as one JSON document. Each entry is encoded alone and the
    texts joined (kennosto.jsontext), so the preview's `memo` can keep the text of every
    entry that did not change."""
    memo = memo or NoMemo()
    settings = catalogue.settings
    content = {
        "title": settings.title,
        "languages": list(settings.languages),
        "region": settings.region,
        **({"license": _plain(settings.license)} if settings.license else {}),
        "vocabularies": {
            "categories": _terms(settings.categories),
            "target_groups": _terms(settings.target_groups),
            "municipalities": _terms(settings.municipalities),
            "referrers": _terms(settings.referrers),
            "methods": _terms(settings.methods),
        },
        "required_languages": list(settings.required_languages),
        "organizations": _entries(memo, "organization", catalogue.organizations, _plain),
        "services": _entries(memo, "service", catalogue.services, _service),
        "paths": _entries(memo, "path", catalogue.paths, _path),
    }
    return document(content)


def _entries(memo: Memo, kind: str, entries: dict[str, Any], convert: Callable[[Any], Any]) -> Raw:
    return array(
        memo.get(("json", kind, slug), (entry,), lambda e=entry: encode(convert(e)))[0]
        for slug, entry in entries.items()
    )


def _terms(terms: dict[str, Any]) -> list[dict[str, Any]]:
    return [_plain(term) for term in terms.values()]


def _service(service: Service) -> dict[str, Any]:
    data = _plain(service)
    for transition in data.get("transitions", []):
        transition.pop("source", None)
    return data


def _path(path: ReferralPath) -> dict[str, Any]:
    """Steps as the format writes them: `service`, or the alternatives as `any_of`."""
    data = _plain(path)
    for step, model in zip(data["steps"], path.steps, strict=True):
        if model.alternatives:
            del step["service"]
            step["any_of"] = step.pop("alternatives")
    return data


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    names = _FIELDS.get(cls, ())
    if names == ():
        names = _FIELDS[cls] = tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None
    return names


# Values that _plain returns as they are: most fields are.
_LEAVES = frozenset({str, int, float, bool})


def _plain(value: Any) -> Any:
    """A model object as JSON-ready data without its empty fields, so the JSON says only
    what the catalogue says: what `dataclasses.asdict` and then dropping None, empty
    lists and empty maps gave (a nested object is kept even when all its fields are
    empty), in one pass and four times faster; strings and numbers are taken as they
    are without another call."""
    names = _field_names(type(value))
    if names is not None:
        out = {}
        for name in names:
            item = getattr(value, name)
            if type(item) in _LEAVES:
                out[name] = item
            elif not _empty(item):
                out[name] = _plain(item)
        return out
    if isinstance(value, dict):
        return {
            k: v if type(v) in _LEAVES else _plain(v) for k, v in value.items() if not _empty(v)
        }
    if isinstance(value, list | tuple):
        return [v if type(v) in _LEAVES else _plain(v) for v in value]
    return value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, tuple | list | dict) and not value)


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


def services_csv(catalogue: Catalogue, memo: Memo | None = None) -> str:
    """One row per service. Every cell is quoted and formula-like cells are neutralised
    (see FORMULA_STARTS): the catalogue comes from many hands, the file is opened in Excel.
    The preview's `memo` keeps the row of each unchanged service."""
    memo = memo or NoMemo()
    rows = [_csv_line(CSV_COLUMNS)]
    for slug, service in catalogue.services.items():
        make = lambda s=service: _csv_line([neutralise(cell) for cell in _row(s)])  # noqa: E731
        rows.append(memo.get(("csv", slug), (service,), make)[0])
    return "".join(rows)


def _csv_line(cells: Any) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerow(cells)
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
