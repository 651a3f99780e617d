"""An account's post log has a row that cannot be read.

What: a row of ``units/<unit>/newmedia/<account>/posts.csv`` without a readable time
    or a title, a link that is not an http(s) address, a file that is not UTF-8 or GBK
    text, or a log without its ``time,title,link`` header.
Why: 第十二条 — the log is the evidence of the account's cadence; a row that cannot
    be read is not counted, so the record would say less than happened (or hide that
    it was edited by hand).
Example: ``2026-13-01 09:00,区政府召开常务会议,https://mp.weixin.qq.com/s/…``.
Fix: correct the row (``YYYY-MM-DD HH:MM``), or re-import the platform's export with
    ``govsite newmedia import``, which writes the log itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.units import Unit
from govsite.newmedia.cadence import record
from govsite.rules.base import Hit, RuleContext


def check(unit: Unit, ctx: RuleContext) -> Iterable[Hit]:
    for account in unit.new_media:
        rec = record(ctx.project, account)
        for line, message in rec.log_problems:
            yield Hit(line, f"发布记录有误：{message}", path=rec.log_rel)
