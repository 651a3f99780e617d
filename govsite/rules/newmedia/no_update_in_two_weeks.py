"""An account's latest recorded update is two weeks old or more.

What: the newest update of an open account (post log and posts in the repository) is
    14 days or more before today, or an account opened 14 days ago or more has none.
Why: the national 检查指标 make an account with no update in the 2 weeks before the
    inspection a veto (单项否决); 第十二条 asks for at least 3 updates a week. A warning
    here, because the repository only knows what was imported: ``govsite patrol``
    reports it as a veto, with early warnings before.
Example: ``posts.csv`` ends on 2026-11-10, today is 2026-11-26.
Fix: publish, then import the platform's post record (``govsite newmedia import``).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.units import Unit
from govsite.newmedia.cadence import days_silent, is_exempt, is_veto, last_update, record
from govsite.rules.base import Hit, RuleContext


def check(unit: Unit, ctx: RuleContext) -> Iterable[Hit]:
    for account in unit.new_media:
        if is_exempt(account):
            continue
        rec = record(ctx.project, account)
        if not is_veto(rec, ctx.today):
            continue
        last = last_update(rec, ctx.today) or account.opened
        what = f"最近一次记录的更新是 {last}" if last_update(rec, ctx.today) else f"开通于 {last}，没有更新记录"
        yield Hit(1, f"账号“{account.name}”{what}，已 {days_silent(rec, ctx.today)} 天，达到检查指标“2 周内无更新”单项否决线；"
                     "请发布后用 govsite newmedia import 导入平台的发布记录", path=rec.log_rel.rsplit("/", 1)[0])
