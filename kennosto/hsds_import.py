"""HSDS import, part 2: checked HSDS records -> organization, service and path YAML files.

The same entity in several language datasets (same id) becomes one file with language
maps; a translation identical to the Finnish text is left out (the site falls back to
Finnish anyway), except in vocabulary names, whose terms say which language they are in.
Slugs come from the Kennosto extension's records.json when the data was exported by
Kennosto, from an existing file whose slug gives the same uuid5 id, or else from the
Finnish name (`slugify`), made unique in id order so a re-import gives the same slugs.
What has no place in the format is reported per record; files are all gathered first and
then written, and an existing file is replaced only with `force`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kennosto.hsds import VOCABULARIES, hsds_id
from kennosto.hsds_map import organization_yaml, service_yaml, vocabulary_of
from kennosto.hsds_map_extension import path_yaml
from kennosto.hsds_read import LANGUAGES, Input, Record, read_input
from kennosto.hsds_terms import BUILTIN
from kennosto.hsds_yaml import dump_yaml
from kennosto.load import SETTINGS_FILE, slugify
from kennosto.render import load_strings
from kennosto.write import write_files

Group = dict[str, Record]  # one entity: language -> its record


@dataclass
class ImportResult:
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # existing files left alone (no --force)
    notes: list[str] = field(default_factory=list)


def import_hsds(source: Path, root: Path, force: bool = False, lang: str = "fi") -> ImportResult:
    """Import HSDS 3.0 JSON at `source` into the catalogue at `root`."""
    found = read_input(source, lang)
    plan = _Plan(found, root)
    files = plan.files()
    result = ImportResult(notes=list(dict.fromkeys(found.notes + plan.notes)))
    for relpath, _ in files:
        (result.written if force or not (root / relpath).exists() else result.kept).append(relpath)
    write_files(root, [(p, t) for p, t in files if p in result.written])
    return result


def _groups(records: list[Record], by_id: bool = True) -> dict[str, Group]:
    """Records of the same id, by language; sorted by id unless order matters (terms)."""
    groups: dict[str, Group] = {}
    for record in records:
        groups.setdefault(record.data["id"], {}).setdefault(record.lang, record)
    return dict(sorted(groups.items())) if by_id else groups


def _first(group: Group) -> Record:
    return next(group[lang] for lang in (*LANGUAGES, *group) if lang in group)


class _Plan:
    """Works out every file of the import; `notes` says what could not be mapped."""

    def __init__(self, found: Input, root: Path) -> None:
        self.found, self.root, self.notes = found, root, []
        self.settings = _read_settings(root)
        self.whole_region = set(load_strings(root)["whole_region"].values())
        self.orgs = _groups(found.of("organization"))
        self.services = _groups(found.of("service"))
        records = found.extension.get("records") or {}
        self.known = {
            kind: {r["id"]: r for r in records.get(f"{kind}s", []) if isinstance(r, dict)}
            for kind in ("organization", "service")
        }
        # Files already in the catalogue, by the uuid5 id their slug gives.
        self.existing = {
            kind: {hsds_id(kind, p.stem): p.stem for p in (root / f"{kind}s").glob("*.yaml")}
            for kind in ("organization", "service")
        }
        self.org_slugs = self._slugs("organization", self.orgs)
        self.service_slugs = self._slugs("service", self.services)
        self.terms = self._vocabularies()
        self.term_index = {
            entry["id"]: (vocabulary, slug)
            for vocabulary, terms in self.terms.items()
            for slug, entry in terms.items()
        }

    # --- texts and slugs -----------------------------------------------------------------

    def text(
        self, group: Group, key: str, pick: Any = None, keep_same: bool = False
    ) -> dict[str, str] | None:
        """A language map of one field; a missing Finnish text is stood in for (noted).
        A translation equal to the Finnish text is left out unless `keep_same`."""
        values: dict[str, str] = {}
        for lang in (*LANGUAGES, *group):
            value = (pick or (lambda d: d.get(key)))(group[lang].data) if lang in group else None
            if isinstance(value, str) and value.strip() and lang in LANGUAGES:
                values.setdefault(lang, value)
        if not values:
            return None
        if "fi" not in values:
            other = next(iter(values))
            self.notes.append(
                _first(group).source.say(f"{key}: no Finnish text; the {other} text stands in")
            )
            values = {"fi": values[other], **values}
        return {k: v for k, v in values.items() if keep_same or k == "fi" or v != values["fi"]}

    def _slugs(self, kind: str, groups: dict[str, Group]) -> dict[str, str]:
        existing = self.existing[kind]
        slugs: dict[str, str] = {}
        taken: set[str] = set()
        for entity_id, group in groups.items():
            named = self.known[kind].get(entity_id, {}).get("slug") or existing.get(entity_id)
            name = (self.text(group, "name") or {}).get("fi", "")
            base = named or slugify(name)[:60].strip("-") or f"{kind}-{entity_id[:8]}"
            slug, n = base, 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            slugs[entity_id] = slug
            taken.add(slug)
        return slugs

    def org_slug(self, org_id: Any) -> str | None:
        return self.org_slugs.get(org_id) or self.existing["organization"].get(org_id)

    def service_slug(self, service_id: Any) -> str | None:
        return self.service_slugs.get(service_id) or self.existing["service"].get(service_id)

    # --- vocabularies ----------------------------------------------------------------------

    def _vocabularies(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Terms by vocabulary: from taxonomy_terms files and the terms nested in
        attributes, in the order first seen. A name is kept in every language its record
        says it is in (`language`), also where it equals the Finnish one."""
        raw = list(self.found.of("taxonomy_term"))
        for record in self.found.of("service"):
            for attribute in _attributes(record.data):
                if isinstance(attribute.get("taxonomy_term"), dict):
                    raw.append(
                        Record(
                            "taxonomy_term", record.lang, attribute["taxonomy_term"], record.source
                        )
                    )
        terms: dict[str, dict[str, dict[str, Any]]] = {v: {} for v in VOCABULARIES}
        for term_id, group in _groups(raw, by_id=False).items():
            vocabulary = vocabulary_of(_first(group).data)
            if vocabulary is None:
                known = ", ".join(VOCABULARIES)
                what = f"taxonomy term {term_id} not mapped: not of Kennosto's ({known})"
                self.notes.append(_first(group).source.say(what))
                continue
            code = str(_first(group).data.get("code") or "")
            slug = (
                code
                if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code)
                else slugify(code or _first(group).data["name"])
            )
            terms[vocabulary].setdefault(slug, self._term(term_id, group))
        return _with_parents_and_organizations(terms, self)

    def _term(self, term_id: str, group: Group) -> dict[str, Any]:
        own = {
            lang: r for lang, r in group.items() if r.data.get("language") in (None, lang)
        } or group
        entry: dict[str, Any] = {"id": term_id}
        entry["name"] = self.text(own, "name", keep_same=True) or {"fi": term_id}
        entry["description"] = self.text(own, "description", _own_description)
        parent = _first(group).data.get("parent_id")
        return {**entry, "parent_id": parent} if parent else entry

    def term_vocabulary(self, term_id: Any) -> str | None:
        found = self.term_index.get(term_id)
        return found[0] if found else None

    def term_slug(self, vocabulary: str, term_id: Any, source: Any) -> str | None:
        """The slug of a term of `vocabulary`, if the catalogue can have it."""
        found = self.term_index.get(term_id)
        if found is None or found[0] != vocabulary:
            return None
        slug = found[1]
        if vocabulary in BUILTIN:
            if slug in BUILTIN[vocabulary][0]:
                return slug
            self.notes.append(source.say(f"{vocabulary} term '{slug}' not mapped: no such one"))
            return None
        if self.settings is not None and slug not in (self.settings.get(vocabulary) or {}):
            where = f"is not in {SETTINGS_FILE}: add it there and import again"
            self.notes.append(source.say(f"{vocabulary} term '{slug}' {where}"))
            return None
        return slug

    # --- the files -------------------------------------------------------------------------

    def files(self) -> list[tuple[str, str]]:
        files = []
        for entity_id, group in self.orgs.items():
            files.append(
                (f"organizations/{self.org_slugs[entity_id]}.yaml", organization_yaml(self, group))
            )
        for entity_id, group in self.services.items():
            data = service_yaml(self, group)
            if data is not None:
                files.append((f"services/{self.service_slugs[entity_id]}.yaml", data))
        for item in self.found.extension.get("paths") or []:
            made = path_yaml(self, item)
            if made:
                files.append(made)
        if self.settings is None:
            files.append((SETTINGS_FILE, self.settings_yaml()))
        return files

    def settings_yaml(self) -> str:
        langs = sorted({r.lang for r in self.found.records}, key=LANGUAGES.index) or ["fi"]
        data: dict[str, Any] = {"languages": langs if langs[0] == "fi" else ["fi", *langs]}
        if self.found.base_url:
            data["base_url"] = self.found.base_url
        region = self.region()
        if region:
            data["region"] = region
        for vocabulary, terms in self.terms.items():
            if terms and vocabulary not in BUILTIN:
                data[vocabulary] = {
                    s: {k: v for k, v in t.items() if k != "id" and v} for s, t in terms.items()
                }
        return (
            "# Written by kennosto import hsds: add a title and check the vocabularies.\n"
            + dump_yaml(data)
        )

    def is_region_area(self, area: dict[str, Any], service_id: Any) -> bool:
        """Kennosto exports a service for the whole region as one area named after the
        region, described as "the whole region" in the dataset's language (or by its
        provider's note; then its id tells)."""
        if _attributes(area):
            return False
        own = area.get("id") == hsds_id("service_area", str(service_id))
        return own or area.get("description") in self.whole_region

    def region(self) -> dict[str, str] | None:
        """The region's name in each language, from the whole-region service areas."""
        areas = [
            Record("service_area", r.lang, a, r.source)
            for r in self.found.of("service")
            for a in r.data.get("service_areas") or []
            if self.is_region_area(a, r.data.get("id")) and a.get("name")
        ]
        groups = _groups(areas)
        return self.text(next(iter(groups.values())), "name") if groups else None

    def municipality_named(self, name: Any) -> str | None:
        """A municipality slug by its name in any language (areas without a term)."""
        vocabulary = (
            self.settings.get("municipalities") if self.settings is not None else None
        ) or self.terms["municipalities"]
        for slug, term in vocabulary.items():
            names = (term or {}).get("name") or {}
            if isinstance(names, dict) and name in names.values():
                return slug
        return None


