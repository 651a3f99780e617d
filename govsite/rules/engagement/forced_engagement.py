"""A demand that readers follow, like or share.

What: wording that makes following an account, liking or sharing compulsory, counts it
    or collects proof of it: 务必关注（公众号）, 转发至朋友圈, 集赞, 点赞截图, 全员转发,
    转发量纳入考核, 购买粉丝. Inviting readers (欢迎关注, 扫码关注) is allowed, and 转发 in a
    document title (关于转发……的通知) is not engagement. The list is
    ``govsite/data/wordlists/engagement.yml``.
Why: 第十条 — 不得强制要求群众关注、点赞和转发信息；严禁出现购买“粉丝”等造假行为.
Example: ``请各村（社区）务必关注本公众号，并转发至朋友圈，截图发到工作群。``
Fix: delete the demand; an invitation such as ``欢迎扫码关注`` is enough.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.pagetext import by_line, hits_for


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    for h, words in by_line(hits_for(page, ctx, "engagement")):
        yield Hit(h.line, f"强制关注、点赞或转发的要求{words}；不得强制要求群众关注、点赞和转发，请删除，可改为“欢迎关注”等倡议性表述", h.column)
