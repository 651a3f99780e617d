"""A post is written for an account that is closing or closed.

What: the account of ``units/<unit>/newmedia/<account>/`` has ``status: closing`` or
    ``status: closed`` in ``unit.yml``.
Why: 第七条（一） — an account decided to be closed is shut down within 15 working
    days and publishes nothing more; a closed account no longer exists.
Example: ``status: closed`` for ``qjcz-wb`` and a new post in ``newmedia/qjcz-wb/``.
Fix: publish through an open account of the unit, or delete the post.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.accounts import AccountStatus
from govsite.core.pages import Page
from govsite.newmedia.posts import account_of
from govsite.rules.base import Hit, RuleContext

_STATUS = {AccountStatus.CLOSING: "已决定关停", AccountStatus.CLOSED: "已关停注销"}


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    account = account_of(page, ctx.project)
    if account is None or account.is_open:
        return
    yield Hit(1, f"账号“{account.name}”（{account.id}）{_STATUS[account.status]}，不能再发布；"
                 "请改由本单位正在运营的账号发布，或删除本文")
