"""三审三校 at publication (第十一条): for each page published in the quarter, whether its
three approvals were complete and valid when it entered the branch, judged by the gate
itself on the district as that commit left it; and how long pages took from their first
commit to publication."""

from __future__ import annotations

import statistics
from collections import defaultdict

from govsite.core.errors import GovsiteError
from govsite.report.context import ReportContext
from govsite.report.history import PageHistory
from govsite.report.model import Mention, Section, Table
from govsite.review import gate

TITLE = "三审三校"
ROLE_NAMES = {"drafter": "初审", "checker": "复审", "approver": "终审"}


def approved_at_publication(ctx: ReportContext, pages: list[PageHistory]) -> dict[int, tuple[bool, str]]:
    """id(page) -> (approved, what was missing), one checkout per publishing commit."""
    by_commit: dict[str, list[PageHistory]] = defaultdict(list)
    for page in pages:
        by_commit[page.published.sha].append(page)
    out: dict[int, tuple[bool, str]] = {}
    for sha, batch in by_commit.items():
        with ctx.at(sha, batch[0].published.day) as then:
            for page in batch:
                try:
                    result = gate.evaluate(then.page(page.published.path), then)
                except GovsiteError as err:
                    out[id(page)] = (False, f"无法核验：{err}")
                    continue
                if result is None:
                    out[id(page)] = (False, "不是可签名的页面")
                    continue
                missing = [ROLE_NAMES.get(r.role, r.role) for r in result.roles if r.status != gate.OK_]
                if len(result.roles) < 3:
                    missing.append("reviewers 未写全三位审核人")
                if result.forged:
                    missing.append("有伪造或无效的签名记录")
                out[id(page)] = (result.approved, "、".join(missing) or "")
    return out


def compute(ctx: ReportContext) -> Section:
    q = ctx.quarter
    published = [p for p in ctx.history.pages if q.start <= p.published.day <= ctx.as_of]
    verdicts = approved_at_publication(ctx, published)
    section = Section("review", TITLE)
    table = Table("review", "发布时三审三校签名情况",
                  ["单位", "发布页面", "发布时签名齐全有效", "比例", "首次提交到发布（中位数，小时）"], [],
                  note="发布时 = 页面进入主分支的提交；签名按该提交时仓库中的人员名单、登记的签名密钥和审核记录，由审核关口核验。")
    unsigned = Table("review_missing", "发布时签名不全的页面", ["单位", "页面", "发布时间", "缺少"], [])
    for unit in ctx.units:
        mine = sorted((p for p in published if p.unit == unit.id), key=lambda p: (p.published.at, p.path))
        if not mine:
            table.rows.append([unit.name, 0, 0, "—", "—"])
            continue
        ok = sum(1 for p in mine if verdicts[id(p)][0])
        hours = [(p.published.at - p.first_written).total_seconds() / 3600 for p in mine if p.first_written]
        median = round(statistics.median(hours), 1) if hours else "—"
        table.rows.append([unit.name, len(mine), ok, f"{ok / len(mine):.0%}", median])
        for p in mine:
            good, missing = verdicts[id(p)]
            if not good:
                unsigned.rows.append([unit.name, p.published.path, p.published.at.isoformat(), missing or "签名无效"])
        if ok < len(mine):
            section.rectify.append(Mention(unit.name, f"{len(mine) - ok} 篇页面发布时三审三校签名不全（第十一条）"))
        else:
            section.praise.append(Mention(unit.name, "发布的页面均经三审三校签名"))
    total = len(published)
    ok_total = sum(1 for p in published if verdicts[id(p)][0])
    section.tables = [table, unsigned]
    section.summary.append(f"本季度发布页面 {total} 篇，发布时三审三校签名齐全有效 {ok_total} 篇"
                           + (f"（{ok_total / total:.0%}）" if total else "") + "。")
    return section
