"""A post's cover or image is missing, or is not a file the operator can upload.

What: a WeChat post without ``cover:`` (draft/add needs ``thumb_media_id``, the cover
    uploaded as permanent material); a ``cover`` or an image of the text that is not a
    file next to the post (in the account's folder), or is not a JPEG, PNG or GIF.
Why: 第十一条 — the cover and images are part of what the reviewers sign; WeChat drops
    images from outside addresses (“外部图片链接将被过滤”), so an image not kept in the
    repository would vanish from the published article, or come from a site nobody checked.
Example: ``cover: https://example.com/a.jpg``; ``![](../../gzdt/photo.png)``.
Fix: put the image file into ``units/<unit>/newmedia/<account>/`` and refer to it by
    its name (``cover: 2026-11-17-cwhy.jpg``).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.newmedia.limits import for_platform
from govsite.newmedia.posts import IMAGE_SUFFIXES, account_of, images, local_path, text_of
from govsite.rules.base import Hit, RuleContext


def _problem(ctx: RuleContext, rel: str | None) -> str | None:
    if rel is None:
        return "不是本账号目录下的文件"
    if not rel.lower().endswith(IMAGE_SUFFIXES):
        return "不是 JPEG、PNG 或 GIF 图片"
    entry = ctx.project.tree_file(rel)
    if entry is None:
        return "文件不存在"
    if entry.is_symlink:
        return "是符号链接"
    return None


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    account = account_of(page, ctx.project)
    if account is None:
        return
    limits = for_platform(account.platform)
    cover = text_of(page.meta.get("cover"))
    if not cover:
        if limits is not None and limits.needs_cover:
            yield Hit(page.key_line("title"), f"{account.platform.label}文章须有封面图：请把图片放在本账号目录下，"
                                              "并在元数据中写 cover: 文件名")
    elif problem := _problem(ctx, local_path(page.rel, cover)):
        yield Hit(page.key_line("cover"), f"封面图 {cover!r} {problem}；请把图片放在本账号目录下并写文件名")
    for image in images(page):
        if problem := _problem(ctx, image.local):
            yield Hit(image.line, f"图片 {image.src[:80]!r} {problem}；平台会过滤外部图片，请把图片放在本账号目录下并写文件名")
