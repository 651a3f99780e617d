"""An interpretation's ``policy:`` leads to no policy page.

What: ``policy:`` of a 政策解读 page is not an address and leads to no page of the site, or to
    a page outside the 政策文件 column (``zcwj``).
Why: 第十三条 — the interpretation must lead readers to the document it interprets.
Example: ``policy: ../zcwj/2024-tongzi.md`` where the file is ``2024-tongzhi.md``.
Fix: correct the link (relative to this file, e.g. ``../zcwj/2024-tongzhi.md``); for a
    higher-level document write its full ``https://`` address.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.policies import INTERP_KIND, POLICY_KIND, is_external, page_kind, policy_of
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page_kind(ctx.project, page) != INTERP_KIND:
        return
    value = page.meta.get("policy")
    if value in (None, "") or (isinstance(value, str) and is_external(value.strip())):
        return
    rel, target = policy_of(ctx.project, page)
    line = page.key_line("policy")
    if rel is None:
        yield Hit(line, f"policy: 的值 {value!r} 不是链接；请写政策文件页面的相对链接（如 ../zcwj/文件页面.md）或上级文件的网址")
    elif target is None:
        yield Hit(line, f"policy: 指向的 {rel} 不存在；请改正链接（相对于本文件，如 ../zcwj/文件页面.md）")
    elif page_kind(ctx.project, target) != POLICY_KIND:
        yield Hit(line, f"policy: 指向的 {rel} 不在政策文件栏目；请指向 zcwj 栏目中的文件页面")
