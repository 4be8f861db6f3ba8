"""The "where to refer" finder: rank services for a client a professional describes.

The rules live here once, as the pure function `rank()`, which the tests exercise on the
bundled catalogue; `templates/static/finder.js` mirrors them line by line in the browser,
reading the data `finder_data()` writes to `/LANG/finder/services.json`. Change both
together (a browser test compares them).

The rules (also in README.md):

1. A service is left out when the client's age is outside its `age` range, when the
   client's municipality is given and the service's area (its `area` and its providers'
   areas) lists other municipalities only (none means the whole region), or when situations are chosen and the service
   serves none of them (no shared target group).
2. The others score: 10 points per chosen situation among the service's target groups;
   5 more if the service's first target group (its main group: list it first) is one of
   them; up to 3 more for focus (the share of the service's target groups the client
   matches, so a service for exactly this situation beats one for everybody); 3 if the
   service has an age range that narrows working age and the client's age fits it; 2 if
   the service's area names the client's municipality and leaves out some of the
   region's (a local service: an area of every municipality narrows nothing); up to 2
   as a way in: in proportion to how many of the other matches it leads to as a next
   step (the one leading to most gets 2: a place to start, which refers on); 1 if the
   professional's organisation may refer to it.
3. Highest score first; equal scores by how near the front of the service's target
   groups the client's situations are (the list is in order of importance), then in
   slug order. The first five are the best
   matches, each with the reason that sets it apart from the others (its main target
   group is the client's situation, an age limit that fits, a local service, a service
   only for the client's situations, one the professional may refer to: the first of
   these it has that not all five share); the rest are folded.
4. Only entries that may be suggested to clients are ranked: not ended or planned, not
   for professionals only, not outcomes. Entries for professionals only (a team that
   consults, say) are ranked by the same rules in a list of their own, "support for you
   as a professional"; outcomes (work, studies, pension) are not ranked at all: the
   outcomes the ranked entries lead to are shown apart, "where this can lead".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from kennosto.entries import area_of, for_clients, listed
from kennosto.model import Catalogue, Service
from kennosto.render import Localizer

MATCH_POINTS = 10
PRIMARY_POINTS = 5
FOCUS_POINTS = 3
AGE_POINTS = 3
AREA_POINTS = 2
REFERRER_POINTS = 1
# An age range narrows something when it starts after or ends before working age.
WORKING_AGE = (18, 64)
BEST = 5  # best matches shown unfolded, each with what sets it apart
# What can set a match apart, in the order the finder prefers to say it.
GATEWAY_POINTS = 2
TRAITS = ("main", "age", "local", "focus", "gateway", "referrer")
# Referrer terms that mean the client, not an organisation a professional works in.
SELF_REFERRERS = frozenset({"asiakas-itse", "itse", "self", "client"})

# Interface text finder.js needs, from strings.yaml.
TEXT_KEYS = (
    "target_groups",
    "age",
    "age_from",
    "age_to",
    "years",
    "area",
    "whole_region",
    "referrers",
    "provider",
    "finder_you_may_refer",
    "finder_why",
    "finder_count",
    "finder_none",
    "finder_rest",
    "finder_sets_apart",
    "finder_main_group",
    "finder_age_fits",
    "finder_local",
    "finder_only_for",
    "finder_leads_on",
)


@dataclass(frozen=True)
class Client:
    age: int | None = None
    municipality: str | None = None
    situations: frozenset[str] = frozenset()
    referrer: str | None = None  # who is referring: a `referrers` vocabulary slug


@dataclass(frozen=True)
class Reason:
    """Why a service matches, as data; the page words it in its language."""

    kind: str  # "target_groups" | "age" | "area" | "region" | "referrer" | "referrers"
    values: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Match:
    slug: str
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    traits: tuple[str, ...] = ()  # of TRAITS, what may set it apart (see apart())
    places: int = 0  # sum of the matched groups' places in the service's list (rule 3)
    leads: int = 0  # how many of the other matches it leads to as a next step (rule 2)


def eligible(service: Service, client: Client) -> bool:
    if client.age is not None:
        if service.age_min is not None and client.age < service.age_min:
            return False
        if service.age_max is not None and client.age > service.age_max:
            return False
    area = area_of(service)
    if client.municipality and area and client.municipality not in area:
        return False
    return not client.situations or any(g in client.situations for g in service.target_groups)


def narrows(service: Service) -> bool:
    """Whether the entry's age range excludes part of working age (rule 2)."""
    low, high = WORKING_AGE
    return (service.age_min is not None and service.age_min > low) or (
        service.age_max is not None and service.age_max < high
    )


