"""Stage 2: documents -> diagnostics. JSON Schema per kind, then cross-file references.

jsonschema-rs validates each document (it is 50x faster than pure-Python jsonschema, which
matters at 10,000 services); its errors carry the JSON path, which we map back to a line
and column through the YAML node tree kept by the loader.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable
from functools import cache
from typing import Any

import jsonschema_rs

from kennosto.content import RESERVED_SLUGS
from kennosto.errors import Diagnostic, error, shorten, shown, warning
from kennosto.include import effective_settings
from kennosto.load import SLUG_RE, Document, Loaded, find_node, position
from kennosto.schema_messages import schema_message
from kennosto.schemas import BASE_URI, SCHEMA_FILES, schema
from kennosto.validate_base import LABELS, context_token
from kennosto.validate_base import guarded as _guarded
from kennosto.validate_base import memoised as _memo
from kennosto.validate_refs import check_model2, required_languages
from kennosto.validate_text import content_depth, markdown_depth, strings_errors, template_errors
from kennosto.yamlfile import mapping_keys

LANG_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}
DEFAULT_LANGUAGES = ("fi", "sv", "en")
TRANSLATED_FIELDS = ("name", "summary")
# One file with thousands of stray keys or values gets this many schema errors, then a
# count: the first ones show what is wrong, and the cost stays linear.
MAX_SCHEMA_ERRORS = 50
MAX_UNKNOWN_KEYS = 20  # per mapping
# Fields that must be whole numbers; JSON Schema's "integer" also accepts 18.0.
INTEGER_FIELDS = {
    "service": (("age", "min"), ("age", "max")),
    "settings": (("review_max_age_days",),),
}


@cache
def validator(kind: str) -> Any:
    registry = jsonschema_rs.Registry([(BASE_URI + name, schema(name)) for name in SCHEMA_FILES])
    return jsonschema_rs.validator_for(
        schema(f"{kind}.schema.json"),
        registry=registry,
        base_uri=f"{BASE_URI}{kind}.schema.json",
        validate_formats=True,
    )


def validate(loaded: Loaded, today: datetime.date | None = None) -> list[Diagnostic]:
    """All diagnostics beyond loading: schema, references, semantics, warnings."""
    out: list[Diagnostic] = []
    documents = list(loaded.documents) + loaded.included_settings
    if loaded.settings is not None:
        documents.append(loaded.settings)
    for document in documents:
        out.extend(_memo(document, "schema", lambda d=document: _schema_list(d)))
    # Cross-references and the other checks run on every file, valid or not, reading only
    # the fields that have the right shape: one run shows every problem. Likewise the
    # vocabularies come even from invalid settings, so one typo there does not turn every
    # reference in every service into an error as well.
    settings = effective_settings(loaded)
    languages = _languages(settings)
    required = required_languages(settings, languages)
    index = _Index(documents, settings)
    day = today or datetime.date.today()
    slugs = context_token("references", (index.slugs, index.vocabularies))
    context = context_token("semantics", (required, settings, day))
    for document in documents:
        refs = lambda d=document: _references(d, index)  # noqa: E731
        out.extend(_memo(document, "references", refs, slugs))
        meaning = lambda d=document: _semantics(d, required, settings, day)  # noqa: E731
        out.extend(_memo(document, "semantics", meaning, context))
        out.extend(_memo(document, "markdown", lambda d=document: markdown_depth(d)))
    out.extend(check_model2(documents, settings, languages, day, _memo))
    out.extend(_content_languages(loaded, languages))
    out.extend(content_depth(loaded))
    out.extend(template_errors(loaded.templates))
    if loaded.strings is not None:
        out.extend(_guarded(loaded.strings, lambda: strings_errors(loaded.strings)))
    return out


def _schema_list(document: Document) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    _schema_check(document, found)
    return found


def _languages(settings: dict[str, Any]) -> tuple[str, ...]:
    value = settings.get("languages")
    if isinstance(value, list) and all(isinstance(v, str) and v in LANG_NAMES for v in value):
        return tuple(value)
    return DEFAULT_LANGUAGES


def _schema_check(document: Document, out: list[Diagnostic]) -> bool:
    check = validator(document.kind)
    if check.is_valid(document.data):
        return True
    errors = sorted(check.iter_errors(document.data), key=lambda e: list(map(str, e.instance_path)))
    found: list[Diagnostic] = []
    for exc in errors:
        found.extend(_schema_diagnostics(document, exc))
        if len(found) > MAX_SCHEMA_ERRORS:
            break
    out.extend(found[:MAX_SCHEMA_ERRORS])
    if len(found) > MAX_SCHEMA_ERRORS:
        message = (
            f"more than {MAX_SCHEMA_ERRORS} schema errors in this file; fix the ones above first"
        )
        out.append(error(document.relpath, 1, 1, message))
    return False


def _schema_diagnostics(document: Document, exc: Any) -> Iterable[Diagnostic]:
    path = list(exc.instance_path)
    kind = exc.kind
    where = _dotted(path)
    prefix = f"{where}: " if where else ""
    name = kind.name
    if name == "additionalProperties":
        unexpected = list(kind.unexpected)
        keys = mapping_keys(find_node(document.node, path)[1])
        allowed = _allowed_keys(document, path)
        for key in unexpected[:MAX_UNKNOWN_KEYS]:
            key_node = keys.get(key)
            line, col = position(key_node) if key_node is not None else _at(document, path)
            yield error(document.relpath, line, col, prefix + _unknown_key(key, allowed))
        if len(unexpected) > MAX_UNKNOWN_KEYS:
            more = len(unexpected) - MAX_UNKNOWN_KEYS
            line, col = _at(document, path)
            yield error(document.relpath, line, col, f"{prefix}{more} more unknown keys here")
        return
    line, col = _at(document, path, prefer_key=name == "required")
    if name == "required":
        what = f"in '{where}'" if where else f"in this {document.kind}"
        yield error(document.relpath, line, col, f"missing required field '{kind.property}' {what}")
        return
    yield error(document.relpath, line, col, prefix + schema_message(exc))


def _at(document: Document, path: list[Any], prefer_key: bool = False) -> tuple[int, int]:
    if not path:
        return (1, 1)
    key_node, node = find_node(document.node, path)
    target = key_node if (prefer_key and key_node is not None) or node is None else node
    return position(target) if target is not None else (1, 1)


def _dotted(path: list[Any]) -> str:
    text = ""
    for part in path:
        if not isinstance(part, int):
            part = shorten(str(part), 40)
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _unknown_key(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1) if len(key) < 100 else []
    hint = f"; did you mean '{close[0]}'?" if close else ""
    listing = f" (allowed: {', '.join(allowed)})" if allowed else ""
    return f"unknown key {shown(key)}{hint}{listing}"


def _allowed_keys(document: Document, path: list[Any]) -> list[str]:
    """The property names the schema allows at `path`, found by walking the schema."""
    node: dict[str, Any] = schema(f"{document.kind}.schema.json")
    for part in path:
        node = _deref(node)
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part) or node.get("additionalProperties", {})
        if not isinstance(node, dict):
            return []
    node = _deref(node)
    return list(node.get("properties", {}))


def _deref(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        document = schema(target or "common.schema.json")
        for part in pointer.strip("/").split("/"):
            document = document[part]
        node = document
    return node


class _Index:
    """What references may point at: slugs of each kind and the settings' vocabularies."""

    def __init__(self, documents: list[Document], settings: dict[str, Any]) -> None:
        self.slugs: dict[str, list[str]] = {"organization": [], "service": [], "path": []}
        for document in documents:
            if document.kind in self.slugs:
                self.slugs[document.kind].append(document.slug)
        self.sets = {kind: set(slugs) for kind, slugs in self.slugs.items()}
        self.vocabularies = {
            key: list(settings[key]) if isinstance(settings.get(key), dict) else []
            for key in ("categories", "target_groups", "municipalities", "referrers")
        }
        self.vocabulary_sets = {key: set(v) for key, v in self.vocabularies.items()}


