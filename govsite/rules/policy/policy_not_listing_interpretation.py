"""The policy an interpretation names does not list it.

What: ``policy:`` of a 政策解读 page leads to a policy page whose ``interpretations:`` does not
    include this interpretation.
Why: 第十三条 — the policy page must lead readers to its interpretations; the two records
    must agree.
Example: ``zcjd/b.md`` has ``policy: ../zcwj/a.md`` but ``zcwj/a.md`` has no
    ``interpretations:``.
Fix: add this page to the policy's ``interpretations:`` (e.g. ``- ../zcjd/b.md``), or correct
    ``policy:``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.policies import INTERP_KIND, POLICY_KIND, lists, page_kind, policy_of, relative_link
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page_kind(ctx.project, page) != INTERP_KIND:
        return
    rel, target = policy_of(ctx.project, page)
    if target is None or page_kind(ctx.project, target) != POLICY_KIND:
        return
    if not lists(target, page.rel):
        yield Hit(page.key_line("policy"),
                  f"所解读的文件 {rel} 的 interpretations 中没有本页；请在 {rel} 的 interpretations: 中加入 {relative_link(target.rel, page.rel)}，或改正本页的 policy:")
