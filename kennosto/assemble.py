"""Stage 3, assembly: loaded, validated documents -> the model's objects (kennosto.model).

Only data that passed validation reaches this module, so it does no checking of its own;
it fills in what the format leaves implicit (a single `provider` becomes one provision,
`category` leads `categories`, a missing `kind` is a service) and sorts everything by
slug so output is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kennosto.content import ContentFile
from kennosto.include import effective_settings
from kennosto.load import Document, Loaded
from kennosto.model import (
    AUDIENCES,
    DEFAULT_LANGUAGES,
    Alongside,
    Catalogue,
    Contact,
    ContentPage,
    LangMap,
    LegalBasis,
    License,
    Organization,
    PathStep,
    Provision,
    ReferralPath,
    Service,
    Settings,
    Source,
    Status,
    Term,
    Transition,
)


def build_catalogue(loaded: Loaded) -> Catalogue:
    """Assemble the model; everything is sorted by slug so output is deterministic."""
    by_kind: dict[str, list[Any]] = {"organization": [], "service": [], "path": []}
    for document in sorted(loaded.documents, key=lambda d: (d.kind, d.slug)):
        by_kind[document.kind].append(document)
    return Catalogue(
        root_name=loaded.root.resolve().name,
        settings=_settings(effective_settings(loaded), loaded.root),
        organizations={d.slug: _memo(d, _organization) for d in by_kind["organization"]},
        services={d.slug: _memo(d, _service) for d in by_kind["service"]},
        paths={d.slug: _memo(d, _path) for d in by_kind["path"]},
        pages=_pages(loaded.content),
    )


def _memo(document: Document, make: Callable[[str, dict[str, Any]], Any]) -> Any:
    """The entry's model object, made once while its file is unchanged (the preview keeps
    documents between builds, kennosto.load.LoadCache). Keeping the same object also
    tells later stages, by identity, that the entry did not change."""
    key = ("model", document.slug)
    found = document.memo.get(key)
    if found is None:
        found = document.memo[key] = make(document.slug, document.data)
    return found


def _terms(vocabulary: dict[str, Any]) -> dict[str, Term]:
    return {
        slug: Term(slug, v["name"], v.get("description"), v.get("parent"), v.get("organization"))
        for slug, v in vocabulary.items()
    }


def _sources(data: dict[str, Any]) -> tuple[Source, ...]:
    return tuple(Source(s["title"], s.get("url"), s.get("date")) for s in data.get("sources", ()))


def _status(data: dict[str, Any]) -> Status | None:
    status = data.get("status")
    if not status:
        return None
    return Status(status["state"], status.get("since"), status.get("until"), status.get("note"))


def _settings(data: dict[str, Any], root: Path) -> Settings:
    languages = tuple(data.get("languages") or DEFAULT_LANGUAGES)
    required = data.get("required_languages")
    return Settings(
        title=data.get("title") or {"fi": root.resolve().name},
        languages=languages,
        description=data.get("description"),
        base_url=_with_slash(data.get("base_url")),
        region=data.get("region"),
        categories=_terms(data.get("categories", {})),
        target_groups=_terms(data.get("target_groups", {})),
        municipalities=_terms(data.get("municipalities", {})),
        referrers=_terms(data.get("referrers", {})),
        methods=_terms(data.get("methods", {})),
        publisher=data.get("publisher"),
        redirects=dict(data.get("redirects", {})),
        # Default: every language of the site; never one the site does not have.
        required_languages=tuple(
            lang for lang in languages if required is None or lang in required
        ),
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
        status=_status(data),
        sources=_sources(data),
    )


def _providers(data: dict[str, Any]) -> tuple[Provision, ...]:
    if "providers" in data:
        return tuple(
            Provision(p["organization"], tuple(p.get("area", ())), p.get("note"))
            for p in data["providers"]
        )
    if "provider" in data:
        return (Provision(data["provider"], tuple(data.get("area", ()))),)
    return ()


def _categories(data: dict[str, Any]) -> tuple[str, ...]:
    first = [data["category"]] if data.get("category") else []
    return tuple(dict.fromkeys([*first, *data.get("categories", ())]))


def _transition(source: str, t: dict[str, Any]) -> Transition:
    return Transition(
        source,
        t["to"],
        t.get("when"),
        kind=t.get("kind", "next"),
        by=t.get("by"),
        method=t.get("method"),
        documents=tuple(t.get("documents", ())),
        wait=t.get("wait"),
    )


def _service(slug: str, data: dict[str, Any]) -> Service:
    age = data.get("age", {})
    cost = data.get("cost", {})
    providers = _providers(data)
    categories = _categories(data)
    return Service(
        slug=slug,
        name=data["name"],
        summary=data["summary"],
        provider=providers[0].organization if providers else None,
        reviewed=data["reviewed"],
        description=data.get("description"),
        category=categories[0] if categories else None,
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
        transitions=tuple(_transition(slug, t) for t in data.get("transitions", ())),
        kind=data.get("kind", "service"),
        providers=providers,
        categories=categories,
        audience=tuple(data.get("audience", AUDIENCES)),
        status=_status(data),
        keywords={lang: tuple(words) for lang, words in data.get("keywords", {}).items()},
        sources=_sources(data),
    )


def _step(data: dict[str, Any]) -> PathStep:
    alternatives = tuple(data.get("any_of", ()))
    first = data.get("service") or alternatives[0]
    return PathStep(first, data.get("note"), alternatives, data.get("stage"))


def _path(slug: str, data: dict[str, Any]) -> ReferralPath:
    return ReferralPath(
        slug=slug,
        name=data["name"],
        summary=data["summary"],
        steps=tuple(_step(s) for s in data["steps"]),
        description=data.get("description"),
        target_groups=tuple(data.get("target_groups", ())),
        reviewed=data.get("reviewed"),
        alongside=tuple(
            Alongside(
                a["service"],
                a.get("from_step", 1),
                a.get("to_step", len(data["steps"])),
                a.get("note"),
            )
            for a in data.get("alongside", ())
        ),
        status=_status(data),
        sources=_sources(data),
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
