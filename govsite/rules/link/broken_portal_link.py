"""A standard link-out column points to an address the portal does not serve.

What: a standard column of kind ``link`` (互动交流 and the like, defined in
    ``govsite/data/columns.yml``) whose ``url`` names a portal page (``hdjl.md``, a file
    of ``content/``) or an address on this site (``/hdjl/``) with nothing behind it.
    Every unit's home page links there.
Why: 《政府网站与政务新媒体检查指标》 deducts points for unusable links, and 互动交流
    unusable on every subsite is also a failure of 第十三条 (messages answered on time).
Example: ``{id: hdjl, name: 互动交流, kind: link, url: "hdjl.md"}`` and no ``content/hdjl.md``.
Fix: create the portal page (``content/hdjl.md`` or ``content/hdjl/index.md``), or point
    the column to the full address of the platform's mailbox (``https://…``).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.columns import standard_columns
from govsite.links.internal import sitemap
from govsite.rules.base import Hit, RuleContext
from govsite.rules.link.broken_generated_link import column_target_ok


def check(ctx: RuleContext) -> Iterable[Hit]:
    site = sitemap(ctx.project)
    if not site.unit_ids:
        return
    for column in standard_columns():
        url = (column.url or "").strip()
        if column.kind == "link" and url and not column_target_ok(site, url):
            path = url.strip("/").removesuffix(".md") or "index"
            yield Hit(1, f"标准栏目 {column.id}（{column.name}）的链接 {url} 在本站不存在，各单位首页上的该链接均无法打开；"
                         f"请建立门户页面 content/{path}.md，或在 govsite/data/columns.yml 中改为完整网址", path="content")
