"""The gate: does each of a page's three reviewers hold a valid approval of its
current content?

For every review role (drafter, checker, approver) whose person the page's
``reviewers`` record names (and the roster resolves; the roster rules REV001-REV009
report the rest), the role is

* ``ok``          a genuine approval of the current content hash, by that person, in that role;
* ``key_invalid`` that person's approval of the current hash, signed with a key that
  was revoked or outside its validity window when it signed;
* ``wrong``       approvals of the current hash exist, but by someone else for this
  role, by this person in a role the page does not give them, or signed with a key
  that belongs to someone else (or a forge login that unit.yml maps to someone else);
* ``stale``       this person approved this role for an earlier content of the page;
* ``missing``     nothing at all.

Besides: record files of the page that are forged (no valid signature or provenance),
and one signer (one key, one forge login, one person) holding two roles.

Evaluated once per page and project; the six gate rules each report their part.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from govsite.core.units import Person, Unit
from govsite.review import FORGE_NAMES
from govsite.review.hashing import content_hash
from govsite.review.roster import ALLOWED, roles_text, slots
from govsite.review.status import ReviewStatus
from govsite.review.store import Store
from govsite.review.verify import FORGED, KEY_INVALID, OK, WRONG_KEY, Checked, Verdict, Verifier

# a role's state, in the one vocabulary of approval states (review/status.py)
OK_, MISSING, STALE, WRONG, BAD_KEY = (ReviewStatus.OK, ReviewStatus.MISSING, ReviewStatus.STALE, ReviewStatus.WRONG,
                                      ReviewStatus.KEY_INVALID)
ROLE_LABEL = {"drafter": "起草人", "checker": "审核人", "approver": "签发人"}


@dataclass
class RoleState:
    role: str
    person: Person
    status: str
    valid: list[Checked] = field(default_factory=list)
    evidence: list[tuple[Checked, Verdict]] = field(default_factory=list)


@dataclass
class Evaluation:
    page: str
    hash: str
    roles: list[RoleState]
    forged: list[Checked]
    shared: list[tuple[str, tuple[str, ...]]]  # (who, roles) one signer in two roles
    checked: list[Checked]
    # (role, why) for a pull request: the person the page names is not, or not in
    # that role, on the base branch's roster (the PR's own roster decides nothing)
    untrusted: list[tuple[str, str]] = field(default_factory=list)

    def role(self, name: str) -> RoleState | None:
        return next((r for r in self.roles if r.role == name), None)

    @property
    def approved(self) -> bool:
        return (len(self.roles) == 3 and all(r.status == OK_ for r in self.roles) and not self.forged
                and not self.shared and not self.untrusted)


# -- per-project state --------------------------------------------------------------
_state: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def verifier_for(project) -> Verifier:
    entry = _state.get(project)
    if entry is None:
        entry = {"verifier": Verifier(Store(project.root, project.base_sha)), "pages": {}}
        _state[project] = entry
    return entry["verifier"]


def forget(project) -> None:
    """Drop what was read for ``project`` (after new records or keys were written)."""
    _state.pop(project, None)


def forget_page(project, rel: str) -> None:
    """Drop the evaluations of one page after records were added for it alone. The
    verifier stays: the trust files did not change and new record files have no verdict
    yet. Signing a whole district record by record stays linear (forgetting everything
    re-read allowed_signers, whose size grows with the district, for every signature)."""
    entry = _state.get(project)
    if entry is not None:
        entry["pages"].pop(rel, None)


# -- words for messages -------------------------------------------------------------
def who(person: Person) -> str:
    return f"{person.name}（{person.id}）"


def role_text(role: str) -> str:
    """``审核人（checker）``: the Chinese title with the key used in ``reviewers``."""
    return f"{ROLE_LABEL[role]}（{role}）"


def command(page_rel: str, person_id: str) -> str:
    return f"govsite review approve {page_rel} --as {person_id}"


def provenance(c: Checked) -> str:
    r = c.record
    if r is None:
        return c.rel
    if r.is_forge:
        return f"{FORGE_NAMES[r.provider]} PR #{r.pr} 审批（{r.login}）"
    return f"{r.when[:10]} 的 SSH 签名"


# -- evaluation -----------------------------------------------------------------------
def effective(c: Checked, unit: Unit | None) -> Verdict:
    """The record's verdict, with a forge login checked against the trusted unit.yml
    (the base branch's for a pull request; None: the unit is not there)."""
    v, r = c.verdict, c.record
    if v.status != OK or r is None:
        return v
    if unit is not None and r.unit != unit.id:
        # a portal page (content/) is signed by its owner's roster, never another unit's
        return Verdict(WRONG_KEY, f"签名人属于单位 {r.unit}，本页须由单位 {unit.id} 的人员审核", v.signer, ())
    if not r.is_forge:
        return v
    if unit is None:
        return Verdict(WRONG_KEY, f"单位 {r.unit} 不在基准分支中，{FORGE_NAMES[r.provider]} 账号 {r.login} 无从对应", v.signer)
    mapped = unit.person_by_login(r.provider, r.login)
    if mapped is None or mapped.id != r.person:
        owner = f"属于 {who(mapped)}" if mapped else "未在 unit.yml 中登记"
        return Verdict(WRONG_KEY, f"{FORGE_NAMES[r.provider]} 账号 {r.login} {owner}，不是记录中的 {r.person}",
                       v.signer, (mapped.id,) if mapped else ())
    return v


def evaluate(page, project) -> Evaluation | None:
    """The approvals of ``page`` against its current content; None for what is no page of
    the gate (outside a column, or generated by the patrol job)."""
    roster = project.roster_unit_id(page.rel)
    if roster is None:
        return None
    verifier = verifier_for(project)
    # page -> content hash -> evaluation, so that one page's evaluations are dropped at once
    cache = _state[project]["pages"].setdefault(page.rel, {})
    key = content_hash(page.raw)
    if key in cache:
        return cache[key]
    unit = project.trusted_unit(roster)
    untrusted = _untrusted(page, project, unit, roster)
    if unit is None:  # a unit new in the pull request: nobody on the base roster can sign for it
        unit = Unit(roster, project.units_dir / roster, "", "", "department", 100, (), ())
    current = content_hash(page.raw)
    checked = verifier.check_many(verifier.store.files_for(page.rel))
    verdicts = [(c, effective(c, unit)) for c in checked]
    page_slots = [(s.role, s.person) for s in slots(page, unit) if s.person is not None]
    holder: dict[str, set[str]] = {}
    for r, p in page_slots:
        holder.setdefault(p.id, set()).add(r)
    roles = []
    # only records that parsed can approve or stand as evidence (c.parsed is their record)
    parsed = [(c, v) for c, v in verdicts if c.record is not None]
    for r, p in page_slots:
        state = RoleState(r, p, MISSING)
        mine_now = [(c, v) for c, v in parsed if c.parsed.hash == current]
        state.valid = [c for c, v in mine_now if v.status == OK and c.parsed.role == r and c.parsed.person == p.id]
        if state.valid:
            state.status = OK_
        else:
            bad_key = [(c, v) for c, v in mine_now if v.status == KEY_INVALID and c.parsed.role == r and c.parsed.person == p.id]
            wrong = [(c, v) for c, v in mine_now if v.status in (OK, WRONG_KEY) and (
                (c.parsed.role == r and (c.parsed.person != p.id or v.status == WRONG_KEY))
                or (c.parsed.person == p.id and c.parsed.role not in holder.get(p.id, ())))]
            stale = [(c, v) for c, v in parsed if c.parsed.hash != current and v.status == OK
                     and c.parsed.role == r and c.parsed.person == p.id]
            for status, evidence in ((BAD_KEY, bad_key), (WRONG, wrong), (STALE, stale)):
                if evidence:
                    state.status, state.evidence = status, evidence
                    break
        roles.append(state)
    forged = [c for c, v in verdicts if v.status == FORGED and (c.record is None or c.record.hash == current)]
    result = Evaluation(page.rel, current, roles, forged, _shared(roles), checked, untrusted)
    cache[key] = result
    return result


def _untrusted(page, project, trusted: Unit | None, roster: str) -> list[tuple[str, str]]:
    """For a pull request: review roles whose person, as the pull request's roster
    resolves them, is missing from the base branch's roster or lacks the role there
    (``roster``: the unit whose people review the page; the portal owner for content/)."""
    if not project.base_sha:
        return []
    rel = f"units/{roster}/unit.yml"
    mine = {s.role: s for s in slots(page, project.unit(roster))}
    theirs = {s.role: s for s in slots(page, trusted)} if trusted else {}
    out = []
    for role, slot in mine.items():
        if slot.person is None:
            continue  # the roster rules (REV003, REV004) report it
        base = theirs.get(role)
        person = base.person if base else None
        if person is None:
            out.append((role, f"{slot.ref} 不在基准分支的名单（{rel}）中" if trusted else f"单位 {roster} 不在基准分支中"))
        elif person.id != slot.person.id:
            out.append((role, f"{slot.ref} 在基准分支的名单中是 {who(person)}，不是 {slot.person.id}"))
        elif not person.has(*ALLOWED[role]):
            out.append((role, f"{who(person)} 在基准分支的名单中的角色是{roles_text(person)}，不能担任{ROLE_LABEL[role]}"))
        elif role == "approver" and page.meta.get("major") is True and not person.has("principal"):
            out.append((role, f"重大信息须由主要负责人签发，{who(person)} 在基准分支的名单中不是主要负责人"))
    return out


def _shared(roles: list[RoleState]) -> list[tuple[str, tuple[str, ...]]]:
    ids: dict[tuple, set[str]] = {}
    label: dict[tuple, str] = {}
    for state in roles:
        for c in state.valid:
            r = c.parsed
            person_key = ("person", r.person)
            ids.setdefault(person_key, set()).add(state.role)
            label[person_key] = f"{r.name}（{r.person}）"
            if r.is_forge:
                k: tuple[str, ...] = ("login", r.provider, r.login.lower())
                label[k] = f"{FORGE_NAMES[r.provider]} 账号 {r.login}"
            else:
                k = ("key", c.verdict.signer)
                label[k] = f"同一把密钥 {c.verdict.signer}"
            ids.setdefault(k, set()).add(state.role)
    out, seen = [], set()
    for k, rs in ids.items():
        if len(rs) > 1:
            roles_key = tuple(sorted(rs, key=["drafter", "checker", "approver"].index))
            if roles_key not in seen:
                seen.add(roles_key)
                out.append((label[k], roles_key))
    return out
