"""Listings of a unit's columns: the pages' titles and dates, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govsite.core.project import Project
from govsite.core.dates import as_date, is_expired
from govsite.core.units import Unit
from govsite.core.withdrawal import is_withdrawn


@dataclass(frozen=True)
class Entry:
    rel: str  # units/<unit>/<column>/<slug>.md
    slug: str
    title: str
    date: dt.date | None

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        return (self.date or dt.date.min, self.slug)


def column_entries(project: Project, unit: Unit, column_id: str) -> list[Entry]:
    """A column's published pages, newest first (pages without a valid date last);
    pages past their ``expires`` date are no longer listed."""
    entries = []
    for rel in project.column_pages(unit.id, column_id):
        page = project.page(rel)
        meta = page.meta
        if is_expired(meta, project.today) or is_withdrawn(meta):
            continue  # past its expires date, or taken down (第十五条): listed nowhere
        title = str(meta.get("title") or page.slug)
        entries.append(Entry(rel, page.slug, title, as_date(meta.get("date"))))
    return sorted(entries, key=lambda e: e.sort_key, reverse=True)


def latest(project: Project, column_id: str, limit: int) -> list[tuple[Unit, Entry]]:
    """The newest pages of one column across all units (for the portal home)."""
    found = [(u, e) for u in project.units() for e in column_entries(project, u, column_id)]
    return sorted(found, key=lambda ue: ue[1].sort_key, reverse=True)[:limit]
