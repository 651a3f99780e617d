"""An interpretation of a normative policy was published after the policy.

What: a listed interpretation's ``date`` is later than the ``date`` of the normative policy
    (``normative: true``) that lists it.
Why: 第十条第三款 — the interpretation of a 行政规范性文件 is published 同步, together with it.
Example: policy ``date: 2026-03-01``, its interpretation ``date: 2026-03-09``.
Fix: publish the two on the same day; if the interpretation really came later, keep its true
    date and record why with a YAML comment on the line above the entry:
    ``# <!-- govsite: allow POL002 理由 -->``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.policies import (
    POLICY_KIND,
    interpretations_line,
    is_true,
    listed_interpretations,
    page_kind,
    published,
)
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if not is_true(page.meta.get("normative")) or page_kind(ctx.project, page) != POLICY_KIND:
        return
    when = published(page)
    if when is None:
        return
    for item in listed_interpretations(ctx.project, page):
        if item.page is None:
            continue
        later = published(item.page)
        if later and later > when:
            yield Hit(interpretations_line(page, item.index),
                      f"解读材料 {item.rel} 的发布日期 {later} 晚于本规范性文件的发布日期 {when}；"
                      f"规范性文件与解读应同步发布，请同日发布（如确系补发，日期不得改动，请在该行的上一行加注释 # <!-- govsite: allow POL002 理由 --> 说明）")
