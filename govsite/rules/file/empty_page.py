"""The page is empty.

What: a page with no bytes, only whitespace, or front-matter but no text.
Why: 第十条 — published information must be complete; an empty page is a 空白页面 the
    national 检查指标 deducts for.
Example: a file created by ``touch``, or a page whose body was deleted by mistake.
Fix: write the page's text, or delete the file.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page.read_error or page.decode_error:
        return
    if not (page.text or "").strip():
        yield Hit(1, "页面为空；请填写正文，或删除该文件")
    elif page.has_frontmatter and page.located is not None and not page.body.strip():
        yield Hit(page.body_line, "页面只有元数据，没有正文；请填写正文，或删除该文件")
