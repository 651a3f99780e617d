"""Signing a whole site with throwaway keys: the demo district and test sites.

``sign_site`` generates a key for every roster person who must still approve some page
(in ``keys_base``, which the caller makes temporary and deletes), appends the public
keys to ``review/allowed_signers`` and signs each page for each of its three reviewers
whose approval of the current content is missing. Pages already approved are left
alone, so running it again only signs what changed. Private keys never enter the
repository: once ``keys_base`` is deleted, nobody can sign with them again, and the
committed signatures still verify. ``sign`` makes each signature (ssh-keygen unless a
benchmark passes its in-process signer for a generated district).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from govsite.core.project import Project
from govsite.review import gate, keys, sshsig
from govsite.review.signing import Signer, approve, keygen
from govsite.review.status import ReviewStatus


@dataclass
class Summary:
    signed: list[tuple[str, str, str]] = field(default_factory=list)  # (page, role, person id)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (page, why)
    keys: list[str] = field(default_factory=list)  # principals that got a new key


def all_pages(project: Project) -> list[str]:
    """Every page of the gate: the units' pages and the portal's own (content/)."""
    return [rel for unit_id in project.unit_ids() for rel in project.page_paths(unit_id)] + project.portal_pages()


def sign_site(project: Project, keys_base: Path, pages: list[str] | None = None,
              log: Callable[[str], None] = lambda _: None, sign: Signer = sshsig.sign) -> Summary:
    summary = Summary()
    for rel in pages if pages is not None else all_pages(project):
        page = project.page(rel)
        result = gate.evaluate(page, project)
        unit_id = project.roster_unit_id(rel)
        if result is None or unit_id is None:
            summary.skipped.append((rel, "不是单位栏目中的页面"))
            continue
        people = [s.person.id for s in result.roles]
        if len(result.roles) < 3 or len(set(people)) < len(people):
            summary.skipped.append((rel, "reviewers 未写全三位不同的名单人员"))
            log(f"跳过 {rel}：reviewers 未写全三位不同的名单人员")
            continue
        for state in result.roles:
            if state.status == ReviewStatus.OK:
                continue
            key = keys.person_key(keys_base, unit_id, state.person.id)
            if not key.exists():
                keygen(project, unit_id, state.person.id, "", keys_base)
                summary.keys.append(f"{state.person.id}@{unit_id}")
            approve(project, str(project.root / rel), state.person.id, state.role, keys_base=keys_base, sign=sign)
            summary.signed.append((rel, state.role, state.person.id))
            log(f"已签名 {rel} {state.role} {state.person.id}")
    return summary
