"""A pull request changes the account registry without a new approval (登记变更未经审批).

What: checked against the base branch (``govsite check --base REF``): an account that
    is new in the pull request and neither kept (第七条（一）) nor carrying an ``open``
    (APP: ``create_app``) chain; an account whose platform, name or identifier changed
    without a new ``change`` step in its chain; an account whose status changed to
    closing or closed without a new ``close`` step; an account removed from the
    registry.
Why: 第八条 — opening, closing and changing an account (信息变更) need the consent of
    the unit's principal and the approvals of 区政府办公室 and 市政府办公厅 first; the
    registry must record each decision, and it keeps closed accounts as history.
Example: ``name: 黔江财政`` changed to ``name: 黔江财政发布`` with no new ``change`` steps.
Fix: record the approvals of the change (``{action: change, step: …, date: …,
    doc_number: …}``, all three steps), have the entry signed (NMD005); to close an
    account write ``status: closing``/``closed`` with its ``close`` chain instead of
    deleting it.
"""

from __future__ import annotations

from govsite.core.accounts import Account, AccountStatus, ApprovalAction
from govsite.core.errors import GovsiteError
from govsite.newmedia.kept import kept_entry
from govsite.rules.base import Hit
from govsite.rules.newmedia.registry_lines import account_line, unit_yml


def _count(account: Account, action: ApprovalAction) -> int:
    return sum(a.action == action for a in account.approvals)


def check(unit, ctx):
    project = ctx.project
    if not project.base_sha:
        return
    try:
        base = project.base_unit(unit.id)
    except GovsiteError:
        return  # the base's unit.yml does not load: nothing to compare with
    before = {a.id: a for a in base.new_media} if base else {}
    for account in unit.new_media:
        old = before.get(account.id)
        if old is None:
            wanted = ApprovalAction.CREATE_APP if account.platform == "app" else ApprovalAction.OPEN
            if account.is_open and kept_entry(unit, account) is None and not _count(account, wanted):
                yield Hit(account_line(unit, account), f"本次新登记的账号“{account.name}”不在保留名单中，也没有开设审批记录；"
                          f"请补录审批链（action: {wanted.value}，三个环节），经批准后再登记", path=unit_yml(unit))
            continue
        changed = [k for k, label in (("platform", "平台"), ("name", "名称"), ("identifier", "账号标识"))
                   if getattr(old, k) != getattr(account, k)]
        if changed and _count(account, ApprovalAction.CHANGE) <= _count(old, ApprovalAction.CHANGE):
            yield Hit(account_line(unit, account, changed[0]),
                      f"账号“{old.name}”的{'、'.join({'platform': '平台', 'name': '名称', 'identifier': '账号标识'}[k] for k in changed)}"
                      "有变更，但审批链中没有新的信息变更审批；第八条规定信息变更须经本单位主要负责人同意、区政府办公室和市政府办公厅批准，"
                      "请补录（action: change，三个环节）", path=unit_yml(unit))
        if (old.status == AccountStatus.OPEN and account.status != AccountStatus.OPEN
                and _count(account, ApprovalAction.CLOSE) <= _count(old, ApprovalAction.CLOSE)):
            yield Hit(account_line(unit, account, "status"),
                      f"账号“{account.name}”改为 {account.status.value}，但审批链中没有新的关停审批；请补录（action: close，三个环节）",
                      path=unit_yml(unit))
    here = {a.id for a in unit.new_media}
    for gone in (a for a in before.values() if a.id not in here):
        yield Hit(1, f"本次从登记中删除了账号“{gone.name}”（{gone.id}）；账号登记是历史记录，不可删除：关停请改为 status: closing"
                     "（完成后 closed）并补录关停审批链", path=unit_yml(unit))
