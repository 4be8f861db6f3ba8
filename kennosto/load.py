"""Stage 1: files -> documents (JSON-like data, positions found again on demand).

PyYAML's C parser composes the node tree; we build plain data from it ourselves so that
every problem (duplicate keys, aliases, odd tags, non-UTF-8 bytes) becomes a Diagnostic
with a line and column instead of an exception, and so that dates stay ISO strings and
the data is plain JSON for the schema validator. The node tree is dropped after loading
and composed again only for a file that has a problem to point at: keeping 10,000 trees
alive cost more than the rare second parse. Large catalogues load on every core.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kennosto.content import ContentFile, load_content
from kennosto.errors import Diagnostic, error
from kennosto.textfile import read_text

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml is a declared requirement
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

LOAD_PARALLEL_THRESHOLD = 2000  # files; below this, starting workers costs more than it saves
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KINDS = {"organizations": "organization", "services": "service", "paths": "path"}
SETTINGS_FILE = "kennosto.yaml"
YAML_SUFFIXES = (".yaml", ".yml")

_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_constructor = yaml.constructor.SafeConstructor()


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml parses in C but asks Python to resolve every node's tag; most scalars are
    plain text whose first character no implicit type (int, bool, date…) can start with,
    so answering those directly halves the resolver's share of loading time."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0] or (value and value[0] not in self.yaml_implicit_resolvers):
                return _STR
            return super().resolve(kind, value, implicit)
        return _MAP if kind is yaml.MappingNode else _SEQ


# An alias is '*name' where a value may start; Markdown's '**bold**' is not one. Only
# files that may hold one pay for the slower event-level scan.
_ALIAS_CANDIDATE = re.compile(r"\*[^\s*,\[\]{}]")
_BEFORE_ALIAS = frozenset(" \t\n,[{:?-")


def _may_hold_alias(text: str) -> bool:
    return any(
        match.start() == 0 or text[match.start() - 1] in _BEFORE_ALIAS
        for match in _ALIAS_CANDIDATE.finditer(text)
    )


@dataclass
class Document:
    """One YAML file of the catalogue after loading."""

    kind: str
    slug: str
    relpath: str
    data: dict[str, Any]
    path: Path = field(repr=False)
    _node: yaml.MappingNode | None = field(default=None, repr=False)

    @property
    def node(self) -> yaml.MappingNode | None:
        """The file's YAML node tree, for positions; composed again on first use."""
        if self._node is None:
            text = read_text(self.path, self.relpath, [])
            self._node = compose(text, self.relpath, []) if text is not None else None
        return self._node


@dataclass
class Loaded:
    """Everything read from a catalogue root."""

    root: Path
    settings: Document | None
    documents: list[Document]
    content: list[ContentFile]
    diagnostics: list[Diagnostic]
    included_settings: list[Document] = field(default_factory=list)


def load_catalogue(root: Path, parallel_threshold: int = LOAD_PARALLEL_THRESHOLD) -> Loaded:
    """Read every catalogue file under `root`; never raises for bad content. Folders of
    at least `parallel_threshold` files are parsed on every core."""
    diagnostics: list[Diagnostic] = []
    settings = None
    if (root / SETTINGS_FILE).is_file():
        settings = load_document(root, root / SETTINGS_FILE, "settings", diagnostics)
    documents: list[Document] = []
    for folder, kind in KINDS.items():
        documents.extend(load_folder(root, folder, kind, diagnostics, parallel_threshold))
    content = load_content(root, diagnostics)
    loaded = Loaded(root, settings, documents, content, diagnostics)
    from kennosto.include import add_includes  # include.py builds on this module

    add_includes(loaded, parallel_threshold)
    return loaded


def load_folder(
    root: Path, folder: str, kind: str, out: list[Diagnostic], parallel_threshold: int
) -> list[Document]:
    directory = root / folder
    if not directory.is_dir():
        return []
    paths = []
    seen: dict[str, str] = {}
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or path.suffix not in YAML_SUFFIXES or not path.is_file():
            continue
        relpath = path.relative_to(root).as_posix()
        slug = path.stem
        if not SLUG_RE.match(slug):
            out.append(error(relpath, 1, 1, _bad_file_name(path.name, slug)))
        elif slug in seen:
            out.append(error(relpath, 1, 1, f"duplicate {kind} '{slug}': also {seen[slug]}"))
        else:
            seen[slug] = relpath
            paths.append(path)
    documents = []
    for document, diagnostics in _load_many(root, paths, kind, parallel_threshold):
        out.extend(diagnostics)
        if document is not None:
            documents.append(document)
    return documents


