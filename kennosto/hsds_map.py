"""HSDS import, part 3: one HSDS entity (its records in each language) -> one YAML file.

One function per Kennosto file kind, the mirror of `hsds.py`: a field that export gains is
one more line here. Everything a record has that is not read here is reported by
`_unmapped`, so nothing is dropped silently.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from kennosto.hsds import VOCABULARIES, hsds_id
from kennosto.hsds_map_extension import sources_of, status_of, transitions_of
from kennosto.hsds_read import Record
from kennosto.hsds_yaml import (
    DATE_RE,
    EMAIL_RE,
    PHONE_RE,
    URL_RE,
    checked,
    dump_yaml,
    without_empty,
)

if TYPE_CHECKING:
    from kennosto.hsds_import import Group, _Plan


ORG_KINDS = ("wellbeing-region", "municipality", "employment-area", "state", "kela",
             "pension-provider", "education", "ngo", "company", "network", "other")  # fmt: skip
ORG_FIELDS = {"id", "name", "alternate_name", "description", "email", "website",
              "legal_status", "phones", "locations", "metadata"}  # fmt: skip
SERVICE_FIELDS = {"id", "organization_id", "name", "description", "url", "email", "status",
                  "alert", "application_process", "fees_description",
                  "eligibility_description", "minimum_age", "maximum_age", "assured_date",
                  "last_modified", "phones", "schedules", "service_areas",
                  "service_at_locations", "languages", "cost_options", "required_documents",
                  "attributes", "metadata"}  # fmt: skip
# The vocabularies a service's attributes link to (municipalities sit on its areas).
LINKED = ("kinds", "categories", "target_groups", "audiences", "referrers")


def today() -> str:
    return datetime.date.today().isoformat()


def vocabulary_of(term: dict[str, Any]) -> str | None:
    """Which of Kennosto's vocabularies an HSDS taxonomy term belongs to, if any."""
    for vocabulary in VOCABULARIES:
        if term.get("taxonomy") == vocabulary:
            return vocabulary
        if term.get("taxonomy_id") == hsds_id("taxonomy", vocabulary):
            return vocabulary
    return None


def _unmapped(plan: _Plan, group: Group, mapped: set[str]) -> None:
    for record in group.values():
        for key, value in record.data.items():
            if key not in mapped and value not in (None, "", [], {}):
                plan.notes.append(record.source.say(f"field {key} not mapped"))


def _only_first(plan: _Plan, record: Record, key: str, items: list[Any]) -> Any:
    """Kennosto keeps one phone, location or schedule; the others are reported."""
    if len(items) > 1:
        plan.notes.append(
            record.source.say(f"{key}[2..{len(items)}] not mapped (Kennosto keeps one)")
        )
    return items[0] if items else None


def _contact(plan: _Plan, group: Group, web_key: str, location: Any) -> dict[str, Any]:
    record = group.get("fi") or next(iter(group.values()))
    data = record.data
    phone = _only_first(plan, record, "phones", data.get("phones") or [])
    contact = {
        "phone": checked(plan, record.source, "phone", (phone or {}).get("number"), PHONE_RE),
        "email": checked(plan, record.source, "email", data.get("email"), EMAIL_RE),
        "url": checked(plan, record.source, "url", data.get(web_key), URL_RE),
        "address": plan.text(group, "address", lambda d: _address(location(d))),
        "opening_hours": plan.text(group, "schedules", lambda d: _hours(d, location(d))),
    }
    return {k: v for k, v in contact.items() if v}


def _address(location: dict[str, Any] | None) -> str | None:
    if not location:
        return None
    for address in location.get("addresses") or []:
        parts = [address.get("address_1"), address.get("postal_code"), address.get("city")]
        return ", ".join(p for p in parts if p)
    return location.get("name")


def _hours(data: dict[str, Any], location: dict[str, Any] | None) -> str | None:
    schedules = (data.get("schedules") or []) + ((location or {}).get("schedules") or [])
    return next((s.get("description") for s in schedules if s.get("description")), None)


def organization_yaml(plan: _Plan, group: Group) -> str:
    record = group.get("fi") or next(iter(group.values()))
    locations = record.data.get("locations") or []
    _only_first(plan, record, "locations", locations)
    known = plan.known["organization"].get(record.data["id"], {})
    data: dict[str, Any] = {
        "name": plan.text(group, "name"),
        "short_name": plan.text(group, "alternate_name"),
        "kind": None,
        "description": plan.text(group, "description"),
        "contact": _contact(plan, group, "website", lambda d: (d.get("locations") or [None])[0]),
        "reviewed": known.get("reviewed"),
        "status": status_of(plan, None, record, known),
        "sources": sources_of(plan, record),
    }
    status = record.data.get("legal_status")
    if status in ORG_KINDS:
        data["kind"] = status
    elif status:
        plan.notes.append(
            record.source.say(f"legal_status '{status}' not mapped (kinds: {', '.join(ORG_KINDS)})")
        )
    _unmapped(plan, group, ORG_FIELDS)
    return dump_yaml(without_empty(data))


