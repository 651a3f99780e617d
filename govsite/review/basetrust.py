"""Trust from the base branch: what a pull request may not decide for itself.

For a pull request, who may approve (the rosters in ``unit.yml``: people, roles, forge
logins; ``review/allowed_signers``, ``review/revoked_keys``, ``review/forge_importers``)
and what is allowed (``govsite.yml`` and the word lists it names) are read from the
base branch (:meth:`govsite.core.project.Project.trusted_unit`, :class:`Store` with
``base_sha``). A pull request that changes any of them makes a *trust change*: it
takes effect only after merging, and merging needs the approval of the unit's
主要负责人 and of the district office (区政府办公室, ``portal.owner`` in ``govsite.yml``), the
pattern of 第八条. An approval of a trust change is an approval record like a page's,
with ``role: trust``, signing the changed file's content hash
(``govsite review approve <file> --as <人员> --unit <签名人单位>``), checked against the
base branch's keys and rosters. A unit new in the pull request needs the district
office alone.

:func:`base_roster` is the one door for code that must judge a login or a person
against the base branch's roster (forge import, the gate).
"""

from __future__ import annotations

from dataclasses import dataclass

from govsite.core import gitio
from govsite.core.errors import GovsiteError
from govsite.core.settings import SETTINGS_FILE, Settings
from govsite.core.units import ROLE_NAMES, Unit
from govsite.core.yamlio import load_config_text
from govsite.review import ALLOWED_SIGNERS, FORGE_IMPORTERS, REVOKED_KEYS
from govsite.review.hashing import content_hash
from govsite.review.verify import OK

TRUST_FILES = (ALLOWED_SIGNERS, REVOKED_KEYS, FORGE_IMPORTERS)
PRINCIPAL = ("principal",)
OFFICE_ROLES = ("principal", "deputy")


@dataclass(frozen=True)
class Need:
    """One approval a trust change needs: someone of ``roles`` in ``unit``'s base roster."""

    unit: str
    roles: tuple[str, ...]
    label: str  # Chinese, e.g. 区财政局主要负责人


@dataclass(frozen=True)
class TrustChange:
    path: str  # repository-relative file
    line: int  # the first changed line (1 when the file is new or gone)
    what: str  # Chinese
    hash: str  # content hash of the file as the pull request has it: what approvers sign
    needs: tuple[Need, ...]
    missing: tuple[Need, ...]  # needs without a valid approval

    @property
    def approved(self) -> bool:
        return not self.missing

    def as_json(self) -> dict:
        return {"path": self.path, "line": self.line, "what": self.what, "hash": self.hash,
                "approved": self.approved, "needs": [n.label for n in self.needs],
                "missing": [n.label for n in self.missing]}


def base_roster(project, unit_id: str) -> Unit | None:
    """The unit as the base branch defines it (None: not there). Without a base
    (local checks, the protected branch itself) the work tree's unit."""
    return project.trusted_unit(unit_id)


DEFAULT_OFFICE = "qzfb"


def office_id(project) -> str:
    """The district office's unit id (``portal.owner``), as the base branch's settings
    name it: a pull request cannot name a new office to approve its own trust change."""
    raw = project.base_bytes(SETTINGS_FILE)
    if raw is None:
        return DEFAULT_OFFICE
    located = load_config_text(raw.decode("utf-8-sig", "replace"), SETTINGS_FILE)
    return Settings.load(located.data, located, SETTINGS_FILE).portal.owner or DEFAULT_OFFICE


def _read(project, rel: str) -> bytes | None:
    """The pull request's version of ``rel``: the work tree's, unless that equals the
    base while the head commit's differs. CI puts the base's trust files over the
    checkout (scripts/ci-base-validators.sh); the change the pull request commits must
    still be seen, and it is that version the approvers sign."""
    path = project.root / rel
    here = None if path.is_symlink() or not path.is_file() else path.read_bytes()
    base = project.base_bytes(rel)
    if here != base:
        return here
    try:
        head = gitio.head_sha(project.root)
    except gitio.NotARepository:
        return here
    return gitio.blob_at(project.root, head, rel) if head else here


def _first_difference(head: bytes | None, base: bytes | None) -> int:
    if head is None or base is None:
        return 1
    a, b = head.decode("utf-8", "replace").splitlines(), base.decode("utf-8", "replace").splitlines()
    for number, (x, y) in enumerate(zip(a, b), 1):
        if x != y:
            return number
    return min(len(a), len(b)) + 1 if len(a) != len(b) else 1


def _people(unit: Unit) -> list[tuple]:
    return [(p.id, p.name, tuple(sorted(p.roles)), p.github, p.gitea) for p in unit.people]


def _unit_label(project, unit_id: str) -> str:
    unit = project.base_unit(unit_id)
    return unit.short_name if unit else unit_id


