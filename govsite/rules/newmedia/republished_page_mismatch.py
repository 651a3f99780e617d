"""A post that republishes a website page does not match it.

What: ``republishes:`` names a page of the portal (``/qzfb/gzdt/2026-11-17-cwhy/``, or
    a relative link to the ``.md`` file) that does not exist, or whose title or date
    differs from the post's.
Why: 第十二条 — the website and the unit's new media must be consistent: the same
    information goes out with the same title on the same day, and the post's 阅读原文
    (WeChat ``content_source_url``) leads to it.
Example: the post says ``title: 区政府召开第七十八次常务会议`` and the page it republishes
    says ``区政府召开第78次常务会议``.
Fix: give the post the page's title and date (or correct the page, and have it signed
    again), or correct the link.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.dates import as_date
from govsite.core.pages import Page
from govsite.newmedia.posts import post_when, republished_page, text_of
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if not page.page_path.is_post:
        return
    link = text_of(page.meta.get("republishes"))
    if not link:
        return
    line = page.key_line("republishes")
    rel = republished_page(ctx.project, page.rel, link)
    if rel is None:
        yield Hit(line, f"republishes 指向的网站页面 {link[:120]!r} 不存在；请写成 /单位/栏目/页面/ 形式的网址"
                        "或指向 .md 文件的相对链接，且页面须已在网站上")
        return
    target = ctx.project.page(rel).meta
    title, theirs = text_of(page.meta.get("title")), text_of(target.get("title"))
    if title != theirs:
        yield Hit(page.key_line("title"), f"标题与转发的网站页面不一致（网站：{theirs!r}）；第十二条要求网站与新媒体发布内容一致，请统一标题")
    when, day = post_when(page.meta), as_date(target.get("date"))
    if when is not None and day is not None and when.date() != day:
        yield Hit(page.key_line("date"), f"发布日期 {when.date()} 与转发的网站页面（{day}）不一致；请统一发布日期")
