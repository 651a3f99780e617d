"""A message log records the citizen's personal data (留言记录含个人信息).

What: ``messages.csv`` with a column whose header names personal data (姓名, 电话, 手机,
    身份证, 地址, 邮箱, name, phone …), or a resident ID, bank card or mobile number in a
    cell (the detectors of :mod:`govsite.text.pii`).
Why: 第十一条 (no personal information published or leaked) and 第十三条 — the log
    proves the deadlines; the citizen's identity stays on the platform, not in a
    repository many people can read.
Example: a column ``手机`` or the topic ``13800138000 反映路灯不亮``.
Fix: delete the column or the number; keep the time, the id and the matter only.
"""

from __future__ import annotations

from govsite.newmedia.messages import messages_rel
from govsite.rules.base import Hit
from govsite.rules.newmedia.message_logs import logs


def check(unit, ctx):
    for account, log in logs(unit, ctx):
        for problem in log.personal:
            yield Hit(problem.line, problem.message, path=messages_rel(account))