def _summary(plan: _Plan, group: Group) -> tuple[dict[str, str], dict[str, str] | None]:
    """Kennosto's summary is the first paragraph of the HSDS description."""
    first = plan.text(group, "description", lambda d: (d.get("description") or "").split("\n\n")[0])
    rest = plan.text(
        group, "description", lambda d: (d.get("description") or "").partition("\n\n")[2]
    )
    if not first:
        source = next(iter(group.values())).source
        plan.notes.append(source.say("no description: the summary repeats the name"))
    return first or plan.text(group, "name") or {}, rest


def service_yaml(plan: _Plan, group: Group) -> str | None:
    record = group.get("fi") or next(iter(group.values()))
    d, source = record.data, record.source
    known = plan.known["service"].get(d["id"], {})
    links = _links(plan, record)
    kind = (links["kinds"] or ["service"])[0]
    providers = _providers(plan, group, record, known, kind)
    if providers is None:
        return None
    summary, description = _summary(plan, group)
    reviewed = str(d.get("assured_date") or d.get("last_modified") or "")[:10]
    if not DATE_RE.match(reviewed):
        reviewed = today()
        plan.notes.append(source.say(f"no assured_date: reviewed set to today ({reviewed})"))
    audience = links["audiences"]
    data: dict[str, Any] = {
        "kind": kind if kind != "service" else None,
        "name": plan.text(group, "name"),
        "summary": summary,
        **providers,
        "reviewed": reviewed,
        "status": status_of(plan, group, record, known),
        "description": description,
        "category": (links["categories"] or [None])[0],
        "categories": links["categories"][1:],
        "target_groups": links["target_groups"],
        "audience": audience if audience != ["clients", "professionals"] else None,
        "keywords": known.get("keywords"),
        "age": _age(plan, record),
        "eligibility": plan.text(group, "eligibility_description"),
        "how_to_apply": plan.text(group, "application_process"),
        "referrers": links["referrers"],
        "required_documents": plan.text(group, "required_documents", _documents),
        "cost": _cost(plan, group, record),
        "languages": _languages(plan, record),
        "contact": _contact(plan, group, "url", _service_location),
        "legal_basis": known.get("legal_basis"),
        "transitions": transitions_of(plan, d["id"], source),
        "sources": sources_of(plan, record),
    }
    _unmapped(plan, group, SERVICE_FIELDS)
    return dump_yaml(without_empty(data))


def _other_area_ids(service_id: str, others: list[dict[str, Any]]) -> set[str]:
    """The ids `hsds.area_plans` gives the areas of the providers after the first."""
    ids = set()
    for other in others:
        key = (service_id, str(other.get("organization")))
        areas = other.get("area") or []
        ids |= {hsds_id("service_area", *key, slug) for slug in areas}
        if not areas:
            ids.add(hsds_id("service_area", *key))
    return ids


def _providers(
    plan: _Plan, group: Group, record: Record, known: dict[str, Any], kind: str
) -> dict[str, Any] | None:
    """`provider` and `area`, or `providers` when there are several or one with a note:
    the first is the HSDS organization, with the areas not of the others (the extension
    lists those) and their description as its note. None: not importable (noted)."""
    d, source = record.data, record.source
    others = [p for p in known.get("providers") or [] if isinstance(p, dict)]
    skip = _other_area_ids(d["id"], others)
    area = _areas(plan, record, skip)
    note = plan.text(group, "service_areas", lambda data: _area_note(plan, data, skip))
    if d.get("organization_id") is None and kind == "outcome":
        return {"area": area}
    provider = plan.org_slug(d.get("organization_id"))
    if provider is None:
        where = "is neither in the input nor in the catalogue"
        plan.notes.append(
            source.say(f"not imported: its organization ({d.get('organization_id')}) {where}")
        )
        return None
    rest = []
    for other in others:
        slug = plan.org_slug(other.get("organization_id"))
        if slug is None:
            what = f"provider {other.get('organization')} not mapped: no such organization"
            plan.notes.append(source.say(what))
            continue
        keys = ("area", "note")
        rest.append(without_empty({"organization": slug, **{k: other.get(k) for k in keys}}))
    if not rest and not note:
        return {"provider": provider, "area": area}
    first = without_empty({"organization": provider, "area": area, "note": note})
    return {"providers": [first, *rest]}


