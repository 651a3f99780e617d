"""An account's approval chain is not signed, or was changed after signing (审批链未签名或已失效).

What: an account whose ``approvals`` list is not empty has no valid signature of its
    current entry by the unit's 主要负责人 and by the district office (``portal.owner``:
    its 主要负责人 or 分管负责人; for the office's own accounts its 主要负责人 alone). The signed
    subject is the whole entry (name, platform, identifier, status, dates, every step),
    so a change after signing makes the signatures stale. Who may sign comes from the
    base branch's rosters and keys (``review/allowed_signers``).
Why: 第八条 — the unit's principal consents and the district office approves; the
    registry is the record of those decisions, so, as for a page (第十一条), the record
    counts only when the people who decided have signed exactly what it says.
Example: a new ``municipal_office`` step added to an entry signed last month.
Fix: after the entry is final, each signer runs
    ``govsite accounts approve <单位> <账号id> --as <人员id> --unit <签名人单位>``
    and the new files under ``review/approvals/_trust/`` are committed.
"""

from __future__ import annotations

from govsite.newmedia.chain import signatures, subject_path
from govsite.rules.base import Hit
from govsite.rules.newmedia.registry_lines import account_line, unit_yml


def check(unit, ctx):
    for account in unit.new_media:
        if not account.approvals:
            continue
        state = signatures(ctx.project, unit, account)
        if not state.missing:
            continue
        names = "、".join(n.label for n in state.missing)
        why = "签名后账号登记内容已被修改，原签名失效" if state.stale else "尚无有效签名"
        if state.invalid:
            why += f"；另有 {len(state.invalid)} 份签名记录无效（{state.invalid[0].verdict.reason}），请删除"
        commands = "；".join(f"govsite accounts approve {unit.id} {account.id} --as <人员id> --unit {n.unit}" for n in state.missing)
        yield Hit(account_line(unit, account, "approvals"),
                  f"账号“{account.name}”的审批链须由 {names} 签名确认（签名对象 {subject_path(account)}），{why}；"
                  f"请在登记内容定稿后运行：{commands}", path=unit_yml(unit))
