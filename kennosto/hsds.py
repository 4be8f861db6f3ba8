"""Open data in the field's standard: the catalogue as Open Referral HSDS 3.0 JSON.

HSDS has one string per text field, so each language of the site is its own dataset
(`data/hsds/LANG/`); a text missing in that language falls back to Finnish, as on the
pages. Identifiers are UUIDv5 of "KIND/SLUG" in the fixed `NAMESPACE` below, so the same
catalogue always exports the same ids, in every language, on every machine.

There is one small function per HSDS object, each taking the model object it comes from:
a field the model gains later is one more line in one of them. Transitions, paths and the
few fields HSDS has no place for go in the Kennosto extension (`hsds_extension.py`).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kennosto.model import Catalogue, Contact, LangMap, Organization, Service, Term

# uuid5(NAMESPACE_URL, "https://kennosto.fi/ns/hsds"); never change it: every id depends on it.
NAMESPACE = uuid.UUID("54b702e1-fe88-5696-8569-a4631eca7bde")
_NAMESPACE_BYTES = NAMESPACE.bytes
HSDS_VERSION = "3.0"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
FALLBACK = "fi"
# The profile URL in index.json: the schema of the extension, which describes it.
PROFILE_PATH = "data/hsds/extension/extension.schema.json"
CURRENCY = "EUR"

# The vocabularies of kennosto.yaml that become HSDS taxonomies, and the `link_type` of the
# attributes that tie a service to their terms. Content model 2 adds kinds and methods here.
VOCABULARIES = {
    "categories": "category",
    "target_groups": "target_group",
    "municipalities": "service_area",
    "referrers": "referrer",
}
# English names and descriptions of the taxonomies; the terms themselves are translated.
TAXONOMY_TEXT = {
    "categories": ("Categories", "The topics of the catalogue's services."),
    "target_groups": ("Target groups", "The client groups a service is meant for."),
    "municipalities": ("Municipalities", "The municipalities of the region."),
    "referrers": ("Referrers", "Who may refer a client to a service."),
}


@lru_cache(maxsize=1 << 18)
def hsds_id(kind: str, *slugs: str) -> str:
    """The stable UUID of a record: uuid5(NAMESPACE, "kind/slug[/slug…]").

    The same as `str(uuid.uuid5(NAMESPACE, name))` (a test says so), written out because
    a 10,000-service export asks for a million ids and uuid.UUID objects made it 4x
    slower; cached because every language asks for the same ones."""
    name = "/".join((kind, *slugs)).encode("utf-8")
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(frozen=True)
class Dataset:
    """One language's view of the catalogue: texts are plain strings in `lang`."""

    catalogue: Catalogue
    lang: str
    strings: dict[str, Any]
    terms: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict, compare=False)

    def text(self, value: LangMap | None) -> str | None:
        if not value:
            return None
        return value.get(self.lang) or value[FALLBACK]

    def ui(self, key: str) -> str:
        entry = self.strings[key]
        return entry.get(self.lang) or entry[FALLBACK]


