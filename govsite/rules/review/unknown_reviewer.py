"""A reviewer is not on the unit's roster.

What: a name in ``reviewers`` matches nobody in the unit's ``unit.yml``.
Why: 第五条、第十一条 — only the unit's own responsible people may review its pages.
Example: ``checker: 李四`` when the unit has no 李四 (or a typo: 李 四).
Fix: correct the name, or have the platform owner add the person to ``unit.yml``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.review.roster import candidates, slots
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    unit = ctx.roster_of(page)
    if unit is None:
        return
    for slot in slots(page, unit):
        if slot.ref and not slot.people:
            yield Hit(page.key_line("reviewers", slot.role),
                      f"{slot.role} 填写的 {slot.ref!r} 不在本单位人员名单（units/{unit.id}/unit.yml）中；可填写：{candidates(unit, slot.role)}")
