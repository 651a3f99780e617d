"""``govsite trace``: where a text on the site came from (第十五条（一）, 第十八条).

For a page (and optionally a text in it): the commit that introduced the text (``git
log -S`` through :mod:`govsite.core.gitio`), its author, the pull request that merged
it (GitHub's ``Merge pull request #N``, Gitea's ``Merge pull request '…' (#N)``, or a
squash merge's ``(#N)``), and the approvals that let it through: the records under
``review/approvals/`` whose content hash is that of the first committed version of the
page carrying the text that had valid approvals, each verified again now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govsite.core import gitio
from govsite.core.errors import GovsiteError, UsageError
from govsite.core.pages import page_from_bytes
from govsite.core.withdrawal import is_withdrawn
from govsite.review import gate
from govsite.review.hashing import content_hash
from govsite.review.records import Record

_PR_RES = (re.compile(r"^Merge pull request #(\d+)\b"),
           re.compile(r"^Merge pull request '.*' \(#(\d+)\)"),
           re.compile(r"\(#(\d+)\)\s*$"))


def pull_request(message: str) -> str | None:
    subject = message.strip().splitlines()[0] if message.strip() else ""
    for pattern in _PR_RES:
        m = pattern.search(subject)
        if m:
            return m.group(1)
    return None


@dataclass(frozen=True)
class Approval:
    record: Record
    rel: str  # the record file, repository-relative


@dataclass
class Trace:
    page: str
    text: str | None
    commit: gitio.Commit
    merge: gitio.Commit | None
    pr: str | None
    version: gitio.FileVersion | None  # the approved version that carried the text
    hash: str
    approvals: list[Approval] = field(default_factory=list)


def trace(project, target: str, text: str | None = None) -> Trace:
    rel = project.rel(__import__("pathlib").Path(target))
    if not rel.startswith("units/") or not rel.endswith(".md"):
        raise UsageError(f"{target}: 只能溯源 units/<单位>/<栏目>/<页面>.md 形式的单位页面")
    versions = gitio.file_versions(project.root, rel)  # newest first
    if not versions:
        raise GovsiteError(f"{rel} 没有提交记录；溯源只能查已提交的内容")
    if text:
        adding = gitio.commits_adding(project.root, rel, text)
        if not adding:
            raise GovsiteError(f"在 {rel} 的提交历史中找不到文字“{text}”；请检查文字是否与页面原文完全一致")
        commit = adding[0]
    else:
        commit = next((v.commit for v in versions if not _withdrawn(project, rel, v)), versions[-1].commit)
    index = next((i for i, v in enumerate(versions) if v.commit.sha == commit.sha), len(versions) - 1)
    checker = gate.verifier_for(project)
    records = checker.check_many(checker.store.files_for(rel))
    chosen: gitio.FileVersion | None = None
    chosen_hash, approvals = "", []
    for v in reversed(versions[: index + 1]):  # from the introducing commit towards HEAD
        data = gitio.file_bytes_at(project.root, v)
        if data is None or (text and text not in data.decode("utf-8", "replace")):
            break  # the text was removed again
        h = content_hash(data)
        valid = [Approval(c.record, c.rel) for c in records if c.record is not None and c.record.hash == h and c.verdict.ok]
        if chosen is None:
            chosen, chosen_hash = v, h
        if valid:
            chosen, chosen_hash, approvals = v, h, valid
            break
    merge = gitio.merge_bringing(project.root, chosen.commit.sha if chosen else commit.sha)
    pr = pull_request(merge.message) if merge else pull_request(commit.message)
    order = {"drafter": 0, "checker": 1, "approver": 2}
    approvals.sort(key=lambda c: (order.get(c.record.role, 9), c.record.when))
    return Trace(rel, text, commit, merge, pr, chosen, chosen_hash, approvals)


def _withdrawn(project, rel: str, version: gitio.FileVersion) -> bool:
    data = gitio.file_bytes_at(project.root, version)
    return data is not None and is_withdrawn(page_from_bytes(project.root, rel, data).meta)
