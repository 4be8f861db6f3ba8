"""The HSDS datasets as JSON text: one per language, made of the records of hsds.py.

A 10,000-service catalogue makes some 30,000 files and 100 MB of JSON per language, and
the three languages differ only in their texts. So a service is taken apart once per
export into what every language shares (`Frame`: the ids, the fields that do not depend
on the language, the attributes' texts, the areas' plans), and then, per language, only
its texts are made; they are encoded with the shared fields in one call and the pieces
joined (kennosto.jsontext). Texts that many services share in a language (the nested
terms, the areas' names) are encoded once per language (`LanguageTexts`). The result is byte for byte
`hsds_common.dump(hsds.service(ds, item))`, with the nesting described in
`_service_texts` (a test compares the two).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from kennosto.hsds import (
    AreaPlan,
    area_fields,
    area_plans,
    index,
    organization,
    service_common,
    service_language,
)
from kennosto.hsds_common import Dataset, clean, dump, hsds_id
from kennosto.hsds_terms import link, service_links, taxonomy_files, term
from kennosto.jsontext import (
    Raw,
    array,
    array_text,
    encode,
    flat,
    gaps,
    string,
    variants,
)
from kennosto.memo import Memo, NoMemo, Unchanged
from kennosto.memo import text as file_text
from kennosto.model import Catalogue, Organization, Service

# The frames of 10,000 services are a million objects, kept while the three languages are
# made: the build pauses the cyclic GC meanwhile (checking.gc_paused), whose passes over
# them cost 0.5 s. The many small parts are plain tuples (cheaper to make than NamedTuples).

# An attribute's text around its nested term, and the term's (vocabulary, slug): the same
# in every language. The keys sort so that `taxonomy_term` goes just before
# `taxonomy_term_id`, the last one: head + tail is the attribute with the term by id only.
Link = tuple[str, str, tuple[str, str]]  # (head, tail, (vocabulary, slug))
# An area's AreaPlan as a plain tuple, and the link to its municipality's term (if any).
Area = tuple[tuple[str, str | None, Any], Link | None]


class Frame(NamedTuple):
    """What a service's records are in every language, worked out once per export: the
    terms, attributes and areas encoded, the other common fields (`common`) merged into
    each language's record."""

    id: str
    common: dict[str, Any]  # hsds.service_common
    attributes: str  # the bulk list's attributes: terms by id only
    # The same with each term nested: the texts around the terms, and the terms.
    nested: tuple[str, ...]
    terms: tuple[tuple[str, str], ...]
    areas: tuple[Area, ...]


class Frames(dict[str, Frame]):
    """The frames of one export's services (by slug), shared by its languages."""

    def of(self, ds: Dataset, item: Service) -> Frame:
        found = self.get(item.slug)
        if found is None:
            found = self[item.slug] = _frame(ds, item)
        return found


def _frame(ds: Dataset, item: Service) -> Frame:
    sid = hsds_id("service", item.slug)
    common = clean(service_common(ds, sid, item))
    links = tuple(_link(sid, vocabulary, slug) for vocabulary, slug in service_links(item))
    municipalities = ds.catalogue.settings.municipalities
    areas = tuple(
        (
            tuple(plan),
            _link(sid, "municipalities", plan.slug) if plan.slug in municipalities else None,
        )
        for plan in area_plans(ds, sid, item)
    )
    # A NUL where each term goes: JSON text has none (it writes \u0000).
    nested = array_text(f'{head}"taxonomy_term":\0,{tail}' for head, tail, _ in links)
    return Frame(
        sid,
        common,
        array_text(head + tail for head, tail, _ in links),
        tuple(nested.split("\0")),
        tuple(key for _, _, key in links),
        areas,  # type: ignore[arg-type]
    )


def _link(owner: str, vocabulary: str, slug: str) -> Link:
    """There are hundreds of thousands: written out, keys in order (hsds_terms.link's five;
    tests compare every record with json.dumps)."""
    fields = link(owner, vocabulary, slug)
    head = (
        f'{{"id":{string(fields["id"])},"link_entity":{string(fields["link_entity"])},'
        f'"link_id":{string(fields["link_id"])},"link_type":{string(fields["link_type"])},'
    )
    return head, f'"taxonomy_term_id":{string(fields["taxonomy_term_id"])}}}', (vocabulary, slug)


