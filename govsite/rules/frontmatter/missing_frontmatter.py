"""The page has no front-matter.

What: the file does not start with a ``---`` line, so it has no title, date or review
    record at all.
Why: 第十一条 — without the ``reviewers`` record nothing shows the page passed 三审三校.
Example: a page pasted from a word processor without the header block.
Fix: start the file with the header (``govsite new`` writes it for you)::

    ---
    title: 标题
    date: 2024-05-01
    reviewers: {drafter: 起草人, checker: 科室负责人, approver: 分管负责人}
    ---
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page.text is None or not page.text.strip() or page.has_frontmatter or page.unclosed_frontmatter:
        return
    yield Hit(1, "页面缺少开头的元数据块（--- 与 --- 之间的 title、date、reviewers 等）；请在文件第一行加入，可用 govsite new 生成模板")