def _area_note(plan: _Plan, data: dict[str, Any], skip: set[str]) -> str | None:
    """The first provider's note: the description of its areas (not "the whole region")."""
    for area in data.get("service_areas") or []:
        description = area.get("description")
        if area.get("id") not in skip and description and description not in plan.whole_region:
            return description
    return None


def _links(plan: _Plan, record: Record) -> dict[str, list[str]]:
    """Kind, category, target group, audience and referrer slugs from the attributes."""
    links: dict[str, list[str]] = {vocabulary: [] for vocabulary in LINKED}
    for attribute in _attributes(record.data):
        term_id = (attribute.get("taxonomy_term") or {}).get("id") or attribute.get(
            "taxonomy_term_id"
        )
        vocabulary = plan.term_vocabulary(term_id)
        if vocabulary not in links:
            what = f"attribute {attribute.get('id')} not mapped (term {term_id})"
            plan.notes.append(record.source.say(what))
            continue
        slug = plan.term_slug(vocabulary, term_id, record.source)
        if slug and slug not in links[vocabulary]:
            links[vocabulary].append(slug)
    return links


def _attributes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in data.get("attributes") or [] if isinstance(a, dict)]


def _service_location(data: dict[str, Any]) -> dict[str, Any] | None:
    first = (data.get("service_at_locations") or [None])[0]
    return first.get("location") if isinstance(first, dict) else None


def _age(plan: _Plan, record: Record) -> dict[str, int]:
    """HSDS ages are numbers; Kennosto's are whole years from 0 to 130."""
    age = {}
    for key, field in (("min", "minimum_age"), ("max", "maximum_age")):
        value = record.data.get(field)
        if isinstance(value, int | float) and 0 <= value <= 130 and value == int(value):
            age[key] = int(value)
        elif value is not None:
            plan.notes.append(record.source.say(f"{field} {value} not mapped: not 0–130 years"))
    return age


def _languages(plan: _Plan, record: Record) -> list[str]:
    codes = []
    for language in record.data.get("languages") or []:
        code = language.get("code")
        if isinstance(code, str) and re.fullmatch(r"[a-z]{2}", code):
            codes.append(code)
        else:
            what = language.get("name") or code
            plan.notes.append(record.source.say(f"language {what!r} not mapped: no ISO 639-1 code"))
    return list(dict.fromkeys(codes))


def _documents(data: dict[str, Any]) -> str | None:
    documents = [
        d.get("document") for d in data.get("required_documents") or [] if d.get("document")
    ]
    if len(documents) > 1:
        return "\n".join(f"- {d}" for d in documents)
    return documents[0] if documents else None


def _cost(plan: _Plan, group: Group, record: Record) -> dict[str, Any] | None:
    options = record.data.get("cost_options") or []
    note = plan.text(group, "fees_description")
    if not options:
        if note:
            plan.notes.append(
                record.source.say(
                    "fees_description not mapped: Kennosto needs to know whether the service is free"
                )
            )
        return None
    free = any(o.get("amount") == 0 for o in options)
    for option in options:
        if option.get("amount") not in (None, 0):
            amount = f"{option['amount']} {option.get('currency') or ''}".strip()
            plan.notes.append(
                record.source.say(f"cost amount {amount} not mapped (only free or not)")
            )
    return {"free": free, **({"note": note} if note else {})}


def _areas(plan: _Plan, record: Record, skip: set[str]) -> list[str]:
    slugs = []
    for area in record.data.get("service_areas") or []:
        if area.get("id") in skip or plan.is_region_area(area, record.data["id"]):
            continue  # another provider's, or the whole region: no `area`
        terms = _attributes(area)
        if terms:
            term = terms[0].get("taxonomy_term") or {}
            term_id = term.get("id") or terms[0].get("taxonomy_term_id")
            slug = plan.term_slug("municipalities", term_id, record.source)
        else:
            slug = plan.municipality_named(area.get("name"))
        if slug:
            slugs.append(slug)
        else:
            what = f"service area '{area.get('name')}' not mapped: no municipality of that name"
            plan.notes.append(record.source.say(what))
    # Several areas may name one municipality (two providers' areas read without the
    # extension, or foreign data): `area` lists each once.
    return list(dict.fromkeys(slugs))
