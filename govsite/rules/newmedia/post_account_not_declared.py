"""A post sits in the folder of an account its unit does not declare.

What: ``units/<unit>/newmedia/<account>/<post>.md`` where ``<account>`` is not an
    ``id`` under ``new_media:`` in the unit's ``unit.yml``.
Why: 第七条 — a unit keeps only the new-media accounts on its approved list; a post for
    an account nobody registered would go out through a channel nobody approved.
Example: ``units/qzfb/newmedia/qjxw/a.md`` while ``unit.yml`` lists only ``qjzf-wx``.
Fix: move the post into the folder of the right account, or register the account in
    ``unit.yml`` (with its approvals, 第八条) first.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.newmedia.posts import account_of
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    where = page.page_path
    if not where.is_post:
        return
    if account_of(page, ctx.project) is not None:
        return
    unit = ctx.project.unit(where.unit or "")
    known = "、".join(f"{a.id}（{a.name}）" for a in unit.new_media) or "无"
    yield Hit(1, f"账号 {where.account!r} 不在本单位 unit.yml 的 new_media 名单中（已登记：{known}）；"
                 "请把文章移到所属账号的目录，或先在 unit.yml 中登记该账号")
