"""HSDS import, part 4: what Kennosto keeps beside HSDS's fields -> YAML.

Statuses (HSDS's service status and alert, or the full state from the extension's
records), sources (HSDS metadata entries with `last_action_type` "source"), and the
transitions and paths of the Kennosto extension, each reference resolved to a slug of
the import or of the catalogue; what cannot be resolved is reported and left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kennosto.hsds import SOURCE_ACTION
from kennosto.hsds_read import Record, Source
from kennosto.hsds_yaml import DATE_RE, URL_RE, checked, dump_yaml, without_empty
from kennosto.load import SETTINGS_FILE

if TYPE_CHECKING:
    from kennosto.hsds_import import Group, _Plan

# Kennosto's state for an HSDS service status other than active (the nearest there is).
HSDS_STATES = {"defunct": "ended", "inactive": "planned", "temporarily closed": "changing"}


def status_of(plan: _Plan, group: Group | None, record: Record, known: dict[str, Any]) -> Any:
    """The extension's full status if there is one; else from HSDS `status` and `alert`."""
    if isinstance(known.get("status"), dict):
        return known["status"]
    if group is None:
        return None
    hsds = record.data.get("status")
    state = HSDS_STATES.get(hsds)
    if state and hsds != "defunct":
        plan.notes.append(record.source.say(f"status '{hsds}' written as state '{state}'"))
    note = plan.text(group, "alert")
    if state is None and note:
        state = "active"
    return without_empty({"state": state, "note": note}) if state else None


def sources_of(plan: _Plan, record: Record) -> list[dict[str, Any]]:
    """HSDS metadata entries of type "source": title from `updated_by`, address from
    `replacement_value`, date from `last_action_date`. Other metadata is reported."""
    found = []
    for number, entry in enumerate(record.data.get("metadata") or [], start=1):
        title = str(entry.get("updated_by") or "").strip()
        if entry.get("last_action_type") != SOURCE_ACTION or not title:
            what = f"metadata[{number}] not mapped (only sources: last_action_type 'source')"
            plan.notes.append(record.source.say(what))
            continue
        date = str(entry.get("last_action_date") or "")
        if date and not DATE_RE.match(date):
            plan.notes.append(record.source.say(f"metadata[{number}] date '{date}' not mapped"))
        url = checked(plan, record.source, "url", entry.get("replacement_value"), URL_RE)
        found.append(without_empty({"title": title, "url": url, "date": date[:10] or None}))
    return found


def _vocabulary_slug(plan: _Plan, vocabulary: str, slug: Any, say: Any) -> str | None:
    """A referrer or method slug the catalogue has (or the import writes)."""
    known = plan.settings.get(vocabulary) if plan.settings is not None else plan.terms[vocabulary]
    if isinstance(slug, str) and slug in (known or {}):
        return slug
    plan.notes.append(say(f"{vocabulary} term '{slug}' is not in {SETTINGS_FILE}; left out"))
    return None


def transitions_of(plan: _Plan, service_id: str, source: Source) -> list[dict[str, Any]]:
    out = []
    for item in plan.found.extension.get("transitions") or []:
        if item.get("from_service_id") != service_id:
            continue
        target = plan.service_slug(item.get("to_service_id"))
        if target is None:
            plan.notes.append(
                source.say(f"transition to {item.get('to_service_id')} not mapped: no such service")
            )
            continue
        by = item.get("by")
        if by and by != "client":
            by = _vocabulary_slug(plan, "referrers", by, source.say)
        method = item.get("method")
        if method:
            method = _vocabulary_slug(plan, "methods", method, source.say)
        kind = item.get("kind")
        transition = {
            "to": target,
            "when": item.get("when"),
            "kind": kind if kind != "next" else None,
            "by": by,
            "method": method,
            "documents": item.get("documents"),
            "wait": item.get("wait"),
        }
        out.append(without_empty(transition))
    return out


def _say_path(item: dict[str, Any]) -> Any:
    return lambda what: f"import: extension paths.json: path {item.get('slug')}: {what}"


def _steps(plan: _Plan, item: dict[str, Any]) -> list[dict[str, Any]] | None:
    steps = []
    for step in item.get("steps") or []:
        ids = step.get("any_of_service_ids") or [step.get("service_id")]
        slugs = [plan.service_slug(i) for i in ids]
        if None in slugs:
            missing = ids[slugs.index(None)]
            what = f"step {missing} is no imported service; path not imported"
            plan.notes.append(_say_path(item)(what))
            return None
        chosen = {"any_of": slugs} if step.get("any_of_service_ids") else {"service": slugs[0]}
        steps.append(
            without_empty({**chosen, "stage": step.get("stage"), "note": step.get("note")})
        )
    return steps


def _alongside(plan: _Plan, item: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for entry in item.get("alongside") or []:
        slug = plan.service_slug(entry.get("service_id"))
        if slug is None:
            what = f"alongside {entry.get('service_id')} is no imported service; left out"
            plan.notes.append(_say_path(item)(what))
            continue
        keys = ("from_step", "to_step", "note")
        out.append(without_empty({"service": slug, **{k: entry.get(k) for k in keys}}))
    return out


def path_yaml(plan: _Plan, item: dict[str, Any]) -> tuple[str, str] | None:
    steps = _steps(plan, item)
    if steps is None:
        return None
    keys = ("name", "summary", "description", "target_groups")
    data = {k: item[k] for k in keys if item.get(k)}
    known = set((plan.settings or {}).get("target_groups") or plan.terms["target_groups"])
    for slug in [g for g in data.get("target_groups", []) if g not in known]:
        plan.notes.append(
            _say_path(item)(f"target group '{slug}' is not in {SETTINGS_FILE}; left out")
        )
        data["target_groups"] = [g for g in data["target_groups"] if g != slug]
    data = {
        **data,
        "steps": steps,
        "alongside": _alongside(plan, item),
        "reviewed": item.get("reviewed"),
        "status": item.get("status"),
        "sources": item.get("sources"),
    }
    return f"paths/{item['slug']}.yaml", dump_yaml(without_empty(data))
