"""The 三审三校 record lacks one of the three reviewers.

What: ``reviewers`` is present but ``drafter``, ``checker`` or ``approver`` is missing
    or empty.
Why: 第十一条 — all three levels must review before publication.
Example: ``reviewers: {drafter: 张三, checker: 李四}``
Fix: name the missing reviewer; the message lists who in the unit may take the role.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.review.roster import REVIEW_ROLE_NAMES, candidates, record, slots
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    unit = ctx.roster_of(page)
    if unit is None or record(page) is None:
        return
    for slot in slots(page, unit):
        if slot.ref is None:
            yield Hit(page.key_line("reviewers", slot.role),
                      f"三审三校记录缺少 {slot.role}（{REVIEW_ROLE_NAMES[slot.role]}）；可填写：{candidates(unit, slot.role)}")
