"""Freshness patrol (巡网): how long each column has gone without an update, against the
update rules of 第十二条 and the veto items of the national 检查指标.

One library serves both ``govsite patrol`` (the whole portal, with early warnings and a
verdict) and the FRS rules of the rule engine (one unit at a time): both call
:func:`column_status`, :func:`annual_report_status` and :func:`guide_status`. The
thresholds and their sources are data, in ``govsite/data/freshness.yml``.

Levels, mildest first:

* ``ok``;
* ``early``: will cross a line within the early-warning window (``early_warning_days``);
* ``warning``: behind the unit's own duty (工作动态 not updated for more than 7 days, an
  annual report published late);
* ``error``: over a line of the 检查指标 (counts towards a veto), or a required page missing;
* ``veto``: a 单项否决 item of the whole portal. ``govsite patrol`` exits 1 on any.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from govsite.core.columns import Column
from govsite.core.dates import as_date
from govsite.core.project import Project
from govsite.core.units import Unit
from govsite.core.yamlio import load_fast


class PatrolLevel(StrEnum):
    """How a column, a required page or a site-wide indicator stands (worst last)."""

    OK = "ok"
    EARLY = "early"  # will cross a line within the early-warning days
    WARNING = "warning"  # past the update requirement, not yet the indicator's line
    ERROR = "error"  # past the indicator's line, or missing
    VETO = "veto"  # a site-wide indicator fails (单项否决)


LEVEL_NAMES = {PatrolLevel.OK: "正常", PatrolLevel.EARLY: "预警", PatrolLevel.WARNING: "警告",
               PatrolLevel.ERROR: "超时限", PatrolLevel.VETO: "单项否决"}


# -- the rules, as data ---------------------------------------------------------

@dataclass(frozen=True)
class ColumnRule:
    column: str
    warn_after_days: int | None
    warn_source: str
    line_days: int | None
    line_months: int | None
    line_source: str

    def line_text(self) -> str:
        return f"{self.line_days} 天" if self.line_days else f"{self.line_months} 个月"


@dataclass(frozen=True)
class Rules:
    columns: dict[str, ColumnRule]
    sources: dict[str, str]
    stale_columns_veto: int
    empty_columns_veto: int
    home_columns: tuple[str, ...]
    home_line_days: int
    home_source: str
    annual_column: str
    annual_due: tuple[int, int]
    annual_source: str
    guide_column: str
    guide_source: str


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = load_fast(resources.files("govsite.data").joinpath("freshness.yml").read_text("utf-8"))
    sources = data["sources"]
    columns = {}
    for cid, spec in data["columns"].items():
        columns[cid] = ColumnRule(cid, spec.get("warn_after_days"), sources.get(spec.get("warn_source"), ""),
                                  spec.get("line_days"), spec.get("line_months"), sources.get(spec.get("line_source"), ""))
    home, annual, guide = data["home"], data["annual_report"], data["guide"]
    return Rules(columns, sources, data["site"]["stale_columns_veto"], data["site"]["empty_columns_veto"],
                 tuple(home["columns"]), home["line_days"], sources[home["line_source"]],
                 annual["column"], (annual["due_month"], annual["due_day"]), sources[annual["source"]],
                 guide["column"], sources[guide["source"]])


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus calendar months (the 31st of a short month falls to its last day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def line_date(rule: ColumnRule, last: dt.date) -> dt.date:
    """The day a column last updated on ``last`` counts as not updated (检查指标)."""
    if rule.line_days:
        return last + dt.timedelta(days=rule.line_days)
    return add_months(last, rule.line_months or 0)


# -- columns ----------------------------------------------------------------------

@dataclass
class ColumnStatus:
    unit: str
    column: str
    name: str
    pages: int
    last_update: dt.date | None
    days_since: int | None
    level: PatrolLevel
    line: str = ""  # the rule, e.g. "14 天"
    crosses_on: dt.date | None = None  # the day the column counts as not updated
    message: str = ""
    source: str = ""
    empty: bool = False
    stale: bool = False  # over its line (counts towards the veto)

    def as_json(self) -> dict:
        d = asdict(self)
        for key in ("last_update", "crosses_on"):
            d[key] = d[key].isoformat() if d[key] else None
        return d


def newest_date(project: Project, unit: Unit, column_id: str, today: dt.date) -> tuple[int, dt.date | None]:
    """(pages in the column, newest valid ``date`` not after today)."""
    paths = project.column_pages(unit.id, column_id)
    newest = None
    for rel in paths:
        when = as_date(project.page(rel).meta.get("date"))
        if when and when <= today and (newest is None or when > newest):
            newest = when
    return len(paths), newest


def column_status(project: Project, unit: Unit, column: Column, today: dt.date, early_days: int = 0) -> ColumnStatus:
    """How one column of one unit stands today."""
    count, last = newest_date(project, unit, column.id, today)
    days = (today - last).days if last else None
    status = ColumnStatus(unit.id, column.id, column.name, count, last, days, PatrolLevel.OK)
    rule = rules().columns.get(column.id)
    if count == 0:
        status.empty = True
        status.level = PatrolLevel.ERROR
        status.message = f"空白栏目：{column.name}没有任何页面；全站空白栏目累计 {rules().empty_columns_veto} 个即单项否决，请发布内容"
        status.source = rules().sources["veto_empty"]
        return status
    if rule is None:
        return status
    status.line = rule.line_text()
    status.source = rule.line_source
    if last is None:
        status.stale, status.level = True, PatrolLevel.ERROR
        status.message = f"{column.name}没有有效发布日期的页面，视为未更新；请检查页面的 date"
        return status
    days = (today - last).days
    status.crosses_on = line_date(rule, last)
    if today >= status.crosses_on:
        status.stale, status.level = True, PatrolLevel.ERROR
        status.message = (f"{column.name}已 {days} 天未更新（最近 {last}），达到检查指标时限 {status.line}，"
                          f"计入单项否决栏目数（全站累计 {rules().stale_columns_veto} 个即否决）；请尽快发布")
    elif rule.warn_after_days is not None and days > rule.warn_after_days:
        status.level = PatrolLevel.WARNING
        status.source = rule.warn_source
        status.message = (f"{column.name}已 {days} 天未更新（最近 {last}），超过 {rule.warn_after_days} 天的更新要求；"
                          f"{status.crosses_on} 将达到检查指标时限 {status.line}")
    elif (status.crosses_on - today).days <= early_days:
        status.level = PatrolLevel.EARLY
        status.message = f"{column.name}最近更新于 {last}，将于 {status.crosses_on} 达到检查指标时限 {status.line}；请在此前发布"
    return status


# -- required pages of 信息公开 --------------------------------------------------------

@dataclass
class UnitItem:
    unit: str
    check: str  # "annual_report" | "guide"
    level: PatrolLevel
    message: str
    source: str
    due: dt.date | None = None
    published: dt.date | None = None
    year: int | None = None

    def as_json(self) -> dict:
        d = asdict(self)
        for key in ("due", "published"):
            d[key] = d[key].isoformat() if d[key] else None
        return d


YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")


def report_year(meta: dict) -> int | None:
    """The year an annual report covers: ``year:``, else the first 'YYYY年' of its title,
    else the year before its publish date."""
    year = meta.get("year")
    if isinstance(year, int) and not isinstance(year, bool):
        return year
    match = YEAR_RE.search(str(meta.get("title") or ""))
    if match:
        return int(match.group(1))
    when = as_date(meta.get("date"))
    return when.year - 1 if when else None


def annual_reports(project: Project, unit: Unit) -> dict[int, dt.date]:
    """Year covered → earliest publish date, for the unit's annual reports."""
    out: dict[int, dt.date] = {}
    for rel in project.column_pages(unit.id, rules().annual_column):
        meta = project.page(rel).meta
        year, when = report_year(meta), as_date(meta.get("date"))
        if year and when and (year not in out or when < out[year]):
            out[year] = when
    return out


