"""HSDS taxonomies: the vocabularies of kennosto.yaml, and the entry kinds and audiences
of the format, as taxonomies, taxonomy terms and the attributes that link a service to them.

A vocabulary term keeps its slug as `code` and its `parent` as `parent_id`. The kinds and
audiences are fixed by the format; their names come from the site's strings, so they are
translated like the rest of the interface. A term's `language` is the language its name is
really in: a name missing in Swedish falls back to Finnish and says `fi`, which is how an
import tells a translation from a fallback.
"""

from __future__ import annotations

from typing import Any

from kennosto.hsds_common import FALLBACK, Dataset, clean, hsds_id
from kennosto.model import AUDIENCES, KINDS, Service, Term

# Kennosto's vocabularies as HSDS taxonomies, each with the `link_type` of the attributes
# that tie a service to its terms (methods are used by transitions, in the extension).
VOCABULARIES = {
    "categories": "category",
    "target_groups": "target_group",
    "municipalities": "service_area",
    "referrers": "referrer",
    "methods": "method",
    "kinds": "kind",
    "audiences": "audience",
}
# Vocabularies the format fixes (not in kennosto.yaml): their slugs and the strings.yaml
# key of their names.
BUILTIN = {"kinds": (KINDS, "kind"), "audiences": (AUDIENCES, "audience")}
# English names and descriptions of the taxonomies; the terms themselves are translated.
TAXONOMY_TEXT = {
    "categories": ("Categories", "The topics of the catalogue's services."),
    "target_groups": ("Target groups", "The client groups a service is meant for."),
    "municipalities": ("Municipalities", "The municipalities of the region."),
    "referrers": ("Referrers", "Who may refer a client to a service."),
    "methods": ("Methods", "How a referral or a move between services is made."),
    "kinds": ("Kinds", "What an entry is: a service, team, role, plan, benefit or outcome."),
    "audiences": ("Audiences", "Whom an entry is for: clients, professionals or both."),
}


def vocabulary_terms(ds: Dataset, vocabulary: str) -> dict[str, Term]:
    """The terms of one vocabulary: from kennosto.yaml, or the format's own (kinds…)."""
    if vocabulary not in BUILTIN:
        return getattr(ds.catalogue.settings, vocabulary)
    slugs, key = BUILTIN[vocabulary]
    labels = ds.strings.get(key) or {}
    return {
        slug: Term(slug, {lang: names[slug] for lang, names in labels.items() if slug in names})
        for slug in slugs
    }


def taxonomy(ds: Dataset, vocabulary: str) -> dict[str, Any]:
    name, description = TAXONOMY_TEXT[vocabulary]
    return {
        "id": hsds_id("taxonomy", vocabulary),
        "name": f"Kennosto {name.lower()}",
        "description": description,
        "version": "1",
    }


def taxonomy_term(ds: Dataset, vocabulary: str, term: Term) -> dict[str, Any]:
    name = ds.text(term.name) or term.slug
    return clean(
        {
            "id": hsds_id("term", vocabulary, term.slug),
            "code": term.slug,
            "name": name,
            # HSDS requires a description; the name is the best we have without one.
            "description": ds.text(term.description) or name,
            "parent_id": hsds_id("term", vocabulary, term.parent) if term.parent else None,
            "taxonomy": vocabulary,
            "taxonomy_id": hsds_id("taxonomy", vocabulary),
            "language": ds.lang if term.name.get(ds.lang) else FALLBACK,
        }
    )


def attribute(ds: Dataset, owner: str, vocabulary: str, slug: str) -> dict[str, Any]:
    """A link from a record (`owner` id) to a vocabulary term, the term nested whole."""
    return {**link(owner, vocabulary, slug), "taxonomy_term": term(ds, vocabulary, slug)}


def link(owner: str, vocabulary: str, slug: str) -> dict[str, Any]:
    """An attribute without its nested term: the same in every language."""
    return {
        "id": hsds_id("attribute", owner, vocabulary, slug),
        "link_id": owner,
        "link_type": VOCABULARIES[vocabulary],
        "link_entity": "service",
        "taxonomy_term_id": hsds_id("term", vocabulary, slug),
    }


def term(ds: Dataset, vocabulary: str, slug: str) -> dict[str, Any]:
    """The taxonomy term of a slug (a slug not in the vocabulary names itself), made once
    per dataset: every service nests a few of the same terms."""
    found = ds.terms.get((vocabulary, slug))
    if found is None:
        known = vocabulary_terms(ds, vocabulary).get(slug) or Term(slug, {FALLBACK: slug})
        found = ds.terms[(vocabulary, slug)] = taxonomy_term(ds, vocabulary, known)
    return found


def service_links(item: Service) -> list[tuple[str, str]]:
    """(vocabulary, slug) of every term a service links to: kind, every category, target
    groups, audience and referrers (areas sit on the service areas). The order is the
    catalogue's: the first category is the one the map places the entry in."""
    links = [("kinds", item.kind)]
    links += [("categories", slug) for slug in item.categories]
    links += [("target_groups", slug) for slug in item.target_groups]
    links += [("audiences", slug) for slug in item.audience]
    links += [("referrers", slug) for slug in item.referrers]
    return links


def service_attributes(ds: Dataset, owner: str, item: Service) -> list[dict[str, Any]]:
    """The service's terms (service_links) as attributes."""
    return [attribute(ds, owner, vocabulary, slug) for vocabulary, slug in service_links(item)]


def taxonomy_files(ds: Dataset) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(taxonomies, terms) of every vocabulary that has terms."""
    vocabularies = {v: vocabulary_terms(ds, v) for v in VOCABULARIES}
    used = [v for v, terms in vocabularies.items() if terms]
    terms = [taxonomy_term(ds, v, term) for v in used for term in vocabularies[v].values()]
    return [taxonomy(ds, v) for v in used], terms
