"""Making approvals: ``govsite review approve`` and ``govsite review keygen``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from govsite.core.errors import UsageError
from govsite.core.units import Person, Unit
from govsite.review import ALLOWED_SIGNERS, FORGE_IMPORTERS, gate, keys, principal, sshsig
from govsite.review.hashing import content_hash
from govsite.review.records import TRUST_ROLE, Record, is_trust_path, utc_text
from govsite.review.roster import REVIEW_ROLES, slots
from govsite.review.store import Store
from govsite.review.trust import append_lines, parse_signers, parse_ssh_time, signer_line

# Makes the armored SSH signature of some bytes with a private key file. Production is
# always sshsig.sign (ssh-keygen); benchmarks pass an in-process signer for their
# generated districts (scripts/fast_sign.py), so the records are written by this module.
Signer = Callable[[bytes, Path], bytes]


@dataclass(frozen=True)
class Approved:
    page: str
    role: str
    person: Person
    hash: str
    path: Path | None  # the new record, or None when a valid approval already existed


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def resolve_person(unit: Unit, ref: str) -> Person:
    found = unit.find_people(ref)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise UsageError(f"{ref!r} 对应单位 {unit.id} 名单中的多人（{'、'.join(p.id for p in found)}）；请用人员 id")
    ids = "、".join(f"{p.id}（{p.name}）" for p in unit.people)
    raise UsageError(f"{ref!r} 不在单位 {unit.id} 的人员名单（units/{unit.id}/unit.yml）中；名单：{ids}")


def unit_page(project, target: str):
    """The page named by a user path, which must be a unit page that exists."""
    rel = project.rel(Path(target))
    path = project.root / rel
    if not path.is_file():
        raise UsageError(f"{target}: 页面不存在")
    page = project.page(rel)
    if project.roster_unit_id(page.rel) is None:
        raise UsageError(f"{target}: 只能签名 units/<单位>/<栏目>/<页面>.md 形式的单位页面或 content/ 下的门户页面")
    if page.over_limit is not None:
        raise UsageError(f"{target}: 不能签名：{page.over_limit[1]}")
    return page


def roles_of(page, unit: Unit, person: Person, role: str | None) -> list[str]:
    named = {s.role: s.person for s in slots(page, unit)}
    if role is not None:
        if role not in REVIEW_ROLES:
            raise UsageError(f"未知的审核角色 {role!r}；可选：{' | '.join(REVIEW_ROLES)}")
        holder = named.get(role)
        if holder is None or holder.id != person.id:
            now = f"是 {holder.name}（{holder.id}）" if holder else "未填写或无法对应名单"
            raise UsageError(f"{page.rel}: reviewers 中的 {role} {now}，不是 {person.name}（{person.id}）；"
                             f"请先改正页面的 reviewers（不影响内容哈希），再签名")
        return [role]
    mine = [r for r, p in named.items() if p is not None and p.id == person.id]
    if not mine:
        listed = "、".join(f"{r}: {p.name}" for r, p in named.items() if p) or "无"
        raise UsageError(f"{page.rel}: {person.name}（{person.id}）不是本页 reviewers 中的审核人（{listed}）；"
                         f"请先在 reviewers 中填写，或用 --role 指定角色")
    if len(mine) > 1:
        raise UsageError(f"{page.rel}: {person.name} 在 reviewers 中同时担任 {'、'.join(mine)}（三审三校须为三人）；请改正 reviewers")
    return mine


def registered(store: Store, unit_id: str, person_id: str, key: Path) -> None:
    """Refuse to sign with a key that review/allowed_signers does not list for the person."""
    pub = key.with_name(key.name + ".pub")
    if not pub.exists():
        return  # e.g. a key held by an agent; ssh-keygen verify will tell
    blob = sshsig.key_blob(pub.read_text("utf-8"))
    who = principal(unit_id, person_id)
    if not any(s.blob == blob for s in store.signers_for(who)):
        raise UsageError(f"{key} 的公钥未在 {ALLOWED_SIGNERS} 中登记为 {who}；"
                         f"请运行 govsite review keygen --unit {unit_id} --person {person_id}，或请平台管理员登记该公钥")
    if blob in store.revoked:
        raise UsageError(f"{key} 的公钥已被吊销；请运行 govsite review keygen 生成新密钥")


def sign_record(store: Store, record: Record, key: Path, sign: Signer = sshsig.sign) -> Path:
    signature = sign(record.data(), key)
    return store.write(record, signature)


def approve(project, target: str, person_ref: str, role: str | None = None, key: Path | None = None,
            keys_base: Path | None = None, when: dt.datetime | None = None,
            sign: Signer = sshsig.sign) -> list[Approved]:
    """Sign ``target``'s current content as ``person_ref`` in their role(s)."""
    page = unit_page(project, target)
    unit = project.unit(project.roster_unit_id(page.rel))
    person = resolve_person(unit, person_ref)
    wanted = roles_of(page, unit, person, role)
    result = gate.evaluate(page, project)
    out: list[Approved] = []
    store = gate.verifier_for(project).store
    for r in wanted:
        state = result.role(r) if result else None
        if state is not None and state.status == gate.OK_:
            out.append(Approved(page.rel, r, person, content_hash(page.raw), None))
            continue
        key_path = key or keys.person_key(keys.keys_dir(project.root, keys_base), unit.id, person.id)
        if not key_path.exists():
            raise UsageError(f"找不到 {person.name}（{person.id}）的私钥 {key_path}；"
                             f"请先运行 govsite review keygen --unit {unit.id} --person {person.id}，或用 --key 指定私钥")
        registered(store, unit.id, person.id, key_path)
        pub = key_path.with_name(key_path.name + ".pub")
        fp = sshsig.fingerprint(sshsig.key_blob(pub.read_text("utf-8"))) if pub.exists() else ""
        record = Record(page=page.rel, unit=unit.id, title=str(page.meta.get("title") or ""), hash=content_hash(page.raw),
                        role=r, person=person.id, name=person.name, when=utc_text(when or now_utc()),
                        provider="ssh", key=fp)
        if not fp:
            # no .pub beside the key: learn the fingerprint from a first signature
            probe = sign(record.data(), key_path)
            blob, _ = sshsig.signature_info(probe)
            record = Record(**{**record.__dict__, "key": sshsig.fingerprint(blob)})
        path = sign_record(store, record, key_path, sign)
        out.append(Approved(page.rel, r, person, content_hash(page.raw), path))
    gate.forget_page(project, page.rel)  # only this page's records changed
    return out


