"""A post carries front-matter that only a website page can have.

What: a post with keys of the website's columns: policy document fields
    (``doc_number``, ``issued``, ``issuer``, ``normative``, ``interpretations``,
    ``policy``, ``format`` …), ``index_number`` (索引号), ``expires``, ``status``.
Why: 第十一条 — a post goes to a platform, not to a column; these keys do nothing
    there, and a reviewer reading them could believe the post is the policy page
    itself (the policy document is published on the website, the post links to it
    with ``republishes``).
Example: ``doc_number: 黔江府办发〔2026〕12号`` in a WeChat post.
Fix: delete the keys; link the website page with ``republishes:``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext

PAGE_ONLY_KEYS = ("doc_number", "issued", "issuer", "index_number", "topic", "status", "replaced_by", "normative",
                  "needs_interpretation", "interpretations", "policy", "format", "year", "expires", "attachments",
                  "corrections", "migrated_from", "hide")


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if not page.page_path.is_post:
        return
    for key in page.meta:
        if key in PAGE_ONLY_KEYS:
            yield Hit(page.key_line(key), f"元数据 {key} 只用于网站栏目页面，新媒体文章不用；请删除"
                                          "（转发网站页面时用 republishes 写明网址）")