def _load_many(
    root: Path, paths: list[Path], kind: str, parallel_threshold: int
) -> list[tuple[Document | None, list[Diagnostic]]]:
    """Parsing is CPU-bound; past a few thousand files two cores beat one."""
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if len(paths) < parallel_threshold or jobs < 2 or "fork" not in mp.get_all_start_methods():
        return [_load_frozen(root, path, kind) for path in paths]
    chunk = -(-len(paths) // (jobs * 4))
    tasks = [(root, paths[i : i + chunk], kind) for i in range(0, len(paths), chunk)]
    with mp.get_context("fork").Pool(jobs) as pool:
        return [item for part in pool.map(_load_chunk, tasks) for item in part]


def _load_chunk(
    task: tuple[Path, list[Path], str],
) -> list[tuple[Document | None, list[Diagnostic]]]:
    root, paths, kind = task
    return [_load_one(root, path, kind) for path in paths]


def _load_frozen(root: Path, path: Path, kind: str) -> tuple[Document | None, list[Diagnostic]]:
    """Each loaded file lives to the end of the build: freezing it keeps the cyclic GC
    from rescanning a heap that only grows (as fast as switching the GC off)."""
    result = _load_one(root, path, kind)
    gc.freeze()
    return result


def _load_one(root: Path, path: Path, kind: str) -> tuple[Document | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    return load_document(root, path, kind, diagnostics), diagnostics


def _bad_file_name(name: str, stem: str) -> str:
    suggestion = slugify(stem)
    hint = f"; rename it to '{suggestion}.yaml'" if suggestion else ""
    return (
        f"file name '{name}' is not a slug (lowercase letters a-z, digits and single hyphens){hint}"
    )


def slugify(text: str) -> str:
    """A slug suggestion: 'Työkyky Tiimi' -> 'tyokyky-tiimi'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def load_document(root: Path, path: Path, kind: str, out: list[Diagnostic]) -> Document | None:
    """Load one YAML file into a Document, or record why it cannot be loaded."""
    relpath = path.relative_to(root).as_posix()
    text = read_text(path, relpath, out)
    if text is None:
        return None
    node = compose(text, relpath, out)
    if node is None:
        return None
    builder = _Builder(relpath)
    try:
        data = builder.build(node)
    except RecursionError:
        out.append(error(relpath, 1, 1, "the file is nested too deeply to be a catalogue entry"))
        return None
    out.extend(builder.diagnostics)
    slug = path.stem if kind != "settings" else ""
    return Document(kind, slug, relpath, data, path)


def compose(text: str, relpath: str, out: list[Diagnostic]) -> yaml.MappingNode | None:
    """YAML text -> the top-level mapping node, refusing aliases before they can expand."""
    if "*" in text and _may_hold_alias(text) and _report_aliases(text, relpath, out):
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        out.append(_yaml_error(relpath, exc))
        return None
    except yaml.YAMLError as exc:
        out.append(error(relpath, 1, 1, f"YAML error: {exc}"))
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
    except yaml.YAMLError:
        pass  # compose() reports the syntax error itself
    if first is None:
        return False
    mark = first.start_mark
    more = f" ({count} aliases in this file)" if count > 1 else ""
    message = f"YAML aliases (*{first.anchor}) are not allowed; write the value out{more}"
    out.append(error(relpath, mark.line + 1, mark.column + 1, message))
    return True


def _yaml_error(relpath: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context = exc.context
    if context and exc.context_mark and exc.context_mark is not mark:
        start = exc.context_mark
        context += f" (started at line {start.line + 1}, column {start.column + 1})"
    parts = [p for p in (context, exc.problem) if p]
    message = "; ".join(parts) or "invalid YAML"
    return error(relpath, line, col, f"YAML syntax error: {message}")


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column of a node's start."""
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Node tree -> JSON-like data, recording duplicate keys and unsupported tags."""

    def __init__(self, relpath: str) -> None:
        self.relpath = relpath
        self.diagnostics: list[Diagnostic] = []

    def build(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._unsupported_tag(node)
            return [self.build(item) for item in node.value]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        if node.tag != _MAP:
            self._unsupported_tag(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = position(key_node)
                self.diagnostics.append(error(self.relpath, line, col, "a key must be plain text"))
                continue
            key = key_node.value
            if key in result:
                line, col = position(key_node)
                message = f"duplicate key '{key}'; each key may appear only once in a mapping"
                self.diagnostics.append(error(self.relpath, line, col, message))
                continue
            result[key] = self.build(value_node)
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _TIMESTAMP:
            return node.value
        if tag in _PLAIN_TAGS:
            return _constructor.construct_object(node)
        self._unsupported_tag(node)
        return node.value

    def _unsupported_tag(self, node: yaml.Node) -> None:
        line, col = position(node)
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        message = f"unsupported YAML tag '{tag}'; remove it"
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
