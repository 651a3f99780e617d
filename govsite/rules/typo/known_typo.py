"""A certain typo from the rulebook.

What: a written form that is wrong in every context (布署, 再接再励, 既往不究 ...), listed
    with its correction in ``govsite/data/typo_rulebook.yml``; checked in the title and
    the body (code, links and HTML are skipped).
Why: 第十一条（四） — the review checklist requires that pages carry no wrong characters
    (错别字); a typo on a government site is a 表述错误 the national 检查指标 deducts for.
Example: ``按照区委区政府的工作布署`` — 布署 should be 部署.
Fix: replace the form with the correction the message gives. To add a form, add an
    entry (wrong, right, note) to the rulebook.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.rules.typo._common import texts, where
from govsite.text.typos.rulebook import rulebook
from govsite.text.typos.text import context


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    book = rulebook()
    for text, first, _col, _part in texts(page):
        for offset, entry in book.find(text):
            line, col = where(text, first, offset)
            note = f"（{entry.note}）" if entry.note else ""
            yield Hit(line, f"错别字“{entry.wrong}”，应为“{entry.right}”{note}：请将“{context(text, offset, len(entry.wrong))}”中的“{entry.wrong}”改为“{entry.right}”", col)
