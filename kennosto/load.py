"""Stage 1: files -> documents (JSON-like data, positions found again on demand).

Everything `build` reads is read here, so `check` sees it too: the YAML files, the free
pages, and the catalogue's own templates, strings.yaml and static files. Only regular files
inside the catalogue are read (kennosto.files); YAML becomes plain data with every problem
a Diagnostic (kennosto.yamlfile). The node tree is dropped after loading and composed again
only for a file that has a problem to point at: keeping 10,000 trees alive cost more than
the rare second parse. Large catalogues load on every core. The preview keeps a
`LoadCache` between builds: a file whose size, time stamps and inode are unchanged is not
parsed again, and what later stages worked out from it alone (its schema check, its model
object) stays in the document's `memo`.
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing as mp
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kennosto.content import ContentFile, load_content
from kennosto.errors import Diagnostic, error, shown
from kennosto.files import Entry, builtin_templates, scan_folder, single_file, walk_tree
from kennosto.textfile import read_text
from kennosto.yamlfile import compose, find_node, load_yaml, position

__all__ = [
    "Document",
    "Loaded",
    "TemplateFile",
    "compose",
    "find_node",
    "load_catalogue",
    "position",
]

LOAD_PARALLEL_THRESHOLD = 2000  # files; below this, starting workers costs more than it saves
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KINDS = {"organizations": "organization", "services": "service", "paths": "path"}
SETTINGS_FILE = "kennosto.yaml"
STRINGS_FILE = "templates/strings.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
# Files in templates/ (outside static/) that Jinja may be asked to load.
TEMPLATE_SUFFIXES = (".html", ".htm", ".json", ".xml", ".txt", ".svg", ".j2", ".jinja", ".jinja2")


@dataclass
class Document:
    """One YAML file of the catalogue after loading."""

    kind: str
    slug: str
    relpath: str
    data: dict[str, Any]
    path: Path = field(repr=False)
    _node: yaml.MappingNode | None = field(default=None, repr=False)
    # What later stages derive from this file alone, kept while the file is unchanged
    # (see LoadCache): shared by the copies a cache hands out.
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def node(self) -> yaml.MappingNode | None:
        """The file's YAML node tree, for positions; composed again on first use (and
        kept in the memo: a file with a warning needs it in every build)."""
        if self._node is None:
            self._node = self.memo.get("node")
        if self._node is None:
            text = read_text(self.path, self.relpath, [])
            self._node = compose(text, self.relpath, []) if text is not None else None
            self.memo["node"] = self._node
        return self._node


@dataclass(frozen=True)
class TemplateFile:
    """One of the catalogue's own templates: its Jinja name and its text."""

    name: str
    relpath: str
    text: str


@dataclass
class Loaded:
    """Everything read from a catalogue root."""

    root: Path
    settings: Document | None
    documents: list[Document]
    content: list[ContentFile]
    diagnostics: list[Diagnostic]
    included_settings: list[Document] = field(default_factory=list)
    templates: list[TemplateFile] = field(default_factory=list)
    strings: Document | None = None
    static: list[Entry] = field(default_factory=list)  # templates/static/** to publish


Loaded1 = tuple["Document | None", list[Diagnostic]]
RACY_NS = 100_000_000  # a file modified this recently (ns) is not trusted by its stamp
_Stamp = tuple[int, int, int, int]


@dataclass
class LoadCache:
    """The entry files of the last load, for the preview (`kennosto serve`), which loads
    the same 10,000 files after every save: parsing them all again took seconds. A file is
    parsed again when its size, modification or change time or inode differ (an editor's
    save changes at least one); the stamp is taken before reading, so a save during the
    read is seen by the next build. Each hit is a shallow copy (callers may change its
    relpath), sharing the parsed data and the memo."""

    # By the path as text: hashing 10,000 fresh Path objects took longer than the stats.
    files: dict[str, tuple[_Stamp, Loaded1]] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)

    def lookup(self, path: Path) -> tuple[_Stamp | None, Loaded1 | None]:
        """(the file's stamp now, the cached result if it is still valid)."""
        name = os.fspath(path)
        self._seen.add(name)
        try:
            st = os.stat(name)
        except OSError:
            return None, None
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        found = self.files.get(name)
        if found is None or found[0] != stamp:
            return stamp, None
        document, diagnostics = found[1]
        return stamp, (_copy(document) if document else None, list(diagnostics))

    def store(self, path: Path, stamp: _Stamp | None, result: Loaded1) -> None:
        """Keep a file's result, unless it was modified so recently that a second save
        within the file system's time stamp granularity would keep its stamp (git's
        "racily clean" rule): such a file is parsed again next time."""
        if stamp is not None and time.time_ns() - stamp[1] > RACY_NS:
            document, diagnostics = result
            copied = _copy(document) if document else None
            self.files[os.fspath(path)] = (stamp, (copied, diagnostics))

    def forget_unseen(self) -> None:
        """Drop files no load asked for since the last call (deleted files)."""
        self.files = {p: v for p, v in self.files.items() if p in self._seen}
        self._seen = set()


def _copy(document: Document) -> Document:
    """A shallow copy (copy.copy took 80 µs a file, through __reduce_ex__)."""
    d = document
    return Document(d.kind, d.slug, d.relpath, d.data, d.path, d._node, d.memo)


