"""Gambling, pornography or fraud spam: the text planted in hacked government pages.

What: promotion of gambling sites (澳门葡京, 注册送彩金, 真人荷官), sex services and
    pornography (约炮, 楼凤, 在线看片), fraud and illegal goods (办证刻章, 代开发票, 刷单
    兼职), including disguised spellings (澳‌门‌葡‌京 with zero-width characters, 赌 场,
    full-width letters, traditional characters). Words that also name the crime do not
    fire in reporting on it (破获网络赌博案件, 警惕刷单诈骗). The list is the ``error``
    part of ``govsite/data/wordlists/sensitive.yml``.
Why: 第十一条（七）, 第十五条（一）— illegal content must be removed at once and its
    source traced; spam like this is the usual sign that a page or an account has been
    tampered with.
Example: ``澳门葡京娱乐，注册送彩金``
Fix: remove the text at once (``govsite takedown`` if it is online), find how it got in
    (``govsite trace``), and report it to 区委网信办 and 区政府办公室 (第十五条).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.findings import Severity
from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.pagetext import by_line, hits_for


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    for h, words in by_line(hits_for(page, ctx, "sensitive", Severity.ERROR)):
        kind = h.entry.kind or "违法信息"
        yield Hit(h.line, f"疑似{kind}垃圾信息{words}；这是网页被篡改的常见迹象，请立即删除，追查来源并按第十五条报告区委网信办和区政府办公室", h.column)
