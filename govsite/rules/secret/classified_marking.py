"""A classification marking or a handling instruction on a public page.

What: a secrecy marking as it stands on a document: 绝密★, 机密★10年, 秘密★, 密级：秘密,
    【工作秘密】, 内部资料 alone on its line, 保密期限：5年; or an instruction that limits
    who may read it (不得外传, 内部传阅, 阅后收回). In prose the same words are ordinary
    (保守国家秘密, 商业秘密保护, 涉及国家秘密、工作秘密) and do not fire: a classification
    word counts only where it stands as a marking. The list is
    ``govsite/data/wordlists/secret.yml``.
Why: 第十条 — 不得发布涉密、敏感信息；第十一条（一）— reviewers must check whether a
    text involves 国家秘密、工作秘密. A marked document was never meant to be published;
    deleting the marking does not declassify it.
Example: ``机密★5年``; ``内部资料 注意保存``; ``本通知仅限内部传阅，不得外传。``
Fix: do not publish the page. Ask the issuing office (定密责任人) whether the document
    may be made public; if it may, publish the public version without the marking.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.pagetext import by_line, hits_for


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    for h, words in by_line(hits_for(page, ctx, "secret")):
        kind = h.entry.kind or "涉密标志"
        yield Hit(h.line, f"含{kind}{words}；涉密或限定知悉范围的文件不得在政府网站发布，请撤下页面并由定密责任人确认可否公开；确可公开的，删去标志后发布公开版本", h.column)
