"""A policy lists as its interpretation a page that is not an interpretation.

What: an entry of ``interpretations:`` leads to a page outside the 政策解读 column (``zcjd``
    or a unit column of kind ``interp``).
Why: 第十三条 — interpretations are published, and found by the public, in 政策解读.
Example: ``interpretations: [../gzdt/2024-huiyi.md]``.
Fix: publish the interpretation in ``zcjd`` and link to it there.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.policies import (
    INTERP_KIND,
    POLICY_KIND,
    interpretations_line,
    listed_interpretations,
    page_kind,
)
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page_kind(ctx.project, page) != POLICY_KIND:
        return
    for item in listed_interpretations(ctx.project, page):
        if item.page is not None and page_kind(ctx.project, item.page) != INTERP_KIND:
            yield Hit(interpretations_line(page, item.index),
                      f"列出的解读材料 {item.rel} 不在政策解读栏目；请把解读发布在 zcjd 栏目并链接到那里")
