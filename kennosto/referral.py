"""How a client gets into a service, worked out once for its page, its printed sheet and
the shareable list.

A service page leads with the way in. Where the entry names no contact of its own, the
way in is the provider's contact, else the services a client comes from, else a plain
"ask the professional helping you": the page never leaves the reader without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Any

import segno

from kennosto.graph import Graph
from kennosto.markdown import render_markdown
from kennosto.model import Catalogue, Contact, Organization, Service, Transition

# Referrer slugs that stand for the client coming on their own (README: "How to get in").
SELF_REFERRERS = frozenset({"client", "asiakas-itse"})
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class WayIn:
    """What the "how to get in" section of a service shows."""

    contact: Contact | None  # the service's own contact, else its only provider's
    contact_of: Organization | None  # set when the contact is the provider's
    via: tuple[Service, ...]  # services a client comes from, when there is no contact
    self_referral: bool | None  # None: the entry does not say who may refer
    referrers: tuple[str, ...]  # who else may refer (slugs, the client left out)


def way_in(catalogue: Catalogue, graph: Graph, service: Service) -> WayIn:
    contact, owner = service.contact, None
    if not _reachable(contact):
        contact = None
        for provision in service.providers:
            org = catalogue.organizations[provision.organization]
            if _reachable(org.contact):
                contact, owner = org.contact, org
                break
    via: tuple[Service, ...] = ()
    if contact is None:
        sources = [t.source for t in graph.incoming[service.slug] if t.kind != "consult"]
        via = tuple(catalogue.services[s] for s in dict.fromkeys(sources))
    by_client = any(t.by == "client" for t in graph.incoming[service.slug])
    named_self = any(slug in SELF_REFERRERS for slug in service.referrers)
    others = tuple(slug for slug in service.referrers if slug not in SELF_REFERRERS)
    known = bool(service.referrers) or by_client
    return WayIn(contact, owner, via, (named_self or by_client) if known else None, others)


def _reachable(contact: Contact | None) -> bool:
    return bool(contact and (contact.phone or contact.email or contact.url or contact.address))


def is_step(transition: Transition) -> bool:
    """A step a client takes, not a consultation between professionals."""
    return transition.kind != "consult"


def split_transitions(
    items: list[tuple[Transition, Service]],
) -> tuple[list[tuple[Transition, Service]], list[tuple[Transition, Service]]]:
    """(steps a client takes, consultations between professionals)."""
    steps = [(t, s) for t, s in items if is_step(t)]
    consults = [(t, s) for t, s in items if not is_step(t)]
    return steps, consults


def page_url(base_url: str | None, lang: str, page_path: str) -> str | None:
    return f"{base_url}{lang}/{page_path}" if base_url else None


def qr_svg(url: str | None) -> str:
    """The page's address as a QR code, an inline SVG drawn at build time. segno's output
    is deterministic (same address, same bytes) and needs no network or image library."""
    if not url:
        return ""
    qr = segno.make(url, error="m", micro=False)
    svg = qr.svg_inline(scale=3, border=2, dark="#000", light="#fff", omitsize=False, svgclass="qr")
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def list_entry(
    catalogue: Catalogue,
    graph: Graph,
    service: Service,
    L: Any,
    named: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """One service for the shareable list page (`/LANG/list/services.json`): only what the
    list shows, in one language, as plain text. `named` keeps [slug, name] of the entries
    listed as next steps or ways in, for a caller that lists every service: each is named
    on the entries of all its neighbours."""
    way = way_in(catalogue, graph, service)
    contact: dict[str, str] = {}
    if way.contact:
        c = way.contact
        contact = {
            key: value
            for key, value in (
                ("phone", c.phone or ""),
                ("email", c.email or ""),
                ("url", c.url or ""),
                ("address", L.plain(c.address)),
                ("hours", L.plain(c.opening_hours)),
                ("org", L.plain(way.contact_of.name) if way.contact_of else ""),
            )
            if value
        }
    named = {} if named is None else named
    entry: dict[str, Any] = {
        "name": L.plain(service.name),
        "summary": L.plain(service.summary),
        "contact": contact,
        "next": [
            named.get(t.target) or _named(catalogue, L, named, t.target)
            for t in graph.outgoing[service.slug]
            if is_step(t)
        ],
    }
    if way.via:
        entry["via"] = [named.get(s.slug) or _named(catalogue, L, named, s.slug) for s in way.via]
    if service.how_to_apply:
        entry["apply"] = plain_text(L.plain(service.how_to_apply))
    return entry


def _named(catalogue: Catalogue, L: Any, named: dict[str, list[str]], slug: str) -> list[str]:
    pair = named[slug] = [slug, L.plain(catalogue.services[slug].name)]
    return pair


def plain_text(markdown: str) -> str:
    """Markdown as one line of plain text, for the list's JSON (shown with textContent)."""
    html = str(render_markdown(markdown))
    return " ".join(unescape(_TAG.sub(" ", html)).split())
