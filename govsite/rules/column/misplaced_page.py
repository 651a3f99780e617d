"""A Markdown file is not at ``units/<unit>/<column>/<slug>.md``.

What: a page directly in a unit's folder, or in a sub-folder of a column.
Why: 第六条 — every page belongs to exactly one column of one subsite, and is served at
    ``/<unit>/<column>/<slug>/``.
Example: ``units/czj/about.md``; ``units/czj/gzdt/2024/a.md``.
    A new-media post (``units/<unit>/newmedia/<account>/<slug>.md``) is no page of a
    column and is not flagged.
Fix: move the file into a column folder, without sub-folders.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    parts = page.page_path.parts
    if not page.page_path.in_units or len(parts) == 4 or page.page_path.is_post:
        return
    if len(parts) < 4:
        yield Hit(1, "页面不在任何栏目中；请移到 units/<单位>/<栏目>/ 目录下（如 gzdt 工作动态）")
    else:
        yield Hit(1, f"栏目目录下不能再建子目录（{'/'.join(parts[3:-1])}）；请把页面直接放在 units/{parts[1]}/{parts[2]}/ 下")