REFERENCE_LABELS = LABELS


def _references(document: Document, index: _Index) -> Iterable[Diagnostic]:
    data = document.data
    for path, value, target in _reference_fields(document.kind, data):
        if target in index.sets:
            known, known_set = index.slugs[target], index.sets[target]
        else:
            known, known_set = index.vocabularies[target], index.vocabulary_sets[target]
        # A value that is not a slug has its schema error already; say it once.
        if value not in known_set and SLUG_RE.match(value):
            yield _error_at(document, path, _unknown_reference(target, value, known))


def _reference_fields(kind: str, data: dict[str, Any]) -> Iterable[tuple[list[Any], Any, str]]:
    if kind == "service":
        if isinstance(data.get("provider"), str):
            yield ["provider"], data["provider"], "organization"
        if isinstance(data.get("category"), str):
            yield ["category"], data["category"], "categories"
        for field, target in (
            ("target_groups", "target_groups"),
            ("area", "municipalities"),
            ("referrers", "referrers"),
        ):
            for i, value in _strings(data.get(field)):
                yield [field, i], value, target
        for i, target in _fields(data.get("transitions"), "to"):
            yield ["transitions", i, "to"], target, "service"
    elif kind == "path":
        for i, service in _fields(data.get("steps"), "service"):
            yield ["steps", i, "service"], service, "service"
        for i, value in _strings(data.get("target_groups")):
            yield ["target_groups", i], value, "target_groups"


def _strings(value: Any) -> list[tuple[int, str]]:
    """(index, item) of the text items of a list; anything else has a schema error already."""
    return (
        [(i, v) for i, v in enumerate(value) if isinstance(v, str)]
        if isinstance(value, list)
        else []
    )


def _fields(value: Any, key: str) -> list[tuple[int, str]]:
    """(index, item[key]) of a list of mappings, where that field is text."""
    if not isinstance(value, list):
        return []
    return [
        (i, v[key])
        for i, v in enumerate(value)
        if isinstance(v, dict) and isinstance(v.get(key), str)
    ]


