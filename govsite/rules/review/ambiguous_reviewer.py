"""A reviewer's name matches two people of the roster.

What: the name in ``reviewers`` is shared by two or more people of ``unit.yml``.
Why: 第十一条 — the review record must say who reviewed, without doubt.
Example: two people named 王芳; the page says ``checker: 王芳``.
Fix: write the person's id from ``unit.yml`` instead of the name (``checker: wangfang2``).
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
    for slot in slots(page, unit):
        if len(slot.people) > 1:
            ids = "、".join(f"{p.id}（{p.title or p.name}）" for p in slot.people)
            yield Hit(page.key_line("reviewers", slot.role),
                      f"{slot.role} 填写的 {slot.ref!r} 对应名单中的多人：{ids}；请改填其中一人的 id")
