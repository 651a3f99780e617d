"""More than 10 days passed between two updates of an account.

What: two consecutive updates of an account (post log and posts in the repository),
    within the last 8 weeks, more than 10 days apart by calendar date (the 1st and the
    11th comply; the 1st and the 12th do not); also the first update more than 10 days
    after the account opened.
Why: 第十二条 — 政务新媒体更新间隔不超过10天.
Example: updates on 2026-10-20 and 2026-11-03 (14 days).
Fix: the record cannot be changed after the fact: keep to the interval from now on
    (``govsite patrol`` warns before it is crossed). If an update was posted but is
    missing from the record, import the platform's export (``govsite newmedia import``).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.units import Unit
from govsite.newmedia.cadence import MAX_GAP_DAYS, is_exempt, long_gaps, record
from govsite.rules.base import Hit, RuleContext


def check(unit: Unit, ctx: RuleContext) -> Iterable[Hit]:
    for account in unit.new_media:
        if is_exempt(account):
            continue
        for gap in long_gaps(record(ctx.project, account), ctx.today):
            u = gap.update
            assert u is not None
            yield Hit(u.line, f"账号“{account.name}”{gap.start}至{gap.end}间隔 {gap.days} 天未更新，超过第十二条 "
                              f"{MAX_GAP_DAYS} 天的间隔；已发布而未记录的请用 govsite newmedia import 导入", path=u.path)
