"""Stage 2, continued: the references and warnings that content model 2 brings.

`validate.py` checks the schema and the references every catalogue has had since the
start; this module checks the fields added with entry kinds, several providers, statuses,
transition details, path alternatives and vocabulary trees. Like the rest of validation it
reads only values that have the right shape (anything else has its schema error already),
so one run shows every problem, and it never raises for bad content.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from kennosto.errors import Diagnostic
from kennosto.load import Document
from kennosto.validate_base import (
    Known,
    context_token,
    error_at,
    mappings,
    reference,
    texts,
    warning_at,
)

# (document, name of the check, the check, token of its context) -> its diagnostics
Memoised = Callable[[Document, str, Callable[[], Iterable[Diagnostic]], object], list[Diagnostic]]
CLIENT = "client"  # a transition's `by` when the client goes themself
VOCABULARIES = ("categories", "target_groups", "municipalities", "referrers", "methods")
# Any transition links two path steps: a path may go through a consultation on purpose
# (the health station consults the coordinator, who then takes the client on).
LINKING_KINDS = ("next", "alongside", "consult")
LANG_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}


def check_model2(
    documents: list[Document],
    settings: dict[str, Any],
    languages: tuple[str, ...],
    today: datetime.date,
    guard: Memoised,
) -> list[Diagnostic]:
    """Every diagnostic of the model 2 fields of every file (settings included); `guard`
    runs each file's checks so that a crash reports that file instead of ending the run,
    and may keep the result for the same file in the same context (the token)."""
    known = _known(documents, settings)
    required = required_languages(settings, languages)
    fields = context_token("model2", (known, languages, required))
    day = context_token("status", today)
    out: list[Diagnostic] = []
    for document in documents:
        run = lambda d=document: _one(d, known, languages, required)  # noqa: E731
        out.extend(guard(document, "model2", run, fields))
        out.extend(guard(document, "status", lambda d=document: _status(d, today), day))
    return out


def _one(
    document: Document, known: Known, languages: tuple[str, ...], required: tuple[str, ...]
) -> Iterator[Diagnostic]:
    if document.kind == "service":
        yield from _service(document, known)
    elif document.kind == "path":
        yield from _path(document, known)
    elif document.kind == "settings":
        yield from _settings(document, known, languages, required)


def required_languages(settings: dict[str, Any], languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages `--strict` requires: `required_languages` within the site's languages,
    by default all of them."""
    value = settings.get("required_languages")
    if not isinstance(value, list):
        return languages
    return tuple(lang for lang in languages if lang in value)


def _known(documents: list[Document], settings: dict[str, Any]) -> Known:
    known = Known()
    for kind in ("organization", "service", "path"):
        known.slugs[kind] = [d.slug for d in documents if d.kind == kind]
    for key in VOCABULARIES:
        vocabulary = settings.get(key)
        known.slugs[key] = list(vocabulary) if isinstance(vocabulary, dict) else []
    known.sets = {key: set(slugs) for key, slugs in known.slugs.items()}
    for document in documents:
        if document.kind != "service":
            continue
        known.relpaths[document.slug] = document.relpath
        if _state(document.data) == "ended":
            known.ended.add(document.slug)
        for _, transition in mappings(document.data.get("transitions")):
            if isinstance(transition.get("to"), str) and transition.get("kind", "next") in (
                LINKING_KINDS
            ):
                known.links.add((document.slug, transition["to"]))
    return known


# --- services --------------------------------------------------------------------------


def _service(document: Document, known: Known) -> Iterator[Diagnostic]:
    data = document.data
    for i, provision in mappings(data.get("providers")):
        yield from reference(document, ["providers", i, "organization"], known, "organization")
        for j, _ in texts(provision.get("area")):
            yield from reference(document, ["providers", i, "area", j], known, "municipalities")
    for i, _ in texts(data.get("categories")):
        yield from reference(document, ["categories", i], known, "categories")
    source_ended = document.slug in known.ended  # its transitions are history
    for i, transition in mappings(data.get("transitions")):
        by = transition.get("by")
        if isinstance(by, str) and by != CLIENT:
            yield from reference(document, ["transitions", i, "by"], known, "referrers", CLIENT)
        yield from reference(document, ["transitions", i, "method"], known, "methods")
        target = transition.get("to")
        if not source_ended and isinstance(target, str) and target in known.ended:
            message = (
                _ended(target, known) + "; remove the transition or point it at what replaced it"
            )
            yield warning_at(document, ["transitions", i, "to"], message)


