"""A date field is not a real calendar date.

What: ``date``, ``issued`` or ``expires`` is not written as ``YYYY-MM-DD`` or is no real
    day (2024-02-30).
Why: 第十条 — dates must be true; a date that cannot be read cannot be checked against
    the deadlines of 第十二条 and 第十三条.
Example: ``date: 2024年5月1日``, ``date: 2024-13-01``, ``date: 2024/5/1``.
Fix: write the date as ``YYYY-MM-DD``, e.g. ``date: 2024-05-01``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.dates import as_date
from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext

DATE_KEYS = ("date", "issued", "expires")


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    meta = page.meta
    for key in DATE_KEYS:
        value = meta.get(key)
        if value in (None, ""):
            continue
        if as_date(value) is None:
            yield Hit(page.key_line(key), f"{key} 的值 {value!r} 不是有效日期；请写成 YYYY-MM-DD（如 2024-05-01），并确认该日期真实存在")
