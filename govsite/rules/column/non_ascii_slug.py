"""A page's file name is not lowercase ASCII.

What: the file name has Chinese characters, capitals or spaces.
Why: 第六条 — the portal's URLs follow the convention of Chinese government sites
    (lowercase ASCII); other names become long percent-encoded addresses that break
    when copied into documents and new-media posts.
Example: ``units/czj/gzdt/工作会议.md``, ``units/czj/gzdt/Work Meeting.md``.
Fix: rename to lowercase letters, digits and hyphens, e.g. ``2024-05-01-gzhy.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext

SLUG_RE = re.compile(r"\A[a-z0-9][a-z0-9._-]*\Z")  # \Z: "$" would accept a final newline


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page.column_id and not SLUG_RE.fullmatch(page.slug):
        yield Hit(1, f"文件名 {page.slug!r} 含中文、大写或空格，网址将难以使用；请改为小写字母、数字和连字符，如 2024-05-01-gzhy.md")
