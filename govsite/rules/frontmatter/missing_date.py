"""The page has no publish date.

What: ``date`` (发布日期) is missing from the front-matter.
Why: 第十条 — the publish date must be true and shown; column freshness (第十二条) is
    measured from it.
Example: a header without ``date:``.
Fix: add ``date: YYYY-MM-DD``, the day the page is published.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page.located is None or not isinstance(page.located.data, dict):
        return
    if page.meta.get("date") in (None, ""):
        yield Hit(page.key_line("date"), "缺少发布日期；请在元数据中填写 date: YYYY-MM-DD（如 date: 2024-05-01）")
