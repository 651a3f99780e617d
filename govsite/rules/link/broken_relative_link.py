"""A relative link in the page points to a file the portal does not have.

What: a Markdown link or image such as ``[通知](../tzgg/2024-05-01-tz.md)`` whose
    target is not a page or file of the portal (authored, portal page or generated
    list), leaves the site's folder, or names a folder instead of a file.
Why: 《政府网站与政务新媒体检查指标》 deducts points for every unusable link, and
    第十条 requires complete content. MkDocs also refuses such a link in a strict
    build; this rule says it earlier (``govsite check``, pull-request annotations)
    with the line.
Example: ``[详见附件](fujian.pdf)`` when ``fujian.pdf`` is not next to the page;
    ``[通知公告](../tzgg/)`` (a folder).
Fix: correct the path (relative to the page's own file), link the file itself
    (``../tzgg/index.md`` for a column's list), or remove the link.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.links.internal import is_relative_markdown, page_links, sitemap, suggestion
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    site = sitemap(ctx.project)
    here = site.docs_uri(page.rel)
    if here is None:
        return
    for pl in page_links(page):
        if not is_relative_markdown(pl) or not pl.path:
            continue  # external, site-absolute (LNK003), raw HTML (LNK003) or an anchor only (LNK002)
        target = site.join(here, pl.path)
        if target == ".." or target.startswith("../"):
            yield Hit(pl.line, f"链接 {pl.url} 指向站点目录之外；请改为站内页面的相对路径，或写完整网址", pl.column)
            continue
        last = pl.path.rstrip("/").rsplit("/", 1)[-1]
        if pl.path.endswith("/") or "." not in last:
            for candidate in (posixpath.join(target, "index.md"), target + ".md"):
                if site.exists(candidate):
                    fix = posixpath.relpath(candidate, posixpath.dirname(here))
                    yield Hit(pl.line, f"链接 {pl.url} 指向目录，MkDocs 无法识别；请改为 {fix}", pl.column)
                    break
            else:
                yield Hit(pl.line, f"链接 {pl.url} 指向的页面不存在；请改正路径（相对于本页文件，以 .md 结尾），或删除该链接", pl.column)
            continue
        if not site.exists(target):
            hint = suggestion(site, target)
            fix = f"是否应为 {hint}？" if hint else "请改正路径（相对于本页文件）或删除该链接"
            yield Hit(pl.line, f"链接 {pl.url} 指向的文件 {target} 不存在；{fix}", pl.column)