def annual_due(year: int) -> dt.date:
    """The day by which the report on ``year`` is due."""
    month, day = rules().annual_due
    return dt.date(year + 1, month, day)


def annual_report_status(project: Project, unit: Unit, today: dt.date, early_days: int = 0) -> UnitItem:
    """The newest annual report that is due: on time, late, missing; or due soon."""
    r = rules()
    reports = {y: d for y, d in annual_reports(project, unit).items() if d <= today}
    year = today.year - 1 if today > annual_due(today.year - 1) else today.year - 2
    due = annual_due(year)
    when = reports.get(year)
    if when is None:
        item = UnitItem(unit.id, "annual_report", PatrolLevel.ERROR,
                        f"{year} 年政府信息公开工作年度报告应于 {due} 前发布，至今未发布；请在 {r.annual_column} 栏目发布（标题含“{year}年”）",
                        r.annual_source, due, None, year)
    elif when > due:
        item = UnitItem(unit.id, "annual_report", PatrolLevel.WARNING,
                        f"{year} 年政府信息公开工作年度报告于 {when} 发布，晚于 {due} 的期限；发布日期须真实，不得改动，"
                        f"{year + 1} 年的年报请在 {annual_due(year + 1)} 前发布", r.annual_source, due, when, year)
    else:
        item = UnitItem(unit.id, "annual_report", PatrolLevel.OK, f"{year} 年年报已于 {when} 发布", r.annual_source, due, when, year)
    upcoming = today.year - 1
    if item.level == PatrolLevel.OK and year != upcoming and upcoming not in reports:
        next_due = annual_due(upcoming)
        if (next_due - today).days <= early_days:
            item = UnitItem(unit.id, "annual_report", PatrolLevel.EARLY,
                            f"{upcoming} 年政府信息公开工作年度报告须于 {next_due} 前发布，尚未发布", r.annual_source, next_due, None, upcoming)
    return item


