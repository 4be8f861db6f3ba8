"""HSDS import: writing the YAML files people then edit, and checking the values HSDS
leaves free-form (phones, emails, addresses, dates) against Kennosto's patterns."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from kennosto.hsds_read import Source

if TYPE_CHECKING:
    from kennosto.hsds_import import _Plan

PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{4,24}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_RE = re.compile(r"^https?://[^\s]+$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Dumper(yaml.SafeDumper):
    """Multi-line text as YAML block scalars, which people can edit."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
# Dates are written plain (reviewed: 2026-11-01), as people write them; Kennosto's loader
# reads them back as ISO strings.
_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        _lang_order(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000
    )


def _lang_order(value: Any) -> Any:
    """Language maps in the usual order fi, sv, en (the extension's JSON sorts keys)."""
    if isinstance(value, dict):
        if value and set(value) <= {"fi", "sv", "en"}:
            return {k: value[k] for k in ("fi", "sv", "en") if k in value}
        return {k: _lang_order(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lang_order(v) for v in value]
    return value


def without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def checked(plan: _Plan, source: Source, what: str, value: Any, pattern: Any) -> Any:
    """`value` if it matches `pattern`; otherwise None, and a note says so."""
    if value in (None, ""):
        return None
    if isinstance(value, str) and pattern.match(value.strip()):
        return value.strip()
    plan.notes.append(source.say(f"{what} '{value}' not mapped: not a valid {what}"))
    return None
