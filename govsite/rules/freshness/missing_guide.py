"""A unit has not published its 政府信息公开指南.

What: the unit's 政府信息公开指南 column (``xxgkzn``) has no page.
Why: 第十条（五） — 政府信息公开指南、目录和年报 are key content of every subsite; 《政府信息公开条例》
    第二十二条 requires each organ to publish its guide.
Example: ``units/czj/xxgkzn/`` with no Markdown file.
Fix: publish the guide as ``units/<unit>/xxgkzn/index.md`` or another page of the column.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.units import Unit
from govsite.regulation.freshness import PatrolLevel, guide_status, rules
from govsite.rules.base import Hit, RuleContext


def check(unit: Unit, ctx: RuleContext) -> Iterable[Hit]:
    status = guide_status(ctx.project, unit)
    if status.level != PatrolLevel.OK:
        yield Hit(1, status.message, path=f"units/{unit.id}/{rules().guide_column}")
