"""The 检查指标's portal-wide veto items (单项否决) on every day of the quarter."""

from __future__ import annotations

import datetime as dt

from govsite.regulation.thresholds import rules
from govsite.report.columns import column_days, spans
from govsite.report.context import ReportContext
from govsite.report.model import Section, Table

TITLE = "单项否决指标（季度内任一时点）"


def compute(ctx: ReportContext) -> Section:
    r = rules()
    states = column_days(ctx)
    days = ctx.days()
    stale_veto: list[dt.date] = []
    empty_veto: list[dt.date] = []
    home_veto: list[dt.date] = []
    most = {"stale": 0, "empty": 0, "home": 0}
    for day in days:
        stale = sum(1 for s in states if day in s.stale_days)
        empty = sum(1 for s in states if day in s.empty_days)
        most["stale"], most["empty"] = max(most["stale"], stale), max(most["empty"], empty)
        if stale >= r.stale_columns_veto:
            stale_veto.append(day)
        if empty >= r.empty_columns_veto:
            empty_veto.append(day)
        dates = [d for s in states if s.column in r.home_columns and (d := s.newest.get(day)) is not None]
        newest = max(dates, default=None)
        quiet = (day - newest).days if newest else None
        most["home"] = max(most["home"], quiet or 0)
        if newest is None or day >= newest + dt.timedelta(days=r.home_line_days):
            home_veto.append(day)
    table = Table("vetoes", "单项否决指标逐日核对", ["指标", "否决线", "季度内最多", "触发否决天数", "触发日期"], [
        ["栏目不更新（超时限栏目数）", f"{r.stale_columns_veto} 个", most["stale"], len(stale_veto), spans(stale_veto)],
        ["空白栏目数", f"{r.empty_columns_veto} 个", most["empty"], len(empty_veto), spans(empty_veto)],
        ["首页不更新（天）", f"{r.home_line_days} 天", most["home"], len(home_veto), spans(home_veto)],
    ], note="依据：" + r.sources["veto_columns"])
    hit = [row[0] for row in table.rows if row[3]]
    section = Section("vetoes", TITLE, tables=[table])
    if ctx.coverage_note():
        section.summary.append(ctx.coverage_note())
    section.summary.append("季度内触发单项否决：" + "、".join(f"{h}" for h in hit) + "，须立即整改。" if hit
                           else "季度内每一天均未触发单项否决指标。")
    return section
