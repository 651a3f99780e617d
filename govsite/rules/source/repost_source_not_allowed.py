"""A repost from a source that is neither a party or government site nor a designated source.

What: the page's ``repost_of:`` address is not on a government site (gov.cn and its
    subdomains), a party site (12371.cn, qstheory.cn … in
    ``govsite/data/wordlists/domains.yml``), the district's own domains
    (``portal.domains``) or a designated news source (``designated_sources`` in
    govsite.yml); or ``repost_of`` is not a web address at all.
Why: 第十条 — 如需转发信息，原则上只转发党委和政府网站以及有关主管部门确定的稿源单位
    发布的信息. Central news sites are 稿源单位 only when the district designates them.
Example: ``repost_of: https://www.some-portal.com/news/123.html``
Fix: repost the same item from the government or party website that published it, or
    from a designated source; if the site should be a designated source, the platform
    owner adds its domain to ``designated_sources`` in govsite.yml after the 主管部门
    has approved it.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.urls import host, under
from govsite.text.wordlists import DOMAIN_KINDS, wordlists_for

ALLOWED = ("government", "party")


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    meta = page.meta
    if "repost_of" not in meta or meta["repost_of"] in (None, ""):
        return
    value = meta["repost_of"]
    line = page.key_line("repost_of")
    name = host(value) if isinstance(value, str) else None
    if not name:
        yield Hit(line, f"repost_of 的值 {value!r} 不是网址；请填写所转载原文的完整网址，如 https://www.gov.cn/…")
        return
    settings = ctx.settings
    if under(name, settings.portal.domains or []) or under(name, settings.designated_sources or []):
        return
    listed = wordlists_for(ctx.project).domain_kind(name)
    if listed is not None and listed.kind in ALLOWED:
        return
    if listed is not None and listed.kind == "media":
        why = f"{listed.name or name}是新闻网站，但不在本区指定的稿源单位（designated_sources）中"
    elif listed is not None:
        why = f"{name} 是{DOMAIN_KINDS[listed.kind]}"
    else:
        why = f"{name} 不是党委、政府网站，也不是指定的稿源单位"
    yield Hit(line, f"转载来源不合规：{why}；请改为转载党委、政府网站或指定稿源单位发布的原文，或经主管部门确定后由平台管理员将其加入 govsite.yml 的 designated_sources")
