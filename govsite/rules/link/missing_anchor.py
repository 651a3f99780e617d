"""A link names an anchor (``#...``) that its target page does not have.

What: ``[第三条](#第三条)`` or ``[解读](../zcjd/jd.md#二政策要点)`` where the target
    page has no heading, ``{#id}`` or HTML ``id`` with that anchor.
Why: 《政府网站与政务新媒体检查指标》 counts a link that does not lead where it says
    as unusable; readers land at the top of a long policy text instead of the
    article cited. MkDocs checks anchors only in a full build; this rule says it in
    ``govsite check`` with the line.
Example: the heading is ``## 二、政策要点`` (anchor ``二政策要点``) and the link says
    ``#政策要点``.
Fix: use the anchor of the heading as built (Chinese headings keep their text,
    lowercase, spaces become ``-``, punctuation is dropped), or give the heading an
    explicit id: ``## 二、政策要点 {#zcyd}`` and link ``#zcyd``.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from govsite.core.pages import Page
from govsite.links.anchors import ids_of_file
from govsite.links.internal import is_relative_markdown, page_links, sitemap
from govsite.rules.base import Hit, RuleContext
from govsite.text.document import document


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    site = sitemap(ctx.project)
    here = site.docs_uri(page.rel)
    if here is None or page.text is None:
        return
    own: AbstractSet[str] | None = None
    for pl in page_links(page):
        if not pl.anchor or not is_relative_markdown(pl):
            continue
        if not pl.path:
            if own is None:
                own = document(page).ids
            ids, name = own, "本页"
        else:
            target = site.join(here, pl.path)
            source = site.source(target) if target.endswith(".md") else None
            if source is None:
                continue  # missing target: LNK001; generated pages: MkDocs validates them
            ids, name = ids_of_file(ctx.project.root, source, ctx.project.limits), target
        if pl.anchor not in ids:
            near = sorted(i for i in ids if pl.anchor in i or i in pl.anchor)
            hint = f"是否应为 #{near[0]}？" if near else "请改用目标标题的锚点，或为标题加 {#id}"
            yield Hit(pl.line, f"链接 {pl.url} 中的锚点 #{pl.anchor} 在{name}中不存在；{hint}", pl.column)
