"""Stage 3: validated documents -> typed, immutable objects the renderer can trust.

Only data that passed validation reaches this module, so it does no checking of its own.
Language maps stay plain `{lang: text}` dicts; treat every object here as read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LangMap = dict[str, str]
DEFAULT_LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Term:
    """An entry of a vocabulary: a category, target group, municipality, referrer or method.

    `parent` makes a vocabulary a tree; a referrer may name the `organization` it is."""

    slug: str
    name: LangMap
    description: LangMap | None = None
    parent: str | None = None
    organization: str | None = None


@dataclass(frozen=True)
class Source:
    """Where a fact comes from; every kind of file may list them."""

    title: str
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Status:
    """An entry's life: planned, pilot, active, changing, ending or ended."""

    state: str
    since: str | None = None
    until: str | None = None
    note: LangMap | None = None


KINDS = ("service", "team", "role", "plan", "benefit", "outcome")
AUDIENCES = ("clients", "professionals")


@dataclass(frozen=True)
class License:
    """The licence of the catalogue's data, named on the data page and in the data files."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class Settings:
    title: LangMap
    languages: tuple[str, ...]
    description: LangMap | None = None
    base_url: str | None = None
    region: LangMap | None = None
    categories: dict[str, Term] = field(default_factory=dict)
    target_groups: dict[str, Term] = field(default_factory=dict)
    municipalities: dict[str, Term] = field(default_factory=dict)
    referrers: dict[str, Term] = field(default_factory=dict)
    methods: dict[str, Term] = field(default_factory=dict)
    required_languages: tuple[str, ...] = ()
    publisher: dict[str, Any] | None = None  # name, url, feedback_email, feedback_url, note
    redirects: dict[str, str] = field(default_factory=dict)  # old service slug -> new
    license: License | None = None


@dataclass(frozen=True)
class Contact:
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    address: LangMap | None = None
    opening_hours: LangMap | None = None


@dataclass(frozen=True)
class Organization:
    slug: str
    name: LangMap
    short_name: LangMap | None = None
    kind: str | None = None
    description: LangMap | None = None
    contact: Contact | None = None
    reviewed: str | None = None
    status: Status | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Transition:
    """A move from one entry to another. `kind` is next (the client moves on), alongside
    (runs in parallel) or consult (professional to professional)."""

    source: str
    target: str
    when: LangMap | None = None
    kind: str = "next"
    by: str | None = None
    method: str | None = None
    documents: tuple[LangMap, ...] = ()
    wait: LangMap | None = None


@dataclass(frozen=True)
class Provision:
    """One organization providing an entry, where it serves (empty area: everywhere)."""

    organization: str
    area: tuple[str, ...] = ()
    note: LangMap | None = None


@dataclass(frozen=True)
class LegalBasis:
    name: LangMap
    url: str | None = None


@dataclass(frozen=True)
class Service:
    """An entry of services/: a service, team, role, plan, benefit or outcome.

    The old single `provider` and the new `providers` both land in `providers`;
    `provider` is the first organization (None for an outcome without one). `category` is
    the first of `category` and `categories` (where the map places it), `categories` all."""

    slug: str
    name: LangMap
    summary: LangMap
    provider: str | None
    reviewed: str
    description: LangMap | None = None
    category: str | None = None
    target_groups: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    eligibility: LangMap | None = None
    how_to_apply: LangMap | None = None
    referrers: tuple[str, ...] = ()
    required_documents: LangMap | None = None
    cost_free: bool | None = None
    cost_note: LangMap | None = None
    languages: tuple[str, ...] = ()
    area: tuple[str, ...] = ()
    contact: Contact | None = None
    legal_basis: tuple[LegalBasis, ...] = ()
    transitions: tuple[Transition, ...] = ()
    kind: str = "service"
    providers: tuple[Provision, ...] = ()
    categories: tuple[str, ...] = ()
    audience: tuple[str, ...] = AUDIENCES
    status: Status | None = None
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()

    @property
    def ended(self) -> bool:
        return self.status is not None and self.status.state == "ended"

    @property
    def for_clients(self) -> bool:
        return "clients" in self.audience


@dataclass(frozen=True)
class PathStep:
    """One step of a path: one entry, or alternatives (`any_of`). `service` is the first
    alternative, so code that draws a single line can follow it."""

    service: str
    note: LangMap | None = None
    alternatives: tuple[str, ...] = ()
    stage: LangMap | None = None

    @property
    def services(self) -> tuple[str, ...]:
        return self.alternatives or (self.service,)


@dataclass(frozen=True)
class Alongside:
    """An entry that goes along steps `from_step`..`to_step` (1-based, inclusive)."""

    service: str
    from_step: int
    to_step: int
    note: LangMap | None = None


@dataclass(frozen=True)
class ReferralPath:
    slug: str
    name: LangMap
    summary: LangMap
    steps: tuple[PathStep, ...]
    description: LangMap | None = None
    target_groups: tuple[str, ...] = ()
    reviewed: str | None = None
    alongside: tuple[Alongside, ...] = ()
    status: Status | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class ContentPage:
    """A free page with its title and Markdown body per language it exists in."""

    slug: str
    titles: LangMap
    bodies: LangMap


@dataclass(frozen=True)
class Catalogue:
    root_name: str
    settings: Settings
    organizations: dict[str, Organization]
    services: dict[str, Service]
    paths: dict[str, ReferralPath]
    pages: dict[str, ContentPage]
