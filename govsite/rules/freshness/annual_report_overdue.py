"""Last year's 政府信息公开工作年度报告 was not published by 31 January.

What: the unit's 年报 column (``xxgknb``) has no report on the year before (title containing
    ``YYYY年``, or front-matter ``year:``; otherwise the year before its ``date``) published by
    31 January, or it was published late. Until 31 January the report on the year before
    last is checked.
Why: 第十条（五） and 《政府信息公开条例》第五十条 — 每年1月31日前公布上一年度政府信息公开工作年度报告.
Example: on 2026-11-26, ``xxgknb/`` holds only ``2024年政府信息公开工作年度报告`` .
Fix: publish the report (title ``XX单位2025年政府信息公开工作年度报告``) with its true date.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.units import Unit
from govsite.regulation.freshness import PatrolLevel, annual_report_status, rules
from govsite.rules.base import Hit, RuleContext


def check(unit: Unit, ctx: RuleContext) -> Iterable[Hit]:
    status = annual_report_status(ctx.project, unit, ctx.today)
    if status.level in (PatrolLevel.WARNING, PatrolLevel.ERROR):
        yield Hit(1, status.message, path=f"units/{unit.id}/{rules().annual_column}")
