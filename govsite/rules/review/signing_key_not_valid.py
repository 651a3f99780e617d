"""The approval was signed with a revoked key, or outside the key's validity window.

What: the named reviewer's approval of the current content was signed with a key
    that is listed in ``review/revoked_keys``, or at a time outside the key's
    ``valid-after`` / ``valid-before`` in ``review/allowed_signers``.
Why: 第十一条、第十四条 — a reviewer who has left, or whose key was lost or leaked, no
    longer vouches for new content; the record must still show who is responsible.
Example: 王丽 moved to another post on 2026-10-31 (``valid-before="20261031Z"``) and
    signed on 2026-11-20.
Fix: the person now in the role signs (update ``reviewers`` and ``unit.yml`` if the
    post changed); a reviewer whose key was revoked makes a new one with
    ``govsite review keygen`` and signs again.
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
    for state in result.roles:
        if state.status == ReviewStatus.KEY_INVALID:
            reasons = "；".join(dict.fromkeys(v.reason for _, v in state.evidence))
            yield Hit(page.key_line("reviewers", state.role),
                      f"{role_text(state.role)} {who(state.person)} 的签名无效：{reasons}；"
                      f"请用有效密钥重新签名（{command(page.rel, state.person.id)}），或由现任人员签名")
