"""An account updated fewer than 3 times in a week.

What: a natural week (Monday to Sunday) within the last 8 weeks, from the account's
    opening date up to its latest recorded update, with fewer than 3 updates in the
    account's post log (``posts.csv``, imported from the platform) and its posts in
    the repository. The week still running is judged by ``govsite patrol``, which
    warns early.
Why: 第十二条 — 政务新媒体每周更新不少于3次.
Example: the week of 2026-11-09 with posts on Monday and Thursday only.
Fix: keep to three updates a week; if updates were posted but are missing from the
    record, import the platform's export (``govsite newmedia import``).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.units import Unit
from govsite.newmedia.cadence import PER_WEEK, is_exempt, record, thin_weeks
from govsite.rules.base import Hit, RuleContext


def check(unit: Unit, ctx: RuleContext) -> Iterable[Hit]:
    for account in unit.new_media:
        if is_exempt(account):
            continue
        rec = record(ctx.project, account)
        for week in thin_weeks(rec, ctx.today):
            yield Hit(1, f"账号“{account.name}”{week.monday}至{week.sunday}这一周只更新了 {week.count} 次，"
                         f"少于每周 {PER_WEEK} 次；请按第十二条保持更新，已发布而未记录的请用 govsite newmedia import 导入",
                      path=rec.log_rel if (ctx.project.root / rec.log_rel).is_file() else _folder(rec.log_rel))


def _folder(log_rel: str) -> str:
    return log_rel.rsplit("/", 1)[0]


