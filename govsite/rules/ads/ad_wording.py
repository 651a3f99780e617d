"""Commercial advertising in the text.

What: wording that sells: a call to buy or order (扫码购买, 联系购买), a promotion price
    (原价……现价……, 促销价, 限时抢购), franchise recruiting (代理加盟, 招商加盟), sponsor
    credits. Words that are ads only in context (促销, 优惠券, 第一, 最大, 国家级) count
    only next to a price, a call to buy or a contact; alone they are ordinary government
    prose (第一时间, 最大限度, 国家级新区) and never fire. The list is
    ``govsite/data/wordlists/ads.yml``.
Why: 第十条 — 政府网站不得刊登商业广告；第十一条（十一）— reviewers must check for
    商业广告等经营类信息.
Example: ``新品促销，原价199元，现价99元，扫码购买``; ``诚招代理，加盟热线……``.
Fix: delete the advertising. A public programme that involves buying (消费券, 以旧换新)
    is described without sale prices, shop names or contacts for sale. If the wording is
    not an advertisement, add ``<!-- govsite: allow ADS001 理由 -->`` on the line above.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.pagetext import by_line, hits_for


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    for h, words in by_line(hits_for(page, ctx, "ads")):
        yield Hit(h.line, f"疑似商业广告用语{words}；政府网站不得刊登商业广告，请删除或改写为不含推销的政务表述", h.column)