def _own_description(data: dict[str, Any]) -> str | None:
    """A term's description, unless it only repeats the name (HSDS requires one)."""
    description = data.get("description")
    return description if description != data.get("name") else None


def _with_parents_and_organizations(
    terms: dict[str, dict[str, dict[str, Any]]], plan: _Plan
) -> dict[str, dict[str, dict[str, Any]]]:
    """`parent` from the term's `parent_id`; a referrer's `organization` from the
    extension's records (HSDS terms have no field for it)."""
    for vocabulary in terms.values():
        slugs = {entry["id"]: slug for slug, entry in vocabulary.items()}
        for entry in vocabulary.values():
            parent = slugs.get(entry.pop("parent_id", None))
            if parent:
                entry["parent"] = parent
    records = (plan.found.extension.get("records") or {}).get("terms") or []
    referrers = {entry["id"]: entry for entry in terms["referrers"].values()}
    for record in records:
        entry = referrers.get(record.get("id")) if isinstance(record, dict) else None
        organization = entry is not None and plan.org_slug(record.get("organization_id"))
        if organization:
            entry["organization"] = organization
    return terms


def _attributes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in data.get("attributes") or [] if isinstance(a, dict)]


def _read_settings(root: Path) -> dict[str, Any] | None:
    path = root / SETTINGS_FILE
    if not path.is_file():
        return None
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return data if isinstance(data, dict) else {}
