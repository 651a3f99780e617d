"""A page's file name is reserved for generated pages.

What: ``index.md`` or ``page.md`` in a column folder.
Why: 第六条 — ``/<unit>/<column>/`` is the column's generated list and
    ``/<unit>/<column>/page/N/`` its further pages; a page with such a name would
    replace them.
Example: ``units/czj/gzdt/index.md``
Fix: rename the file, e.g. ``units/czj/gzdt/2024-05-01-gzhy.md``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext

RESERVED = ("index", "page", "readme")


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page.column_id and page.slug.lower() in RESERVED:
        yield Hit(1, f"文件名 {page.slug}.md 为系统保留（栏目列表页）；请改用其他文件名，如 2024-05-01-gzhy.md")
