"""A link by address (``/...``) or in raw HTML leads to nothing the portal serves.

What: a site-absolute link such as ``[办事指南](/czj/bszn/)``, or an ``href``/``src``
    in raw HTML (``<a href="../tzgg/">``), whose address the portal does not serve.
Why: MkDocs leaves such links as they are and cannot validate them, so they break
    silently on the live site; 《政府网站与政务新媒体检查指标》 deducts points for
    every unusable link.
Example: ``/czj/bszn/`` where unit ``czj`` has no column ``bszn``;
    ``<img src="/images/logo.png">`` with no ``content/images/logo.png``.
Fix: prefer a relative Markdown link to the source file (``../../czj/gzdt/index.md``),
    which the build checks; otherwise correct the address (``/<unit>/<column>/<file>/``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.links.internal import page_links, sitemap
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    site = sitemap(ctx.project)
    here = site.docs_uri(page.rel)
    if here is None:
        return
    base = site.served_url(here)  # raw HTML is resolved by the browser against the address
    for pl in page_links(page):
        if pl.link.is_external:
            continue
        if pl.link.is_site_absolute:
            address = pl.path
        elif pl.link.kind == "html" and pl.path:
            address = posixpath.normpath(posixpath.join(base if base.endswith("/") else posixpath.dirname(base), pl.path))
            if pl.path.endswith("/"):
                address += "/"
            if pl.path.endswith(".md"):
                yield Hit(pl.line, f"HTML 链接 {pl.url} 指向 .md 源文件，构建后不会转换，访客将打不开；"
                                   "请改用 Markdown 链接 [文字](路径.md)", pl.column)
                continue
        else:
            continue
        if address.startswith("/..") or not site.serves(address):
            yield Hit(pl.line, f"链接 {pl.url} 指向的网址 {address} 在本站不存在；"
                               "请改用指向源文件的相对链接（构建时会检查），或改正网址", pl.column)
