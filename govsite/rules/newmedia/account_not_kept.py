"""A new-media account that the 办法 does not keep and nobody approved (未经批准的政务新媒体账号).

What: an open account in ``new_media`` of ``unit.yml`` that is neither on the kept list
    (第六条's main account and the accounts of 第七条（一）, ``govsite/data/newmedia_kept.yml``:
    same unit, platform and name) nor carries an ``open`` (or, for an APP, ``create_app``)
    approval chain.
Why: 第七条 — units in principle open no accounts of their own; only the listed ones
    are kept, every other one had to be closed within 15 working days; a new one is
    opened only after approval under 第八条 (an APP: 第九条).
Example: ``{id: czj-dy, platform: douyin, name: 黔江财政, status: open}`` (the kept
    黔江财政 is a WeChat subscription account, not a Douyin account).
Fix: close the account (``status: closing``, ``closing:`` the date of the decision) and
    deregister it within 15 working days; or, if it was approved, record the approval
    chain (``approvals:`` with action ``open``: unit_principal, district_office,
    municipal_office, each with date and doc_number) and have it signed
    (``govsite accounts approve``).
"""

from __future__ import annotations

from govsite.core.accounts import ApprovalAction, Platform
from govsite.newmedia.kept import kept_entry
from govsite.rules.base import Hit
from govsite.rules.newmedia.registry_lines import account_line, unit_yml


def check(unit, ctx):
    for account in unit.new_media:
        if not account.is_open or kept_entry(unit, account) is not None:
            continue
        wanted = ApprovalAction.CREATE_APP if account.platform == Platform.APP else ApprovalAction.OPEN
        if any(a.action == wanted for a in account.approvals):
            continue  # judged by NMD004 (complete?) and NMD005 (signed?)
        yield Hit(account_line(unit, account),
                  f"账号“{account.name}”（{account.platform.label}）不在《管理办法》第七条保留名单中，也没有开设审批记录；"
                  f"请在 15 个工作日内关停注销（status: closing，closing: 决定关停的日期），或补录经批准的审批链"
                  f"（approvals，action: {wanted.value}）", path=unit_yml(unit))
