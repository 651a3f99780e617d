"""The approval chain of an account (第八条, 第九条) and the signatures bound to it.

**Shape.** An account's ``approvals`` in ``unit.yml`` lists the steps of each action::

    approvals:
      - {action: open, step: unit_principal,   date: 2026-03-02, doc_number: 黔江财文〔2026〕3号}
      - {action: open, step: district_office,  date: 2026-03-10, doc_number: 黔江府办函〔2026〕21号}
      - {action: open, step: municipal_office, date: 2026-03-20, doc_number: 渝府办函〔2026〕45号}

``action`` is open | close | change | create_app (an APP, 第九条); ``step`` is
unit_principal (本单位主要负责人同意), district_office (区政府办公室批准), municipal_office
(市政府办公厅批准), in that order of dates. An action is complete when it has all three
steps, each with a date and a document number (文号), in order, none in the future; an
account is opened (``opened``) or closed (``closed``) only on or after the municipal
approval.

**Which actions an account needs** (:func:`required_actions`): ``open`` for an open
account outside the kept list (第七条（一）, :mod:`govsite.newmedia.kept`); ``create_app``
for an open APP (第九条); ``close`` for an account closing or closed. Every action
written must be complete, whether required or not.

**Signatures.** The chain is reviewed like a page: the *subject* is a canonical
serialisation of the whole registry entry (:func:`canonical`: unit, id, platform, name,
identifier, status, dates and every approval step), and its content hash is signed with
the approval record of a trust change (``role: trust``, ``page:`` the entry's subject
path ``units/<unit>/new_media/<account>``, records under
``review/approvals/_trust/units/<unit>/new_media/<account>/``) by the unit's 主要负责人
and by the district office (``portal.owner``: its 主要负责人 or 分管负责人); for the office's
own accounts its 主要负责人 alone. The municipal office signs nothing here: its approval is
its document number. Who may sign comes from the base branch's rosters and keys, and a
record counts at the time it entered the protected branch (:mod:`govsite.review.verify`);
any change to the entry (a new step, a new name, a status) makes earlier signatures
stale.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from govsite.core.accounts import Account, AccountStatus, Approval, ApprovalAction, ApprovalStep, Platform
from govsite.core.errors import GovsiteError, UsageError
from govsite.core.units import ROLE_NAMES, Unit
from govsite.newmedia.kept import kept_entry
from govsite.review import gate, keys, sshsig
from govsite.review.basetrust import DEFAULT_OFFICE, OFFICE_ROLES, PRINCIPAL, Need, office_id
from govsite.review.hashing import content_hash
from govsite.review.records import TRUST_ROLE, Record, utc_text
from govsite.review.signing import Approved, now_utc, registered, resolve_person, sign_record
from govsite.review.verify import OK, Checked

ACTION_LABELS = {
    ApprovalAction.OPEN: "开设", ApprovalAction.CLOSE: "关停注销", ApprovalAction.CHANGE: "信息变更",
    ApprovalAction.CREATE_APP: "新建政务移动端（APP）",
}
STEP_LABELS = {
    ApprovalStep.UNIT_PRINCIPAL: "本单位主要负责人同意", ApprovalStep.DISTRICT_OFFICE: "区政府办公室批准",
    ApprovalStep.MUNICIPAL_OFFICE: "市政府办公厅批准",
}
STEPS = tuple(ApprovalStep)
SUBJECT_FORMAT = "govsite-account/1"


# -- completeness --------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """What is wrong with a chain, and where: a key path below the account's entry."""

    keys: tuple  # e.g. ("approvals", 2, "date"), or () for the entry itself
    message: str


def required_actions(unit: Unit, account: Account) -> tuple[ApprovalAction, ...]:
    """The actions the account's state needs an approved chain for."""
    need: list[ApprovalAction] = []
    if account.is_open and account.platform == Platform.APP:
        need.append(ApprovalAction.CREATE_APP)
    elif account.is_open and kept_entry(unit, account) is None:
        need.append(ApprovalAction.OPEN)
    if account.status != AccountStatus.OPEN:
        need.append(ApprovalAction.CLOSE)
    return tuple(need)


def _steps(account: Account, action: ApprovalAction) -> list[tuple[int, Approval]]:
    return [(i, a) for i, a in enumerate(account.approvals) if a.action == action]


