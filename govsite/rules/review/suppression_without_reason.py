"""A suppression comment has no reason.

What: ``<!-- govsite: allow CODE -->`` with nothing after the code.
Why: 第十一条 — review records must be kept for inspection; a silenced check without a
    reason cannot be judged by the reviewers who sign the page.
Example: ``<!-- govsite: allow PII001 -->``
Fix: add the reason after the code, e.g. ``<!-- govsite: allow PII001 公示名单经本人同意 -->``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.suppressions import parse_suppressions


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    for s in parse_suppressions(page):
        if not s.reason:
            yield Hit(s.line, f"豁免注释缺少理由：{', '.join(s.codes)}；请写成 <!-- govsite: allow {s.codes[0]} 理由 -->，理由随页面一并送审")
