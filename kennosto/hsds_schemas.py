"""The HSDS 3.0 JSON Schemas, shipped with Kennosto and resolved locally.

The modular schemas of the HSDS 3.0 release (CC BY-SA 4.0, Open Referral; see
schemas/hsds/LICENSE) refer to each other by relative file name ("phone.json"). They
declare no `$schema`; the HSDS OpenAPI document names draft 2020-12 as their dialect, so
that is the draft used. Every reference is resolved from the packaged copies: validating
never touches the network.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OBJECTS = (
    "accessibility", "address", "attribute", "contact", "cost_option", "funding", "language",
    "location", "meta_table_description", "metadata", "organization",
    "organization_identifier", "phone", "program", "required_document", "schedule",
    "service", "service_area", "service_at_location", "taxonomy", "taxonomy_term",
)  # fmt: skip


def hsds_schema(name: str) -> dict[str, Any]:
    return json.loads(files("kennosto.schemas").joinpath("hsds", f"{name}.json").read_text("utf-8"))


@cache
def _registry() -> Registry:
    resources = [
        (BASE + f"{name}.json", Resource.from_contents(hsds_schema(name), DRAFT202012))
        for name in OBJECTS
    ]
    return Registry().with_resources(resources)


@cache
def hsds_validator(name: str) -> Draft202012Validator:
    """A validator for one HSDS object ("service", "organization", "taxonomy_term", …)."""
    return Draft202012Validator(
        {"$ref": BASE + f"{name}.json"}, registry=_registry(), format_checker=FormatChecker()
    )


def hsds_errors(name: str, record: Any) -> list[str]:
    """Every way `record` breaks the HSDS schema of `name`, as 'at FIELD: message'."""
    found = []
    for error in sorted(hsds_validator(name).iter_errors(record), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(record)"
        found.append(f"at {where}: {error.message}")
    return found
