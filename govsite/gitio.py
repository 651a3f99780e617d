"""All git access of govsite, in one module (GitPython over the real ``git``).

Everything else asks this module; nothing else imports ``git``. Functions take the
repository root and repository-relative POSIX paths, and return plain values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import GovsiteError


class NotARepository(GovsiteError):
    """The folder is not in a git repository (history-based checks need one)."""


@dataclass(frozen=True)
class Commit:
    sha: str
    when: dt.datetime
    author: str
    message: str


@lru_cache(maxsize=8)
def repo(root: Path):
    import git  # imported lazily: most commands never touch git

    try:
        return git.Repo(root, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise NotARepository(f"{root}: 不是 git 仓库；该检查需要版本历史，请在仓库中运行") from None


def is_repository(root: Path) -> bool:
    try:
        repo(root)
        return True
    except NotARepository:
        return False


def _commit(c) -> Commit:
    return Commit(c.hexsha, c.committed_datetime, c.author.name or "", c.message.strip())


def history(root: Path, rel: str, follow: bool = True) -> list[Commit]:
    """Commits touching ``rel``, newest first, following renames."""
    r = repo(root)
    args = ["--follow"] if follow else []
    shas = r.git.log(*args, "--format=%H", "--", rel).split()
    return [_commit(r.commit(sha)) for sha in shas]


def renames(root: Path, rel: str) -> list[tuple[str, str, str]]:
    """(commit sha, old path, new path) for each rename of ``rel`` in its history."""
    r = repo(root)
    out = r.git.log("--follow", "--name-status", "--format=%H", "--", rel)
    result, sha = [], None
    for line in out.splitlines():
        if not line.strip():
            continue
        if "\t" not in line:
            sha = line.strip()
            continue
        fields = line.split("\t")
        if fields[0].startswith("R") and len(fields) == 3:
            result.append((sha, fields[1], fields[2]))
    return result


def blob_at(root: Path, sha: str, rel: str) -> bytes | None:
    """The bytes of ``rel`` at commit ``sha``, or None where it did not exist."""
    r = repo(root)
    try:
        return r.commit(sha).tree[rel].data_stream.read()
    except KeyError:
        return None


def changed_files(root: Path, base: str, head: str = "HEAD") -> list[str]:
    """Paths changed between ``base`` and ``head`` (merge-base diff, like a pull request)."""
    r = repo(root)
    out = r.git.diff("--name-only", "--diff-filter=ACMR", f"{base}...{head}")
    return [line for line in out.splitlines() if line]


def head_sha(root: Path) -> str:
    return repo(root).head.commit.hexsha
