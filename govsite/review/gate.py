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

from dataclasses import dataclass, field

from govsite.core.memo import forget as memo_forget
from govsite.core.memo import memo
from govsite.core.pages import Page
from govsite.core.project import Project
from govsite.core.units import Person, Unit
from govsite.review import FORGE_NAMES
from govsite.review.hashing import content_hash
from govsite.review.roster import slots
from govsite.review.status import ReviewStatus
from govsite.review.store import Store
from govsite.review.verify import Checked, Verdict, Verifier

ROLE_LABEL = {"drafter": "起草人", "checker": "审核人", "approver": "签发人"}


@dataclass
class RoleState:
    role: str
    person: Person
    status: ReviewStatus
    valid: list[Checked] = field(default_factory=list)  # each with a parsed record
    evidence: list[tuple[Checked, Verdict]] = field(default_factory=list)  # each with a parsed record


@dataclass
class Evaluation:
    page: str
    hash: str
    roles: list[RoleState]
    forged: list[Checked]
    shared: list[tuple[str, tuple[str, ...]]]  # (who, roles) one signer in two roles
    checked: list[Checked]

    def role(self, name: str) -> RoleState | None:
        return next((r for r in self.roles if r.role == name), None)

    @property
    def approved(self) -> bool:
        return len(self.roles) == 3 and all(r.status == ReviewStatus.OK for r in self.roles) and not self.forged and not self.shared


# -- per-project state --------------------------------------------------------------
@dataclass
class _State:
    verifier: Verifier
    pages: dict[tuple[str, str], Evaluation] = field(default_factory=dict)  # (rel, hash) -> evaluation


def _state(project: Project) -> _State:
    return _State(Verifier(Store(project.root)))


def verifier_for(project: Project) -> Verifier:
    return memo(project, _state).verifier


def forget(project: Project) -> None:
    """Drop what was read for ``project`` (after new records or keys were written)."""
    memo_forget(project, _state)


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
def effective(c: Checked, unit: Unit) -> Verdict:
    """The record's verdict, with a forge login checked against unit.yml."""
    v, r = c.verdict, c.record
    if v.status != ReviewStatus.OK or r is None or not r.is_forge:
        return v
    mapped = unit.person_by_login(r.provider, r.login)
    if mapped is None or mapped.id != r.person:
        owner = f"属于 {who(mapped)}" if mapped else "未在 unit.yml 中登记"
        return Verdict(ReviewStatus.WRONG_KEY, f"{FORGE_NAMES[r.provider]} 账号 {r.login} {owner}，不是记录中的 {r.person}",
                       v.signer, (mapped.id,) if mapped else ())
    return v


def evaluate(page: Page, project: Project) -> Evaluation | None:
    """The approvals of ``page`` against its current content; None for pages outside a unit."""
    if page.unit_id is None or page.column_id is None:
        return None
    gate_state = memo(project, _state)
    verifier, cache = gate_state.verifier, gate_state.pages
    key = (page.rel, content_hash(page.raw))
    if key in cache:
        return cache[key]
    unit = project.unit(page.unit_id)
    current = content_hash(page.raw)
    checked = verifier.check_many(verifier.store.files_for(page.rel))
    verdicts = [(c, effective(c, unit)) for c in checked]
    recorded = [(c, c.record, v) for c, v in verdicts if c.record is not None]
    mine_now = [(c, rec, v) for c, rec, v in recorded if rec.hash == current]
    page_slots = [(s.role, s.person) for s in slots(page, unit) if s.person is not None]
    holder: dict[str, set[str]] = {}
    for r, p in page_slots:
        holder.setdefault(p.id, set()).add(r)
    roles = []
    for r, p in page_slots:
        state = RoleState(r, p, ReviewStatus.MISSING)
        state.valid = [c for c, rec, v in mine_now if v.status == ReviewStatus.OK and rec.role == r and rec.person == p.id]
        if state.valid:
            state.status = ReviewStatus.OK
        else:
            bad_key = [(c, v) for c, rec, v in mine_now if v.status == ReviewStatus.KEY_INVALID and rec.role == r and rec.person == p.id]
            wrong = [(c, v) for c, rec, v in mine_now if v.status in (ReviewStatus.OK, ReviewStatus.WRONG_KEY) and (
                (rec.role == r and (rec.person != p.id or v.status == ReviewStatus.WRONG_KEY))
                or (rec.person == p.id and rec.role not in holder.get(p.id, ())))]
            stale = [(c, v) for c, rec, v in recorded if rec.hash != current and v.status == ReviewStatus.OK
                     and rec.role == r and rec.person == p.id]
            for status, evidence in ((ReviewStatus.KEY_INVALID, bad_key), (ReviewStatus.WRONG, wrong), (ReviewStatus.STALE, stale)):
                if evidence:
                    state.status, state.evidence = status, evidence
                    break
        roles.append(state)
    forged = [c for c, v in verdicts if v.status == ReviewStatus.FORGED and (c.record is None or c.record.hash == current)]
    result = Evaluation(page.rel, current, roles, forged, _shared(roles), checked)
    cache[key] = result
    return result


def _shared(roles: list[RoleState]) -> list[tuple[str, tuple[str, ...]]]:
    ids: dict[tuple[str, ...], set[str]] = {}
    label: dict[tuple[str, ...], str] = {}
    for state in roles:
        for c in state.valid:
            r = c.parsed
            person_key = ("person", r.person)
            ids.setdefault(person_key, set()).add(state.role)
            label[person_key] = f"{r.name}（{r.person}）"
            k: tuple[str, ...]
            if r.is_forge:
                k = ("login", r.provider, r.login.lower())
                label[k] = f"{FORGE_NAMES[r.provider]} 账号 {r.login}"
            else:
                k = ("key", c.verdict.signer)
                label[k] = f"同一把密钥 {c.verdict.signer}"
            ids.setdefault(k, set()).add(state.role)
    out: list[tuple[str, tuple[str, ...]]] = []
    seen: set[tuple[str, ...]] = set()
    for k, rs in ids.items():
        if len(rs) > 1:
            roles_key = tuple(sorted(rs, key=["drafter", "checker", "approver"].index))
            if roles_key not in seen:
                seen.add(roles_key)
                out.append((label[k], roles_key))
    return out
