"""An account marked for closing is still not closed after 15 working days (关停超期).

What: an account with ``status: closing`` whose ``closing`` date (the decision to close
    it) lies more than 15 working days back. Working days follow the official calendar
    (``holidays.yml``, ``chinesecalendar``); the day of the decision is not counted, the
    period ends at the end of its 15th working day. A period that reaches into a year
    without an official schedule is counted provisionally, and the message says so.
Why: 第七条（一） — accounts not kept must be closed and deregistered within 15 working
    days; a decision to close one is bound by the same period.
Example: ``status: closing``, ``closing: 2026-10-09`` checked on 2026-11-26.
Fix: finish the deregistration on the platform, then write ``status: closed`` and
    ``closed:`` the date (with the ``close`` approval chain, 第八条).
"""

from __future__ import annotations

from govsite.core.accounts import AccountStatus
from govsite.regulation.policies import provisional_note
from govsite.regulation.workdays import calendar, deadline_status
from govsite.rules.base import Hit
from govsite.rules.newmedia.registry_lines import account_line, unit_yml

CLOSING_WORKDAYS = 15  # 第七条（一）: 15个工作日内按照规范完成关停注销


def check(unit, ctx):
    cal = None
    for account in unit.new_media:
        if account.status != AccountStatus.CLOSING or account.closing is None:
            continue
        cal = cal or calendar(ctx.project.root)
        status = deadline_status(cal, account.closing, ctx.today, CLOSING_WORKDAYS)
        if not status.passed:
            continue
        due = cal.add_workdays(account.closing, CLOSING_WORKDAYS)
        yield Hit(account_line(unit, account, "status"),
                  f"账号“{account.name}”自 {account.closing} 决定关停，应在 {CLOSING_WORKDAYS} 个工作日内（最迟 {due}）完成关停注销，"
                  f"至今仍未注销{provisional_note(status.provisional)}；请立即在平台上注销，并改为 status: closed、写明 closed 日期",
                  path=unit_yml(unit))
