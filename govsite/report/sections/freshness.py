"""Columns stale or empty at any time in the quarter (第十二条, 检查指标), not only at its end."""

from __future__ import annotations

from govsite.report.columns import column_days, spans
from govsite.report.context import ReportContext
from govsite.report.model import Mention, Section, Table

TITLE = "栏目更新情况（季度内任一时点）"


def compute(ctx: ReportContext) -> Section:
    section = Section("freshness", TITLE)
    table = Table("columns_stale", "季度内曾超时限或空白的栏目",
                  ["单位", "栏目", "时限", "超时限天数", "超时限日期", "空白天数", "空白日期"], [],
                  note="逐日按 govsite/data/freshness.yml 的时限判断（与巡网相同）；季末已恢复的也列出。")
    by_unit: dict[str, list[str]] = {}
    clean: list[str] = []
    for state in column_days(ctx):
        if not state.stale_days and not state.empty_days:
            continue
        table.rows.append([state.unit_name, state.name, state.rule.line_text() if state.rule else "—",
                           len(state.stale_days), spans(state.stale_days), len(state.empty_days), spans(state.empty_days)])
        what = []
        if state.stale_days:
            what.append(f"{state.name}超时限未更新 {len(state.stale_days)} 天")
        if state.empty_days:
            what.append(f"{state.name}空白 {len(state.empty_days)} 天")
        by_unit.setdefault(state.unit_name, []).extend(what)
    for unit in ctx.units:
        if unit.name not in by_unit:
            clean.append(unit.name)
    for name, what in by_unit.items():
        section.rectify.append(Mention(name, "；".join(what)))
    section.praise = [Mention(name, "各栏目季度内始终未超时限、无空白") for name in clean]
    section.tables = [table]
    section.summary.append(f"季度内曾超时限或空白的栏目 {len(table.rows)} 个，涉及 {len(by_unit)} 个单位。")
    return section
