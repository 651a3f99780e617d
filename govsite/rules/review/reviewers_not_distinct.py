"""One person holds two of the three review roles.

What: drafter, checker and approver are not three different people.
Why: 第十一条 — 三审 means three levels of review; a person cannot check their own draft.
Example: ``drafter: 张三`` and ``checker: 张三``.
Fix: have a different person of the right role take the second role.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.review.roster import slots
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    unit = ctx.roster_of(page)
    if unit is None:
        return
    seen: dict[str, str] = {}
    for slot in slots(page, unit):
        person = slot.person
        if person is None:
            continue
        if person.id in seen:
            yield Hit(page.key_line("reviewers", slot.role),
                      f"{person.name} 同时担任 {seen[person.id]} 和 {slot.role}；三审三校须由三个不同的人完成，请另选一人")
        else:
            seen[person.id] = slot.role
