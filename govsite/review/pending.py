"""Signatures whose key is registered only in this checkout: in uncommitted changes of
``review/allowed_signers``, or in commits not yet merged into the main branch.

Locally such a signature verifies (the working tree lists the key); the pull-request
gate judges with the base branch's trust files, where the key is missing, and reports
REV015. Re-signing cannot fix that; merging the key's registration first does. Local
``govsite check`` says so before CI does.
"""

from __future__ import annotations

from dataclasses import dataclass

from govsite.core import gitio
from govsite.core.errors import ConfigError
from govsite.core.project import Project
from govsite.review import ALLOWED_SIGNERS, gate
from govsite.review.trust import Signer, parse_signers

# Where the base branch is looked for, first found wins; on the main branch itself only
# uncommitted keys are pending.
BASE_REFS = ("origin/main", "origin/master", "main", "master")


@dataclass(frozen=True)
class PendingKey:
    fingerprint: str
    principals: tuple[str, ...]
    where: str  # what is missing, in words


def _keys_at(project: Project, sha: str | None) -> set[bytes]:
    data = gitio.blob_at(project.root, sha, ALLOWED_SIGNERS) if sha else None
    if not data:
        return set()
    try:
        return {s.blob for s in parse_signers(data.decode("utf-8"), ALLOWED_SIGNERS)}
    except (ConfigError, UnicodeDecodeError):
        return set()  # a broken committed file vouches for nothing


def pending_keys(project: Project) -> dict[str, PendingKey]:
    """Keys of the working tree's allowed_signers missing from HEAD or from the base branch."""
    path = project.root / ALLOWED_SIGNERS
    if not path.is_file() or not gitio.is_repository(project.root):
        return {}
    try:
        current: list[Signer] = parse_signers(path.read_text("utf-8"), ALLOWED_SIGNERS)
    except (ConfigError, UnicodeDecodeError):
        return {}  # the check reports the broken file itself
    head = gitio.commit_or_none(project.root, "HEAD")
    base_ref, base = next(((ref, sha) for ref in BASE_REFS if (sha := gitio.commit_or_none(project.root, ref))),
                          ("", None))
    at_head = _keys_at(project, head)
    at_base = _keys_at(project, base) if base else at_head
    out = {}
    for s in current:
        if s.blob not in at_head:
            out[s.fingerprint] = PendingKey(s.fingerprint, s.principals, "只登记在尚未提交的改动中")
        elif s.blob not in at_base:
            out[s.fingerprint] = PendingKey(s.fingerprint, s.principals, f"已提交，但尚未合并到 {base_ref}")
    return out


def pending_signatures(project: Project, pages: list[str]) -> list[str]:
    """One warning per counted approval of ``pages`` signed with a pending key."""
    keys = pending_keys(project)
    if not keys:
        return []
    out = []
    for rel in pages:
        result = gate.evaluate(project.page(rel), project)
        for state in result.roles if result else []:
            for c in state.valid:
                key = keys.get(c.verdict.signer or "")
                if key is None or c.record is None or c.record.is_forge:
                    continue
                out.append(f"{rel}: {gate.role_text(state.role)} {gate.who(state.person)} 的签名所用密钥 {key.fingerprint} "
                           f"{key.where}（{ALLOWED_SIGNERS}）。本地检查通过，但拉取请求的检查以主分支登记的密钥为准，"
                           "会报 REV015“密钥尚未登记”；请先把密钥的登记单独提交并合并，再提交此签名（无须重新签名）")
    return out
