"""索引号: the number every piece of government information carries in the 政府信息公开目录.

Rule (documented in README): ``<统一社会信用代码 of the unit>/<year>-<five-digit sequence>``,
e.g. ``11500114009277143N/2026-00012`` — the unit's code from ``unit.yml`` (``code:``), the
year of the document (``issued``, else ``date``), and the next free sequence number of
that unit and year. The number is written into the page's front-matter when the page is
made (``govsite new``) and signed with it, so it never changes once published; a later
page never takes a number already used (the sequence continues from the highest one).
"""

from __future__ import annotations

import re

from govsite.core.dates import as_date
from govsite.core.project import Project
from govsite.core.units import Unit

INDEX_RE = re.compile(r"\A([0-9A-Z]{18})/(\d{4})-(\d{5})\Z")


def year_of(meta: dict) -> int | None:
    when = as_date(meta.get("issued")) or as_date(meta.get("date"))
    return when.year if when else None


def used_numbers(project: Project, unit: Unit) -> dict[str, str]:
    """索引号 → the page that holds it first (earliest ``date``, then path), over the unit."""
    holders: dict[str, list[tuple[str, str]]] = {}
    for column in unit.columns:
        if not column.has_folder:
            continue
        for rel in project.column_pages(unit.id, column.id):
            meta = project.page(rel).meta
            value = str(meta.get("index_number") or "").strip()
            if value:
                when = as_date(meta.get("date"))
                holders.setdefault(value, []).append((when.isoformat() if when else "9999", rel))
    return {value: min(pages)[1] for value, pages in holders.items()}


def next_number(project: Project, unit: Unit, year: int) -> str | None:
    """The next free 索引号 of ``unit`` in ``year``; None when the unit has no ``code``."""
    if not unit.code:
        return None
    highest = 0
    for number in used_numbers(project, unit):
        m = INDEX_RE.match(number)
        if m and m.group(1) == unit.code and int(m.group(2)) == year:
            highest = max(highest, int(m.group(3)))
    return f"{unit.code}/{year}-{highest + 1:05d}"