def clean(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out what the catalogue does not say (HSDS fields are optional unless required)."""
    return {k: v for k, v in record.items() if v is not None and v != [] and v != {}}


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


# --- taxonomies --------------------------------------------------------------------------


def taxonomy(ds: Dataset, vocabulary: str) -> dict[str, Any]:
    name, description = TAXONOMY_TEXT[vocabulary]
    return {
        "id": hsds_id("taxonomy", vocabulary),
        "name": f"Kennosto {name.lower()}",
        "description": description,
        "version": "1",
    }


def taxonomy_term(ds: Dataset, vocabulary: str, term: Term) -> dict[str, Any]:
    name = ds.text(term.name)
    return clean(
        {
            "id": hsds_id("term", vocabulary, term.slug),
            "code": term.slug,
            "name": name,
            # HSDS requires a description; the name is the best we have without one.
            "description": ds.text(term.description) or name,
            "taxonomy": vocabulary,
            "taxonomy_id": hsds_id("taxonomy", vocabulary),
            "language": ds.lang,
        }
    )


def attribute(ds: Dataset, owner: str, vocabulary: str, slug: str) -> dict[str, Any]:
    """A link from a record (`owner` id) to a vocabulary term, the term nested whole."""
    nested = ds.terms.get((vocabulary, slug))
    if nested is None:
        term = getattr(ds.catalogue.settings, vocabulary).get(slug) or Term(slug, {FALLBACK: slug})
        nested = ds.terms[(vocabulary, slug)] = taxonomy_term(ds, vocabulary, term)
    return {
        "id": hsds_id("attribute", owner, vocabulary, slug),
        "link_id": owner,
        "link_type": VOCABULARIES[vocabulary],
        "link_entity": "service",
        "taxonomy_term_id": nested["id"],
        "taxonomy_term": nested,
    }


# --- organizations -----------------------------------------------------------------------


def organization(ds: Dataset, org: Organization) -> dict[str, Any]:
    oid = hsds_id("organization", org.slug)
    contact = org.contact or Contact()
    return clean(
        {
            "id": oid,
            "name": ds.text(org.name),
            "alternate_name": ds.text(org.short_name),
            "description": ds.text(org.description) or "",  # required by HSDS
            "email": contact.email,
            "website": contact.url,
            "legal_status": org.kind,
            "phones": phones(ds, oid, contact),
            "locations": locations(ds, oid, contact),
        }
    )


def locations(ds: Dataset, owner: str, contact: Contact) -> list[dict[str, Any]]:
    """The street address as a physical location; HSDS's structured address needs parts
    (postal code, city…) that a free-text address does not reliably have."""
    if not contact.address and not contact.opening_hours:
        return []
    lid = hsds_id("location", owner)
    return [
        clean(
            {
                "id": lid,
                "location_type": "physical",
                "name": ds.text(contact.address),
                "schedules": schedules(ds, lid, contact),
            }
        )
    ]


# --- services ----------------------------------------------------------------------------


def service(ds: Dataset, item: Service) -> dict[str, Any]:
    sid = hsds_id("service", item.slug)
    contact = item.contact or Contact()
    return clean(
        {
            "id": sid,
            "organization_id": hsds_id("organization", item.provider) if item.provider else None,
            "name": ds.text(item.name),
            "description": description(ds, item.summary, item.description),
            "url": contact.url,
            "email": contact.email,
            "status": status(item),
            "application_process": ds.text(item.how_to_apply),
            "fees_description": ds.text(item.cost_note),
            "eligibility_description": ds.text(item.eligibility),
            "minimum_age": item.age_min,
            "maximum_age": item.age_max,
            "assured_date": item.reviewed,
            "phones": phones(ds, sid, contact),
            "schedules": [] if contact.address else schedules(ds, sid, contact),
            "service_areas": service_areas(ds, sid, item),
            "service_at_locations": service_at_locations(ds, sid, contact),
            "languages": languages(ds, sid, item),
            "cost_options": cost_options(ds, sid, item),
            "required_documents": required_documents(ds, sid, item),
            "attributes": service_attributes(ds, sid, item),
        }
    )


def description(ds: Dataset, summary: LangMap, long: LangMap | None) -> str:
    """HSDS has one description: the summary is its first paragraph (import splits it)."""
    first = ds.text(summary) or ""
    rest = ds.text(long)
    return f"{first}\n\n{rest}" if rest else first


def status(item: Service) -> str:
    """Content model 2's status.state maps here (ended -> defunct, planned -> inactive)."""
    return "active"


def phones(ds: Dataset, owner: str, contact: Contact) -> list[dict[str, Any]]:
    if not contact.phone:
        return []
    return [{"id": hsds_id("phone", owner), "number": contact.phone}]


def schedules(ds: Dataset, owner: str, contact: Contact) -> list[dict[str, Any]]:
    """Opening hours are free text in Kennosto: HSDS's schedule `description`."""
    if not contact.opening_hours:
        return []
    return [{"id": hsds_id("schedule", owner), "description": ds.text(contact.opening_hours)}]


def service_at_locations(ds: Dataset, owner: str, contact: Contact) -> list[dict[str, Any]]:
    found = locations(ds, owner, contact)
    if not found:
        return []
    return [{"id": hsds_id("service_at_location", owner), "location": found[0]}]


def service_areas(ds: Dataset, owner: str, item: Service) -> list[dict[str, Any]]:
    """One area per municipality of `area`; none given means the whole region."""
    settings = ds.catalogue.settings
    if not item.area:
        region = ds.text(settings.region)
        if not region:
            return []
        whole = ds.ui("whole_region")
        return [{"id": hsds_id("service_area", owner), "name": region, "description": whole}]
    areas = []
    for slug in item.area:
        term = settings.municipalities.get(slug)
        areas.append(
            clean(
                {
                    "id": hsds_id("service_area", owner, slug),
                    "name": ds.text(term.name) if term else slug,
                    "attributes": [attribute(ds, owner, "municipalities", slug)] if term else [],
                }
            )
        )
    return areas


def languages(ds: Dataset, owner: str, item: Service) -> list[dict[str, Any]]:
    names = ds.strings.get("service_languages", {}).get(ds.lang, {})
    return [
        clean({"id": hsds_id("language", owner, code), "code": code, "name": names.get(code)})
        for code in item.languages
    ]


def cost_options(ds: Dataset, owner: str, item: Service) -> list[dict[str, Any]]:
    """Free is an amount of 0 EUR; a fee without a known amount has no `amount`."""
    if item.cost_free is None:
        return []
    option = {"id": hsds_id("cost_option", owner), "currency": CURRENCY}
    if item.cost_free:
        return [{**option, "option": ds.ui("free"), "amount": 0}]
    return [{**option, "option": ds.ui("not_free")}]


def required_documents(ds: Dataset, owner: str, item: Service) -> list[dict[str, Any]]:
    text = ds.text(item.required_documents)
    return [{"id": hsds_id("required_document", owner), "document": text}] if text else []


def service_attributes(ds: Dataset, owner: str, item: Service) -> list[dict[str, Any]]:
    """Category, target groups and referrers as taxonomy terms (areas sit on the areas)."""
    links = [("categories", item.category)] if item.category else []
    links += [("target_groups", slug) for slug in item.target_groups]
    links += [("referrers", slug) for slug in item.referrers]
    return [attribute(ds, owner, vocabulary, slug) for vocabulary, slug in links]


# --- the files ---------------------------------------------------------------------------


def dataset_files(
    catalogue: Catalogue, lang: str, strings: dict[str, Any]
) -> Iterator[tuple[str, str]]:
    """(path under data/hsds/, JSON text) for one language's dataset."""
    ds = Dataset(catalogue, lang, strings)
    orgs = {slug: organization(ds, org) for slug, org in catalogue.organizations.items()}
    services = [service(ds, item) for item in catalogue.services.values()]
    settings = catalogue.settings
    vocabularies = [v for v in VOCABULARIES if getattr(settings, v)]
    terms = [
        taxonomy_term(ds, v, term) for v in vocabularies for term in getattr(settings, v).values()
    ]
    yield f"{lang}/index.json", dump(index(catalogue))
    yield f"{lang}/organizations.json", dump(list(orgs.values()))
    yield f"{lang}/services.json", dump([_without_nested_terms(s) for s in services])
    yield f"{lang}/taxonomies.json", dump([taxonomy(ds, v) for v in vocabularies])
    yield f"{lang}/taxonomy_terms.json", dump(terms)
    for item, record in zip(catalogue.services.values(), services, strict=True):
        full = {**record, "organization": orgs[item.provider]} if item.provider else record
        yield f"{lang}/services/{record['id']}.json", dump(full)
    for record in orgs.values():
        yield f"{lang}/organizations/{record['id']}.json", dump(record)


def _without_nested_terms(record: dict[str, Any]) -> dict[str, Any]:
    """The bulk list refers to terms by `taxonomy_term_id` (they are all in
    taxonomy_terms.json); the one-service documents nest them whole, as HSDS's
    `GET /services/{id}` does. This halves the size of the export."""

    def strip(attributes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in a.items() if k != "taxonomy_term"} for a in attributes]

    copy = {**record}
    if "attributes" in copy:
        copy["attributes"] = strip(copy["attributes"])
    if "service_areas" in copy:
        copy["service_areas"] = [
            {**area, "attributes": strip(area["attributes"])} if "attributes" in area else area
            for area in copy["service_areas"]
        ]
    return copy


def index(catalogue: Catalogue) -> dict[str, Any]:
    """What HSDS's API root (`GET /`) says: the version, and the profile we extend with."""
    document = {"version": HSDS_VERSION, "openapi_url": OPENAPI_URL}
    if catalogue.settings.base_url:
        document["profile"] = catalogue.settings.base_url + PROFILE_PATH
    return document