# --- paths -----------------------------------------------------------------------------


def _path(document: Document, known: Known) -> Iterator[Diagnostic]:
    data = document.data
    steps = data.get("steps") if isinstance(data.get("steps"), list) else []
    alternatives: list[list[str] | None] = []  # per step; None where it cannot be followed
    for i, step in enumerate(steps):
        yield from _step(document, i, step, known)
        alternatives.append(_step_services(step, known))
    path_ended = _state(data) == "ended"
    if not path_ended:
        yield from _step_links(document, alternatives, known)
    for i, along in mappings(data.get("alongside")):
        yield from reference(document, ["alongside", i, "service"], known, "service")
        yield from _alongside_range(document, i, along, len(steps))
        service = along.get("service")
        if not path_ended and isinstance(service, str) and service in known.ended:
            message = (
                _ended(service, known) + "; remove it from 'alongside' or name what replaced it"
            )
            yield warning_at(document, ["alongside", i, "service"], message)


def _step(document: Document, i: int, step: Any, known: Known) -> Iterator[Diagnostic]:
    if not isinstance(step, dict):
        return
    has_service, has_any_of = "service" in step, "any_of" in step
    if has_service and has_any_of:
        message = f"steps[{i}]: give 'service' or 'any_of' (alternatives), not both"
        yield error_at(document, ["steps", i, "any_of"], message)
    elif not has_service and not has_any_of:
        message = f"steps[{i}]: missing 'service' (or 'any_of' for alternatives at this step)"
        yield error_at(document, ["steps", i], message)
    for j, _ in texts(step.get("any_of")):
        yield from reference(document, ["steps", i, "any_of", j], known, "service")
    if _state(document.data) == "ended":
        return
    for where, slug in _step_slugs(step):
        if slug in known.ended:
            message = f"step {i + 1}: {_ended(slug, known)}; remove the step or replace it with what replaced it"
            yield warning_at(document, ["steps", i, *where], message)


