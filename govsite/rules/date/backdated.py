"""The publish date is far earlier than the page's first commit.

What: ``date`` is more than 30 days before the page was first committed (or, for a page not
    yet committed, before today), and the page has no ``migrated_from:``.
Why: 第十条 — 严禁伪造发布日期: back-dating makes a column look updated when it was not
    (检查指标: 伪造发稿日期 is a veto item).
Example: first committed on 2026-11-20 with ``date: 2026-06-01``.
Fix: write the real publish date; a page moved from the old site keeps its original date
    and says where it came from: ``migrated_from: http://old.example.gov.cn/...``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.dates import as_date
from govsite.core.pages import Page
from govsite.regulation.datehistory import BACKDATE_DAYS, first_seen
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    when = as_date(page.meta.get("date"))
    if when is None or page.meta.get("migrated_from"):
        return
    seen = first_seen(ctx.project, page)
    if seen is None:
        return  # outside a repository: no history to compare with
    first, sha = seen
    gap = (first - when).days
    if gap > BACKDATE_DAYS:
        what = f"首次提交（{sha[:8]}，{first}）" if sha else f"今天（{first}，页面尚未提交）"
        yield Hit(page.key_line("date"),
                  f"发布日期 {when} 比{what}早 {gap} 天（超过 {BACKDATE_DAYS} 天）；请写实际发布日期。"
                  "如系从旧网站迁移的页面，请保留原发布日期并加 migrated_from: 旧网址或说明")