def _unknown_reference(target: str, value: str, known: list[str]) -> str:
    label = REFERENCE_LABELS[target]
    close = difflib.get_close_matches(value, known, n=1) if len(value) < 100 else []
    hint = f"; did you mean {shown(close[0])}?" if close else ""
    if not known:
        where = (
            f"define '{target}' in kennosto.yaml"
            if target not in ("organization", "service")
            else f"there are no {label} files"
        )
        return f"unknown {label} {shown(value)} ({where})"
    listing = ", ".join(shorten(k, 40) for k in sorted(known)[:8]) + (
        ", …" if len(known) > 8 else ""
    )
    return f"unknown {label} {shown(value)}{hint} (known: {listing})"


def _error_at(document: Document, path: list[Any], message: str) -> Diagnostic:
    """Positions cost a second parse of the file, so they are looked up only for problems."""
    line, col = _at(document, path)
    return error(document.relpath, line, col, message)


def _warning_at(document: Document, path: list[Any], message: str) -> Diagnostic:
    line, col = _at(document, path)
    return warning(document.relpath, line, col, message)


def _semantics(
    document: Document, languages: tuple[str, ...], settings: dict[str, Any], today: datetime.date
) -> Iterable[Diagnostic]:
    data = document.data
    yield from _whole_numbers(document)
    yield from _dates(document, settings, today)
    yield from _missing_translations(document, languages)
    if document.kind == "service":
        yield from _provider_present(document)
        age = data.get("age")
        low, high = (age.get("min"), age.get("max")) if isinstance(age, dict) else (None, None)
        if isinstance(low, int) and isinstance(high, int) and low > high:
            yield _error_at(document, ["age"], "age: min is greater than max")
        seen: set[str] = set()
        for i, target in _fields(data.get("transitions"), "to"):
            where = ["transitions", i, "to"]
            if target == document.slug:
                yield _error_at(document, where, "a service cannot lead to itself")
            elif target in seen:
                yield _error_at(document, where, f"transition to {shown(target)} is listed twice")
            seen.add(target)


def _provider_present(document: Document) -> Iterable[Diagnostic]:
    """`provider` or `providers`, one of them, unless the entry is an outcome."""
    data = document.data
    if "provider" in data and "providers" in data:
        yield _error_at(document, ["providers"], "give 'provider' or 'providers', not both")
    elif "provider" not in data and "providers" not in data and data.get("kind") != "outcome":
        yield error(
            document.relpath,
            1,
            1,
            "missing required field 'provider' in this service (or 'providers'; an outcome needs none)",
        )


def _whole_numbers(document: Document) -> Iterable[Diagnostic]:
    """18.0 passes JSON Schema's "integer"; a catalogue's ages and day counts are written
    as plain whole numbers, so say so instead of showing "18.0" on the site."""
    for path in INTEGER_FIELDS.get(document.kind, ()):
        value: Any = document.data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, float) and value.is_integer():
            where = ".".join(path)
            message = f"{where}: expected a whole number, got {value}; write it without a decimal point, such as {int(value)}"
            yield _error_at(document, list(path), message)


def _dates(
    document: Document, settings: dict[str, Any], today: datetime.date
) -> Iterable[Diagnostic]:
    value = document.data.get("reviewed")
    if not isinstance(value, str):
        return
    try:
        reviewed = datetime.date.fromisoformat(value)
    except ValueError:
        return  # the schema's date format has reported it
    max_age = settings.get("review_max_age_days")
    max_age = max_age if isinstance(max_age, int) and max_age > 0 else 365
    if reviewed > today:
        yield _error_at(document, ["reviewed"], f"reviewed: {value} is in the future")
    elif (today - reviewed).days > max_age:
        message = f"reviewed: {value} is more than {max_age} days ago; check the entry and update the date"
        yield _warning_at(document, ["reviewed"], message)


def _missing_translations(document: Document, languages: tuple[str, ...]) -> Iterable[Diagnostic]:
    if document.kind == "settings":
        return
    for field in TRANSLATED_FIELDS:
        value = document.data.get(field)
        if not isinstance(value, dict):
            continue
        missing = [lang for lang in languages if lang not in value]
        if missing:
            names = ", ".join(f"{LANG_NAMES[lang]} ({lang})" for lang in missing)
            yield _warning_at(
                document, [field], f"{field}: no {names} text; Finnish is shown instead"
            )


def _content_languages(loaded: Loaded, languages: tuple[str, ...]) -> Iterable[Diagnostic]:
    finnish = {page.slug for page in loaded.content if page.lang == "fi"}
    for page in loaded.content:
        if page.slug in RESERVED_SLUGS:
            message = f"content page name '{page.slug}' is reserved for generated pages"
            yield error(page.relpath, 1, 1, message)
        if page.lang not in languages:
            message = f"language '{page.lang}' is not one of the site's languages ({', '.join(languages)})"
            yield warning(page.relpath, 1, 1, message)
        elif page.lang != "fi" and page.slug not in finnish:
            message = f"translation without a Finnish page: add content/{page.slug}.md"
            yield error(page.relpath, 1, 1, message)
