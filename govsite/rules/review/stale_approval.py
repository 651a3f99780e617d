"""The page changed after it was approved: the approvals are stale.

What: reviewers approved an earlier content of the page (another content hash); the
    text, title, date or another field has changed since, so their approvals no longer
    cover what would be published. Only the ``reviewers`` block may change without
    making approvals stale.
Why: 第十一条 — what goes online is exactly what the three reviewers read; a change
    after approval is unreviewed content.
Example: a typo fixed in the body after 王丽 and 陈静 signed.
Fix: each reviewer named in the message reads the page again and re-signs it with the
    command given (``govsite review approve <页面> --as <人员id>``); ``govsite review
    log <页面>`` shows what was approved when.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.review.gate import command, evaluate, role_text, who
from govsite.review.status import ReviewStatus
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    result = evaluate(page, ctx.project)
    if result is None:
        return
    stale = [s for s in result.roles if s.status == ReviewStatus.STALE]
    if not stale:
        return
    names = "、".join(f"{role_text(s.role)} {who(s.person)}" for s in stale)
    commands = "；".join(command(page.rel, s.person.id) for s in stale)
    last = max(c.parsed.when for s in stale for c, _ in s.evidence)
    yield Hit(page.key_line("reviewers"),
              f"页面在签名后被修改（最近一次签名 {last[:10]}），以下 {len(stale)} 个签名已失效：{names}；"
              f"请重新审阅后分别运行：{commands}")
