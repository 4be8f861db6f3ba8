"""What the pages, lists, search and finder say about an entry, decided once.

Several stages ask the same questions of the model ("where is this entry available?",
"does it belong in a list a client sees?", "what is this term called, with its parent?");
the answers live here so the service page, the municipality list, the search facets and
the finder cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

from kennosto.model import Catalogue, Service, Term
from kennosto.render import Localizer

# States shown as a badge in lists and a notice on the page; `active` is the default.
NOTED_STATES = ("planned", "pilot", "changing", "ending", "ended")


def area_of(service: Service) -> tuple[str, ...]:
    """The municipalities an entry is available in: its own `area` and every provider's.
    Empty means the whole region (no area given anywhere)."""
    slugs = list(service.area)
    for provision in service.providers:
        slugs += provision.area
    return tuple(dict.fromkeys(slugs))


def listed(service: Service) -> bool:
    """Whether the entry belongs in topical lists, search results, maps and the finder:
    an ended entry keeps its page and its place in the A–Z list only."""
    return not service.ended


def for_clients(service: Service) -> bool:
    """Whether the entry may be suggested to clients: running, not for professionals only,
    and not an outcome (an outcome is where a path leads, not a service to refer to)."""
    return listed(service) and service.for_clients and service.kind != "outcome"


def provided_by(catalogue: Catalogue) -> dict[str, list[Service]]:
    """Organization slug -> the entries it provides (through `provider` or `providers`),
    in the catalogue's slug order."""
    out: dict[str, list[Service]] = {slug: [] for slug in catalogue.organizations}
    for service in catalogue.services.values():
        for slug in dict.fromkeys(p.organization for p in service.providers):
            out[slug].append(service)
    return out


def tree(terms: dict[str, Term]) -> list[tuple[Term, int]]:
    """A vocabulary in the settings' order with each child under its parent: (term, depth).
    A term whose parent is unknown (check reports it) stays at the top level."""
    children: dict[str | None, list[Term]] = {}
    for term in terms.values():
        parent = term.parent if term.parent in terms and term.parent != term.slug else None
        children.setdefault(parent, []).append(term)
    out: list[tuple[Term, int]] = []
    seen: set[str] = set()

    def walk(parent: str | None, depth: int) -> None:
        for term in children.get(parent, ()):
            if term.slug not in seen:
                seen.add(term.slug)
                out.append((term, depth))
                walk(term.slug, depth + 1)

    walk(None, 0)
    for term in terms.values():  # a cycle of parents (check reports it): still listed
        if term.slug not in seen:
            out.append((term, 0))
    return out


def ancestors(terms: dict[str, Term], slug: str) -> list[str]:
    """`slug` and its parents, nearest first; stops at a cycle."""
    out = [slug]
    parent = terms[slug].parent if slug in terms else None
    while parent in terms and parent not in out:
        out.append(parent)
        parent = terms[parent].parent
    return out


def term_label(terms: dict[str, Term], slug: str, L: Localizer) -> str:
    """'Parent › Child' for a term with a parent, its own name otherwise."""
    return " › ".join(L.plain(terms[s].name) for s in reversed(ancestors(terms, slug)))


def with_parents(terms: dict[str, Term], slugs: Iterable[str]) -> list[str]:
    """The terms and all their parents, so a search for a broader term finds an entry."""
    out: dict[str, None] = {}
    for slug in slugs:
        out.update(dict.fromkeys(reversed(ancestors(terms, slug))))
    return list(out)