def _step_slugs(step: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """(path within the step, slug) of every entry a step names."""
    found: list[tuple[list[Any], str]] = []
    if isinstance(step.get("service"), str):
        found.append((["service"], step["service"]))
    found.extend((["any_of", j], slug) for j, slug in texts(step.get("any_of")))
    return found


def _step_services(step: Any, known: Known) -> list[str] | None:
    """The entries of a well-formed step whose every entry exists; else None."""
    if not isinstance(step, dict) or ("service" in step) == ("any_of" in step):
        return None
    slugs = [slug for _, slug in _step_slugs(step)]
    if not slugs or not all(known.has("service", slug) for slug in slugs):
        return None
    return slugs


def _step_links(
    document: Document, alternatives: list[list[str] | None], known: Known
) -> Iterator[Diagnostic]:
    """Consecutive steps need a next or alongside transition from some alternative of the
    one to some alternative of the other; otherwise the diagram cannot draw a main line."""
    for i in range(len(alternatives) - 1):
        before, after = alternatives[i], alternatives[i + 1]
        if before is None or after is None:
            continue
        if any((a, b) in known.links for a in before for b in after):
            continue
        sources = " or ".join(f"'{a}'" for a in before)
        targets = " or ".join(f"'{b}'" for b in after)
        files = " or ".join(known.relpaths[a] for a in before)
        message = (
            f"steps {i + 1} and {i + 2}: no transition from {sources} to {targets}; the diagram "
            f"draws this link as 'no direct transition' (if clients move on this way, add the "
            f"transition in {files})"
        )
        yield warning_at(document, ["steps", i + 1], message)


def _alongside_range(
    document: Document, i: int, along: dict[str, Any], count: int
) -> Iterator[Diagnostic]:
    first, last = along.get("from_step", 1), along.get("to_step", count)
    bounds_ok = True
    for key, value in (("from_step", first), ("to_step", last)):
        if _whole(value) and value > count > 0:
            bounds_ok = False
            message = f"alongside[{i}].{key}: {value} is past the last step (the path has {count} step{'s' if count != 1 else ''})"
            yield error_at(document, ["alongside", i, key], message)
    if bounds_ok and _whole(first) and _whole(last) and first > last:
        message = f"alongside[{i}]: from_step {first} is after to_step {last}"
        yield error_at(document, ["alongside", i, "from_step"], message)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- settings: vocabularies ------------------------------------------------------------


def _settings(
    document: Document,
    known: Known,
    languages: tuple[str, ...],
    required: tuple[str, ...],
) -> Iterator[Diagnostic]:
    data = document.data
    for key in VOCABULARIES:
        vocabulary = data.get(key)
        if not isinstance(vocabulary, dict):
            continue
        terms = {slug: t for slug, t in vocabulary.items() if isinstance(t, dict)}
        yield from _parents(document, key, terms, known)
        for slug, term in terms.items():
            if key == "referrers" and isinstance(term.get("organization"), str):
                path = [key, slug, "organization"]
                yield from reference(document, path, known, "organization")
            yield from _translations(document, [key, slug, "name"], term.get("name"), required)
    yield from _required_outside(document, languages)
    yield from _redirects(document, known)


def _redirects(document: Document, known: Known) -> Iterator[Diagnostic]:
    """An old slug must be free (else its page would be replaced) and lead to a service."""
    redirects = document.data.get("redirects")
    if not isinstance(redirects, dict):
        return
    for old in redirects:
        if known.has("service", old):
            message = f"redirects: '{old}' is still a service; remove the redirect or the service"
            yield error_at(document, ["redirects", old], message)
        yield from reference(document, ["redirects", old], known, "service")


def _parents(
    document: Document, key: str, terms: dict[str, dict[str, Any]], known: Known
) -> Iterator[Diagnostic]:
    parents = {slug: t["parent"] for slug, t in terms.items() if isinstance(t.get("parent"), str)}
    reported: set[str] = set()
    for slug, parent in parents.items():
        where = [key, slug, "parent"]
        if parent == slug:
            yield error_at(document, where, f"{key}.{slug}.parent: a term cannot be its own parent")
        elif parent not in terms:
            yield from reference(document, where, known, key)
        elif slug not in reported:
            cycle = _cycle(slug, parents)
            if cycle:
                reported.update(cycle)
                chain = " -> ".join([*cycle, cycle[0]])
                message = f"{key}.{slug}.parent: the parents go round in a circle ({chain}); one of these terms must have no parent or another one"
                yield error_at(document, where, message)


def _cycle(start: str, parents: dict[str, str]) -> list[str]:
    """The terms of the cycle that `start` is on, in parent order; [] if it is on none."""
    seen: list[str] = []
    slug: str | None = start
    while slug is not None and slug not in seen:
        seen.append(slug)
        slug = parents.get(slug)
    return seen if slug == start else []


def _translations(
    document: Document, path: list[Any], value: Any, required: tuple[str, ...]
) -> Iterator[Diagnostic]:
    if not isinstance(value, dict):
        return
    missing = [lang for lang in required if lang not in value]
    if missing:
        names = ", ".join(f"{LANG_NAMES[lang]} ({lang})" for lang in missing)
        where = ".".join(str(p) for p in path)
        yield warning_at(document, path, f"{where}: no {names} text; Finnish is shown instead")


def _required_outside(document: Document, languages: tuple[str, ...]) -> Iterator[Diagnostic]:
    for i, lang in texts(document.data.get("required_languages")):
        if lang not in languages and lang in LANG_NAMES:
            message = f"required_languages: '{lang}' is not one of the site's languages ({', '.join(languages)}); add it to 'languages' or remove it here"
            yield warning_at(document, ["required_languages", i], message)


# --- status dates (every kind of file) -------------------------------------------------


def _status(document: Document, today: datetime.date) -> Iterator[Diagnostic]:
    status = document.data.get("status")
    if not isinstance(status, dict):
        return
    state = status.get("state")
    since, until = _date(status.get("since")), _date(status.get("until"))
    if since and until and since > until:
        message = f"status: since {since} is after until {until}"
        yield error_at(document, ["status", "since"], message)
        return
    if until and until < today and state != "ended" and isinstance(state, str):
        message = (
            f"status.until: {until} has passed but the state is still '{state}'; if it has "
            f"ended, set 'state: ended' (its page stays, marked as ended, and it leaves the "
            f"finder, search and maps); if it goes on, update 'state' and 'until'"
        )
        yield warning_at(document, ["status", "until"], message)
    if state == "ended" and since and since > today:
        message = (
            f"status: the state is 'ended' but since {since} is in the future; until then "
            f"write 'state: ending' with 'until'"
        )
        yield warning_at(document, ["status", "since"], message)


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None  # the schema's date format has reported it


def _state(data: dict[str, Any]) -> Any:
    status = data.get("status")
    return status.get("state") if isinstance(status, dict) else None


def _ended(slug: str, known: Known) -> str:
    return f"'{slug}' has ended (status.state: ended in {known.relpaths[slug]})"
