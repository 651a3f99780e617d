"""A bank card number in the page.

What: 16 to 19 digits (written together or in groups of four) that pass the Luhn check
    and follow a card word: 银行卡, 卡号, 账号, 账户, 借记卡, 信用卡, 社保卡. A long number
    without such a word is not taken for a card, and an organisation's published
    account (户名：某某局) is skipped.
Why: 第十一条（一）— reviewers must check whether a text involves 个人隐私; a card number
    on a public page invites fraud against the card holder.
Example: ``补贴发放至本人银行卡，卡号：6222 0212 3456 7890 128``
Fix: delete the number or mask it as the message suggests (first six and last four
    digits, e.g. ``622202*********0128``).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.pii import located, page_numbers


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    for found, seg in page_numbers(page):
        if found.kind == "card":
            line, column = located(found, seg)
            yield Hit(line, f"含银行卡号（{found.masked}，通过 Luhn 校验）；公开页面不得含个人银行卡号，请删除或改为脱敏形式 {found.masked}", column)
