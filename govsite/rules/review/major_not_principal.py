"""Major information is not approved by the principal.

What: the page says ``major: true`` and the approver is not a 主要负责人.
Why: 第五条（一） — the principal reviews every major item (重大信息内容) personally.
Example: ``major: true`` with ``approver:`` a deputy.
Fix: have the principal approve, or set ``major: false`` if the item is not major.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.review.roster import slots
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    unit = ctx.roster_of(page)
    if unit is None or page.meta.get("major") is not True:
        return
    for slot in slots(page, unit):
        person = slot.person
        if slot.role == "approver" and person is not None and not person.has("principal"):
            heads = "、".join(p.name for p in unit.people if p.has("principal")) or "（名单中没有主要负责人）"
            yield Hit(page.key_line("reviewers", "approver"),
                      f"重大信息（major: true）须由主要负责人审核签发，{person.name} 不是主要负责人；请由 {heads} 签发")
