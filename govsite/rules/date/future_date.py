"""The publish date is in the future.

What: ``date`` (发布日期) is later than today.
Why: 第十条 — 严禁伪造发布日期: a page cannot have been published on a day that has not come.
    (Pages are published by merging them, so the date is the day of publication, not a
    scheduled day.)
Example: ``date: 2027-01-01`` on 2026-11-26.
Fix: write the real publish date, normally today; merge the page on the day it is to appear.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.dates import as_date
from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    when = as_date(page.meta.get("date"))
    if when is not None and when > ctx.today:
        yield Hit(page.key_line("date"),
                  f"发布日期 {when} 晚于今天（{ctx.today}）；发布日期须真实，请改为实际发布的日期（通常为今天），到期再合并发布")
