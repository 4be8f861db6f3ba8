"""The list pages' groupings: entries by category, target group and municipality.

Vocabularies may be trees (`parent`), so each list is the vocabulary in tree order with
each term's entries; a broader term with no entries of its own stays when a narrower one
has some, so the tree reads whole. Only listed entries (not ended) appear; an entry is in
every group of its `categories`, and in a municipality when it or any provider serves it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kennosto.entries import area_of, tree
from kennosto.model import Service, Settings, Term


@dataclass(frozen=True)
class Group:
    """A term of a vocabulary, its depth in the tree and its entries in name order."""

    term: Term
    depth: int
    services: list[Service]


def grouped(
    terms: dict[str, Term],
    services: list[Service],
    member_of: Callable[[Service], Iterable[str]],
    keep_empty: bool = False,
) -> list[Group]:
    """Every term in tree order with the entries whose `member_of` names it, in the order
    of `services`; terms without entries (and without entries below them) are dropped
    unless `keep_empty`. (One pass over the entries: a pass per term was 400,000 calls a
    language for the 10,000-service bench.)"""
    members: dict[str, list[Service]] = {term.slug: [] for term in terms.values()}
    for service in services:
        for slug in dict.fromkeys(member_of(service)):
            if slug in members:
                members[slug].append(service)
    groups = [Group(term, depth, members[term.slug]) for term, depth in tree(terms)]
    if keep_empty:
        return groups
    keep = [bool(g.services) for g in groups]
    for i in range(len(groups) - 1, -1, -1):  # a parent stays when a child below it stays
        for j in range(i + 1, len(groups)):
            if groups[j].depth <= groups[i].depth:
                break
            if keep[j]:
                keep[i] = True
                break
    return [g for g, k in zip(groups, keep, strict=True) if k]


def by_category(settings: Settings, services: list[Service]) -> dict[str, object]:
    groups = grouped(settings.categories, services, lambda s: s.categories)
    return {"groups": groups, "other": [s for s in services if not s.categories]}


def by_target_group(settings: Settings, services: list[Service]) -> dict[str, object]:
    return {"groups": grouped(settings.target_groups, services, lambda s: s.target_groups)}


def by_municipality(settings: Settings, services: list[Service]) -> dict[str, object]:
    """Local entries per municipality (every municipality listed); the entries for the
    whole region once, after."""
    areas = {s.slug: area_of(s) for s in services}
    groups = grouped(settings.municipalities, services, lambda s: areas[s.slug], keep_empty=True)
    return {"groups": groups, "regional": [s for s in services if not areas[s.slug]]}
