"""A symbolic link in the content trees.

What: any symbolic link under ``units/``, ``content/`` or ``review/``: to a file or a
    folder, inside the repository or outside it, dangling or not.
Why: 第十四条 — only reviewed bytes may be published, and a link publishes whatever the
    build machine holds at its target (``/etc/passwd``, a deploy key, another unit's
    draft); review and signatures see the link, never what it points to.
Example: ``ln -s /etc/passwd units/czj/gzdt/a.txt``; ``ln -s ../../qzfb units/czj/more``.
Fix: delete the link (``git rm``) and commit a real file, which then goes through review.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from govsite.core.files import TreeFile
from govsite.rules.base import Hit, RuleContext


def check(entry: TreeFile, ctx: RuleContext) -> Iterable[Hit]:
    if not entry.is_symlink:
        return
    if entry.rel.endswith(".md") and entry.tree != "review":
        target = Path(entry.path).resolve()
        if not target.is_relative_to(ctx.project.root):
            return  # a page linking out of the repository: FIL003 reports it with its target
    yield Hit(1, f"这是符号链接（指向 {entry.link_target}），不会被发布，也不能被审核；请删除该链接（git rm），改为提交真实文件")
