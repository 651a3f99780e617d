"""An interpretation page does not say which policy it interprets.

What: a page in 政策解读 (``zcjd``) has no ``policy:``.
Why: 第十三条 — an interpretation belongs to a policy document; readers must reach the
    document itself.
Example: a ``zcjd`` page with only ``title``, ``date`` and ``reviewers``.
Fix: add ``policy: ../zcwj/文件页面.md`` (this site's policy page), or the address of a
    higher-level document, e.g. ``policy: https://www.cq.gov.cn/…``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.policies import INTERP_KIND, page_kind
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page_kind(ctx.project, page) != INTERP_KIND or not page.located:
        return
    if page.meta.get("policy") in (None, ""):
        yield Hit(page.key_line(), "政策解读页面未注明所解读的文件；请加 policy: ../zcwj/文件页面.md（本站文件）或上级文件的网址")
