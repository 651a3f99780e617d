"""The checker does not hold the role the 办法 requires.

What: the person named as ``checker`` is not a 承办科室负责人 in ``unit.yml``.
Why: 第五条（三） — the section head (承办科室负责人) is the direct responsible person who reviews strictly.
Example: an operator listed as checker.
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
        for line, message in wrong_role_hits(page, unit, "checker", "承办科室负责人"):
            yield Hit(line, message)
