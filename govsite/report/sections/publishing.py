"""Pages published per column, and the weekly cadence of 工作动态 (第十二条).

"Published" is when a page first entered the protected branch (its first commit on the
first-parent line), not the ``date`` its front-matter claims.
"""

from __future__ import annotations

import datetime as dt

from govsite.report.columns import column_days
from govsite.report.context import ReportContext
from govsite.report.model import Chart, Mention, Section, Table

TITLE = "信息发布情况"
NEWS = "gzdt"  # 工作动态: at least once a week (第十二条)
MAX_SERIES = 8  # units drawn together in the district's trend chart


def longest_gap(days: list[dt.date], before: dt.date | None, start: dt.date, end: dt.date) -> int:
    """The most days in a row without a publication between ``start`` and ``end``: counted
    from the last publication before the quarter (else the quarter's first day), through
    each one in it, to the quarter's end."""
    points = sorted(d for d in days if start <= d <= end)
    previous = before or start - dt.timedelta(days=1)
    gap = 0
    for day in points + [end + dt.timedelta(days=1)]:
        gap = max(gap, (day - previous).days - 1)
        previous = day
    return gap


def compute(ctx: ReportContext) -> Section:
    end = ctx.as_of
    weeks = ctx.weeks()
    section = Section("publishing", TITLE)
    per_column = Table("published", "各单位各栏目发布数", ["单位", "栏目", "本季度发布（篇）", "季末在站（篇）"], [])
    weekly = Table("news_weekly", "工作动态每周更新数",
                   ["单位"] + [f"第{n + 1}周（{a:%m-%d}）" for n, (a, _) in enumerate(weeks)]
                   + ["合计", "未更新周数", "最长间隔（天）"], [],
                   note="按页面进入主分支（发布）的日期统计；第十二条要求工作动态至少每周更新 1 次"
                        "（未更新周数只计完整的周，即周一至周日都在本季度内的周）。")
    totals: dict[str, int] = {}
    trend: list[tuple[str, list[float]]] = []
    weekly_all: dict[str, list[int]] = {}  # unit id -> pages published per week, every column
    for state in column_days(ctx):
        published = state.published_in(ctx.first, end)
        totals[state.unit_name] = totals.get(state.unit_name, 0) + len(published)
        counts_all = weekly_all.setdefault(state.unit, [0] * len(weeks))
        for page in published:
            for index, (a, b) in enumerate(weeks):
                if a <= page.published.day <= b:
                    counts_all[index] += 1
        per_column.rows.append([state.unit_name, state.name, len(published), state.count.get(end, 0)])
        if state.column != NEWS:
            continue
        days = [p.published.day for p in state.pages]
        counts = [sum(1 for d in days if a <= d <= b) for a, b in weeks]
        before = max((d for d in days if d < ctx.first), default=None)
        gap = longest_gap(days, before, ctx.first, end)
        # only whole weeks (Monday to Sunday) are judged: a week cut by the quarter's
        # start or end may have had its update in the neighbouring quarter
        silent = sum(1 for c, (a, b) in zip(counts, weeks) if c == 0 and (b - a).days == 6)
        weekly.rows.append([state.unit_name, *counts, sum(counts), silent, gap])
        trend.append((state.unit_name, [float(c) for c in counts]))
        if silent:
            section.rectify.append(Mention(state.unit_name, f"工作动态有 {silent} 周未更新，最长 {gap} 天未发布（第十二条）"))
        elif counts:
            section.praise.append(Mention(state.unit_name, "工作动态每周均有更新"))
    ranking = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    section.tables = [per_column, weekly]
    labels = [f"第{n + 1}周" for n in range(len(weeks))]
    section.charts = [Chart("ranking", "本季度发布数排名", "bar", [name for name, _ in ranking],
                            [("发布数", [float(n) for _, n in ranking])], "篇")]
    if len(trend) <= MAX_SERIES:  # beyond that one chart is unreadable; each unit has its own below
        section.charts.append(Chart("news-trend", "工作动态每周更新趋势", "line", labels, trend, "篇"))
    news = dict(trend)
    for unit in ctx.units:
        if unit.id in weekly_all:
            series = [("全部栏目", [float(n) for n in weekly_all[unit.id]])]
            if unit.name in news:
                series.append(("工作动态", news[unit.name]))
            section.charts.append(Chart(f"trend-{unit.id}", f"{unit.name}每周发布趋势", "line", labels, series, "篇"))
    top = [(n, c) for n, c in ranking[:3] if c]
    section.summary.append(f"本季度全区共发布页面 {sum(totals.values())} 篇"
                           + ("；发布最多的是" + "、".join(f"{n}（{c} 篇）" for n, c in top) if top else "") + "。")
    return section
