"""The drafter does not hold the role the 办法 requires.

What: the person named as ``drafter`` is not a 经办人员或承办科室负责人 in ``unit.yml``.
Why: 第五条（四） — 具体经办人员负责数据采集、初审 (the drafter is the operator, or the section head who drafts).
Example: an approver listed as drafter.
Fix: name a person with that role, or (if their post changed) update ``unit.yml``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.review.roster import wrong_role_hits
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    unit = ctx.roster_of(page)
    if unit is not None:
        for line, message in wrong_role_hits(page, unit, "drafter", "经办人员或承办科室负责人"):
            yield Hit(line, message)
