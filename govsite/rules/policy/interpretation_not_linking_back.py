"""A listed interpretation does not name this policy in its ``policy:``.

What: a policy lists an interpretation page whose ``policy:`` is missing or leads to another
    page.
Why: 第十三条 — a reader of either page must reach the other; the two records must agree.
Example: policy ``zcwj/a.md`` lists ``zcjd/b.md``, whose ``policy: ../zcwj/c.md``.
Fix: set ``policy:`` in the interpretation to this policy (e.g. ``policy: ../zcwj/a.md``), or
    remove the wrong entry from ``interpretations:``.
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
    policy_of,
    relative_link,
)
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page_kind(ctx.project, page) != POLICY_KIND:
        return
    for item in listed_interpretations(ctx.project, page):
        if item.page is None or page_kind(ctx.project, item.page) != INTERP_KIND:
            continue
        back, _ = policy_of(ctx.project, item.page)
        if back == page.rel:
            continue
        named = item.page.meta.get("policy")
        what = f"其 policy: 指向 {back or named}" if named else "其中没有 policy:"
        yield Hit(interpretations_line(page, item.index),
                  f"解读材料 {item.rel} 未回链本文件（{what}）；请在 {item.rel} 中写 policy: {relative_link(item.page.rel, page.rel)}，或从本页 interpretations 中删去该项")