def local(area: Iterable[str], region: frozenset[str]) -> bool:
    """Whether an area leaves out some of the region's municipalities (rule 2); with
    the region unknown (empty), any area does."""
    return not region or not region <= set(area)


def score(service: Service, client: Client, region: frozenset[str] = frozenset()) -> Match:
    """Points, reasons and traits for a service the client is eligible for; `region` is
    every municipality of the region (the `municipalities` vocabulary)."""
    points = 0.0
    reasons: list[Reason] = []
    traits: list[str] = []
    matched = tuple(g for g in service.target_groups if g in client.situations)
    if matched:
        points += MATCH_POINTS * len(matched)
        if service.target_groups[0] in client.situations:
            points += PRIMARY_POINTS
            traits.append("main")
        points += FOCUS_POINTS * len(matched) / len(service.target_groups)
        if len(matched) == len(service.target_groups):
            traits.append("focus")
        reasons.append(Reason("target_groups", matched))
    has_age = service.age_min is not None or service.age_max is not None
    if has_age:
        if client.age is not None and narrows(service):
            points += AGE_POINTS
            traits.append("age")
        reasons.append(Reason("age", (service.age_min, service.age_max)))
    area = area_of(service)
    if area:
        if client.municipality:
            if local(area, region):
                points += AREA_POINTS
                traits.append("local")
            reasons.append(Reason("area", (client.municipality,)))
        else:
            reasons.append(Reason("area", area))
    else:
        reasons.append(Reason("region"))
    if client.referrer and client.referrer in service.referrers:
        points += REFERRER_POINTS
        traits.append("referrer")
        reasons.append(Reason("referrer", (client.referrer,)))
    elif service.referrers:
        reasons.append(Reason("referrers", service.referrers))
    order = sorted(traits, key=TRAITS.index)
    places = sum(service.target_groups.index(g) for g in matched)
    return Match(service.slug, points, tuple(reasons), tuple(order), places)


def apart(matches: list[Match]) -> list[str | None]:
    """For each of the best matches, the trait that sets it apart: the first of its
    traits (in TRAITS order) that not every best match has; None when it has none."""
    best = matches[:BEST]
    shared = set(TRAITS)
    for match in best:
        shared &= set(match.traits)
    out: list[str | None] = []
    for match in best:
        own = [t for t in match.traits if t not in shared or len(best) == 1]
        out.append(own[0] if own else None)
    return out


def referable(service: Service) -> bool:
    """An entry one can be referred to today (rule 4): not ended, not only planned."""
    return service.status is None or service.status.state not in ("planned", "ended")


def suggested(service: Service) -> bool:
    """Ranked for the client (rule 4)."""
    return for_clients(service) and referable(service)


def rank(
    services: Iterable[Service], client: Client, region: frozenset[str] = frozenset()
) -> list[Match]:
    """Entries the client may be referred to, best first (see the module docstring);
    `region` as for score()."""
    chosen = [s for s in services if suggested(s) and eligible(s, client)]
    return _ordered(chosen, client, region)


def _ordered(chosen: list[Service], client: Client, region: frozenset[str]) -> list[Match]:
    """Score the chosen entries, add the points of a way in (rule 2), sort (rule 3)."""
    slugs = {s.slug for s in chosen}
    leads = {s.slug: len(set(next_steps(s)) & (slugs - {s.slug})) for s in chosen}
    most = max(leads.values(), default=0)
    matches = []
    for service in chosen:
        match = score(service, client, region)
        n = leads[service.slug]
        if n:
            traits = tuple(sorted((*match.traits, "gateway"), key=TRAITS.index))
            match = replace(
                match, score=match.score + GATEWAY_POINTS * n / most, traits=traits, leads=n
            )
        matches.append(match)
    return sorted(matches, key=lambda m: (-m.score, m.places, m.slug))


def next_steps(service: Service) -> list[str]:
    """The entries a service leads to as a next step (not alongside, not a consultation)."""
    return list(dict.fromkeys(t.target for t in service.transitions if t.kind == "next"))


