"""A column has no pages.

What: a column folder of the unit holds no Markdown page.
Why: 第十二条 — 空白栏目 must not appear; five or more in one site is a veto item
    (单项否决) of the national 检查指标.
Example: ``units/czj/zcjd/`` with no files.
Fix: publish the column's content, or (for a unit's own column) remove it from
    ``unit.yml``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.units import Unit
from govsite.rules.base import Hit, RuleContext


def check(unit: Unit, ctx: RuleContext) -> Iterable[Hit]:
    for column in unit.columns:
        folder = unit.dir / column.id
        if not column.has_folder or (column.required and not folder.is_dir()):
            continue  # link and generated columns have no folder; a missing one is COL006
        if not folder.is_dir() or not any(folder.glob("*.md")):
            yield Hit(1, f"栏目 {column.id}（{column.name}）没有任何页面（空白栏目）；请发布内容，全站空白栏目达 5 个即单项否决",
                      path=f"units/{unit.id}/{column.id}")
