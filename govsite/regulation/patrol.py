"""Freshness patrol (巡网) of the whole portal: every unit's columns and required pages
(:mod:`.freshness`), and the portal-wide veto items of the national 检查指标 (stale
columns, empty columns, the home page). ``govsite patrol`` renders the result with
:mod:`.patrol_report`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from govsite.core.dates import expires_on
from govsite.core.project import Project
from govsite.regulation.freshness import ColumnStatus, PatrolLevel, UnitItem, annual_report_status, column_status, guide_status
from govsite.regulation.thresholds import Rules, rules


@dataclass
class SiteItem:
    check: str  # "stale_columns" | "empty_columns" | "home"
    level: PatrolLevel
    value: int | None
    limit: int
    message: str
    source: str
    columns: list[str] = field(default_factory=list)  # unit/column ids involved

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class UnitReport:
    id: str
    name: str
    columns: list[ColumnStatus]
    items: list[UnitItem]
    oncall: list[dict] = field(default_factory=list)  # 7×24 contacts (第十四条（一）): name, phone, role


@dataclass
class ExpiringPage:
    """A page whose ``expires`` date falls within the warning window: it leaves the site
    the day after, so its unit can renew or replace it in time."""

    unit: str
    path: str
    title: str
    expires: dt.date
    days_left: int

    def as_json(self) -> dict:
        return dict(asdict(self), expires=self.expires.isoformat())


def expiring_pages(project: Project, today: dt.date, early: int) -> list[ExpiringPage]:
    """Published pages that expire within ``early`` days (today included), soonest first."""
    found = []
    for unit in project.units():
        for column in unit.columns:
            if not column.has_folder:
                continue
            for rel in project.column_pages(unit.id, column.id):
                meta = project.page(rel).meta
                until = expires_on(meta)
                if until is None or until < today or (until - today).days > early:
                    continue
                title = str(meta.get("title") or rel.rsplit("/", 1)[-1][:-3])
                found.append(ExpiringPage(unit.id, rel, title, until, (until - today).days))
    return sorted(found, key=lambda p: (p.expires, p.path))


@dataclass
class PatrolReport:
    today: dt.date
    early_days: int
    units: list[UnitReport]
    site: list[SiteItem]
    home_last: dt.date | None
    expiring: list[ExpiringPage] = field(default_factory=list)

    @property
    def vetoes(self) -> list[SiteItem]:
        return [s for s in self.site if s.level == PatrolLevel.VETO]

    def count(self, level: PatrolLevel) -> int:
        n = sum(1 for u in self.units for c in u.columns if c.level == level)
        n += sum(1 for u in self.units for i in u.items if i.level == level)
        return n + sum(1 for s in self.site if s.level == level)

    @property
    def exit_code(self) -> int:
        return 1 if self.vetoes else 0

    def summary(self) -> dict:
        stale = sum(c.stale for u in self.units for c in u.columns)
        empty = sum(c.empty for u in self.units for c in u.columns)
        return {"units": len(self.units), "columns": sum(len(u.columns) for u in self.units),
                "stale_columns": stale, "empty_columns": empty, "veto": len(self.vetoes), "expiring": len(self.expiring),
                **{level: self.count(level) for level in (PatrolLevel.ERROR, PatrolLevel.WARNING, PatrolLevel.EARLY)}}


def patrol(project: Project, early_days: int | None = None, today: dt.date | None = None) -> PatrolReport:
    """Patrol every unit and column of the portal."""
    r = rules()
    today = today or project.today
    early = project.settings.early_warning_days if early_days is None else early_days
    units = []
    for unit in project.units():
        cols = [column_status(project, unit, c, today, early) for c in unit.columns if c.has_folder]
        items = [guide_status(project, unit), annual_report_status(project, unit, today, early)]
        oncall = [{"name": c.name, "phone": c.phone, "role": c.role or ""} for c in unit.oncall]
        units.append(UnitReport(unit.id, unit.name, cols, items, oncall))
    every = [c for u in units for c in u.columns]
    site = []
    stale = [f"{c.unit}/{c.column}" for c in every if c.stale]
    soon = [f"{c.unit}/{c.column}" for c in every if c.level == PatrolLevel.EARLY or (c.level == PatrolLevel.WARNING and c.crosses_on and (c.crosses_on - today).days <= early)]
    site.append(_count_item("stale_columns", "未更新栏目（超过检查指标时限）", stale, soon, r.stale_columns_veto, r.sources["veto_columns"], early))
    empty = [f"{c.unit}/{c.column}" for c in every if c.empty]
    site.append(_count_item("empty_columns", "空白栏目", empty, [], r.empty_columns_veto, r.sources["veto_empty"], early))
    home_last = None
    for u in units:
        for c in u.columns:
            if c.column in r.home_columns and c.last_update and (home_last is None or c.last_update > home_last):
                home_last = c.last_update
    site.append(_home_item(home_last, today, r, early))
    return PatrolReport(today, early, units, site, home_last, expiring_pages(project, today, early))


def _count_item(check: str, label: str, over: list[str], soon: list[str], limit: int, source: str, early: int) -> SiteItem:
    if len(over) >= limit:
        return SiteItem(check, PatrolLevel.VETO, len(over), limit, f"全站{label} {len(over)} 个，达到 {limit} 个，单项否决", source, over)
    if soon and len(over) + len(soon) >= limit:
        return SiteItem(check, PatrolLevel.EARLY, len(over), limit,
                        f"全站{label} {len(over)} 个，{early} 天内将增至 {len(over) + len(soon)} 个，达到 {limit} 个即单项否决", source, over + soon)
    return SiteItem(check, PatrolLevel.OK, len(over), limit, f"全站{label} {len(over)} 个（{limit} 个即单项否决）", source, over)


def _home_item(last: dt.date | None, today: dt.date, r: Rules, early: int) -> SiteItem:
    names = "、".join(r.home_columns)
    if last is None:
        return SiteItem("home", PatrolLevel.VETO, None, r.home_line_days, f"门户首页栏目（{names}）没有任何信息，单项否决", r.home_source)
    days = (today - last).days
    crosses = last + dt.timedelta(days=r.home_line_days)
    if today >= crosses:
        return SiteItem("home", PatrolLevel.VETO, days, r.home_line_days, f"门户首页已 {days} 天无信息更新（最近 {last}），达到 {r.home_line_days} 天，单项否决", r.home_source)
    if (crosses - today).days <= early:
        return SiteItem("home", PatrolLevel.EARLY, days, r.home_line_days, f"门户首页最近更新于 {last}，将于 {crosses} 达到 {r.home_line_days} 天未更新（单项否决）", r.home_source)
    return SiteItem("home", PatrolLevel.OK, days, r.home_line_days, f"门户首页最近更新于 {last}（{days} 天前）", r.home_source)

