"""The publish date was changed after the page was first committed.

What: the page's ``date`` differs from the date it had when first committed (git history),
    and the change is not a recorded correction.
Why: 第十条 — 严禁伪造发布日期. A publish date is set once; an undocumented change rewrites
    when the public was informed.
Example: committed with ``date: 2026-05-18``, later edited to ``date: 2026-05-08``.
Fix: restore the original date; or, if the original was wrong, record the correction in the
    page (``corrections: [{date: 2026-05-08, previous: 2026-05-18, reason: 理由}]``) or in the
    commit message's last paragraph (``Govsite-Correction: 理由``).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.datehistory import CORRECTION_TRAILER, date_changes
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    changes = date_changes(ctx.project, page)
    for change in changes or ():
        if change.justified_by:
            continue
        where = (f"提交 {change.version.commit.sha[:8]}（{change.version.commit.when.date()}）中"
                 if change.version else "尚未提交的修改中")
        yield Hit(page.key_line("date"),
                  f"发布日期在{where}由 {change.before} 改为 {change.after}，且未登记为更正；发布日期不得事后改动。"
                  f"请恢复原日期，或登记更正：在页面中加 corrections: [{{date: {change.after}, previous: {change.before}, reason: 更正理由}}]，"
                  f"或在提交说明末段写 {CORRECTION_TRAILER}: 更正理由")
