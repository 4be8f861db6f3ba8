"""Schema errors in plain words: what was expected, what was found, and how to write it.

jsonschema-rs says what failed in JSON terms ("is not of type integer"); maintainers write
YAML, so the message names the field's kind ("a whole number", "a language map"), quotes
the value escaped and shortened, and for the YAML 1.1 forms that are text here (017, 0x3F,
on, yes) says how to write the number or boolean instead.
"""

from __future__ import annotations

import re
from typing import Any

from kennosto.errors import shorten, shown

PATTERN_MESSAGES = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "is not a slug (lowercase letters a-z, digits and single hyphens)",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "is not a date; write it as YYYY-MM-DD",
    "^https?://[^\\s]+$": "is not a web address; it must start with http:// or https://",
    "^[a-z]{2}$": "is not a two-letter language code such as fi, sv or en",
}


def schema_message(exc: Any) -> str:
    """The message for one schema error, in the words of the catalogue's maintainers."""
    kind = exc.kind
    name = kind.name
    value = exc.instance
    if name == "type":
        expected = " or ".join(_type_name(t) for t in kind.types)
        if kind.types == ["object"] and isinstance(value, str):
            expected += " (text is a language map such as {fi: …, sv: …, en: …})"
        return f"expected {expected}, got {_describe(value)}{_type_hint(kind.types, value)}"
    if name == "pattern":
        text = PATTERN_MESSAGES.get(kind.pattern, f"does not match the pattern {kind.pattern}")
        return f"{shown(value)} {text}"
    if name in ("enum", "const"):
        options = getattr(kind, "options", None) or [getattr(kind, "expected_value", None)]
        return f"{shown(value)} is not allowed; expected one of: {', '.join(map(str, options))}"
    if name == "minLength":
        return "must not be empty"
    if name == "minItems":
        return f"must have at least {kind.limit} item(s)"
    if name == "minProperties":
        return "must not be empty"
    if name == "uniqueItems":
        return "has the same item more than once"
    if name in ("minimum", "maximum"):
        word = "at least" if name == "minimum" else "at most"
        return f"must be {word} {kind.limit}"
    if name == "format":
        return f"{shown(value)} is not a valid {kind.format}"
    return shorten(exc.message)


# YAML 1.1 number forms (017 octal, 0x3F, 0o17, 0b11, 1_000, 1:30) and the decimal forms
# with a fraction or exponent: read as text, so a number field says how to write it.
_NUMBER_LIKE = re.compile(
    r"[-+]?(0[0-7_]+|0[xob][0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+|[0-9_]+)"
)
_BOOLEAN_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})


def _type_hint(types: list[str], value: Any) -> str:
    """What to write instead, for the YAML 1.1 forms that are text here."""
    if not isinstance(value, str):
        return ""
    if ("integer" in types or "number" in types) and _NUMBER_LIKE.fullmatch(value):
        if value.isdigit() and len(value) > 20:
            return "; the number is far too large"
        return "; write whole numbers as plain decimal digits, such as 17 (no leading 0, 0x, 0o, 0b, _ or :)"
    if "boolean" in types and value.lower() in _BOOLEAN_WORDS:
        return "; write true or false (yes, no, on and off are text, not booleans)"
    return ""


def _type_name(json_type: str) -> str:
    return {
        "object": "a mapping",
        "array": "a list",
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "null": "nothing",
    }.get(json_type, json_type)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (write text in quotes if you meant it as text)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, int | float):
        return f"the number {shorten(str(value), 40)}"
    return f"text {shown(value, 40)}"
