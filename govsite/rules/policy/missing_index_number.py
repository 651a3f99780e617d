"""A policy document without its 索引号.

What: a page of the 政策文件 column (``zcwj``) has no ``index_number``.
Why: 第十条（五） and the 检查指标 — every item of the 政府信息公开目录 carries a 索引号, and the
    policy page's information block shows it; an empty 索引号 column is a finding of the
    national inspection.
Example: a ``zcwj`` page whose front-matter has ``doc_number`` and ``issued`` but no
    ``index_number``.
Fix: add ``index_number:`` with the number suggested in the message (the unit's
    统一社会信用代码 from ``unit.yml`` ``code``, the year, the next free sequence number);
    ``govsite new`` writes it for new pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.index_number import next_number, year_of
from govsite.regulation.policies import POLICY_KIND, page_kind
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page_kind(ctx.project, page) != POLICY_KIND or str(page.meta.get("index_number") or "").strip():
        return
    unit = ctx.unit_of(page)
    year = year_of(page.meta)
    suggestion = next_number(ctx.project, unit, year) if unit is not None and year else None
    fix = (f"请在元数据中写 index_number: {suggestion}" if suggestion
           else "请平台管理员在 unit.yml 中填写 code（本单位统一社会信用代码），再按“代码/年份-五位序号”填写 index_number")
    yield Hit(page.key_line("title"), f"政策文件缺少索引号（index_number）；{fix}")
