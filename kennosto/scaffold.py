"""`kennosto new`: a commented template for a new service, path or organization.

A maintainer who is not a programmer starts from a file that names every field, says what
goes there in a comment, and tells the editor which JSON Schema to use (completion,
hover help and validation while typing). Placeholders are written `<…>`; those that stand
for a slug fail `kennosto check` until they are replaced, so an unfinished file cannot be
published by accident.
"""

from __future__ import annotations

import datetime
import os
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from kennosto.errors import KennostoError
from kennosto.load import SETTINGS_FILE, SLUG_RE

FOLDERS = {"service": "services", "path": "paths", "organization": "organizations"}
NAME_HINTS = {
    "fi": ("Palvelun nimi", "Polun nimi", "Organisaation nimi"),
    "sv": ("Tjänstens namn", "Vägens namn", "Organisationens namn"),
    "en": ("Name of the service", "Name of the path", "Name of the organization"),
}
SUMMARY_HINTS = {
    "fi": "Lyhyt kuvaus yhdellä tai kahdella lauseella",
    "sv": "En kort beskrivning i en eller två meningar",
    "en": "A short description in one or two sentences",
}
HEADER = """\
# yaml-language-server: $schema={schema}
# A new {kind}. Replace every <…>, delete the optional fields you do not need, then run
# `kennosto check`. Your editor shows what each field means and offers the allowed values
# from the schema named on the first line (VS Code: the YAML extension by Red Hat).
"""
SERVICE = """\
name:
{names}
# One or two sentences: what the service does and for whom.
summary:
{summaries}
# The organization that provides it: a file name in organizations/ without .yaml.
# Here: {organizations}
provider: <organization>
# The day you last checked the facts with the service (YYYY-MM-DD).
# `kennosto stale` lists the entries reviewed longest ago.
reviewed: {today}
{category}{target_groups}# A longer description in Markdown: paragraphs, lists (- item), **bold**.
description:
  fi: |
    <Mitä palvelussa tehdään ja miten se etenee.>
eligibility:
  fi: <Kuka voi päästä palveluun.>
how_to_apply:
  fi: <Miten palveluun hakeudutaan tai ohjataan.>
contact:
  url: <https://…>
# Where a client may go next: `to` is a file name in services/ without .yaml.
# Here: {services}
transitions:
  - to: <next-service>
    when:
      fi: <Milloin asiakas siirtyy seuraavaan palveluun.>
# Where the facts come from: documents and web pages, with the date read.
sources:
  - title: <Lähteen nimi>
    url: <https://…>
    date: {today}
"""
PATH = """\
name:
{names}
# One or two sentences: whom the path is for and where it leads.
summary:
{summaries}
description:
  fi: |
    <Polun kuvaus, miten asiakas etenee vaiheesta toiseen.>
{target_groups}# The steps in order: each `service` is a file name in services/ without .yaml.
# Consecutive steps need a transition between them in the first step's file.
# Here: {services}
steps:
  - service: <first-service>
    note:
      fi: <Mitä tässä vaiheessa tapahtuu.>
  - service: <second-service>
    note:
      fi: <Mitä tässä vaiheessa tapahtuu.>
# The day you last checked the path (YYYY-MM-DD).
reviewed: {today}
sources:
  - title: <Lähteen nimi>
    url: <https://…>
    date: {today}
"""
ORGANIZATION = """\
name:
{names}
# What sort of organization: wellbeing-region, municipality, employment-area, state, kela,
# pension-provider, education, ngo, company, network or other.
kind: <kind>
description:
  fi: |
    <Mikä organisaatio on ja mitä se tekee.>
contact:
  url: <https://…>
# The day you last checked the facts (YYYY-MM-DD).
reviewed: {today}
sources:
  - title: <Lähteen nimi>
    url: <https://…>
    date: {today}
"""
TEMPLATES = {"service": SERVICE, "path": PATH, "organization": ORGANIZATION}


class ScaffoldError(KennostoError):
    """The file cannot be written: it exists, or the folder cannot be made (exit 2)."""


