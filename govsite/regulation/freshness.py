"""Freshness: how long each column has gone without an update, against the update rules
of 第十二条 and the lines of the national 检查指标, and the required pages of 信息公开
(the 政府信息公开指南 and the annual report).

The FRS rules of the rule engine (one unit at a time) and ``govsite patrol`` (the whole
portal, :mod:`.patrol`) both call :func:`column_status`, :func:`annual_report_status`
and :func:`guide_status`. The thresholds and their sources are data, in
``govsite/data/freshness.yml`` (read by :mod:`.thresholds`).

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
import re
from dataclasses import asdict, dataclass
from enum import StrEnum

from govsite.core.columns import Column
from govsite.core.dates import as_date, is_expired
from govsite.core.project import Project
from govsite.core.units import Unit
from govsite.core.withdrawal import is_withdrawn
from govsite.regulation.thresholds import ColumnRule, rules


class PatrolLevel(StrEnum):
    """How a column, a required page or a site-wide indicator stands (worst last)."""

    OK = "ok"
    EARLY = "early"  # will cross a line within the early-warning days
    WARNING = "warning"  # past the update requirement, not yet the indicator's line
    ERROR = "error"  # past the indicator's line, or missing
    VETO = "veto"  # a site-wide indicator fails (单项否决)


LEVEL_NAMES = {PatrolLevel.OK: "正常", PatrolLevel.EARLY: "预警", PatrolLevel.WARNING: "警告",
               PatrolLevel.ERROR: "超时限", PatrolLevel.VETO: "单项否决"}


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
    """(published pages in the column, newest valid ``date`` not after today); a page
    past its ``expires`` date or withdrawn (第十五条) is no longer on the site: it neither
    fills nor refreshes a column."""
    paths = [rel for rel in project.column_pages(unit.id, column_id)
             if not is_expired(project.page(rel).meta, today) and not is_withdrawn(project.page(rel).meta)]
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