def approve_trust(project, target: str, person_ref: str, unit_id: str, key: Path | None = None,
                  keys_base: Path | None = None, when: dt.datetime | None = None) -> Approved:
    """Sign a trust file's current content (a roster change, a trust file, the settings)
    as ``person_ref`` of ``unit_id``: the approval a trust change needs (第八条)."""
    rel = project.rel(Path(target))
    path = project.root / rel
    if not is_trust_path(rel) or path.is_symlink() or (path.exists() and not path.is_file()):
        raise UsageError(f"{target}: 不是可签名的信任文件（unit.yml、review/ 下的信任文件、govsite.yml 或词表）")
    unit = project.unit(unit_id)
    person = resolve_person(unit, person_ref)
    raw = path.read_bytes() if path.is_file() else b""  # a deleted file: its removal is what is signed
    store = gate.verifier_for(project).store
    key_path = key or keys.person_key(keys.keys_dir(project.root, keys_base), unit.id, person.id)
    if not key_path.exists():
        raise UsageError(f"找不到 {person.name}（{person.id}）的私钥 {key_path}；请用 --key 指定私钥")
    registered(store, unit.id, person.id, key_path)
    pub = key_path.with_name(key_path.name + ".pub")
    if not pub.exists():
        raise UsageError(f"找不到公钥 {pub}；签名信任变更需要公钥在私钥旁")
    fp = sshsig.fingerprint(sshsig.key_blob(pub.read_text("utf-8")))
    record = Record(page=rel, unit=unit.id, title=f"信任变更：{rel}", hash=content_hash(raw), role=TRUST_ROLE,
                    person=person.id, name=person.name, when=utc_text(when or now_utc()), provider="ssh", key=fp)
    written = sign_record(store, record, key_path)
    gate.forget(project)
    return Approved(rel, TRUST_ROLE, person, record.hash, written)


def keygen(project, unit_id: str, person_ref: str, passphrase: str | None = "", keys_base: Path | None = None,
           valid_after: str | None = None) -> tuple[Path, str]:
    """A new key for a roster person; its public half appended to review/allowed_signers."""
    unit = project.unit(unit_id)
    person = resolve_person(unit, person_ref)
    path = keys.person_key(keys.keys_dir(project.root, keys_base), unit.id, person.id)
    who = principal(unit.id, person.id)
    return _new_key(project, path, who, ALLOWED_SIGNERS, passphrase, valid_after,
                    f"# {person.name}（{person.title or '、'.join(person.roles)}，{unit.short_name}）{now_utc():%Y-%m-%d} 登记")


def importer_keygen(project, name: str, passphrase: str | None = "", keys_base: Path | None = None) -> tuple[Path, str]:
    if not name or any(c in name for c in " ,*?!/@") :
        raise UsageError(f"导入者名称 {name!r} 无效；请用小写字母、数字和 -，如 ci")
    path = keys.importer_key(keys.keys_dir(project.root, keys_base), name)
    return _new_key(project, path, name, FORGE_IMPORTERS, passphrase, None,
                    f"# 导入者 {name} {now_utc():%Y-%m-%d} 登记")


def _new_key(project, path: Path, who: str, trust_rel: str, passphrase: str | None, valid_after: str | None,
             comment: str) -> tuple[Path, str]:
    if valid_after:
        try:
            parse_ssh_time(valid_after)
        except ValueError:
            raise UsageError(f"--valid-after 的值 {valid_after!r} 无效；应为 YYYYMMDD 或 YYYYMMDDHHMM[SS]，建议以 Z 结尾（UTC）") from None
    if path.exists():
        raise UsageError(f"{path} 已存在；如需更换密钥，请先把旧密钥移走（旧公钥留在 {trust_rel} 中，旧签名仍有效）")
    sshsig.generate_key(path, who, passphrase)
    key_text = path.with_name(path.name + ".pub").read_text("utf-8").strip()
    line = signer_line(who, key_text, valid_after or now_utc().strftime("%Y%m%dZ"))
    trust = project.root / trust_rel
    parse_signers(line, trust_rel)  # never append a line we could not read back
    append_lines(trust, [comment, line])
    gate.forget(project)
    return path, line
