"""An interpretation was published after the 20-working-day deadline.

What: a policy page with ``needs_interpretation: true`` lists interpretations, and the first
    one's ``date`` is more than 20 working days after the policy's ``issued`` (成文日期; ``date``
    when ``issued`` is missing).
Why: 第十三条 — the interpretation is due within 20 working days of issuance.
Example: ``issued: 2026-09-01``; the interpretation's ``date: 2026-10-20``.
Fix: the dates must stay true (第十条): do not change them. Record why the interpretation
    came late in the policy page, as a YAML comment on the line above the entry:
    ``# <!-- govsite: allow DDL003 理由 -->``; the suppression is reported to the platform owner.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.policies import interpretation_due, interpretations_line, provisional_note
from govsite.regulation.workdays import calendar, deadline_status
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    due = interpretation_due(ctx.project, page)
    if due is None:
        return
    if not due.published:
        return
    # The first interpretation counts; later ones (a video after the text) are welcome.
    item, when = min(due.published, key=lambda pair: pair[1])
    status = deadline_status(calendar(ctx.project.root), due.start, when, due.status.workdays)
    if status.passed:
        deadline = (f"（截止日期 {due.deadline}）" if due.deadline else "") + provisional_note(status.provisional)
        yield Hit(interpretations_line(page, item.index),
                  f"解读材料 {item.rel} 于 {when} 发布，超过 {due.start_label}起 {due.status.workdays} 个工作日的期限{deadline}；"
                  "日期须真实，不得改动；请在该行的上一行加注释 # <!-- govsite: allow DDL003 逾期原因 --> 说明情况")
