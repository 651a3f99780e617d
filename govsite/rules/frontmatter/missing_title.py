"""The page has no title.

What: ``title`` is missing or empty in the front-matter.
Why: 第十条 — information must be complete; column lists and search show the title.
Example: a header with ``date`` and ``reviewers`` but no ``title``.
Fix: add ``title: 标题`` to the front-matter.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page.located is None or not isinstance(page.located.data, dict):
        return
    title = page.meta.get("title")
    if title is None or not str(title).strip():
        yield Hit(page.key_line("title"), "缺少标题；请在元数据中填写 title: 标题")
