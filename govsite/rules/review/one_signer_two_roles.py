"""One signer holds two of the three review roles.

What: the valid approvals of two roles come from one signer: the same person, the same
    key (one key listed for two people in ``review/allowed_signers``) or the same forge
    login.
Why: 第十一条 — 三审 means three different people; REV005 checks the names in
    ``reviewers``, this rule checks who actually signed.
Example: 柯章's key is listed for both ``kezhang@demo`` and ``fuzhu@demo`` and signed
    both the checker and the approver approval.
Fix: each role is signed by its own person with their own key (the platform owner
    gives every person a separate line in ``review/allowed_signers``); then sign again.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.review.gate import evaluate, role_text
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    result = evaluate(page, ctx.project)
    if result is None:
        return
    for label, roles in result.shared:
        yield Hit(page.key_line("reviewers"),
                  f"{'和'.join(role_text(r) for r in roles)}的签名出自同一签名人（{label}）；三审三校须由三个不同的人各自用本人密钥签名，"
                  f"请由 reviewers 中各自的人员分别运行 govsite review approve {page.rel} --as <人员id>")