def _unit_changes(project, office: Need) -> list[tuple[str, int, str, tuple[Need, ...]]]:
    out: list[tuple[str, int, str, tuple[Need, ...]]] = []
    here = set(project.unit_ids())
    for rel in sorted(gitio.tree_blobs(project.root, project.base_sha, "units")):
        parts = rel.split("/")
        if len(parts) == 3 and parts[2] == "unit.yml" and parts[1] not in here:
            out.append((rel, 1, f"撤销单位 {parts[1]}", (office,)))
    for unit_id in project.unit_ids():
        rel = f"units/{unit_id}/unit.yml"
        base = project.base_unit(unit_id)
        if base is None:
            out.append((rel, 1, f"新增单位 {unit_id}（名单、角色与平台账号）", (office,)))
            continue
        head = project.unit(unit_id)
        if _people(head) == _people(base):
            continue
        before = {p[0]: p for p in _people(base)}
        line = 1
        located = load_config_text(head.yml_bytes.decode("utf-8-sig", "replace"), rel)
        for index, person in enumerate(_people(head)):
            if before.get(person[0]) != person:
                line = located.line("people", index)
                break
        else:
            line = located.line("people")
        principal = Need(unit_id, PRINCIPAL, f"{base.short_name}{ROLE_NAMES['principal']}")
        needs = (office,) if unit_id == office.unit else (principal, office)
        out.append((rel, line, f"{unit_id} 的名单（人员、角色、平台账号）", needs))
    return out


def _signer_units(text: bytes | None) -> set[str]:
    units = set()
    for line in (text or b"").decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            for principal in line.split()[0].split(","):
                if "@" in principal:
                    units.add(principal.rsplit("@", 1)[1])
    return units


def trust_changes(project) -> list[TrustChange]:
    """Every trust change of the work tree against the base branch ([] without a base)."""
    if not project.base_sha:
        return []
    office_unit = office_id(project)
    office = Need(office_unit, OFFICE_ROLES, f"{_unit_label(project, office_unit)}（区政府办公室）负责人")
    found = _unit_changes(project, office)
    for rel in TRUST_FILES:
        head, base = _read(project, rel), project.base_bytes(rel)
        if head == base or (head is None and not base):
            continue
        needs = [office]
        if rel == ALLOWED_SIGNERS:
            # a key added for (or taken from) a unit's people: that unit's principal too
            changed = set((head or b"").splitlines()) ^ set((base or b"").splitlines())
            for unit_id in sorted(_signer_units(b"\n".join(changed))):
                if unit_id != office_unit and project.base_unit(unit_id) is not None:
                    needs.insert(0, Need(unit_id, PRINCIPAL, f"{_unit_label(project, unit_id)}{ROLE_NAMES['principal']}"))
        found.append((rel, _first_difference(head, base), f"信任文件 {rel}", tuple(needs)))
    settings_rels = [SETTINGS_FILE] + _wordlists(project)
    for rel in dict.fromkeys(settings_rels):
        head, base = _read(project, rel), project.base_bytes(rel)
        if head != base:
            what = "平台设置 govsite.yml" if rel == SETTINGS_FILE else f"词表 {rel}"
            found.append((rel, _first_difference(head, base), what, (office,)))
    return [_judge(project, rel, line, what, needs) for rel, line, what, needs in found]


def _wordlists(project) -> list[str]:
    """Word-list files named by the base's or the work tree's settings."""
    names: list[str] = []
    raw = project.base_bytes(SETTINGS_FILE)
    if raw is not None:
        try:
            located = load_config_text(raw.decode("utf-8-sig", "replace"), SETTINGS_FILE)
            names += list(Settings.load(located.data, located, SETTINGS_FILE).wordlists or ())
        except GovsiteError:
            pass
    names += list(project.settings.wordlists or ())
    return [n for n in names if isinstance(n, str)]


def _judge(project, rel: str, line: int, what: str, needs: tuple[Need, ...]) -> TrustChange:
    from govsite.review.gate import verifier_for

    head = _read(project, rel)
    current = content_hash(head if head is not None else b"")
    verifier = verifier_for(project)
    approvers: set[tuple[str, str]] = set()
    for c in verifier.check_many(verifier.store.files_for(rel)):
        r = c.record
        if r is not None and r.is_trust and r.page == rel and r.hash == current and c.verdict.status == OK:
            approvers.add((r.unit, r.person))
    missing = []
    for need in needs:
        roster = project.base_unit(need.unit)
        holders = {p.id for p in roster.people if p.has(*need.roles)} if roster else set()
        if not any(unit == need.unit and person in holders for unit, person in approvers):
            missing.append(need)
    return TrustChange(rel, line, what, current, needs, tuple(missing))


def approval_command(change: TrustChange, need: Need) -> str:
    return f"govsite review approve {change.path} --as <人员id> --unit {need.unit}"

