"""An HTML event-handler attribute (onclick, onerror, onload …).

What: any attribute whose name starts with ``on`` in raw HTML of the Markdown, such as
    ``<img src="x.png" onerror="…">`` or ``<a onclick="…">``.
Why: 第十四条 — an event handler is a script: it runs in every visitor's browser with the
    government site's authority (the classic cross-site scripting vector).
Example: ``<img src="logo.png" onerror="location='https://…'">``
Fix: remove the attribute; a page needs no script. Links are plain ``[文字](地址)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.document import document


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    doc = document(page)
    for el in doc.elements:
        for key, _value in el.attrs:
            if key.startswith("on") and len(key) > 2:
                line, column = doc.where(el.start)
                yield Hit(line, f"<{el.tag}> 含事件处理属性 {key}（会执行脚本）；请删除该属性", column)