def guide_status(project: Project, unit: Unit) -> UnitItem:
    r = rules()
    if project.column_pages(unit.id, r.guide_column):
        return UnitItem(unit.id, "guide", PatrolLevel.OK, "政府信息公开指南已发布", r.guide_source)
    return UnitItem(unit.id, "guide", PatrolLevel.ERROR,
                    f"缺少政府信息公开指南：{r.guide_column} 栏目没有页面；请发布本单位的政府信息公开指南", r.guide_source)


# -- the whole portal --------------------------------------------------------------------

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


@dataclass
class PatrolReport:
    today: dt.date
    early_days: int
    units: list[UnitReport]
    site: list[SiteItem]
    home_last: dt.date | None

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
                "stale_columns": stale, "empty_columns": empty, "veto": len(self.vetoes),
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
        units.append(UnitReport(unit.id, unit.name, cols, items))
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
    return PatrolReport(today, early, units, site, home_last)


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


# -- output ----------------------------------------------------------------------------

def as_json(report: PatrolReport) -> str:
    data = {
        "today": report.today.isoformat(),
        "early_warning_days": report.early_days,
        "verdict": "veto" if report.vetoes else "pass",
        "summary": report.summary(),
        "home_last_update": report.home_last.isoformat() if report.home_last else None,
        "site": [s.as_json() for s in report.site],
        "units": [{"id": u.id, "name": u.name, "columns": [c.as_json() for c in u.columns],
                   "items": [i.as_json() for i in u.items]} for u in report.units],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _verdict(report: PatrolReport) -> str:
    s = report.summary()
    head = "单项否决" if report.vetoes else "未发现单项否决"
    return (f"{head}：否决 {s['veto']} 项，超时限/缺失 {s['error']} 项，警告 {s['warning']} 项，"
            f"预警 {s['early']} 项（{report.early_days} 天内）")


def as_text(report: PatrolReport) -> str:
    lines = [f"巡网报告 {report.today}（提前预警 {report.early_days} 天）", _verdict(report), ""]
    for item in report.site:
        lines.append(f"[{LEVEL_NAMES[item.level]}] {item.message}")
        if item.level != PatrolLevel.OK and item.columns:
            lines.append("    " + "、".join(item.columns))
    for unit in report.units:
        lines += ["", f"{unit.name}（{unit.id}）"]
        for c in unit.columns:
            last = c.last_update.isoformat() if c.last_update else "—"
            days = f"{c.days_since} 天" if c.days_since is not None else "—"
            note = f"  {c.message}" if c.level != PatrolLevel.OK else ""
            lines.append(f"  [{_label(c)}] {c.column} {c.name}：{c.pages} 页，最近更新 {last}，距今 {days}{note}")
        for i in unit.items:
            if i.level != PatrolLevel.OK:
                lines.append(f"  [{LEVEL_NAMES[i.level]}] {i.message}")
    return "\n".join(lines)


def _label(status: ColumnStatus | UnitItem) -> str:
    return "空白栏目" if getattr(status, "empty", False) else LEVEL_NAMES[status.level]


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def as_markdown(report: PatrolReport) -> str:
    """A page for the portal (``content/patrol.md``) for the platform owner."""
    lines = ["---", f"title: 网站巡查报告（{report.today}）", "---", "",
             f"# 网站巡查报告（{report.today}）", "",
             f"**结论：{_verdict(report)}**", "",
             "本页由 `govsite patrol` 根据各页面的发布日期自动生成，依据《管理办法》第十二条和《政府网站与政务新媒体检查指标》。", "",
             "## 全站单项否决指标", "", "| 指标 | 状态 | 说明 |", "| --- | --- | --- |"]
    labels = {"stale_columns": "栏目不更新", "empty_columns": "空白栏目", "home": "首页不更新"}
    for item in report.site:
        lines.append(f"| {labels.get(item.check, item.check)} | {LEVEL_NAMES[item.level]} | {_cell(item.message)} |")
    attention = [(u, c) for u in report.units for c in u.columns if c.level != PatrolLevel.OK]
    if attention:
        lines += ["", "## 需要处理的栏目", "", "| 单位 | 栏目 | 最近更新 | 距今天数 | 状态 | 说明 |", "| --- | --- | --- | --- | --- | --- |"]
        for u, c in attention:
            lines.append(f"| {_cell(u.name)}（{u.id}） | {_cell(c.name)} | {c.last_update or '—'} | "
                         f"{c.days_since if c.days_since is not None else '—'} | {_label(c)} | {_cell(c.message)} |")
    items = [(u, i) for u in report.units for i in u.items if i.level != PatrolLevel.OK]
    if items:
        lines += ["", "## 政府信息公开指南和年报", "", "| 单位 | 状态 | 说明 |", "| --- | --- | --- |"]
        for u, i in items:
            lines.append(f"| {_cell(u.name)}（{u.id}） | {LEVEL_NAMES[i.level]} | {_cell(i.message)} |")
    lines += ["", "## 各单位栏目更新情况", ""]
    for u in report.units:
        lines += [f"### {_cell(u.name)}（{u.id}）", "", "| 栏目 | 页面数 | 最近更新 | 距今天数 | 时限 | 状态 |", "| --- | --- | --- | --- | --- | --- |"]
        for c in u.columns:
            lines.append(f"| {_cell(c.name)} | {c.pages} | {c.last_update or '—'} | "
                         f"{c.days_since if c.days_since is not None else '—'} | {c.line or '—'} | {_label(c)} |")
        lines.append("")
    lines += ["## 依据", ""]
    lines += [f"- {text}" for text in rules().sources.values()]
    return "\n".join(lines) + "\n"


FORMATTERS = {"text": as_text, "json": as_json, "markdown": as_markdown}
