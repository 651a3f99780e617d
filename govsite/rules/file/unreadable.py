"""The page cannot be read.

What: the file exists in the tree but cannot be opened (permissions, a broken link,
    a folder named like a page).
Why: 第十一条 — what cannot be read cannot be reviewed; publishing must not skip it
    silently.
Example: ``chmod 000 units/czj/gzdt/a.md``; a symlink to a file that was deleted.
Fix: make the file readable (``chmod 644``), or restore or remove the broken link.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page.read_error is not None:
        yield Hit(1, f"无法读取该文件（{page.read_error}）；请检查文件权限（chmod 644）或修复/删除失效的链接")
