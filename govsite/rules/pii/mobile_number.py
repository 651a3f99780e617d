"""A personal mobile phone number in the page.

What: an 11-digit mainland mobile number (1[3-9]…, optionally +86, grouped 3-4-4).
    Office landlines (023-7922xxxx) never fire. It is a warning: a contact person's
    mobile is sometimes published on purpose, with their consent.
Why: 第十一条（一）— reviewers must check whether a text involves 个人隐私; a personal
    mobile number on a government site attracts harassment and fraud.
Example: ``联系人：李四，电话：13812345678``
Fix: publish the office landline instead, or mask the number as the message suggests
    (``138****5678``). If the number is a public service line, or its owner agreed, add
    ``<!-- govsite: allow PII003 理由 -->`` above the line.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.pii import located, page_numbers


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    for found, seg in page_numbers(page):
        if found.kind == "mobile":
            line, column = located(found, seg)
            yield Hit(line, f"含个人手机号码（{found.masked}）；请改为单位办公电话，或脱敏为 {found.masked}；确需公开（公共服务号码或本人同意）的请注明豁免理由", column)
