"""A verdict cache is committed to the repository.

What: files under ``.govsite-cache/`` are tracked by git. govsite keeps its caches of
    findings and signature verdicts in the user's cache directory, bound to the machine
    (``govsite/core/diskcache.py``); a cache folder in the repository is at best stale
    and at worst a forged "all clear".
Why: 第十一条 — nothing unreviewed goes online; a commit must never be able to vouch
    for a page or a signature (a committed "ok" for a forged signature, or ``[]`` for a
    page full of spam).
Example: ``git add -f .govsite-cache`` and a commit.
Fix: ``git rm -r --cached .govsite-cache`` and commit; keep ``.govsite-cache/`` in
    ``.gitignore``.
"""

from __future__ import annotations

from govsite.core import gitio
from govsite.core.diskcache import REPO_CACHE
from govsite.rules.base import Hit


def check(ctx):
    root = ctx.project.root
    if not gitio.is_repository(root):
        return
    tracked = gitio.tracked_under(root, REPO_CACHE)
    if tracked:
        yield Hit(1, f"{REPO_CACHE}/ 中有 {len(tracked)} 个文件已提交到仓库；检查结论的缓存不得来自仓库，"
                     f"请运行 git rm -r --cached {REPO_CACHE} 并提交", path=tracked[0])