def chain_problems(unit: Unit, account: Account, today: dt.date) -> list[Problem]:
    """Everything incomplete or out of order in the account's chain (第八条, 第九条)."""
    out: list[Problem] = []
    written = list(dict.fromkeys(a.action for a in account.approvals))
    for action in list(required_actions(unit, account)) + [a for a in written if a not in required_actions(unit, account)]:
        label = ACTION_LABELS[action]
        steps = _steps(account, action)
        if action == ApprovalAction.OPEN and account.platform == Platform.APP:
            out.append(Problem(("approvals", steps[0][0], "action") if steps else (),
                               "政务移动端（APP）的开设须按第九条办理，审批链的 action 应为 create_app；请改为 create_app"))
        by_step = {s: [(i, a) for i, a in steps if a.step == s] for s in STEPS}
        missing = [STEP_LABELS[s] for s in STEPS if not by_step[s]]
        if missing:
            where: tuple = ("approvals", steps[-1][0]) if steps else ("approvals",) if account.approvals else ()
            out.append(Problem(where, f"账号“{account.name}”的{label}审批链不完整，缺少：{'、'.join(missing)}；"
                                      f"请在 approvals 中补录（action: {action.value}，step、date、doc_number 各一行），"
                                      "未经区政府办公室和市政府办公厅批准不得操作"))
        for s in STEPS:
            if len(by_step[s]) > 1:
                index = by_step[s][1][0]
                out.append(Problem(("approvals", index), f"{label}审批链中“{STEP_LABELS[s]}”重复出现；每个环节只登记一次，请删除多余的一行"))
        present = [(s, by_step[s][0]) for s in STEPS if by_step[s]]
        for (s1, (_, a1)), (s2, (i2, a2)) in zip(present, present[1:]):
            if a2.date < a1.date:
                out.append(Problem(("approvals", i2, "date"),
                                   f"{label}审批链中“{STEP_LABELS[s2]}”（{a2.date}）早于“{STEP_LABELS[s1]}”（{a1.date}）；"
                                   "第八条规定先经本单位主要负责人同意，再报区政府办公室、市政府办公厅批准，请核对日期"))
        for i, a in steps:
            if a.date > today:
                out.append(Problem(("approvals", i, "date"), f"{label}审批日期 {a.date} 晚于今天；请在取得批准后再登记"))
        city = by_step[ApprovalStep.MUNICIPAL_OFFICE]
        if city:
            approved = city[0][1].date
            if action in (ApprovalAction.OPEN, ApprovalAction.CREATE_APP) and account.opened and account.opened < approved:
                out.append(Problem(("opened",), f"开设日期 {account.opened} 早于市政府办公厅批准日期 {approved}：未经批准先行开设；"
                                                "请核对 opened 和审批日期"))
            if action == ApprovalAction.CLOSE and account.closed and account.closed < approved:
                out.append(Problem(("closed",), f"注销日期 {account.closed} 早于市政府办公厅批准日期 {approved}：未经批准先行关停；"
                                                "请核对 closed 和审批日期"))
    return out


