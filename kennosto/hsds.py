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

from collections.abc import Iterator
from typing import Any

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
from kennosto.jsontext import Raw, array, encode, flat, string, variants
from kennosto.memo import Memo, NoMemo, Unchanged
from kennosto.memo import text as file_text
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
            "alert": ds.text(item.status.note) if item.status else None,
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
            "metadata": metadata(sid, "service", item.sources),
        }
    )


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


def service_areas(ds: Dataset, owner: str, item: Service) -> list[dict[str, Any]]:
    """Each provider's municipalities, one area each, with the provider's note as
    description; a provider without an area serves the whole region (an area named after
    `region`). The first provider's areas (and the entry's own `area`) have the ids of a
    one-provider service; the others' ids include the organization's slug."""
    providers = item.providers or (Provision(""),)  # an outcome may have no provider
    areas = []
    for index, provision in enumerate(providers):
        key = (provision.organization,) if index else ()
        slugs = provision.area if index else tuple(dict.fromkeys(item.area + provision.area))
        areas += provider_areas(ds, owner, key, slugs, provision.note)
    return areas


def provider_areas(
    ds: Dataset, owner: str, key: tuple[str, ...], slugs: tuple[str, ...], note: LangMap | None
) -> list[dict[str, Any]]:
    settings = ds.catalogue.settings
    if not slugs:
        region = ds.text(settings.region)
        if not region and not note:
            return []
        whole = ds.text(note) or ds.ui("whole_region")
        return [
            clean(
                {"id": hsds_id("service_area", owner, *key), "name": region, "description": whole}
            )
        ]
    areas = []
    for slug in slugs:
        term = settings.municipalities.get(slug)
        areas.append(
            clean(
                {
                    "id": hsds_id("service_area", owner, *key, slug),
                    "name": ds.text(term.name) if term else slug,
                    "description": ds.text(note),
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


# --- the files ---------------------------------------------------------------------------


def dataset_files(
    catalogue: Catalogue, lang: str, strings: dict[str, Any], memo: Memo | None = None
) -> Iterator[tuple[str, str]]:
    """(path under data/hsds/, JSON text) for one language's dataset.

    Each record is encoded once (kennosto.jsontext) and its text reused in the bulk list
    and its own file; with the preview's `memo`, a record whose model objects did not
    change since the last build is not made again at all."""
    memo = memo or NoMemo()
    ds = Dataset(catalogue, lang, strings)
    texts = _TermTexts()
    orgs = {
        slug: memo.get(("hsds-org", lang, slug), (org,), lambda org=org: _org_text(ds, org))
        for slug, org in catalogue.organizations.items()
    }
    # The memo keeps only the bulk list's records; a service's own document (three times
    # longer) is made again when its file is not known to be on disk already.
    whole: dict[str, Raw] = {}

    def both(item: Service) -> Raw:
        short, whole[item.slug] = _service_texts(ds, item, orgs, texts)
        return short

    services = [
        memo.get(
            ("hsds-service", lang, item.slug),
            (item, catalogue.organizations.get(item.provider or "")),
            lambda item=item: both(item),
        )
        for item in catalogue.services.values()
    ]
    taxonomies, terms = taxonomy_files(ds)
    yield f"{lang}/index.json", dump(index(catalogue))
    yield f"{lang}/organizations.json", array(text for text, _ in orgs.values()) + "\n"
    yield f"{lang}/services.json", array(short for short, _ in services) + "\n"
    yield f"{lang}/taxonomies.json", dump(taxonomies)
    yield f"{lang}/taxonomy_terms.json", dump(terms)
    for item, (_, known) in zip(catalogue.services.values(), services, strict=True):
        relpath = f"{lang}/services/{hsds_id('service', item.slug)}.json"
        full = whole.pop(item.slug, None)
        if full is None and known and memo.trusted:
            yield relpath, Unchanged()
            continue
        if full is None:
            full = _service_texts(ds, item, orgs, texts)[1]
        yield relpath, full + "\n"
    for slug, (record, known) in orgs.items():
        relpath = f"{lang}/organizations/{hsds_id('organization', slug)}.json"
        yield relpath, file_text(record + "\n", known, memo)


def _org_text(ds: Dataset, org: Organization) -> Raw:
    return Raw(encode(organization(ds, org)))


class _TermTexts(dict[str, Raw]):
    """The text of each nested taxonomy term (by id), encoded once per dataset: every
    service's own document nests the same few terms thousands of times."""

    def of(self, term: dict[str, Any]) -> Raw:
        found = self.get(term["id"])
        if found is None:
            found = self[term["id"]] = Raw(encode(term))
        return found


def _service_texts(
    ds: Dataset, item: Service, orgs: dict[str, tuple[Raw, bool]], texts: _TermTexts
) -> tuple[Raw, Raw]:
    """(the record for the bulk list, the service's own document). The bulk list refers
    to terms by `taxonomy_term_id` (they are all in taxonomy_terms.json); the one-service
    document nests them whole, and its organization, as HSDS's `GET /services/{id}`
    does. This halves the size of the export."""
    record = service(ds, item)
    nested = {key: record.pop(key) for key in ("attributes", "service_areas") if key in record}
    bulk: dict[str, Raw] = {}
    whole: dict[str, Raw] = {}
    if "attributes" in nested:
        pairs = [_attribute(a, texts) for a in nested["attributes"]]
        bulk["attributes"] = array(short for short, _ in pairs)
        whole["attributes"] = array(full for _, full in pairs)
    if "service_areas" in nested:
        pairs = [_area(a, texts) for a in nested["service_areas"]]
        bulk["service_areas"] = array(short for short, _ in pairs)
        whole["service_areas"] = array(full for _, full in pairs)
    if item.provider:
        whole["organization"] = orgs[item.provider][0]
    short, full = variants(record, [bulk, whole])
    return short, full


_ATTRIBUTE_KEYS = {"id", "link_entity", "link_id", "link_type", "taxonomy_term", "taxonomy_term_id"}


def _attribute(attribute: dict[str, Any], texts: _TermTexts) -> tuple[str, str]:
    """An attribute with its term by id only, and with the term nested whole. There are
    hundreds of thousands: the usual shape is written out (keys in sorted order)."""
    if attribute.keys() != _ATTRIBUTE_KEYS:
        items = {k: v for k, v in attribute.items() if k != "taxonomy_term"}
        if "taxonomy_term" not in attribute:
            return (text := flat(items)), text
        return flat(items), flat({**items, "taxonomy_term": texts.of(attribute["taxonomy_term"])})
    head = (
        f'{{"id":{string(attribute["id"])},"link_entity":{string(attribute["link_entity"])},'
        f'"link_id":{string(attribute["link_id"])},"link_type":{string(attribute["link_type"])},'
    )
    tail = f'"taxonomy_term_id":{string(attribute["taxonomy_term_id"])}}}'
    return head + tail, f'{head}"taxonomy_term":{texts.of(attribute["taxonomy_term"])},{tail}'


def _area(area: dict[str, Any], texts: _TermTexts) -> tuple[str, str]:
    if "attributes" not in area:
        return (text := flat(area)), text
    pairs = [_attribute(a, texts) for a in area["attributes"]]
    short = flat({**area, "attributes": array(short for short, _ in pairs)})
    return short, flat({**area, "attributes": array(full for _, full in pairs)})


def index(catalogue: Catalogue) -> dict[str, Any]:
    """What HSDS's API root (`GET /`) says: the version, and the profile we extend with."""
    document = {"version": HSDS_VERSION, "openapi_url": OPENAPI_URL}
    if catalogue.settings.base_url:
        document["profile"] = catalogue.settings.base_url + PROFILE_PATH
    return document
