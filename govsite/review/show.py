"""What a reviewer signs (``govsite review show``): the page's canonical bytes, the very
input of :func:`govsite.review.hashing.canonical_text`, and, for an approval that went
stale, the diff between the content that person signed and the content now.

The signed content of a stale approval is found by its hash: every committed version
of the page (through renames, via :mod:`govsite.core.gitio`) is hashed until one
matches the record. Content that was signed but never committed cannot be shown; the
caller says so.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from govsite.core import gitio
from govsite.core.project import Project
from govsite.core.units import Person
from govsite.review import gate
from govsite.review.hashing import canonical_text, content_hash
from govsite.review.records import Record


@dataclass
class StaleApproval:
    role: str
    person: Person
    record: Record
    signed: bytes | None  # the canonical bytes that were signed, when found in git history
    commit: str = ""  # the commit where that content is found
    diff: list[str] = field(default_factory=list)


@dataclass
class Shown:
    rel: str
    hash: str
    signed_bytes: bytes  # exactly what a new signature covers (canonical form)
    evaluation: gate.Evaluation | None
    stale: list[StaleApproval]


def as_text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def content_at_hash(project: Project, rel: str, wanted: str) -> tuple[bytes, str] | None:
    """(canonical bytes, commit sha) of the committed version of ``rel`` whose content
    hash is ``wanted``, newest first; None when no committed version has it."""
    try:
        versions = gitio.file_versions(project.root, rel)
    except gitio.NotARepository:
        return None
    for version in versions:
        data = gitio.file_bytes_at(project.root, version)
        if data is not None and content_hash(data) == wanted:
            return canonical_text(data), version.commit.sha
    return None


def diff_lines(old: bytes, new: bytes, rel: str, old_label: str, new_label: str) -> list[str]:
    return list(difflib.unified_diff(as_text(old).splitlines(), as_text(new).splitlines(),
                                     f"{rel}（{old_label}）", f"{rel}（{new_label}）", lineterm=""))


def show(project: Project, rel: str) -> Shown:
    page = project.page(rel)
    signed_bytes = canonical_text(page.raw)
    evaluation = gate.evaluate(page, project)
    stale: list[StaleApproval] = []
    for state in evaluation.roles if evaluation else []:
        if state.status != gate.STALE:
            continue
        records = [c.record for c, _ in state.evidence if c.record is not None]
        if not records:
            continue
        record = max(records, key=lambda r: r.when)  # the person's latest signature
        found = content_at_hash(project, rel, record.hash)
        if found is None and record.page != rel:
            found = content_at_hash(project, record.page, record.hash)
        item = StaleApproval(state.role, state.person, record, found[0] if found else None, found[1] if found else "")
        if found:
            item.diff = diff_lines(found[0], signed_bytes, rel, f"{record.when[:10]} 签名时", "现在")
        stale.append(item)
    return Shown(rel, content_hash(page.raw), signed_bytes, evaluation, stale)
