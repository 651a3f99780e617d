"""A page was written by hand in a generated column.

What: a Markdown file in ``xxgkml`` (政府信息公开目录) or another generated column.
Why: 第十条（五） — the 公开目录 must agree with what is published; it is generated from
    the pages, never kept by hand.
Example: ``units/czj/xxgkml/mulu.md``
Fix: delete the file; publish the document in its column (政策文件, 通知公告 …) and it
    appears in the 目录 automatically.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    unit = ctx.unit_of(page)
    column = unit.column(page.column_id) if unit and page.column_id else None
    if column is not None and column.kind == "generated":
        yield Hit(1, f"{column.name}（{column.id}）由系统根据已发布页面自动生成，不能手工添加页面；请删除该文件，把文件发布到相应栏目")
