"""A normative policy document lists no interpretation.

What: a policy page (政策文件, ``zcwj``) with ``normative: true`` (行政规范性文件) has no
    ``interpretations:`` entry.
Why: 第十条第三款 — 发布行政规范性文件时，应当同步发布便于公众理解和互联网传播的解读材料.
Example: ``normative: true`` and no ``interpretations:`` key.
Fix: publish the interpretation in ``zcjd`` with ``policy:`` pointing to this page, and list
    it here: ``interpretations: [../zcjd/2024-jiedu.md]``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.policies import POLICY_KIND, interpretation_links, is_true, page_kind
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if not is_true(page.meta.get("normative")) or page_kind(ctx.project, page) != POLICY_KIND:
        return
    if not interpretation_links(page):
        yield Hit(page.key_line("normative"),
                  "行政规范性文件（normative: true）未列出解读材料；请在政策解读栏目（zcjd）同步发布解读，"
                  "并在本页用 interpretations: [../zcjd/解读页面.md] 列出")
