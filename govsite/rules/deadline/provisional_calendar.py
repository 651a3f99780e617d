"""A deadline counted on a provisional calendar: the year's official schedule is missing.

What: a policy's 20-working-day interpretation period reaches into a year whose
    holiday schedule is in neither ``holidays.yml`` nor the ``chinesecalendar`` package,
    so its working days were counted from the statutory holidays of
    《全国年节及纪念日放假办法》 alone (补假 included, 调休 working weekends unknown).
Why: 第十三条 counts the period in working days; the official schedule can move holidays
    and add working weekends, so the date shown may still change. The build goes on
    (a missing schedule must not stop every district's publishing on 1 January), but the
    platform owner has to add the official schedule.
Example: ``issued: 2026-12-21`` with no 2027 schedule known: the deadline in January 2027
    is provisional.
Fix: the platform owner adds the year to ``holidays.yml`` from the State Council office's
    notice 《国务院办公厅关于 YYYY 年部分节假日安排的通知》 (format at the top of the file), or
    upgrades ``chinesecalendar`` once it carries the year.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.policies import interpretation_due
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    due = interpretation_due(ctx.project, page)
    if due is None or not due.provisional:
        return
    years = "、".join(f"{y} 年" for y in due.provisional)
    yield Hit(page.key_line("needs_interpretation"),
              f"本文件的解读期限跨入 {years}，该年尚无国务院办公厅节假日安排，工作日按《全国年节及纪念日放假办法》临时推算"
              "（含补假，不含调休上班日），截止日期可能变动；请平台管理员按当年通知在 holidays.yml 中录入正式安排")
