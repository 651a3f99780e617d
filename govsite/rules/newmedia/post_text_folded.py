"""A Weibo post is longer than the feed shows.

What: the text of a post for a platform with a feed limit (Weibo: 140 characters,
    ``feed_chars`` in ``govsite/data/newmedia_limits.yml``) is longer than it; the feed
    shows the first part and a “全文” link.
Why: 第十一条 — the reviewers should know what most readers will see: the lead of a
    folded post must stand on its own (a warning, not an error: long Weibo posts are
    allowed up to 2,000 characters).
Example: a 300-character notice whose 140th character falls mid-sentence.
Fix: put the essential information in the first 140 characters, or shorten the post.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.newmedia.limits import for_platform
from govsite.newmedia.posts import account_of, plain_text
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    account = account_of(page, ctx.project)
    limits = for_platform(account.platform) if account else None
    if account is None or limits is None or limits.feed_chars is None:
        return
    text = plain_text(page)
    if len(text) > limits.feed_chars:
        shown = text[:limits.feed_chars]
        yield Hit(page.body_line, f"正文 {len(text)} 个字，{account.platform.label}信息流只显示前 {limits.feed_chars} 个字"
                                  f"（到“{shown[-12:]}”为止）；请确认要点都在前 {limits.feed_chars} 个字内")
