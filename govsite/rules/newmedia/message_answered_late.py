"""A public message was not answered within 5 working days (留言未在5个工作日内反馈办理结果).

What: a row of ``messages.csv`` answered after the end of the fifth working day after
    the day of receipt, or not answered at all when that day is over (day of receipt not
    counted; official holidays and make-up workdays followed; a provisional calendar
    said so in the message).
Why: 第十三条 — 在5个工作日内反馈办理结果.
Example: received ``2026-09-30 17:00`` (before the National Day holiday), no reply on
    2026-10-15.
Fix: give the result at once and record the time in replied / 办结反馈时间.
"""

from __future__ import annotations

from govsite.newmedia.messages import messages_rel, provisional_note, result
from govsite.regulation.workdays import calendar
from govsite.rules.base import Hit
from govsite.rules.newmedia.message_logs import logs


def check(unit, ctx):
    for account, log in logs(unit, ctx):
        cal = calendar(ctx.project.root)
        for m in log.messages:
            due = result(cal, m)
            note = provisional_note(due.provisional)
            if due.late and due.done is not None:
                yield Hit(m.line, f"留言 {m.id}（{m.received:%Y-%m-%d %H:%M} 收到）于 {due.done:%Y-%m-%d %H:%M} 才反馈办理结果，"
                                  f"超过 5 个工作日（应在 {due.due} 当天结束前）{note}；第十三条要求 5 个工作日内反馈办理结果",
                          path=messages_rel(account))
            elif due.overdue(ctx.today):
                yield Hit(m.line, f"留言 {m.id}（{m.received:%Y-%m-%d %H:%M} 收到）至今未反馈办理结果，已超过 5 个工作日"
                                  f"（应在 {due.due} 当天结束前）{note}；请立即反馈并在办结反馈时间列登记", path=messages_rel(account))