# -- the signed subject ----------------------------------------------------------------
def subject_path(account: Account) -> str:
    """The trust path the entry's approvals name (not a file: the entry in unit.yml)."""
    return f"units/{account.unit_id}/new_media/{account.id}"


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def canonical(account: Account) -> bytes:
    """The entry as signers sign it: every field, in a fixed order, as JSON."""
    entry = {
        "unit": account.unit_id, "id": account.id, "platform": account.platform.value, "name": account.name,
        "identifier": account.identifier, "status": account.status.value, "opened": _day(account.opened),
        "closing": _day(account.closing), "closed": _day(account.closed),
        "approvals": [{"action": a.action.value, "step": a.step.value, "date": a.date.isoformat(),
                       "doc_number": a.doc_number} for a in account.approvals],
    }
    return (SUBJECT_FORMAT + "\n" + json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def subject_hash(account: Account) -> str:
    return content_hash(canonical(account))


def district_office(project) -> str:
    """The district office's unit id: the base branch's ``portal.owner`` for a pull request
    (it cannot name a new office for itself), else the work tree's."""
    if project.base_sha:
        return office_id(project)
    try:
        return project.portal_owner
    except GovsiteError:
        return DEFAULT_OFFICE


def signature_needs(project, unit: Unit, account: Account) -> tuple[Need, ...]:
    """Who must sign: the unit's principal, and the district office unless it is the unit."""
    office = district_office(project)
    principal = Need(unit.id, PRINCIPAL, f"{unit.short_name}{ROLE_NAMES['principal']}")
    if unit.id == office:
        return (principal,)
    return (principal, Need(office, OFFICE_ROLES, f"{_label(project, office)}（区政府办公室）负责人"))


def _label(project, unit_id: str) -> str:
    try:
        return project.unit(unit_id).short_name
    except GovsiteError:
        return unit_id


@dataclass(frozen=True)
class Signatures:
    hash: str  # what must be signed now
    needs: tuple[Need, ...]
    missing: tuple[Need, ...]
    stale: tuple[Record, ...]  # valid signatures of an earlier version of the entry
    invalid: tuple[Checked, ...]  # records that are forged or whose key does not count


def signatures(project, unit: Unit, account: Account) -> Signatures:
    """Which of the needed signatures the entry's current content has."""
    verifier = gate.verifier_for(project)
    current = subject_hash(account)
    subject = subject_path(account)
    needs = signature_needs(project, unit, account)
    good: set[tuple[str, str]] = set()
    stale: list[Record] = []
    invalid: list[Checked] = []
    for c in verifier.check_many(verifier.store.files_for(subject)):
        r = c.record
        if r is None or not r.is_trust or r.page != subject or c.verdict.status != OK:
            invalid.append(c)
        elif r.hash == current:
            good.add((r.unit, r.person))
        else:
            stale.append(r)
    missing = []
    for need in needs:
        try:
            roster = project.trusted_unit(need.unit)
        except GovsiteError:
            roster = None
        holders = {p.id for p in roster.people if p.has(*need.roles)} if roster else set()
        if not any(u == need.unit and person in holders for u, person in good):
            missing.append(need)
    return Signatures(current, needs, tuple(missing), tuple(stale), tuple(invalid))


def approve_account(project, unit_id: str, account_id: str, person_ref: str, signer_unit: str,
                    key: Path | None = None, keys_base: Path | None = None, when: dt.datetime | None = None) -> Approved:
    """Sign the current content of an account's registry entry as ``person_ref`` of ``signer_unit``."""
    unit = project.unit(unit_id)
    account = unit.account(account_id)
    if account is None:
        ids = "、".join(a.id for a in unit.new_media) or "无"
        raise UsageError(f"单位 {unit_id} 的 unit.yml 中没有 id 为 {account_id!r} 的新媒体账号（已登记：{ids}）")
    signer = project.unit(signer_unit)
    person = resolve_person(signer, person_ref)
    need = next((n for n in signature_needs(project, unit, account) if n.unit == signer.id), None)
    if need is None or not person.has(*need.roles):
        wanted = "、".join(n.label for n in signature_needs(project, unit, account))
        raise UsageError(f"{person.name}（{person.id}）不能签批该账号：须由 {wanted} 签名")
    store = gate.verifier_for(project).store
    key_path = key or keys.person_key(keys.keys_dir(project.root, keys_base), signer.id, person.id)
    if not key_path.exists():
        raise UsageError(f"找不到 {person.name}（{person.id}）的私钥 {key_path}；请用 --key 指定私钥，"
                         f"或先运行 govsite review keygen --unit {signer.id} --person {person.id}")
    registered(store, signer.id, person.id, key_path)
    pub = key_path.with_name(key_path.name + ".pub")
    if not pub.exists():
        raise UsageError(f"找不到公钥 {pub}；签名需要公钥在私钥旁")
    record = Record(page=subject_path(account), unit=signer.id, title=f"新媒体账号审批：{account.name}（{account.platform.label}）",
                    hash=subject_hash(account), role=TRUST_ROLE, person=person.id, name=person.name,
                    when=utc_text(when or now_utc()), provider="ssh",
                    key=sshsig.fingerprint(sshsig.key_blob(pub.read_text("utf-8"))))
    written = sign_record(store, record, key_path)
    gate.forget(project)
    return Approved(record.page, TRUST_ROLE, person, record.hash, written)


def sign_accounts(project, keys_base: Path, log=lambda _: None) -> list[tuple[str, str]]:
    """Sign every account entry whose chain lacks a signature, with throwaway keys made
    in ``keys_base`` (the demo district and test sites; :mod:`govsite.review.bulk` for pages).
    Returns (subject, signer principal) of each signature made."""
    from govsite.review.signing import keygen

    done: list[tuple[str, str]] = []
    for unit in project.units():
        for account in unit.new_media:
            if not account.approvals:
                continue
            for need in signatures(project, unit, account).missing:
                roster = project.unit(need.unit)
                person = next((p for role in need.roles for p in roster.people if p.has(role)), None)
                if person is None:
                    log(f"跳过 {subject_path(account)}：{need.label} 不在名单中")
                    continue
                if not keys.person_key(keys_base, need.unit, person.id).exists():
                    keygen(project, need.unit, person.id, "", keys_base)
                approve_account(project, unit.id, account.id, person.id, need.unit, keys_base=keys_base)
                done.append((subject_path(account), f"{person.id}@{need.unit}"))
                log(f"已签名 {subject_path(account)} {person.id}@{need.unit}")
    return done
