"""Findings of the rule engine: found and fixed during the quarter, by category, and the
suppressions in force at its end with their reasons (第十一条 checklist, 设计文档 "a
finding can be suppressed only in the page itself, with a reason").

The engine runs twice, on the district as it stood when the quarter began and when it
ended; a finding present at the end and not at the start was found in the quarter, one
present at the start and gone at the end was fixed. (A problem that came and went inside
the quarter shows in neither; the pull-request checks stopped those at the gate.)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from govsite.core.findings import Finding
from govsite.engine.runner import Report, run
from govsite.report.context import ReportContext
from govsite.report.model import Mention, Section, Table

TITLE = "规则检查发现与整改"
CATEGORY_NAMES = {
    "file": "文件", "frontmatter": "页面信息", "review": "三审三校", "column": "栏目", "ads": "广告", "source": "来源",
    "secret": "密钥凭据", "pii": "个人信息", "typo": "错别字", "expression": "规范表述", "sensitive": "敏感词",
    "engagement": "强制关注", "policy-link": "政策解读关联", "deadline": "时限", "freshness": "更新", "date": "日期",
    "link": "链接", "html": "网页代码", "newmedia": "新媒体", "security": "安全",
}


def _key(f: Finding) -> tuple[str, str]:
    """The same problem at the start and the end: one rule on one page or column (its
    message may differ, e.g. the days since the last update)."""
    return (f.rule, f.path)


def unit_of(path: str) -> str | None:
    parts = path.split("/")
    return parts[1] if len(parts) >= 2 and parts[0] == "units" else None


def _run(ctx: ReportContext, sha: str | None, today: dt.date) -> Report:
    if sha is None:
        return Report()
    with ctx.at(sha, today) as then:
        return run(then, None)


def compute(ctx: ReportContext) -> Section:
    q = ctx.quarter
    before = _run(ctx, ctx.start_sha, q.start - dt.timedelta(days=1))
    after = _run(ctx, ctx.end_sha, ctx.as_of)
    old, new = {_key(f): f for f in before.findings}, {_key(f): f for f in after.findings}
    found = [f for k, f in new.items() if k not in old]
    fixed = [f for k, f in old.items() if k not in new]
    categories = sorted({f.category for f in [*found, *fixed, *after.findings]})
    count = {name: Counter(f.category for f in group) for name, group in
             (("start", before.findings), ("end", after.findings), ("found", found), ("fixed", fixed))}
    table = Table("findings", "规则检查发现与整改（按类别）", ["类别", "季初", "季末", "本季度新发现", "本季度已整改"],
                  [[CATEGORY_NAMES.get(c, c), count["start"][c], count["end"][c], count["found"][c], count["fixed"][c]]
                   for c in categories])
    names = {u.id: u.name for u in ctx.units}
    open_by_unit = Counter(names.get(unit_of(f.path) or "", "门户") for f in after.findings)
    errors_by_unit = Counter(names.get(unit_of(f.path) or "", "门户") for f in after.errors)
    per_unit = Table("findings_units", "季末仍未整改的问题（按单位）", ["单位", "未整改问题", "其中错误级"],
                     [[name, n, errors_by_unit[name]] for name, n in sorted(open_by_unit.items(), key=lambda i: (-i[1], i[0]))])
    suppressed = Table("suppressions", "季末在用的豁免及理由", ["页面", "规则", "理由"],
                       [[s.finding.path, s.finding.rule, s.reason] for s in
                        sorted(after.suppressed, key=lambda s: (s.finding.path, s.finding.rule, s.line))])
    section = Section("findings", TITLE, tables=[table, per_unit, suppressed])
    for name, n in errors_by_unit.items():
        if name in names.values():
            section.rectify.append(Mention(name, f"季末仍有 {n} 个错误级规则检查问题未整改"))
    section.summary.append(f"季初问题 {len(before.findings)} 个，季末 {len(after.findings)} 个；本季度新发现 {len(found)} 个，"
                           f"已整改 {len(fixed)} 个；季末在用豁免 {len(after.suppressed)} 处。")
    return section
