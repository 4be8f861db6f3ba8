"""Open data in the field's standard: the catalogue as Open Referral HSDS 3.0 JSON.

HSDS has one string per text field, so each language of the site is its own dataset
(`data/hsds/LANG/`); a text missing in that language falls back to Finnish, as on the
pages. Ids are stable UUIDs (`hsds_common.hsds_id`); vocabularies, kinds and audiences are
taxonomies (`hsds_terms.py`).

There is one small function per HSDS object, each taking the model object it comes from:
a field the model gains later is one more line in one of them. Transitions, paths and the
few fields HSDS has no place for go in the Kennosto extension (`hsds_extension.py`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from kennosto.hsds_common import (  # noqa: F401 (hsds_id, NAMESPACE… are used from here)
    CURRENCY,
    FALLBACK,
    HSDS_VERSION,
    NAMESPACE,
    OPENAPI_URL,
    PROFILE_PATH,
    Dataset,
    clean,
    dump,
    hsds_id,
)
from kennosto.hsds_terms import (  # noqa: F401
    VOCABULARIES,
    attribute,
    service_attributes,
    taxonomy_files,
)
from kennosto.model import Catalogue, Contact, LangMap, Organization, Provision, Service, Source

# HSDS service status of each Kennosto state (HSDS: active, inactive, defunct,
# temporarily closed). The state itself is in the extension's records.
HSDS_STATUS = {"planned": "inactive", "ended": "defunct"}
# `last_action_type` of the metadata entries that carry an entry's sources.
SOURCE_ACTION = "source"


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
            "metadata": metadata(oid, "organization", org.sources),
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
    """The HSDS record of a service. The dataset's texts are made of the same parts
    (hsds_texts.py): the fields that are the same in every language once per export."""
    sid = hsds_id("service", item.slug)
    return clean(
        {
            **service_common(ds, sid, item),
            **service_language(ds, sid, item),
            "service_areas": [service_area(ds, sid, plan) for plan in area_plans(ds, sid, item)],
            "attributes": service_attributes(ds, sid, item),
        }
    )


def service_common(ds: Dataset, sid: str, item: Service) -> dict[str, Any]:
    """The fields of a service that are the same in every language (attributes and
    areas aside): nothing here may depend on `ds.lang`."""
    contact = item.contact or Contact()
    return {
        "id": sid,
        "organization_id": hsds_id("organization", item.provider) if item.provider else None,
        "url": contact.url,
        "email": contact.email,
        "status": status(item),
        "minimum_age": item.age_min,
        "maximum_age": item.age_max,
        "assured_date": item.reviewed,
        "phones": phones(ds, sid, contact),
        "metadata": metadata(sid, "service", item.sources),
    }


def service_language(ds: Dataset, sid: str, item: Service) -> dict[str, Any]:
    """The fields of a service in `ds.lang` (attributes and areas aside)."""
    contact = item.contact or Contact()
    return {
        "name": ds.text(item.name),
        "description": description(ds, item.summary, item.description),
        "alert": ds.text(item.status.note) if item.status else None,
        "application_process": ds.text(item.how_to_apply),
        "fees_description": ds.text(item.cost_note),
        "eligibility_description": ds.text(item.eligibility),
        "schedules": [] if contact.address else schedules(ds, sid, contact),
        "service_at_locations": service_at_locations(ds, sid, contact),
        "languages": languages(ds, sid, item),
        "cost_options": cost_options(ds, sid, item),
        "required_documents": required_documents(ds, sid, item),
    }


def description(ds: Dataset, summary: LangMap, long: LangMap | None) -> str:
    """HSDS has one description: the summary is its first paragraph (import splits it)."""
    first = ds.text(summary) or ""
    rest = ds.text(long)
    return f"{first}\n\n{rest}" if rest else first


def status(item: Service) -> str:
    """planned -> inactive, ended -> defunct, every other state (and none) -> active;
    the status note is the service's `alert`."""
    return HSDS_STATUS.get(item.status.state, "active") if item.status else "active"


def metadata(owner: str, resource_type: str, sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    """Each source as an HSDS metadata entry: `last_action_type` "source", the title as
    `updated_by` (where the facts come from), the address as `replacement_value` and the
    source's date as `last_action_date` (all required by HSDS: "" where unknown)."""
    return [
        {
            "id": hsds_id("metadata", owner, str(number)),
            "resource_id": owner,
            "resource_type": resource_type,
            "last_action_date": source.date or "",
            "last_action_type": SOURCE_ACTION,
            "field_name": "",
            "previous_value": "",
            "replacement_value": source.url or "",
            "updated_by": source.title,
        }
        for number, source in enumerate(sources, start=1)
    ]


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


class AreaPlan(NamedTuple):
    """A service area before its texts: its id, its municipality (None: the whole
    region) and the provider's note. The same in every language."""

    id: str
    slug: str | None
    note: LangMap | None


def area_plans(ds: Dataset, owner: str, item: Service) -> list[AreaPlan]:
    """Each provider's municipalities, one area each, with the provider's note as
    description; a provider without an area serves the whole region (an area named after
    `region`). The first provider's areas (and the entry's own `area`) have the ids of a
    one-provider service; the others' ids include the organization's slug."""
    providers = item.providers or (Provision(""),)  # an outcome may have no provider
    region = ds.catalogue.settings.region  # with a text in Finnish, which every language has
    plans = []
    for index, provision in enumerate(providers):
        key = (provision.organization,) if index else ()
        slugs = provision.area if index else tuple(dict.fromkeys(item.area + provision.area))
        plans += [
            AreaPlan(hsds_id("service_area", owner, *key, slug), slug, provision.note)
            for slug in slugs
        ]
        if not slugs and (region or provision.note):
            plans.append(AreaPlan(hsds_id("service_area", owner, *key), None, provision.note))
    return plans


def service_area(ds: Dataset, owner: str, plan: AreaPlan) -> dict[str, Any]:
    """An area in `ds.lang`, linked to its municipality's term (if the slug is one)."""
    slug, towns = plan.slug, ds.catalogue.settings.municipalities
    link = (
        [attribute(ds, owner, "municipalities", slug)] if slug is not None and slug in towns else []
    )
    return clean({**area_fields(ds, plan), "attributes": link})


def area_fields(ds: Dataset, plan: AreaPlan) -> dict[str, Any]:
    """An area's fields but its attributes: a municipality by name, or the region."""
    settings = ds.catalogue.settings
    if plan.slug is None:
        whole = ds.text(plan.note) or ds.ui("whole_region")
        return {"id": plan.id, "name": ds.text(settings.region), "description": whole}
    term = settings.municipalities.get(plan.slug)
    return {
        "id": plan.id,
        "name": ds.text(term.name) if term else plan.slug,
        "description": ds.text(plan.note),
    }


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


def index(catalogue: Catalogue) -> dict[str, Any]:
    """What HSDS's API root (`GET /`) says: the version, and the profile we extend with."""
    document = {"version": HSDS_VERSION, "openapi_url": OPENAPI_URL}
    if catalogue.settings.base_url:
        document["profile"] = catalogue.settings.base_url + PROFILE_PATH
    return document
