"""A page is a symbolic link to a file outside the repository.

What: ``units/.../page.md`` is a symlink whose target resolves outside the repository.
Why: 第十四条 — only reviewed content in the repository may be published; a link out of
    it would publish whatever the server holds at that path (credentials, other sites).
Example: ``ln -s /etc/passwd units/czj/gzdt/a.md``
Fix: replace the link with a real file whose content goes through review.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if not page.is_symlink or page.symlink_target is None:
        return
    target = Path(page.symlink_target)
    if not target.is_relative_to(ctx.project.root):
        yield Hit(1, f"该页面是指向仓库外的符号链接（{target}）；请改为仓库内的普通文件，内容须经三审三校")
