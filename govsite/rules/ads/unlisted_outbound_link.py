"""An outbound link to a site that is not on the allowlist.

What: a link to a domain that is not a government site (gov.cn and its subdomains), not
    a party or central news site listed in ``govsite/data/wordlists/domains.yml``, not
    the district's own (``portal.domains`` in govsite.yml) and not in ``allowed_domains``.
    Known shop, ad and shortener domains are errors of ADS002 instead; IP addresses and
    internal host names are errors of LNK006.
Why: 第十条 — 不得链接商业广告页面. An unknown site may be a commercial page today or
    after its domain changes hands; the reviewers should look at each one.
Example: ``[活动详情](https://www.example-company.com/promo)``.
Fix: link to the same information on a government website if there is one. If the site
    is a legitimate partner (e.g. a public hospital or university), ask the platform owner
    to add its domain to ``allowed_domains`` in govsite.yml.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.links.egress import is_internal_name, parse_ip
from govsite.rules.base import Hit, RuleContext
from govsite.text.document import document
from govsite.text.urls import host, under
from govsite.text.wordlists import ALLOWED_KINDS, BAD_KINDS, wordlists_for


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    lists = wordlists_for(ctx.project)
    settings = ctx.settings
    own = list(settings.portal.domains or []) + list(settings.allowed_domains or [])
    reported = set()
    doc = document(page)
    for link in doc.links:
        name = host(link.url)
        if not name or under(name, own) or parse_ip(name) is not None or is_internal_name(name):
            continue  # IP addresses and internal hosts: errors of LNK006
        listed = lists.domain_kind(name)
        if listed is not None and (listed.kind in ALLOWED_KINDS or listed.kind in BAD_KINDS):
            continue
        line, column = doc.where(link.start)
        if (name, line) in reported:
            continue
        reported.add((name, line))
        yield Hit(line, f"外部链接的域名 {name} 不在允许名单中（允许：政府网站 gov.cn、党的机关和中央新闻网站、本区域名及 govsite.yml 的 allowed_domains）；请确认不是商业或广告页面，能改链政府网站的请改链，确属合作单位的请平台管理员加入 allowed_domains", column)
