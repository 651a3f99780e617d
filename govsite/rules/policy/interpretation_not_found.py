"""A policy lists an interpretation that does not exist.

What: an entry of a policy page's ``interpretations:`` does not lead to a page of the site.
Why: 第十条第三款, 第十三条 — the interpretation must be published with the policy; a broken
    link shows readers none.
Example: ``interpretations: [../zcjd/2024-jidu.md]`` where the file is ``2024-jiedu.md``.
Fix: correct the link (relative to this file, e.g. ``../zcjd/2024-jiedu.md``) or publish the
    interpretation page.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.policies import (
    POLICY_KIND,
    interpretations_line,
    is_external,
    listed_interpretations,
    page_kind,
)
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page_kind(ctx.project, page) != POLICY_KIND:
        return
    for item in listed_interpretations(ctx.project, page):
        if item.page is not None:
            continue
        line = interpretations_line(page, item.index)
        if not isinstance(item.value, str) or not item.value.strip():
            yield Hit(line, f"interpretations 中的 {item.value!r} 不是链接；请写解读页面的相对链接，如 ../zcjd/解读页面.md")
        elif is_external(item.value.strip()):
            yield Hit(line, f"解读材料 {item.value} 不在本站；本单位的政策文件须在本站政策解读栏目发布解读，请链接到 zcjd 栏目中的页面")
        else:
            yield Hit(line, f"列出的解读材料 {item.rel or item.value} 不存在；请改正链接（相对于本文件，如 ../zcjd/解读页面.md）或先发布该解读页面")
