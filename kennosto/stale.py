"""`kennosto stale`: which entries to review next.

A catalogue is only as good as its last review. This lists services, organizations and
paths by their `reviewed` date, oldest first, with who provides them and how old their
sources are, and flags entries whose `status.until` has passed while they are not marked
ended (a pilot that ended in June and still says "pilot"). It reads the files as they
are, so it works on a catalogue that does not pass `check` yet.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kennosto.errors import CatalogueNotFound
from kennosto.load import Document, load_catalogue


@dataclass(frozen=True)
class StaleEntry:
    kind: str
    slug: str
    file: str
    name: str
    reviewed: str | None
    months: int | None  # whole months since `reviewed`; None when never reviewed
    providers: tuple[str, ...]
    sources: tuple[dict[str, str | None], ...]
    until: str | None  # status.until when it has passed and the state is not ended
    problems: tuple[str, ...] = field(default=())

    @property
    def flagged(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class StaleReport:
    today: datetime.date
    months: int
    entries: list[StaleEntry]
    unreadable: int  # files that could not be read (check says why)

    @property
    def flagged(self) -> list[StaleEntry]:
        return [e for e in self.entries if e.flagged]


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole calendar months from `earlier` to `later` (2025-11-30 -> 2026-11-29: 11)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def months_ago(today: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (the month's last day if shorter)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in range(today.day, 0, -1):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stale_report(root: Path, today: datetime.date, months: int = 12) -> StaleReport:
    if not root.is_dir():
        raise CatalogueNotFound(f"catalogue folder not found: {root}")
    loaded = load_catalogue(root)
    languages = _languages(loaded.settings.data if loaded.settings else {})
    entries = [_entry(d, today, months, languages) for d in loaded.documents]
    entries.sort(key=lambda e: (e.reviewed is not None, e.reviewed or "", e.kind, e.slug))
    unreadable = len({d.path for d in loaded.diagnostics if d.severity == "error"})
    return StaleReport(today, months, entries, unreadable)


def _languages(settings: dict[str, Any]) -> list[str]:
    value = settings.get("languages")
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else ["fi"]


def _entry(
    document: Document, today: datetime.date, limit: int, languages: list[str]
) -> StaleEntry:
    data = document.data
    reviewed = _date(data.get("reviewed"))
    age = months_between(reviewed, today) if reviewed else None
    problems = []
    if reviewed is None:
        problems.append("never reviewed (no reviewed: date)")
    elif reviewed < months_ago(today, limit):
        problems.append(f"reviewed {reviewed}, more than {limit} months ago")
    status = data.get("status") if isinstance(data.get("status"), dict) else {}
    until = _date(status.get("until"))
    passed = until is not None and until < today and status.get("state") != "ended"
    if passed:
        problems.append(f"status {status.get('state')} until {until} has passed")
    return StaleEntry(
        kind=document.kind,
        slug=document.slug,
        file=document.relpath,
        name=_name(data.get("name"), languages),
        reviewed=reviewed.isoformat() if reviewed else None,
        months=age,
        providers=_providers(data),
        sources=_sources(data),
        until=until.isoformat() if passed and until else None,
        problems=tuple(problems),
    )


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _name(value: Any, languages: list[str]) -> str:
    if isinstance(value, dict):
        for lang in [*languages, "fi"]:
            if isinstance(value.get(lang), str):
                return value[lang]
    return ""


def _providers(data: dict[str, Any]) -> tuple[str, ...]:
    if isinstance(data.get("providers"), list):
        return tuple(
            str(p["organization"])
            for p in data["providers"]
            if isinstance(p, dict) and "organization" in p
        )
    return (str(data["provider"]),) if isinstance(data.get("provider"), str) else ()


def _sources(data: dict[str, Any]) -> tuple[dict[str, str | None], ...]:
    sources = data.get("sources")
    if not isinstance(sources, list):
        return ()
    return tuple(
        {"title": str(s.get("title", "")), "date": str(s["date"]) if s.get("date") else None}
        for s in sources
        if isinstance(s, dict)
    )


def format_json(report: StaleReport) -> str:
    entries = []
    for entry in report.entries:
        item = asdict(entry)
        item["stale"] = entry.flagged
        entries.append(item)
    return json.dumps(
        {"today": report.today.isoformat(), "months": report.months, "entries": entries},
        ensure_ascii=False,
        indent=2,
    )


def format_table(report: StaleReport) -> str:
    """One line per entry, oldest first; `!` marks what needs attention."""
    header = ("", "REVIEWED", "AGE", "KIND", "FILE", "PROVIDER", "SOURCES (DATE)")
    rows = [header]
    notes = []
    for e in report.entries:
        age = "never" if e.months is None else f"{e.months} mo"
        sources = "; ".join(f"{s['title']} ({s['date'] or 'no date'})" for s in e.sources)
        rows.append(
            (
                "!" if e.flagged else "",
                e.reviewed or "-",
                age,
                e.kind,
                e.file,
                ", ".join(e.providers) or "-",
                sources or "-",
            )
        )
        notes += [f"{e.file}: {problem}" for problem in e.problems]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        + "  "
        + row[-1]
        for row in rows
    ]
    return "\n".join([line.rstrip() for line in lines] + ([""] + notes if notes else []))
