"""Every column of every unit on every day of the quarter, from the page history.

A column's state on a day follows :func:`govsite.regulation.freshness.column_status`
(the same thresholds, ``govsite/data/freshness.yml``): the pages on the site at the end
of that day (present, not expired, not taken down), the newest publish date not after
that day, and whether the column was past its line (stale) or empty. Columns are the
units' current ones (``unit.yml`` at the head).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from govsite.regulation.freshness import line_date
from govsite.regulation.thresholds import ColumnRule, rules
from govsite.report.context import ReportContext
from govsite.report.history import PageHistory


@dataclass
class ColumnDays:
    unit: str
    unit_name: str
    column: str
    name: str
    rule: ColumnRule | None
    pages: list[PageHistory]
    newest: dict[dt.date, dt.date | None] = field(default_factory=dict)  # newest live publish date per day
    count: dict[dt.date, int] = field(default_factory=dict)  # pages live per day
    stale_days: list[dt.date] = field(default_factory=list)
    empty_days: list[dt.date] = field(default_factory=list)

    def published_in(self, first: dt.date, last: dt.date) -> list[PageHistory]:
        """Pages that first entered the branch between ``first`` and ``last`` (inclusive)."""
        return [p for p in self.pages if first <= p.published.day <= last]


def _walk(ctx: ReportContext) -> list[ColumnDays]:
    days = ctx.days()
    out = []
    for unit in ctx.units:
        for column in unit.columns:
            if not column.has_folder:
                continue
            state = ColumnDays(unit.id, unit.name, column.id, column.name, rules().columns.get(column.id),
                               ctx.history.of_column(unit.id, column.id))
            for day in days:
                count, newest = 0, None
                for page in state.pages:
                    version = page.on(day)
                    if version is None or not version.live_on(day):
                        continue
                    count += 1
                    when = version.date
                    if when and when <= day and (newest is None or when > newest):
                        newest = when
                state.count[day], state.newest[day] = count, newest
                if count == 0:
                    state.empty_days.append(day)
                elif state.rule is not None and (newest is None or day >= line_date(state.rule, newest)):
                    state.stale_days.append(day)
            out.append(state)
    return out


def column_days(ctx: ReportContext) -> list[ColumnDays]:
    return ctx.memo("column_days", lambda: _walk(ctx))


def spans(days: list[dt.date]) -> str:
    """Consecutive days as ranges: 2026-07-01—07-14、08-02."""
    if not days:
        return ""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][1] == dt.timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return "、".join(f"{a}" if a == b else f"{a}至{b}" for a, b in runs)
