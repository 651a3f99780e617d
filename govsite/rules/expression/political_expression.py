"""A known wrong form of a political expression.

What: a miswritten name or formulation from the rulebook
    ``govsite/data/wordlists/expression.yml``: ordinals of Party congresses and plenary
    sessions (党的二十次三中全会 for 党的二十届三中全会, 十九大三中全会), names of
    bodies (国务院办公室 for 国务院办公厅, 政协代表 for 政协委员), the name of the Party's
    guiding thought (习近平新时代特色社会主义思想 …), and standard formulations (“一带一路”
    倡议, 台湾当局). Each entry gives the standard form.
Why: 第十一条（三）— reviewers must check for 政治性表述错误; such an error on a
    government site is a serious incident under the national 检查指标.
Example: ``深入学习贯彻党的二十次三中全会精神``
Fix: replace it with the standard form given in the message (here 党的二十届三中全会).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.pagetext import hits_for, shown


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    for h in hits_for(page, ctx, "expression"):
        standard = h.match.standard or h.entry.standard
        why = f"（{h.entry.note}）" if h.entry.note else ""
        yield Hit(h.line, f"政治性表述错误：{shown(h)}应为“{standard}”{why}；请改为规范表述", h.column)