def for_professionals(service: Service) -> bool:
    """Running entries for professionals only (rule 4): ranked apart."""
    return referable(service) and not service.for_clients and service.kind != "outcome"


def rank_professional(
    services: Iterable[Service], client: Client, region: frozenset[str] = frozenset()
) -> list[Match]:
    """Support for the professional (rule 4), by the same rules as rank()."""
    chosen = [s for s in services if for_professionals(s) and eligible(s, client)]
    return _ordered(chosen, client, region)


def outcomes_of(catalogue: Catalogue, matches: Iterable[Match]) -> list[str]:
    """The outcomes the matched entries lead to directly, in the matches' order."""
    out: dict[str, None] = {}
    for match in matches:
        for t in catalogue.services[match.slug].transitions:
            target = catalogue.services[t.target]
            if target.kind == "outcome" and listed(target):
                out[target.slug] = None
    return list(out)


@dataclass(frozen=True)
class _Known:
    """What finder_data asks of every entry's neighbours, worked out once per call: the
    outcomes a client can be led to, the entries either ranking holds (a way in counts
    only those), each organisation's name."""

    outcomes: frozenset[str]
    ranked: frozenset[str]
    org_names: dict[str, str]


def _known(catalogue: Catalogue, L: Localizer) -> _Known:
    entries = catalogue.services.values()
    return _Known(
        frozenset(s.slug for s in entries if s.kind == "outcome" and listed(s)),
        frozenset(s.slug for s in entries if _ranked(s)),
        {slug: L.plain(org.name) for slug, org in catalogue.organizations.items()},
    )


def _entry(service: Service, L: Localizer, known: _Known) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "slug": service.slug,
        "name": L.plain(service.name),
        "summary": L.plain(service.summary),
        "provider": ", ".join(known.org_names[p.organization] for p in service.providers),
    }
    if not L.has(service.name):
        entry["fallback"] = True  # shown with lang="fi"
    if service.kind != "service":
        entry["kind"] = L.ui_map("kind")[service.kind]
    if service.status and service.status.state != "active":
        entry["status"] = L.ui_map("status")[service.status.state]
    leads = [t.target for t in service.transitions if t.target in known.outcomes]
    for key, value in (
        ("target_groups", list(service.target_groups)),
        ("area", list(area_of(service))),
        ("referrers", list(service.referrers)),
        ("leads_to", list(dict.fromkeys(leads))),
        ("next", [t for t in next_steps(service) if t in known.ranked]),
    ):
        if value:
            entry[key] = value
    if service.age_min is not None:
        entry["age_min"] = service.age_min
    if service.age_max is not None:
        entry["age_max"] = service.age_max
    return entry


def _ranked(service: Service) -> bool:
    """Whether either ranking may hold the entry (a way in counts only those)."""
    return suggested(service) or for_professionals(service)


def finder_data(catalogue: Catalogue, L: Localizer) -> dict[str, Any]:
    """What finder.js needs, in one language: small, sorted, deterministic. `services`
    are the entries rank() ranks, `professional` those rank_professional() ranks."""
    lang = L.lang
    settings = catalogue.settings

    def names(terms: dict[str, Any]) -> dict[str, str]:
        return {slug: L.plain(term.name) for slug, term in terms.items()}

    entries = catalogue.services.values()
    known = _known(catalogue, L)
    services = [_entry(s, L, known) for s in entries if suggested(s)]
    professional = [_entry(s, L, known) for s in entries if for_professionals(s)]
    outcomes = {
        s.slug: {"name": L.plain(s.name), "summary": L.plain(s.summary)}
        for s in entries
        if s.kind == "outcome" and listed(s)
    }
    return {
        "lang": lang,
        "points": {
            "match": MATCH_POINTS,
            "primary": PRIMARY_POINTS,
            "focus": FOCUS_POINTS,
            "age": AGE_POINTS,
            "area": AREA_POINTS,
            "referrer": REFERRER_POINTS,
            "gateway": GATEWAY_POINTS,
        },
        "working_age": list(WORKING_AGE),
        "target_groups": names(settings.target_groups),
        "municipalities": names(settings.municipalities),
        "referrers": names(settings.referrers),
        "best": BEST,
        "region": L.plain(settings.region) or L.ui("whole_region"),
        "text": {key: L.ui(key) for key in TEXT_KEYS},
        "services": services,
        "professional": professional,
        "outcomes": outcomes,
    }
