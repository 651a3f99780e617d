"""A unit lacks one of the standard columns.

What: ``units/<unit>/<column>/`` does not exist for a required standard column.
Why: 第十二条 and the national 检查指标 — every subsite carries the standard columns
    (工作动态, 通知公告, 政策文件, 政策解读, 机构职能, 领导信息, 公开指南, 公开年报).
Example: a new unit with only ``gzdt/``.
Fix: create the folder and publish its first page (``govsite new <unit> <column> 标题``).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.units import Unit
from govsite.rules.base import Hit, RuleContext


def check(unit: Unit, ctx: RuleContext) -> Iterable[Hit]:
    for column in unit.columns:
        if column.standard and column.required and not (unit.dir / column.id).is_dir():
            yield Hit(1, f"缺少标准栏目 {column.id}（{column.name}）；请创建目录 units/{unit.id}/{column.id}/ 并发布内容",
                      path=f"units/{unit.id}/unit.yml")