def load_catalogue(
    root: Path, parallel_threshold: int = LOAD_PARALLEL_THRESHOLD, cache: LoadCache | None = None
) -> Loaded:
    """Read every catalogue file under `root`; never raises for bad content. Folders of
    at least `parallel_threshold` files are parsed on every core; files unchanged since
    `cache` saw them are not parsed again."""
    diagnostics: list[Diagnostic] = []
    settings = None
    settings_path = single_file(root, SETTINGS_FILE, diagnostics)
    if settings_path is not None:
        settings = load_document(root, settings_path, "settings", diagnostics)
    documents: list[Document] = []
    for folder, kind in KINDS.items():
        documents.extend(load_folder(root, folder, kind, diagnostics, parallel_threshold, cache))
    content = load_content(root, diagnostics)
    loaded = Loaded(root, settings, documents, content, diagnostics)
    _load_templates(loaded)
    from kennosto.include import add_includes  # include.py builds on this module

    add_includes(loaded, parallel_threshold, cache)
    if cache is not None:
        cache.forget_unseen()
    return loaded


def _load_templates(loaded: Loaded) -> None:
    """The catalogue's templates/: overrides, strings.yaml and static files. The bundled
    catalogue's templates/ is Kennosto's own; it is not an override of itself."""
    root, out = loaded.root, loaded.diagnostics
    own = root / "templates"
    if os.path.realpath(own) == os.path.realpath(builtin_templates()):
        return
    for entry in walk_tree(root, "templates", out):
        if entry.relpath.startswith("templates/static/"):
            loaded.static.append(entry)
        elif entry.relpath == STRINGS_FILE:
            loaded.strings = load_document(root, entry.path, "strings", out)
        elif entry.relpath.endswith(TEMPLATE_SUFFIXES):
            text = read_text(entry.path, entry.relpath, out)
            if text is not None:
                name = entry.relpath.removeprefix("templates/")
                loaded.templates.append(TemplateFile(name, entry.relpath, text))


def load_folder(
    root: Path,
    folder: str,
    kind: str,
    out: list[Diagnostic],
    parallel_threshold: int,
    cache: LoadCache | None = None,
) -> list[Document]:
    paths = []
    seen: dict[str, str] = {}
    for entry in scan_folder(root, folder, YAML_SUFFIXES, out):
        path, relpath = entry.path, entry.relpath
        slug = path.stem
        if not SLUG_RE.match(slug):
            out.append(error(relpath, 1, 1, _bad_file_name(path.name, slug)))
        elif slug in seen:
            out.append(error(relpath, 1, 1, f"duplicate {kind} '{slug}': also {seen[slug]}"))
        else:
            seen[slug] = relpath
            paths.append(path)
    documents = []
    for document, diagnostics in _load_cached(root, paths, kind, parallel_threshold, cache):
        out.extend(diagnostics)
        if document is not None:
            documents.append(document)
    return documents


def _load_cached(
    root: Path, paths: list[Path], kind: str, parallel_threshold: int, cache: LoadCache | None
) -> list[Loaded1]:
    """`_load_many` for the files that `cache` does not have (all without a cache)."""
    if cache is None:
        return _load_many(root, paths, kind, parallel_threshold)
    results: dict[Path, Loaded1] = {}
    stamps: dict[Path, _Stamp | None] = {}
    for path in paths:
        stamps[path], hit = cache.lookup(path)
        if hit is not None:
            results[path] = hit
    missing = [path for path in paths if path not in results]
    for path, result in zip(
        missing, _load_many(root, missing, kind, parallel_threshold), strict=True
    ):
        cache.store(path, stamps[path], result)
        results[path] = result
    return [results[path] for path in paths]


def _load_many(root: Path, paths: list[Path], kind: str, parallel_threshold: int) -> list[Loaded1]:
    """Parsing is CPU-bound; past a few thousand files two cores beat one."""
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if len(paths) < parallel_threshold or jobs < 2 or "fork" not in mp.get_all_start_methods():
        return [_load_frozen(root, path, kind) for path in paths]
    chunk = -(-len(paths) // (jobs * 4))
    tasks = [(root, paths[i : i + chunk], kind) for i in range(0, len(paths), chunk)]
    results: list[Loaded1] = []
    with mp.get_context("fork").Pool(jobs) as pool:
        # Each share is unpacked here as it comes, while the workers parse the next ones.
        for (_, part, _), (texts, problems) in zip(
            tasks, pool.imap(_load_chunk, tasks), strict=True
        ):
            for path, found, diagnostics in zip(part, marshal.loads(texts), problems, strict=True):
                document = Document(kind, path.stem, found[0], found[1], path) if found else None
                results.append((document, diagnostics or []))
            gc.freeze()  # they live to the end of the build (see _load_frozen)
    return results


def _load_chunk(task: tuple[Path, list[Path], str]) -> tuple[bytes, list[list[Diagnostic]]]:
    """A worker's share: each file's (relpath, data) or None, marshalled (plain data:
    a fifth of pickle's time to write and two thirds to read, which the parent does
    while the workers parse), and each file's Diagnostics."""
    root, paths, kind = task
    found, problems = [], []
    for path in paths:
        document, diagnostics = _load_one(root, path, kind)
        found.append((document.relpath, document.data) if document else None)
        problems.append(diagnostics)
    return marshal.dumps(found), problems


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
    suggestion = slugify(stem)[:80]
    hint = f"; rename it to '{suggestion}.yaml'" if suggestion else ""
    return f"file name {shown(name)} is not a slug (lowercase letters a-z, digits and single hyphens){hint}"


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
    data = load_yaml(text, relpath, out)
    if data is None:
        return None
    slug = path.stem if kind in KINDS.values() else ""
    return Document(kind, slug, relpath, data, path)
