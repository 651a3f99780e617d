"""A ``javascript:``, ``vbscript:`` or ``data:`` address.

What: a link, image or other address (Markdown ``[…](…)``, ``![…](…)``, a reference
    definition, or an HTML attribute such as ``href``, ``src``, ``action``) whose scheme
    is ``javascript:``, ``vbscript:`` or ``data:`` — also when disguised with entities,
    spaces or capitals (``jav&#x61;script:``, ``JaVa Script:``); or a ``style`` attribute
    that loads one.
Why: 第十四条 — a script address runs code when clicked; a ``data:`` address can carry a
    whole page or script past every check. An image pasted from a word processor often
    arrives as a ``data:`` image that bloats the page.
Example: ``[点击办理](javascript:void(0))``; ``<img src="data:image/png;base64,…">``.
Fix: link to a real address; save an embedded image as a file next to the page and
    reference it as ``![说明](图片.png)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.document import HTML, document
from govsite.text.urls import clean_url, scheme

BAD = {"javascript": "脚本地址", "vbscript": "脚本地址", "livescript": "脚本地址", "data": "data: 内嵌数据地址"}
_STYLE_RE = re.compile(r"(javascript|vbscript|data):|expression\(", re.I)


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    doc = document(page)
    for link in doc.links:
        kind = scheme(link.url)
        if kind in BAD:
            line, column = doc.where(link.start)
            shown = clean_url(link.url)[:40]
            fix = "请把图片另存为文件放在页面目录中，用 ![说明](图片.png) 引用" if kind == "data" else "请改为真实网址或删除"
            where_ = f"<{link.tag}> 的 {link.attr} 属性" if link.kind == HTML else "链接"
            yield Hit(line, f"{where_}使用不安全的{BAD[kind]}（{shown}）；{fix}", column)
    for el in doc.elements:
        style = el.attr("style")
        if style and _STYLE_RE.search(clean_url(style)):
            line, column = doc.where(el.start)
            yield Hit(line, f"<{el.tag}> 的 style 属性引用脚本或内嵌数据地址；请删除该样式", column)
