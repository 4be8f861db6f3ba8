"""Stage 3: validated documents -> typed, immutable objects the renderer can trust.

Only data that passed validation reaches this module, so it does no checking of its own.
Language maps stay plain `{lang: text}` dicts; treat every object here as read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from kennosto.content import ContentFile
from kennosto.load import Loaded

LangMap = dict[str, str]
DEFAULT_LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Term:
    """An entry of a vocabulary: a category, target group, municipality or referrer."""

    slug: str
    name: LangMap
    description: LangMap | None = None


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


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    when: LangMap | None = None


@dataclass(frozen=True)
class LegalBasis:
    name: LangMap
    url: str | None = None


@dataclass(frozen=True)
class Service:
    slug: str
    name: LangMap
    summary: LangMap
    provider: str
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


@dataclass(frozen=True)
class PathStep:
    service: str
    note: LangMap | None = None


@dataclass(frozen=True)
class Path:
    slug: str
    name: LangMap
    summary: LangMap
    steps: tuple[PathStep, ...]
    description: LangMap | None = None
    target_groups: tuple[str, ...] = ()
    reviewed: str | None = None


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
    paths: dict[str, Path]
    pages: dict[str, ContentPage]


def build_catalogue(loaded: Loaded) -> Catalogue:
    """Assemble the model; everything is sorted by slug so output is deterministic."""
    by_kind: dict[str, list[Any]] = {"organization": [], "service": [], "path": []}
    for document in sorted(loaded.documents, key=lambda d: (d.kind, d.slug)):
        by_kind[document.kind].append(document)
    return Catalogue(
        root_name=loaded.root.resolve().name,
        settings=_settings(loaded.settings.data if loaded.settings else {}, loaded.root),
        organizations={d.slug: _organization(d.slug, d.data) for d in by_kind["organization"]},
        services={d.slug: _service(d.slug, d.data) for d in by_kind["service"]},
        paths={d.slug: _path(d.slug, d.data) for d in by_kind["path"]},
        pages=_pages(loaded.content),
    )


def _terms(vocabulary: dict[str, Any]) -> dict[str, Term]:
    return {slug: Term(slug, v["name"], v.get("description")) for slug, v in vocabulary.items()}


def _settings(data: dict[str, Any], root: FsPath) -> Settings:
    return Settings(
        title=data.get("title") or {"fi": root.resolve().name},
        languages=tuple(data.get("languages", DEFAULT_LANGUAGES)),
        description=data.get("description"),
        base_url=_with_slash(data.get("base_url")),
        region=data.get("region"),
        categories=_terms(data.get("categories", {})),
        target_groups=_terms(data.get("target_groups", {})),
        municipalities=_terms(data.get("municipalities", {})),
        referrers=_terms(data.get("referrers", {})),
        license=License(data["license"]["name"], data["license"].get("url"))
        if data.get("license")
        else None,
    )


def _with_slash(url: str | None) -> str | None:
    """Links are made by appending to the base URL, so it always ends in '/'."""
    return url if url is None or url.endswith("/") else url + "/"


def _contact(data: dict[str, Any] | None) -> Contact | None:
    return Contact(**data) if data else None


def _organization(slug: str, data: dict[str, Any]) -> Organization:
    return Organization(
        slug=slug,
        name=data["name"],
        short_name=data.get("short_name"),
        kind=data.get("kind"),
        description=data.get("description"),
        contact=_contact(data.get("contact")),
        reviewed=data.get("reviewed"),
    )


def _service(slug: str, data: dict[str, Any]) -> Service:
    age = data.get("age", {})
    cost = data.get("cost", {})
    return Service(
        slug=slug,
        name=data["name"],
        summary=data["summary"],
        provider=data["provider"],
        reviewed=data["reviewed"],
        description=data.get("description"),
        category=data.get("category"),
        target_groups=tuple(data.get("target_groups", ())),
        age_min=age.get("min"),
        age_max=age.get("max"),
        eligibility=data.get("eligibility"),
        how_to_apply=data.get("how_to_apply"),
        referrers=tuple(data.get("referrers", ())),
        required_documents=data.get("required_documents"),
        cost_free=cost.get("free"),
        cost_note=cost.get("note"),
        languages=tuple(data.get("languages", ())),
        area=tuple(data.get("area", ())),
        contact=_contact(data.get("contact")),
        legal_basis=tuple(LegalBasis(b["name"], b.get("url")) for b in data.get("legal_basis", ())),
        transitions=tuple(
            Transition(slug, t["to"], t.get("when")) for t in data.get("transitions", ())
        ),
    )


def _path(slug: str, data: dict[str, Any]) -> Path:
    return Path(
        slug=slug,
        name=data["name"],
        summary=data["summary"],
        steps=tuple(PathStep(s["service"], s.get("note")) for s in data["steps"]),
        description=data.get("description"),
        target_groups=tuple(data.get("target_groups", ())),
        reviewed=data.get("reviewed"),
    )


def _pages(files: list[ContentFile]) -> dict[str, ContentPage]:
    titles: dict[str, LangMap] = {}
    bodies: dict[str, LangMap] = {}
    for file in sorted(files, key=lambda f: (f.slug, f.lang)):
        titles.setdefault(file.slug, {})[file.lang] = file.title
        bodies.setdefault(file.slug, {})[file.lang] = file.body
    return {
        slug: ContentPage(slug, titles[slug], bodies[slug])
        for slug in titles
        if "fi" in titles[slug]
    }