def new_entry(root: Path, kind: str, slug: str, today: datetime.date) -> Path:
    """Write ROOT/FOLDER/SLUG.yaml from the template of `kind`; return its path.
    Never replaces a file: a maintainer's work is not overwritten by a typo."""
    if not SLUG_RE.match(slug):
        raise ValueError(
            f"'{slug}' is not a slug: lowercase letters a-z, digits and single hyphens"
        )
    if not root.is_dir():
        raise ScaffoldError(f"catalogue folder not found: {root}")
    target = root / FOLDERS[kind] / f"{slug}.yaml"
    for suffix in (".yaml", ".yml"):
        existing = target.with_suffix(suffix)
        if existing.exists():
            raise ScaffoldError(f"{existing} already exists; it was left unchanged")
    text = render_template(root, kind, target, today)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise ScaffoldError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target


def render_template(root: Path, kind: str, target: Path, today: datetime.date) -> str:
    settings = _settings(root)
    languages = [lang for lang in settings.get("languages") or ["fi"] if isinstance(lang, str)]
    index = ("service", "path", "organization").index(kind)
    names = "\n".join(
        f"  {lang}: <{NAME_HINTS.get(lang, NAME_HINTS['en'])[index]}>" for lang in languages
    )
    summaries = "\n".join(
        f"  {lang}: <{SUMMARY_HINTS.get(lang, SUMMARY_HINTS['en'])}>" for lang in languages
    )
    body = TEMPLATES[kind].format(
        names=names,
        summaries=summaries,
        today=today.isoformat(),
        organizations=_listing(_slugs(root, settings, "organizations")),
        services=_listing(_slugs(root, settings, "services")),
        category=_vocabulary_field(settings, "categories", "category", "<category>"),
        target_groups=_vocabulary_field(
            settings, "target_groups", "target_groups", "[<target-group>]"
        ),
    )
    header = HEADER.format(schema=schema_reference(root, target, kind, settings), kind=kind)
    return header + body


def schema_reference(root: Path, target: Path, kind: str, settings: dict[str, Any]) -> str:
    """Where the editor finds the schema. A relative path when the schemas live in the
    same repository as the catalogue (this one: works offline and follows the code);
    else the published site's copy under /schema/ when base_url is known (works on every
    maintainer's machine); else the schema shipped in the installed package."""
    name = f"{kind}.schema.json"
    shipped = Path(str(files("kennosto.schemas"))).resolve()
    repository = _repository(root.resolve())
    if repository is not None and shipped.is_relative_to(repository):
        return _relative(shipped / name, target)
    base_url = settings.get("base_url")
    if isinstance(base_url, str) and base_url.startswith(("http://", "https://")):
        return f"{base_url.rstrip('/')}/schema/{name}"
    return _relative(shipped / name, target)


def _relative(schema_file: Path, target: Path) -> str:
    return Path(os.path.relpath(schema_file, target.parent.resolve())).as_posix()


def _repository(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _settings(root: Path) -> dict[str, Any]:
    """kennosto.yaml as plain data, or {} if it is missing or broken (`check` says why)."""
    try:
        data = yaml.load((root / SETTINGS_FILE).read_text(encoding="utf-8"), yaml.CSafeLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _slugs(root: Path, settings: dict[str, Any], folder: str) -> list[str]:
    """The entries a new file may refer to, the included folders' too."""
    folders = [root / folder]
    include = settings.get("include")
    if isinstance(include, list):
        folders += [root / str(item) / folder for item in include]
    return sorted(
        {
            p.stem
            for d in folders
            if d.is_dir()
            for p in d.iterdir()
            if p.suffix in (".yaml", ".yml")
        }
    )


def _listing(slugs: list[str], limit: int = 12) -> str:
    if not slugs:
        return "(none yet)"
    shown = ", ".join(slugs[:limit])
    return shown + (f" … ({len(slugs)} in all)" if len(slugs) > limit else "")


def _vocabulary_field(settings: dict[str, Any], key: str, field: str, placeholder: str) -> str:
    """The field with the catalogue's own terms in a comment; left out if it has none."""
    terms = settings.get(key)
    if not isinstance(terms, dict) or not terms:
        return ""
    what = key.replace("_", " ").capitalize()
    listing = _listing(sorted(map(str, terms)))
    return f"# {what} of {SETTINGS_FILE}: {listing}\n{field}: {placeholder}\n"
