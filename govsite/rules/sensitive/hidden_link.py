"""A link hidden from readers: the mark of SEO spam injected into a hacked page.

What: a link (``<a href>``, a Markdown link or a bare address) inside an element that is
    hidden by its style or attributes: ``display:none``, ``visibility:hidden``,
    ``font-size:0``, ``opacity:0``, positioned or indented off-screen
    (``left:-9999px``, ``text-indent:-9999px``), zero size with ``overflow:hidden``, the
    ``hidden`` attribute, a class the theme keeps out of sight (``{.md-toggle}`` after a
    Markdown link, ``<div class="tabbed-block">``), or a link whose only content is a
    1×1 image.
Why: 第十五条（二）— hidden links to gambling or other sites are how attackers use a
    government site's standing with search engines; visitors never see them, so the
    reviewers can only find them in the source.
Example: ``<div style="display:none"><a href="https://bet.example">澳门娱乐</a></div>``
Fix: delete the hidden element and everything in it, then find how it got in
    (``govsite trace``) and report it (第十五条). A government page has no reason to
    hide a link.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.document import HIDING_CLASSES, Element, document


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    doc = document(page)
    reported = set()
    for link in doc.links:
        el = link.hidden_by
        if el is None:
            continue
        line, column = doc.where(link.start)
        if (line, link.url) in reported:
            continue
        reported.add((line, link.url))
        how = _how(el)
        yield Hit(line, f"隐藏链接：<{el.tag}> 元素以 {how} 隐藏，其中含链接 {link.url[:60]}；这是网页被篡改植入暗链的迹象，请删除整个隐藏元素并追查来源（第十五条）", column)


def _how(el: Element) -> str:
    if el.attr("hidden") is not None:
        return "hidden 属性"
    style = el.attr("style") or ""
    if style.strip():
        return f"样式“{' '.join(style.split())[:50]}”"
    hiding = sorted(HIDING_CLASSES.intersection((el.attr("class") or "").lower().split()))
    if hiding:
        return f"主题的隐藏类名 .{hiding[0]}"
    if el.tag == "img":
        return "1×1 像素的图片"
    if el.tag == "a":
        return "只含 1×1 像素图片的链接"
    return "属性"
