"""A page sits in a folder that is not a column of its unit.

What: ``units/<unit>/<folder>/page.md`` where ``<folder>`` is neither a standard column
    nor a column declared in the unit's ``unit.yml``.
Why: 第六条 — a subsite keeps the portal's column layout; a stray folder would create a
    column nobody reviews for freshness (第十二条).
Example: ``units/czj/news/a.md`` (the column is ``gzdt``).
Fix: move the page to the right column, or declare the column under ``columns:`` in
    ``unit.yml``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    unit = ctx.unit_of(page)
    if unit is None or page.column_id is None:
        return
    column = unit.column(page.column_id)
    if column is None:
        ids = "、".join(f"{c.id}（{c.name}）" for c in unit.columns if c.has_folder)
        yield Hit(1, f"目录 {page.column_id!r} 不是本单位的栏目；请移到正确的栏目目录：{ids}，或在 unit.yml 的 columns 中登记新栏目")
    elif column.kind == "link":
        yield Hit(1, f"{column.name}（{column.id}）是外链栏目，不能存放页面；请移到其他栏目")
