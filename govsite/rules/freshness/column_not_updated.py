"""A column has not been updated within its required cycle.

What: the newest page of 工作动态 (``gzdt``) is more than 7 days old, or a column has reached the
    检查指标's line: 工作动态 14 days, 通知公告 (``tzgg``) and 政策文件 (``zcwj``) 6 months.
    Thresholds and their sources are in ``govsite/data/freshness.yml`` (shared with
    ``govsite patrol``).
Why: 第十二条 — 动态要闻类栏目应至少每周更新1次; the 检查指标 count columns not updated within 2 weeks
    (动态) or 6 months (通知公告、政策文件), and five or more in the portal is a veto (单项否决).
Example: ``units/czj/gzdt/`` whose newest page has ``date: 2026-11-10`` on 2026-11-26.
Fix: publish the column's new information (with its true date: back-dating is forgery, DAT003).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.units import Unit
from govsite.regulation.freshness import PatrolLevel, column_status
from govsite.rules.base import Hit, RuleContext


def check(unit: Unit, ctx: RuleContext) -> Iterable[Hit]:
    for column in unit.columns:
        if not column.has_folder:
            continue
        status = column_status(ctx.project, unit, column, ctx.today)
        if status.empty:
            continue  # an empty column is COL007
        if status.level in (PatrolLevel.WARNING, PatrolLevel.ERROR):
            yield Hit(1, status.message, path=f"units/{unit.id}/{column.id}")
