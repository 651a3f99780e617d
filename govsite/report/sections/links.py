"""Link rot at the quarter's end, from the last link patrol (``govsite links --output
reports/links.json``, kept by the scheduled patrol job as an artifact)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from govsite.core.errors import UsageError
from govsite.report.context import ReportContext
from govsite.report.model import Mention, Section, Table
from govsite.report.quarter import CST

TITLE = "链接可用性（季末最近一次巡查）"
GRACE_DAYS = 7  # a patrol in the first week after the quarter still shows its end
STATUS_NAMES = {"broken": "无法访问", "redirect": "跳转", "bad_domain": "不良域名"}


def compute(ctx: ReportContext) -> Section:
    section = Section("links", TITLE)
    path = ctx.links_report
    if path is None:
        section.summary.append("未提供链接巡查结果（--links reports/links.json），本节无数据。")
        return section
    try:
        data = json.loads(path.read_text("utf-8"))
        summary, problems = data["summary"], data["problems"]
        if not isinstance(problems, list) or not isinstance(summary, dict):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        raise UsageError(f"{path}：不是 govsite links 输出的 JSON 报告；请用 govsite links --output reports/links.json 生成") from None
    started = str(summary.get("started") or "")
    try:
        day = dt.datetime.fromisoformat(started.replace("Z", "+00:00")).astimezone(CST).date()
    except ValueError:
        day = None
    if day is None or not (ctx.quarter.start <= day <= ctx.quarter.end + dt.timedelta(days=GRACE_DAYS)):
        section.summary.append(f"所给链接巡查结果的巡查时间（{started or '未知'}）不在本季度内，未采用；本节无数据。")
        return section
    section.summary.append(f"巡查时间 {started}（UTC），检查页面 {summary.get('pages', 0)} 个，"
                           f"问题链接 {len(problems)} 个（否决 {summary.get('veto', 0)}、错误 {summary.get('error', 0)}、"
                           f"警告 {summary.get('warning', 0)}）。")
    counts: Counter[tuple[str, str]] = Counter()
    for p in problems:
        if isinstance(p, dict):
            counts[(str(p.get("unit_name") or p.get("unit") or ""), STATUS_NAMES.get(str(p.get("status")), str(p.get("status"))))] += 1
    table = Table("links", "问题链接（按单位）", ["单位", "问题", "数量"],
                  [[unit, what, n] for (unit, what), n in sorted(counts.items())])
    section.tables = [table]
    names = {u.name for u in ctx.units}
    for unit in sorted({u for u, _ in counts}):
        if unit in names:
            section.rectify.append(Mention(unit, f"有 {sum(n for (u, _), n in counts.items() if u == unit)} 个问题链接"))
    return section
