"""Takedowns and 舆情 handled in the quarter (第十五条), from the signed incident records
under ``review/incidents/``."""

from __future__ import annotations

from govsite.report.context import ReportContext
from govsite.report.model import Section, Table
from govsite.report.quarter import local_day
from govsite.review import incidents

TITLE = "撤稿与舆情处置"


def compute(ctx: ReportContext) -> Section:
    q = ctx.quarter
    root = ctx.project.root
    table = Table("incidents", "本季度撤稿与舆情处置记录", ["时间", "类型", "单位", "页面", "事由", "签名"], [])
    for incident_id in incidents.all_ids(root):
        checked = incidents.verify(root, incident_id)
        inc = checked.incident
        if inc is None or not (q.start <= local_day(inc.when_dt) <= ctx.as_of):
            continue
        table.rows.append([inc.when, inc.kind_name, ctx.unit_name(inc.unit), inc.page, inc.reason,
                           "有效" if checked.ok else f"无效：{checked.reason}"])
    section = Section("incidents", TITLE, tables=[table])
    section.summary.append(f"本季度撤稿与舆情处置 {len(table.rows)} 起。" if table.rows else "本季度无撤稿与舆情处置记录。")
    return section
