"""HSDS import, part 3: one HSDS entity (its records in each language) -> one YAML file.

One function per Kennosto file kind, the mirror of `hsds.py`: a field that export gains is
one more line here. Everything a record has that is not read here is reported by
`_unmapped`, so nothing is dropped silently.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

import yaml

from kennosto.hsds import VOCABULARIES, hsds_id
from kennosto.hsds_read import Record, Source

if TYPE_CHECKING:
    from kennosto.hsds_import import Group, _Plan


ORG_KINDS = ("wellbeing-region", "municipality", "employment-area", "state", "kela",
             "pension-provider", "education", "ngo", "company", "network", "other")  # fmt: skip
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{4,24}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_RE = re.compile(r"^https?://[^\s]+$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")
ORG_FIELDS = {"id", "name", "alternate_name", "description", "email", "website",
              "legal_status", "phones", "locations"}  # fmt: skip
SERVICE_FIELDS = {"id", "organization_id", "name", "description", "url", "email", "status",
                  "application_process", "fees_description", "eligibility_description",
                  "minimum_age", "maximum_age", "assured_date", "last_modified", "phones",
                  "schedules", "service_areas", "service_at_locations", "languages",
                  "cost_options", "required_documents", "attributes"}  # fmt: skip


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


class _Dumper(yaml.SafeDumper):
    """Multi-line text as YAML block scalars, which people can edit."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
# Dates are written plain (reviewed: 2026-11-01), as people write them; Kennosto's loader
# reads them back as ISO strings.
_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        _lang_order(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000
    )


def _lang_order(value: Any) -> Any:
    """Language maps in the usual order fi, sv, en (the extension's JSON sorts keys)."""
    if isinstance(value, dict):
        if value and set(value) <= {"fi", "sv", "en"}:
            return {k: value[k] for k in ("fi", "sv", "en") if k in value}
        return {k: _lang_order(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lang_order(v) for v in value]
    return value


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


def _checked(plan: _Plan, source: Source, what: str, value: Any, pattern: Any) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, str) and pattern.match(value.strip()):
        return value.strip()
    plan.notes.append(source.say(f"{what} '{value}' not mapped: not a valid {what}"))
    return None


def _contact(plan: _Plan, group: Group, web_key: str, location: Any) -> dict[str, Any]:
    record = group.get("fi") or next(iter(group.values()))
    data = record.data
    phone = _only_first(plan, record, "phones", data.get("phones") or [])
    contact = {
        "phone": _checked(plan, record.source, "phone", (phone or {}).get("number"), PHONE_RE),
        "email": _checked(plan, record.source, "email", data.get("email"), EMAIL_RE),
        "url": _checked(plan, record.source, "url", data.get(web_key), URL_RE),
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
    data: dict[str, Any] = {
        "name": plan.text(group, "name"),
        "short_name": plan.text(group, "alternate_name"),
        "kind": None,
        "description": plan.text(group, "description"),
        "contact": _contact(plan, group, "website", lambda d: (d.get("locations") or [None])[0]),
        "reviewed": plan.known["organization"].get(record.data["id"], {}).get("reviewed"),
    }
    status = record.data.get("legal_status")
    if status in ORG_KINDS:
        data["kind"] = status
    elif status:
        plan.notes.append(
            record.source.say(f"legal_status '{status}' not mapped (kinds: {', '.join(ORG_KINDS)})")
        )
    _unmapped(plan, group, ORG_FIELDS)
    return dump_yaml({k: v for k, v in data.items() if v})


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
    provider = plan.org_slug(d.get("organization_id"))
    if provider is None:
        where = "is neither in the input nor in the catalogue"
        plan.notes.append(
            source.say(f"not imported: its organization ({d.get('organization_id')}) {where}")
        )
        return None
    summary, description = _summary(plan, group)
    reviewed = str(d.get("assured_date") or d.get("last_modified") or "")[:10]
    if not DATE_RE.match(reviewed):
        reviewed = today()
        plan.notes.append(source.say(f"no assured_date: reviewed set to today ({reviewed})"))
    if d.get("status") != "active":
        plan.notes.append(
            source.say(f"status '{d.get('status')}' not mapped (Kennosto has no status yet)")
        )
    links = _links(plan, record)
    data: dict[str, Any] = {
        "name": plan.text(group, "name"),
        "summary": summary,
        "provider": provider,
        "reviewed": reviewed,
        "description": description,
        "category": (links["categories"] or [None])[0],
        "target_groups": links["target_groups"],
        "age": _age(plan, record),
        "eligibility": plan.text(group, "eligibility_description"),
        "how_to_apply": plan.text(group, "application_process"),
        "referrers": links["referrers"],
        "required_documents": plan.text(group, "required_documents", _documents),
        "cost": _cost(plan, group, record),
        "languages": _languages(plan, record),
        "area": _areas(plan, record),
        "contact": _contact(plan, group, "url", _service_location),
        "legal_basis": plan.known["service"].get(d["id"], {}).get("legal_basis"),
        "transitions": _transitions(plan, d["id"], source),
    }
    if len(links["categories"]) > 1:
        plan.notes.append(
            source.say(
                f"categories {links['categories'][1:]} not mapped (Kennosto has one category)"
            )
        )
    _unmapped(plan, group, SERVICE_FIELDS)
    return dump_yaml({k: v for k, v in data.items() if v not in (None, [], {})})


def _links(plan: _Plan, record: Record) -> dict[str, list[str]]:
    """Category, target group and referrer slugs from the record's attributes."""
    links: dict[str, list[str]] = {"categories": [], "target_groups": [], "referrers": []}
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


def _areas(plan: _Plan, record: Record) -> list[str]:
    slugs = []
    for area in record.data.get("service_areas") or []:
        if plan.is_region_area(area):
            continue  # the whole region: no `area`
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
    return slugs


def _transitions(plan: _Plan, service_id: str, source: Source) -> list[dict[str, Any]]:
    out = []
    for item in plan.found.extension.get("transitions") or []:
        if item.get("from_service_id") != service_id:
            continue
        target = plan.service_slug(item.get("to_service_id"))
        if target is None:
            plan.notes.append(
                source.say(f"transition to {item.get('to_service_id')} not mapped: no such service")
            )
            continue
        out.append({"to": target, **({"when": item["when"]} if item.get("when") else {})})
    return out


def path_yaml(plan: _Plan, item: dict[str, Any]) -> tuple[str, str] | None:
    steps = []
    for step in item.get("steps") or []:
        slug = plan.service_slug(step.get("service_id"))
        if slug is None:
            plan.notes.append(
                f"import: extension paths.json: path {item.get('slug')}: step {step.get('service_id')} is no imported service; path not imported"
            )
            return None
        steps.append({"service": slug, **({"note": step["note"]} if step.get("note") else {})})
    keys = ("name", "summary", "description", "target_groups")
    data = {k: item[k] for k in keys if item.get(k)}
    known = set((plan.settings or {}).get("target_groups") or plan.terms["target_groups"])
    for slug in [g for g in data.get("target_groups", []) if g not in known]:
        plan.notes.append(
            f"import: extension paths.json: path {item.get('slug')}: target group '{slug}' is not in kennosto.yaml; left out"
        )
        data["target_groups"] = [g for g in data["target_groups"] if g != slug]
    data = {
        **data,
        "steps": steps,
        **({"reviewed": item["reviewed"]} if item.get("reviewed") else {}),
    }
    return f"paths/{item['slug']}.yaml", dump_yaml(data)
