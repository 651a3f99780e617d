"""A resident ID number (居民身份证号码) in the page.

What: 18 characters that are a valid resident ID number under GB 11643: a province
    code, a real birth date and the right check character (so a random 18-digit number,
    a document number or a unified social credit code does not fire). Numbers introduced
    as a code (统一社会信用代码, 索引号, 编号) are skipped.
Why: 第十一条（一）— reviewers must check whether a text involves 个人隐私; an ID number
    published on a government site cannot be taken back and enables fraud.
Example: ``申请人：张三，身份证号：500114198501012333``
Fix: delete the number or publish it masked, as the message suggests
    (``5001141985******33``). Lists that must be published (公示名单) show names and
    masked numbers only.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.pii import located, page_numbers


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    for found, seg in page_numbers(page):
        if found.kind == "id":
            line, column = located(found, seg)
            yield Hit(line, f"含公民身份号码（{found.masked}，校验位正确）；公开页面不得含完整身份号码，请删除或改为脱敏形式 {found.masked}", column)
