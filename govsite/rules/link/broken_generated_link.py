"""A link on a page the portal generates for the unit does not resolve.

What: the unit's home page and its column lists are generated from ``unit.yml`` and
    the pages' files; a link there is broken when a column of the unit points to an
    address the portal does not serve (``url:`` of a link column) or when a generated
    list links a file that is not in the docs tree.
Why: these pages are not authored, so no editor sees their links; MkDocs cannot
    validate addresses (``/hdjl/``). 《政府网站与政务新媒体检查指标》 deducts points for every unusable
    link, and a unit home is the most visited page of a subsite.
Example: ``columns: [{id: bszn, name: 办事指南, kind: link, url: /czj/bszn/}]`` with
    nothing served there.
Fix: correct the column's ``url`` in ``unit.yml`` (a full ``https://`` address, or the
    address of an existing page).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from govsite.core.units import Unit
from govsite.links.internal import sitemap
from govsite.links.sitemap import SiteMap
from govsite.rules.base import Hit, RuleContext
from govsite.site.pages import column_list_pages, unit_home
from govsite.text.document import AUTOLINK, HTML, MARKDOWN, REFERENCE, parsed

_ANCHOR_KINDS = (MARKDOWN, REFERENCE, AUTOLINK)


def _url_line(unit: Unit, url: str) -> int:
    try:
        lines = unit.yml_bytes.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        return 1
    for number, line in enumerate(lines, 1):
        if "url" in line and url in line:
            return number
    return 1


def column_target_ok(site: SiteMap, url: str) -> bool:
    """Whether a link column's ``url`` leads somewhere: a full address, a portal page
    (``hdjl.md``: a path in the docs tree) or an address the portal serves."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return True
    if url.startswith("/"):
        return site.serves(url)
    return site.exists(unquote(parts.path))


def check(unit: Unit, ctx: RuleContext) -> Iterable[Hit]:
    site = sitemap(ctx.project)
    yml = f"units/{unit.id}/unit.yml"
    standard_hrefs = set()
    for column in unit.columns:
        if column.kind != "link" or not column.url:
            continue
        href = posixpath.relpath(column.url, unit.id) if column.url.endswith(".md") else column.url
        if column.standard:
            standard_hrefs.add(href)  # one finding for the whole site: LNK005
        elif not column_target_ok(site, column.url):
            yield Hit(_url_line(unit, column.url), f"栏目 {column.id}（{column.name}）的链接 {column.url} 在本站不存在，单位首页上的该链接将无法打开；"
                                                   "请改为完整网址（https://…）、门户页面（content/ 下的 .md 文件）或站内已有页面的网址", path=yml)
    generated = [unit_home(ctx.project, unit)]
    for column in unit.columns:
        if column.has_folder:
            generated.extend(column_list_pages(ctx.project, unit, column.id))
    for page in generated:
        # Parsed by the site's own Markdown engine, so a link counts exactly when MkDocs sees one.
        for link in parsed(ctx.project.root, page.markdown).links:
            if not (link.kind in _ANCHOR_KINDS or (link.kind == HTML and link.tag == "a" and link.attr == "href")):
                continue
            url = link.url
            try:
                parts = urlsplit(url)
            except ValueError:
                continue
            if parts.scheme or parts.netloc or url.startswith("/") or not parts.path or url in standard_hrefs:
                continue
            if any(c.kind == "link" and c.url and url == posixpath.relpath(c.url, unit.id) for c in unit.columns):
                continue  # the unit's own link columns: checked above, with the line in unit.yml
            if not site.exists(site.join(page.src_uri, unquote(parts.path))):
                yield Hit(1, f"生成页面 {page.src_uri} 中的链接 {url} 无法解析；请检查栏目目录和文件名", path=yml)
