"""YAML text -> plain JSON-like data, every problem a Diagnostic with a line and column.

PyYAML's C parser composes the node tree; we build plain data from it ourselves so that
duplicate keys, aliases, odd tags and bad values become Diagnostics instead of exceptions,
dates stay ISO strings and the data is plain JSON for the schema validator.

Scalars are resolved as in YAML 1.2's core schema, not YAML 1.1: `on`, `yes`, `no`, `off`,
`017`, `0x3F`, `1_000`, `1:30` and `.inf` are text; only `true`/`false`, finite decimal
numbers and `null`/`~` are anything else. So `name: {fi: on}` is the text "on", and
`free: on` or `age: {min: 017}` get a schema error with a hint instead of silently
becoming true or 15.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from kennosto.errors import Diagnostic, error, shorten, shown

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml is a declared requirement
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

# No catalogue file is nested more than five levels; 20 leaves room and stays far below
# every library's recursion limit (libyaml's, Python's, the schema validator's).
MAX_DEPTH = 20
MAX_DIGITS = 30  # a longer run of digits is no quantity of this catalogue: kept as text
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; no catalogue entry is (check the brackets and indentation here)"

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT_RE = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+|\.[0-9]+[eE][-+]?[0-9]+)\Z"
)
_FIRST = frozenset("0123456789+-.~nNtTfF")


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml parses in C but asks Python to resolve every node's tag; we answer with the
    YAML 1.2 core schema, and most text (first character no number or keyword can start
    with) without looking further."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _resolve_scalar(value) if implicit[0] else _STR
        return _MAP if kind is yaml.MappingNode else _SEQ


def _resolve_scalar(value: str) -> str:
    if not value:
        return _NULL
    if value[0] not in _FIRST:
        return _STR
    if value in _NULLS:
        return _NULL
    if value in _BOOLS:
        return _BOOL
    if _DECIMAL.match(value):
        return _INT if len(value) <= MAX_DIGITS else _STR
    if _FLOAT_RE.match(value) and math.isfinite(float(value)):
        return _FLOAT
    return _STR


# An alias is '*name' where a value may start; Markdown's '**bold**' is not one. Only
# files that may hold one pay for the slower event-level scan.
_ALIAS_CANDIDATE = re.compile(r"\*[^\s*,\[\]{}]")
_BEFORE_ALIAS = frozenset(" \t\n,[{:?-")


def _may_hold_alias(text: str) -> bool:
    return any(
        match.start() == 0 or text[match.start() - 1] in _BEFORE_ALIAS
        for match in _ALIAS_CANDIDATE.finditer(text)
    )


def compose(text: str, relpath: str, out: list[Diagnostic]) -> yaml.MappingNode | None:
    """YAML text -> the top-level mapping node, refusing aliases before they can expand."""
    if "*" in text and _may_hold_alias(text) and _report_aliases(text, relpath, out):
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError) as exc:
        deep = _too_deep(text, relpath) if _about_depth(exc) else None
        out.append(deep or _yaml_error(relpath, exc))
        return None
    except Exception as exc:  # noqa: BLE001 - a library failure is still this file's error
        out.append(error(relpath, 1, 1, f"YAML error: {shorten(str(exc))}"))
        return None
    if node is None:
        out.append(error(relpath, 1, 1, "file is empty; it must hold a mapping of fields"))
        return None
    if not isinstance(node, yaml.MappingNode):
        line, col = position(node)
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        out.append(error(relpath, line, col, f"the file must be a mapping of fields, not {what}"))
        return None
    return node


def _about_depth(exc: BaseException) -> bool:
    """Whether a YAML failure is the library giving up on depth (its own limit, or the
    stack); only then is the slower search for the first too-deep collection worth it."""
    if isinstance(exc, RecursionError):
        return True
    return "nest" in str(getattr(exc, "problem", "") or "") or "depth" in str(exc)


def _too_deep(text: str, relpath: str) -> Diagnostic | None:
    """Whatever a YAML library says about deep nesting (libyaml's scanner stops at 1,000
    levels by itself, before its parser has emitted the first deep event), the answer is
    the same: an error at the first collection deeper than MAX_DEPTH, found in the event
    stream of the pure-Python parser, which is linear and not recursive. Only files that
    failed to compose pay for it."""
    depth = 0
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, starts):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return error(relpath, mark.line + 1, mark.column + 1, TOO_DEEP)
            elif isinstance(event, ends):
                depth -= 1
    except (yaml.YAMLError, RecursionError):
        pass
    return None


def _report_aliases(text: str, relpath: str, out: list[Diagnostic]) -> bool:
    """Aliases can expand exponentially ("billion laughs"); the event stream is linear.
    One error per file, at the first alias, is enough to act on."""
    count = 0
    first: yaml.AliasEvent | None = None
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                first = first or event
                count += 1
    except (yaml.YAMLError, RecursionError):
        pass  # compose() reports the syntax error itself
    if first is None:
        return False
    mark = first.start_mark
    more = f" ({count} aliases in this file)" if count > 1 else ""
    message = (
        f"YAML aliases (*{shown(first.anchor)[1:-1]}) are not allowed; write the value out{more}"
    )
    out.append(error(relpath, mark.line + 1, mark.column + 1, message))
    return True


def _yaml_error(relpath: str, exc: BaseException) -> Diagnostic:
    if isinstance(exc, RecursionError):
        return error(relpath, 1, 1, TOO_DEEP)
    if not isinstance(exc, yaml.MarkedYAMLError):
        # A reader error knows only an offset; the characters are checked when the file is
        # read, so this is a fallback that keeps the message on one line.
        reason = getattr(exc, "reason", None) or str(exc).split("\n")[0]
        return error(relpath, 1, 1, f"YAML error: {shorten(str(reason))}")
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context = exc.context
    if context and exc.context_mark and exc.context_mark is not mark:
        start = exc.context_mark
        context += f" (started at line {start.line + 1}, column {start.column + 1})"
    if "nesting depth" in (exc.problem or ""):
        return error(relpath, line, col, TOO_DEEP)
    parts = [p for p in (context, exc.problem) if p]
    message = "; ".join(parts) or "invalid YAML"
    return error(relpath, line, col, f"YAML syntax error: {shorten(message)}")


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column of a node's start."""
    return node.start_mark.line + 1, node.start_mark.column + 1


