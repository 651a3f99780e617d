"""A 索引号 that is malformed, not the unit's own, or already used by another page.

What: ``index_number`` does not follow ``<统一社会信用代码>/<年份>-<五位序号>``, names another
    unit's code, or is the same as another page's of the unit.
Why: 第十条（五） — the 索引号 identifies one item of the 政府信息公开目录 for good; two items
    with one number, or a number of another unit, make the 目录 wrong.
Example: ``index_number: 11500114009277143N/2026-12`` (the sequence needs five digits).
Fix: write the number as suggested (``govsite new`` makes it); once published, a page's
    number is never reused or changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.regulation.index_number import INDEX_RE, used_numbers
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    value = str(page.meta.get("index_number") or "").strip()
    if not value:
        return
    line = page.key_line("index_number")
    m = INDEX_RE.match(value)
    if m is None:
        yield Hit(line, f"索引号 {value!r} 格式不对；应为“统一社会信用代码/年份-五位序号”，如 11500114009277143N/2026-00012")
        return
    unit = ctx.unit_of(page)
    if unit is None:
        return
    if unit.code and m.group(1) != unit.code:
        yield Hit(line, f"索引号 {value} 的单位代码不是本单位的 {unit.code}（unit.yml 的 code）；请改用本单位代码")
    first = used_numbers(ctx.project, unit).get(value)
    if first is not None and first != page.rel:
        yield Hit(line, f"索引号 {value} 已由 {first} 使用；索引号一经发布不得重复，请改用下一个未用的序号")
