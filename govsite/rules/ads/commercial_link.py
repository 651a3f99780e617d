"""A link to a shop, an ad network or a URL shortener.

What: a link (Markdown, HTML or a bare address in the text) whose domain is listed in
    ``govsite/data/wordlists/domains.yml`` as a shop or marketplace (taobao.com, jd.com),
    an advertising or affiliate network (doubleclick.net, s.click.taobao.com), a URL
    shortener (t.cn, bit.ly) or a gambling site.
Why: 第十条 — 不得刊登商业广告或链接商业广告页面. A shortened address hides where it
    goes, so neither the reader nor the three reviewers can judge it.
Example: ``[购买链接](https://item.taobao.com/item.htm?id=1)``, ``详见 https://t.cn/A6xyz``.
Fix: remove the link. Link to the government page that carries the same information;
    for a shortened address, use the full address of a government or party website.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.document import document
from govsite.text.urls import host, under
from govsite.text.wordlists import BAD_KINDS, DOMAIN_KINDS, wordlists_for


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    lists = wordlists_for(ctx.project)
    settings = ctx.settings
    own = list(settings.portal.domains or []) + list(settings.allowed_domains or [])
    doc = document(page)
    for link in doc.links:
        name = host(link.url)
        if not name or under(name, own):
            continue
        listed = lists.domain_kind(name)
        if listed is None or listed.kind not in BAD_KINDS:
            continue
        line, column = doc.where(link.start)
        label = f"{listed.name}，" if listed.name else ""
        yield Hit(line, f"链接指向{DOMAIN_KINDS[listed.kind]}（{label}{name}）；政府网站不得链接商业广告页面，请删除该链接，或改为链接政府网站上的相关页面", column)
