"""A policy that needs an interpretation has none yet; the deadline is coming.

What: a policy page with ``needs_interpretation: true`` lists no interpretation published so
    far, and the 20 working days from ``issued`` (成文日期; ``date`` when ``issued`` is missing)
    have not yet run out. The warning says how many working days are left.
Why: 第十三条 — 涉及面广、社会关注度高、实施难度大、专业性强的政策文件，应在文件印发之日起20个工作日内
    制作政策解读材料. Working days follow the official calendar, holidays and 调休 included.
Example: ``issued: 2026-11-20``, ``needs_interpretation: true``, no ``interpretations:``.
Fix: publish the interpretation in ``zcjd`` (``policy:`` pointing here) and list it in
    ``interpretations:`` before the deadline.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.policies import interpretation_due, provisional_note
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    due = interpretation_due(ctx.project, page)
    if due is None or due.published or due.status.passed:
        return
    left = due.status.left
    when = (f"截止日期 {due.deadline}" if due.deadline else due.calendar_note) + provisional_note(due.provisional)
    days = "今天是最后一个工作日" if left == 0 else f"还剩 {left} 个工作日"
    yield Hit(page.key_line("needs_interpretation"),
              f"本文件须在 {due.start_label}起 {due.status.workdays} 个工作日内发布解读材料，{days}（{when}）；"
              "请在政策解读栏目（zcjd）发布解读，并在本页 interpretations: 中列出")
