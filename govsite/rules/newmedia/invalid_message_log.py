"""A message log that cannot prove the deadlines (留言记录格式错误).

What: ``units/<unit>/newmedia/<account>/messages.csv`` that is not UTF-8 CSV, lacks a
    column (id/编号, received/收到时间, acknowledged/受理回复时间, replied/办结反馈时间,
    topic/事项), has an unknown column, a row with a missing or repeated id, a time not
    written ``YYYY-MM-DD HH:MM``, a time in the future, or a reply before the receipt.
Why: 第十三条 — a message is acknowledged within 1 working day and answered within 5;
    only a complete, well-formed log shows that it was.
Example: ``received`` written ``11月3日上午``.
Fix: correct the line named; the format is in the README (政务新媒体 section).
"""

from __future__ import annotations

from govsite.newmedia.messages import messages_rel
from govsite.rules.base import Hit
from govsite.rules.newmedia.message_logs import logs


def check(unit, ctx):
    for account, log in logs(unit, ctx):
        for problem in log.problems:
            yield Hit(problem.line, problem.message, path=messages_rel(account))
