"""A policy that needs an interpretation has none, and the deadline has passed.

What: a policy page with ``needs_interpretation: true`` lists no published interpretation,
    and more than 20 working days have passed since ``issued`` (成文日期; ``date`` when
    ``issued`` is missing).
Why: 第十三条 — the interpretation is due within 20 working days of issuance.
Example: ``issued: 2026-09-01``, ``needs_interpretation: true``, no ``interpretations:`` on
    2026-11-26.
Fix: publish the interpretation now (``zcjd``, ``policy:`` pointing here) and list it in
    ``interpretations:``; it will then be reported as late (DDL003) until the delay is
    explained in the page (``# <!-- govsite: allow DDL003 理由 -->`` above the entry).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.policies import interpretation_due, provisional_note
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    due = interpretation_due(ctx.project, page)
    if due is None or due.published or not due.status.passed:
        return
    when = (f"已于 {due.deadline} 到期" if due.deadline else "已到期") + provisional_note(due.provisional)
    yield Hit(page.key_line("needs_interpretation"),
              f"本文件须在 {due.start_label}起 {due.status.workdays} 个工作日内发布解读材料，{when}，至今未发布；"
              "请立即在政策解读栏目（zcjd）发布解读，并在本页 interpretations: 中列出")