class LanguageTexts:
    """What many services share in one language, encoded once: the nested taxonomy terms
    (every service's own document nests the same few thousands of times), and each
    area's text but its attributes and id, which is the same for every service's area
    in the same municipality with the same note."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.terms: dict[tuple[str, str], str] = {}
        self.areas: dict[Any, list[str] | None] = {}

    def term(self, key: tuple[str, str]) -> str:
        """The taxonomy term (vocabulary, slug) as it is nested."""
        text = self.terms.get(key)
        if text is None:
            text = self.terms[key] = encode(term(self.ds, *key))
        return text

    def nest(self, link: Link) -> str:
        """The attribute with its term nested whole."""
        head, tail, key = link
        return f'{head}"taxonomy_term":{self.term(key)},{tail}'

    def attributes(self, frame: Frame) -> str:
        """The service's attributes with their terms nested whole."""
        parts = [frame.nested[0]]
        for key, after in zip(frame.terms, frame.nested[1:], strict=True):
            parts += [self.term(key), after]
        return "".join(parts)

    def area(self, plan: tuple[str, str | None, Any], link: Link | None) -> tuple[str, str]:
        """(the area with its term by id, with its term nested whole)."""
        ident, slug, note = plan
        key = (slug, tuple(note.items()) if note else None)
        pieces = self.areas.get(key, ())
        if pieces == ():
            fields = clean(area_fields(self.ds, AreaPlan(*plan)))
            del fields["id"]
            pieces = self.areas[key] = gaps(fields, ["attributes", "id"] if link else ["id"])
        if pieces is None:  # a text that looks like a hole (jsontext.gaps)
            return self._area(AreaPlan(*plan), link)
        if link is None:
            text = f"{pieces[0]}{string(ident)}{pieces[1]}"
            return text, text
        before, between, after = pieces[0], pieces[1] + string(ident), pieces[2]
        return (
            f"{before}[{link[0]}{link[1]}]{between}{after}",
            f"{before}[{self.nest(link)}]{between}{after}",
        )

    def _area(self, plan: AreaPlan, link: Link | None) -> tuple[str, str]:
        fields = clean(area_fields(self.ds, plan))
        if link is None:
            return flat(fields), flat(fields)
        short, full = variants(
            fields,
            [{"attributes": f"[{link[0]}{link[1]}]"}, {"attributes": f"[{self.nest(link)}]"}],
        )
        return short, full


def dataset_files(
    catalogue: Catalogue,
    lang: str,
    strings: dict[str, Any],
    memo: Memo | None = None,
    frames: Frames | None = None,
) -> Iterator[tuple[str, str]]:
    """(path under data/hsds/, JSON text) for one language's dataset. Pass the same
    `frames` to every language of an export: what they share is made once.

    Each record is encoded once (kennosto.jsontext) and its text reused in the bulk list
    and its own file; with the preview's `memo`, a record whose model objects did not
    change since the last build is not made again at all."""
    memo = memo or NoMemo()
    frames = Frames() if frames is None else frames
    ds = Dataset(catalogue, lang, strings)
    texts = LanguageTexts(ds)
    orgs = {
        slug: memo.get(("hsds-org", lang, slug), (org,), lambda org=org: _org_text(ds, org))
        for slug, org in catalogue.organizations.items()
    }
    # The memo keeps only the bulk list's records; a service's own document (three times
    # longer) is made again when its file is not known to be on disk already.
    whole: dict[str, Raw] = {}

    def both(item: Service) -> Raw:
        short, whole[item.slug] = _service_texts(ds, item, orgs, texts, frames.of(ds, item))
        return short

    services = [
        memo.get(
            ("hsds-service", lang, item.slug),
            (item, catalogue.organizations.get(item.provider or "")),
            lambda item=item: both(item),
        )
        for item in catalogue.services.values()
    ]
    taxonomies, taxonomy_terms = taxonomy_files(ds)
    yield f"{lang}/index.json", dump(index(catalogue))
    yield f"{lang}/organizations.json", array_text((text for text, _ in orgs.values()), "\n")
    yield f"{lang}/services.json", array_text((short for short, _ in services), "\n")
    yield f"{lang}/taxonomies.json", dump(taxonomies)
    yield f"{lang}/taxonomy_terms.json", dump(taxonomy_terms)
    for item, (_, known) in zip(catalogue.services.values(), services, strict=True):
        relpath = f"{lang}/services/{hsds_id('service', item.slug)}.json"
        full = whole.pop(item.slug, None)
        if full is None and known and memo.trusted:
            yield relpath, Unchanged()
            continue
        if full is None:
            full = _service_texts(ds, item, orgs, texts, frames.of(ds, item))[1]
        yield relpath, full + "\n"
    for slug, (record, known) in orgs.items():
        relpath = f"{lang}/organizations/{hsds_id('organization', slug)}.json"
        yield relpath, file_text(record + "\n", known, memo)


def _org_text(ds: Dataset, org: Organization) -> Raw:
    return Raw(encode(organization(ds, org)))


def _service_texts(
    ds: Dataset,
    item: Service,
    orgs: dict[str, tuple[Raw, bool]],
    texts: LanguageTexts,
    frame: Frame,
) -> tuple[Raw, Raw]:
    """(the record for the bulk list, the service's own document). The bulk list refers
    to terms by `taxonomy_term_id` (they are all in taxonomy_terms.json); the one-service
    document nests them whole, and its organization, as HSDS's `GET /services/{id}`
    does. This halves the size of the export."""
    record = {**frame.common, **clean(service_language(ds, frame.id, item))}
    bulk: dict[str, str] = {}
    whole: dict[str, str] = {}
    if frame.terms:
        bulk["attributes"] = frame.attributes
        whole["attributes"] = texts.attributes(frame)
    if frame.areas:
        areas = [texts.area(plan, link) for plan, link in frame.areas]
        bulk["service_areas"] = array(short for short, _ in areas)
        whole["service_areas"] = array(full for _, full in areas)
    if item.provider:
        whole["organization"] = orgs[item.provider][0]
    short, full = variants(record, [bulk, whole])
    return short, full