class Builder:
    """Node tree -> JSON-like data, recording duplicate keys, unsupported tags, values that
    do not fit their explicit tag, and nesting deeper than MAX_DEPTH."""

    def __init__(self, relpath: str) -> None:
        self.relpath = relpath
        self.diagnostics: list[Diagnostic] = []
        self.too_deep = False

    def build(self, node: yaml.Node, depth: int = 1) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if depth > MAX_DEPTH:
            self.too_deep = True
            self._error(node, TOO_DEEP)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if node.tag != _SEQ:
            self._unsupported_tag(node)
        result = []
        for item in node.value:
            result.append(self.build(item, depth + 1))
            if self.too_deep:
                break
        return result

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            self._unsupported_tag(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._error(key_node, "a key must be plain text")
                continue
            key = key_node.value
            if key in result:
                message = f"duplicate key {shown(key)}; each key may appear only once in a mapping"
                self._error(key_node, message)
                continue
            result[key] = self.build(value_node, depth + 1)
            if self.too_deep:
                break
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag in (_STR, _TIMESTAMP):
            return value
        if tag == _NULL and value in _NULLS:
            return None
        if tag == _BOOL and value in _BOOLS:
            return _BOOLS[value]
        if tag == _INT and _DECIMAL.match(value) and len(value) <= MAX_DIGITS:
            return int(value)
        if tag == _FLOAT and (_FLOAT_RE.match(value) or _DECIMAL.match(value)):
            number = float(value)
            if math.isfinite(number):
                return number
        if tag in (_NULL, _BOOL, _INT, _FLOAT):
            self._bad_value(node)
        else:
            self._unsupported_tag(node)
        return value

    def _bad_value(self, node: yaml.ScalarNode) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        expected = {
            "!!int": "a plain decimal whole number such as 17",
            "!!float": "a finite decimal number such as 1.5",
            "!!bool": "true or false",
            "!!null": "null or nothing",
        }[tag]
        message = f"{shown(node.value)} is not a valid {tag} value; {tag} needs {expected} (or remove the tag)"
        self._error(node, message)

    def _unsupported_tag(self, node: yaml.Node) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self._error(node, f"unsupported YAML tag {shown(tag)}; remove it")

    def _error(self, node: yaml.Node, message: str) -> None:
        line, col = position(node)
        self.diagnostics.append(error(self.relpath, line, col, message))


def find_node(
    root: yaml.Node | None, path: list[str | int]
) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The (key node, value node) at a JSON path; stops at the deepest node that exists."""
    key_node: yaml.Node | None = None
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if match is None:
                break
            key_node, node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            key_node, node = None, node.value[part]
        else:
            break
    return key_node, node


def mapping_keys(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """Key text -> key node of a mapping (first occurrence), for many lookups in one pass."""
    keys: dict[str, yaml.Node] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                keys.setdefault(key_node.value, key_node)
    return keys


def load_yaml(text: str, relpath: str, out: list[Diagnostic]) -> Any:
    """Text -> data of a YAML mapping file, or None (with Diagnostics) if it cannot be read."""
    node = compose(text, relpath, out)
    if node is None:
        return None
    builder = Builder(relpath)
    data = builder.build(node)
    out.extend(builder.diagnostics)
    return None if builder.too_deep else data
