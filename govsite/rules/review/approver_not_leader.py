"""The approver does not hold the role the 办法 requires.

What: the person named as ``approver`` is not a 分管负责人或主要负责人 in ``unit.yml``.
Why: 第五条（二） — the deputy (分管负责人) approves daily information; the principal may too.
Example: a section head listed as approver.
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
        for line, message in wrong_role_hits(page, unit, "approver", "分管负责人或主要负责人"):
            yield Hit(line, message)
