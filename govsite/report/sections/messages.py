"""Public messages to the new-media accounts (第十三条): received in the quarter, replied on time.

Each account's ``messages.csv`` as the branch held it at the quarter's end (the district
checked out at the last commit before the quarter ended, never today's file), read and
judged by :mod:`govsite.newmedia.messages`, the functions of NMD012 and NMD013: the
acceptance within 1 working day, the result within 5, the day of receipt not counted.
A message whose period ran past the quarter's end and is not done is "not yet due",
not late.
"""

from __future__ import annotations

import datetime as dt

from govsite.newmedia import messages
from govsite.regulation.workdays import calendar
from govsite.report.context import ReportContext
from govsite.report.model import Mention, Section, Table

TITLE = "政务新媒体公众留言办理情况"


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def compute(ctx: ReportContext) -> Section:
    section = Section("messages", TITLE)
    counts = Table("messages", "政务新媒体公众留言办理情况",
                   ["单位", "账号", "季度收到（条）", "1个工作日内回复受理", "5个工作日内反馈结果", "超期（条）", "季末未到期（条）"], [],
                   note="第十三条：对公众留言必须在 1 个工作日内回复受理情况，在 5 个工作日内反馈办理结果；"
                        "收到当天不计，期限算到最后一个工作日结束。取自季末提交时账号的留言记录（messages.csv）。")
    late = Table("messages_late", "超期办理的公众留言",
                 ["单位", "账号", "编号", "收到时间", "环节", "期限", "完成时间", "事项"], [])
    accounts = [(unit, account) for unit in ctx.units for account in unit.new_media]
    logs: dict[tuple[str, str], messages.Log | None] = {}
    if ctx.end_sha is not None and accounts:
        with ctx.at(ctx.end_sha, ctx.as_of) as then:
            for _, account in accounts:
                logs[(account.unit_id, account.id)] = messages.account_log(then, account)
    cal = calendar(ctx.project.root)
    faults: dict[str, int] = {}
    clean: list[str] = []
    problems = 0
    for unit, account in accounts:
        log = logs.get((account.unit_id, account.id))
        if log is None:
            continue
        problems += len(log.problems)
        received = [m for m in log.messages if ctx.first <= m.received.date() <= ctx.as_of]
        ack_ok = result_ok = overdue = pending = 0
        for m in received:
            stages = (messages.acknowledgement(cal, m), messages.result(cal, m))
            ack_ok += stages[0].on_time
            result_ok += stages[1].on_time
            bad = [d for d in stages if d.late or d.overdue(ctx.as_of)]
            overdue += bool(bad)
            pending += not bad and any(d.done is None for d in stages)
            for d in bad:
                late.rows.append([unit.name, account.name, m.id, _when(m.received), d.what, str(d.due),
                                  _when(d.done) or f"截至 {ctx.as_of} 未办理", m.topic])
        counts.rows.append([unit.name, account.name, len(received), ack_ok, result_ok, overdue, pending])
        if overdue:
            faults[unit.name] = faults.get(unit.name, 0) + overdue
        elif received and unit.name not in clean:
            clean.append(unit.name)
    section.rectify = [Mention(name, f"政务新媒体公众留言超期办理 {n} 条") for name, n in faults.items()]
    section.praise = [Mention(name, "公众留言均按时回复") for name in clean if name not in faults]
    section.tables = [counts, late]
    total = sum(int(r[2] or 0) for r in counts.rows)
    if not counts.rows:
        section.summary.append("各政务新媒体账号均无留言记录。")
    else:
        section.summary.append(f"季度内收到公众留言 {total} 条，超期办理 {sum(faults.values())} 条"
                               + (f"；留言记录有 {problems} 处格式问题未计入，见 govsite check。" if problems else "。"))
    return section
