"""A post is longer, or carries more images, than its platform accepts.

What: the title, author, digest or text of a post is over the platform's limit, or it
    has more images than one post may carry. Limits per platform, each with its
    source, are in ``govsite/data/newmedia_limits.yml`` (WeChat: title 64, author 8,
    digest 120 characters, text under 20,000; Weibo: 2,000 characters, 18 images;
    Douyin: description 1,000 characters, 35 images).
Why: 第十一条 — what the reviewers sign must be what goes out; a platform that cuts a
    title or refuses the draft would publish a text nobody reviewed, or none at all.
Example: a WeChat post with ``author: 重庆市黔江区人民政府办公室`` (14 characters).
Fix: shorten the field (the message says by how much), or split the post.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.newmedia.limits import for_platform
from govsite.newmedia.posts import account_of, images, plain_text, text_of
from govsite.rules.base import Hit, RuleContext

_FIELDS = (("title", "标题", "title_max"), ("author", "作者", "author_max"), ("digest", "摘要", "digest_max"))


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    account = account_of(page, ctx.project)
    limits = for_platform(account.platform) if account else None
    if account is None or limits is None:
        return
    where = account.platform.label
    for key, name, attr in _FIELDS:
        most = getattr(limits, attr)
        value = text_of(page.meta.get(key))
        if most is not None and len(value) > most:
            yield Hit(page.key_line(key), f"{name}有 {len(value)} 个字，超过{where}上限 {most} 个字；请删减 {len(value) - most} 个字")
    if limits.text_max is not None:
        size = len(plain_text(page))
        if size > limits.text_max:
            yield Hit(page.body_line, f"正文有 {size} 个字，超过{where}上限 {limits.text_max} 个字；请删减或分成几篇发布")
    found = images(page)
    if limits.images_max is not None and len(found) > limits.images_max:
        extra = found[limits.images_max]
        yield Hit(extra.line, f"正文有 {len(found)} 张图片，超过{where}每条上限 {limits.images_max} 张；请删去 "
                              f"{len(found) - limits.images_max} 张或分成几条发布")
