"""New-media accounts (第六至九条, 第十二条): each account's cadence over the quarter.

The accounts are those the units register in ``unit.yml`` (``new_media``). Their updates
are the post log and the posts as the branch held them at the quarter's end (the
district checked out at the last commit before the quarter ended: ``posts.csv`` as
committed then, never today's file), read and counted by :mod:`govsite.newmedia.cadence`,
the same functions the rules (NMD030–NMD032) and the patrol use:

* updates per week: updates in the quarter's covered days ÷ (days ÷ 7);
* weeks under 3 updates: whole natural weeks of the quarter (:func:`cadence.weeks`);
* longest gap: days between two updates counted by calendar date (later − earlier,
  :func:`cadence.gaps`), including the silence from the last update to the quarter's end;
* veto weeks: weeks of the quarter on a day of which the account had gone 14 days or
  more without an update (:func:`cadence.is_veto`, what the patrol would have reported).

An account with no record at all is listed with no figure: nothing is estimated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govsite.newmedia import cadence
from govsite.report.context import ReportContext
from govsite.report.model import Mention, Section, Table

TITLE = "政务新媒体更新情况"
STATUS_NAMES = {"open": "运营中", "closing": "关停中", "closed": "已关停"}
NO_LOG = "无发布记录，暂无法统计"
EXEMPT = "不考核更新频次"


@dataclass(frozen=True)
class Cadence:
    updates: int
    per_week: float
    thin_weeks: list[cadence.Week]
    whole_weeks: int
    longest: cadence.Gap | None
    veto_weeks: list[tuple[dt.date, dt.date]]


def quarter_cadence(ctx: ReportContext, rec: cadence.Record) -> Cadence:
    first, last = ctx.first, ctx.as_of
    days = (last - first).days + 1
    updates = sum(1 for u in cadence.past(rec, last) if u.day >= first)
    spans = cadence.gaps(rec, first, last)
    latest = cadence.last_update(rec, last)
    if latest is not None and latest < last:  # the silence still running at the quarter's end
        spans.append(cadence.Gap(latest, last, None))
    longest = max(spans, key=lambda g: g.days, default=None)
    weeks = cadence.weeks(rec, first, last)
    veto = [(a, b) for a, b in ctx.weeks()
            if any(cadence.is_veto(rec, a + dt.timedelta(days=n)) for n in range((b - a).days + 1))]
    return Cadence(updates, round(updates * 7 / days, 1) if days else 0.0,
                   [w for w in weeks if w.count < cadence.PER_WEEK], len(weeks), longest, veto)


def _weeks_text(weeks: list[tuple[dt.date, dt.date]]) -> str:
    return "、".join(f"{a}至{b}" for a, b in weeks)


def compute(ctx: ReportContext) -> Section:
    section = Section("newmedia", TITLE)
    table = Table("newmedia", "政务新媒体账号季度更新情况",
                  ["单位", "账号", "平台", "状态", "季度更新（次）", "每周更新（次）", "不足3次的周数", "最长间隔（天）",
                   "最长间隔起止", "单项否决周数", "否决周"], [],
                  note="第十二条：每周至少更新 3 次，间隔不超过 10 天；检查指标：2 周内无更新单项否决。"
                       "更新取自季末提交时账号的发布记录（posts.csv）和仓库中的推文；间隔按日期相减计算"
                       "（1 日与 11 日相隔 10 天），含季末仍在持续的间隔；否决周指其中任一天已连续 14 天以上无更新的周。")
    accounts = [(unit, account) for unit in ctx.units for account in unit.new_media]
    records: dict[tuple[str, str], cadence.Record] = {}
    if ctx.end_sha is not None and accounts:
        with ctx.at(ctx.end_sha, ctx.as_of) as then:
            for _, account in accounts:
                records[(account.unit_id, account.id)] = cadence.record(then, account)
    faults: dict[str, list[str]] = {}
    clean: list[str] = []
    without = 0
    for unit, account in accounts:
        row: list = [unit.name, account.name, account.platform.label, STATUS_NAMES.get(account.status, account.status)]
        rec = records.get((account.unit_id, account.id))
        if cadence.is_exempt(account):
            table.rows.append(row + [EXEMPT] + ["—"] * 6)
            continue
        if rec is None or not cadence.past(rec, ctx.as_of):
            without += 1
            table.rows.append(row + [NO_LOG] + ["—"] * 6)
            continue
        c = quarter_cadence(ctx, rec)
        longest = c.longest.days if c.longest else "—"
        span = f"{c.longest.start}至{c.longest.end}" + ("（季末仍未更新）" if c.longest.update is None else "") if c.longest else ""
        table.rows.append(row + [c.updates, c.per_week, f"{len(c.thin_weeks)}/{c.whole_weeks}", longest, span,
                                 len(c.veto_weeks), _weeks_text(c.veto_weeks)])
        what = []
        if c.veto_weeks:
            what.append(f"{len(c.veto_weeks)} 周触发“2 周内无更新”单项否决")
        if c.longest and c.longest.days > cadence.MAX_GAP_DAYS:
            what.append(f"最长 {c.longest.days} 天未更新")
        if c.thin_weeks:
            what.append(f"{len(c.thin_weeks)} 周更新不足 3 次")
        if what:
            faults.setdefault(unit.name, []).append(f"政务新媒体“{account.name}”" + "、".join(what))
        elif unit.name not in clean:
            clean.append(unit.name)
    for name, what in faults.items():
        section.rectify.append(Mention(name, "；".join(what)))
    section.praise = [Mention(name, "政务新媒体更新符合第十二条") for name in clean if name not in faults]
    section.tables = [table]
    if not table.rows:
        section.summary.append("各单位未登记政务新媒体账号。")
    else:
        text = f"登记的政务新媒体账号 {len(table.rows)} 个，{len(faults)} 个单位的账号更新不符合第十二条或触发单项否决"
        section.summary.append(text + (f"；{without} 个账号没有发布记录，无法统计。" if without else "。"))
    return section
