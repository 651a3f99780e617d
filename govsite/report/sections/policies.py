"""Policies issued and their interpretations (第十三条: within 20 working days), read from
the district as it stood at the quarter's end."""

from __future__ import annotations

from govsite.core.errors import ConfigError
from govsite.regulation.policies import POLICY_KIND, interpretation_due, page_kind
from govsite.report.context import ReportContext
from govsite.report.model import Mention, Section, Table

TITLE = "政策文件与解读"


def compute(ctx: ReportContext) -> Section:
    q = ctx.quarter
    section = Section("policies", TITLE)
    table = Table("policies", "政策文件与解读（20 个工作日）",
                  ["单位", "本季度发布政策文件", "本季度到期应解读", "按时解读", "逾期未解读"], [])
    overdue = Table("policies_overdue", "逾期未解读的政策文件", ["单位", "政策文件", "起算日", "截止日", "解读发布"], [])
    notes: list[str] = []
    policy_columns = {(u.id, c.id) for u in ctx.units for c in u.columns if c.kind == POLICY_KIND}
    issued: dict[str, int] = {}
    for history in ctx.history.pages:
        if (history.unit, history.column) in policy_columns and q.start <= history.published.day <= ctx.as_of:
            issued[history.unit] = issued.get(history.unit, 0) + 1
    if ctx.end_sha is None:
        section.summary.append("季度结束前仓库尚无提交，无政策文件。")
        return section
    with ctx.at(ctx.end_sha, ctx.as_of) as then:
        for unit in ctx.units:
            due = on_time = late = 0
            for rel in (then.page_paths(unit.id) if unit.id in then.unit_ids() else []):
                page = then.page(rel)
                if page_kind(then, page) != POLICY_KIND:
                    continue
                try:
                    status = interpretation_due(then, page)
                except ConfigError as err:
                    notes.append(f"{rel}：{err.what}")
                    continue
                if status is None or status.deadline is None or not q.contains(status.deadline) or status.deadline > ctx.as_of:
                    continue
                due += 1
                dates = sorted(when for _, when in status.published)
                if dates and dates[0] <= status.deadline:
                    on_time += 1
                else:
                    late += 1
                    overdue.rows.append([unit.name, str(page.meta.get("title") or rel), str(status.start),
                                         str(status.deadline), str(dates[0]) if dates else "未发布"])
            table.rows.append([unit.name, issued.get(unit.id, 0), due, on_time, late])
            if late:
                section.rectify.append(Mention(unit.name, f"{late} 件政策文件未在 20 个工作日内发布解读（第十三条）"))
    section.tables = [table, overdue]
    due_all, on_time_all, late_all = (sum(int(r[k] or 0) for r in table.rows) for k in (2, 3, 4))
    section.summary.append(f"本季度到期应解读的政策文件 {due_all} 件，按时解读 {on_time_all} 件，逾期 {late_all} 件。")
    section.summary += notes
    return section
