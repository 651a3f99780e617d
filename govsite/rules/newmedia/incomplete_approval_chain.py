"""An account's approval chain is incomplete or out of order (审批链不完整).

What: an action the account needs (``open`` for an account off the kept list,
    ``create_app`` for an APP, ``close`` for one closing or closed) or an action written
    in ``approvals`` lacks one of the three steps (unit_principal, district_office,
    municipal_office), has a step twice, has dates out of that order or in the future,
    or the account was opened (``opened``) or deregistered (``closed``) before the
    municipal office approved it.
Why: 第八条 — opening, closing and changing an account need the consent of the unit's
    主要负责人 and then the approval of 区政府办公室 and 市政府办公厅 before the operation;
    第九条 — an APP the same, or no project and no funds.
Example: ``approvals`` with ``open`` steps unit_principal and district_office only.
Fix: record the missing step from its document (``{action: open, step: municipal_office,
    date: …, doc_number: 渝府办函〔…〕…号}``); do not operate the account before the
    municipal approval. Then have the entry signed again (NMD005).
"""

from __future__ import annotations

from govsite.newmedia.chain import chain_problems
from govsite.rules.base import Hit
from govsite.rules.newmedia.registry_lines import account_line, unit_yml


def check(unit, ctx):
    for account in unit.new_media:
        for problem in chain_problems(unit, account, ctx.today):
            yield Hit(account_line(unit, account, *problem.keys), problem.message, path=unit_yml(unit))
