"""A public message was not acknowledged within 1 working day (留言未在1个工作日内回复受理).

What: a row of ``messages.csv`` acknowledged (or answered) after the end of the first
    working day after the day of receipt, or not acknowledged at all when that day is
    over. The day of receipt is not counted, whatever the hour: a message received at
    17:00 on the day before a holiday is due by the end of the first working day after
    it. A period counted on a provisional calendar says so.
Why: 第十三条 — 对公众留言必须在1个工作日内回复受理情况.
Example: received ``2026-11-02 09:00`` (Monday), acknowledged ``2026-11-04 10:00``.
Fix: reply at once and record the time; if the time recorded is wrong, correct it from
    the platform's record.
"""

from __future__ import annotations

from govsite.newmedia.messages import acknowledgement, messages_rel, provisional_note
from govsite.regulation.workdays import calendar
from govsite.rules.base import Hit
from govsite.rules.newmedia.message_logs import logs


def check(unit, ctx):
    for account, log in logs(unit, ctx):
        cal = calendar(ctx.project.root)
        for m in log.messages:
            due = acknowledgement(cal, m)
            note = provisional_note(due.provisional)
            if due.late and due.done is not None:
                yield Hit(m.line, f"留言 {m.id}（{m.received:%Y-%m-%d %H:%M} 收到）于 {due.done:%Y-%m-%d %H:%M} 才回复受理情况，"
                                  f"超过 1 个工作日（应在 {due.due} 当天结束前）{note}；第十三条要求 1 个工作日内回复受理情况，"
                                  "请改进值守，按时回复", path=messages_rel(account))
            elif due.overdue(ctx.today):
                yield Hit(m.line, f"留言 {m.id}（{m.received:%Y-%m-%d %H:%M} 收到）至今未回复受理情况，已超过 1 个工作日"
                                  f"（应在 {due.due} 当天结束前）{note}；请立即回复并在受理回复时间列登记", path=messages_rel(account))
