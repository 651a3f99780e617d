"""All git access of govsite, in one module (GitPython over the real ``git``).

Everything else asks this module; nothing else imports ``git``. Functions take the
repository root and repository-relative POSIX paths, and return plain values.
"""

from __future__ import annotations

import atexit
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import git

import datetime as dt
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from govsite.core.errors import GovsiteError
from govsite.core.findings import visible

# GitPython keeps one persistent ``git cat-file`` process per repository: callers on
# several threads (the signature verifier's pool) must take turns.
_lock = threading.RLock()


class NotARepository(GovsiteError):
    """The folder is not in a git repository (history-based checks need one)."""


@dataclass(frozen=True)
class Commit:
    sha: str
    when: dt.datetime
    author: str
    message: str


@lru_cache(maxsize=8)
def repo(root: Path) -> git.Repo:
    import git  # imported lazily: most commands never touch git

    try:
        found = git.Repo(root, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise NotARepository(f"{root}: 不是 git 仓库；该检查需要版本历史，请在仓库中运行") from None
    _REPOS.append(found)
    return found


_REPOS: list = []  # every repository opened, to close at exit


def after_fork() -> None:
    """In a forked worker: open repositories afresh. The parent's persistent ``git
    cat-file`` processes answer the parent; a second reader on their pipes would mix
    the answers. (What was read from git, such as the history index, stays valid.)"""
    repo.cache_clear()
    _REPOS.clear()


@atexit.register
def _close_repositories() -> None:
    """Close the opened repositories (their persistent ``git cat-file`` processes) before
    the interpreter tears down, when GitPython's own clean-up would print a traceback."""
    for opened in _REPOS:
        opened.close()


def is_repository(root: Path) -> bool:
    try:
        repo(root)
        return True
    except NotARepository:
        return False


def is_tracked(root: Path, rel: str) -> bool:
    """Whether ``rel`` is in git's index (committed or staged); False outside a repository."""
    try:
        r = repo(root)
    except NotARepository:
        return False
    return any(True for _ in r.index.iter_blobs(lambda item: item[1].path == rel))


def blob_at(root: Path, sha: str, rel: str) -> bytes | None:
    """The bytes of ``rel`` at commit ``sha``, or None where it did not exist."""
    with _lock:
        r = repo(root)
        try:
            return r.commit(sha).tree[rel].data_stream.read()
        except KeyError:
            return None


# -- pull requests and releases (govsite changed, govsite deploy) ------------------

@dataclass(frozen=True)
class Change:
    """One path changed between two commits: ``status`` is A, C, M, R or D."""

    status: str
    path: str  # the path at head (for D: the deleted path)
    old_path: str | None = None  # for R and C: the path at base


class BadRef(GovsiteError):
    """A name given as a commit or branch that git does not resolve to a commit."""


def resolve_commit(root: Path, ref: str) -> str:
    """The commit sha ``ref`` names. A ref is data, never an option: ``--output=FILE``
    is refused here (``rev-parse --verify --end-of-options``), so no git command
    receives a user-given name where it could read it as an option."""
    import git

    shown = visible(ref)
    if not ref or ref.startswith("-") or not ref.isprintable():
        raise BadRef(f"{shown!r} 不是有效的提交或分支名；请写分支名（如 origin/main）或提交哈希")
    try:
        sha = repo(root).git.rev_parse("--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").strip()
    except git.GitCommandError:
        sha = ""
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", sha):
        raise BadRef(f"找不到提交或分支 {shown}；请确认分支名正确，且检出时取得了完整历史（actions/checkout 设 fetch-depth: 0）")
    return sha


def changes(root: Path, base: str, head: str = "HEAD") -> list[Change]:
    """Every change between the merge base of ``base`` and ``head``, deletions and renames included."""
    r = repo(root)
    base_sha, head_sha = resolve_commit(root, base), resolve_commit(root, head)
    try:
        out = r.git.diff("--name-status", "-M", "-z", "--end-of-options", f"{base_sha}...{head_sha}", "--")
    except Exception as err:  # git.GitCommandError: no merge base, shallow clone ...
        raise GovsiteError(f"无法比较 {visible(base)} 与 {visible(head)}：{_git_error(err)}；请确认分支名正确，"
                           "且检出时取得了完整历史（actions/checkout 设 fetch-depth: 0）") from None
    fields = out.split("\0")
    result, i = [], 0
    while i < len(fields) and fields[i]:
        status = fields[i][0]
        if status in "RC":
            result.append(Change(status, fields[i + 2], fields[i + 1]))
            i += 3
        else:
            result.append(Change(status, fields[i + 1]))
            i += 2
    return result


def _git_error(err: Exception) -> str:
    text = getattr(err, "stderr", "") or str(err)
    return " ".join(str(text).replace("stderr:", "").split())[:200]


def short_sha(root: Path, length: int = 12) -> str:
    """The head commit's abbreviated sha, or ``nogit`` outside a repository."""
    try:
        return repo(root).head.commit.hexsha[:length]
    except (NotARepository, ValueError):
        return "nogit"


def is_dirty(root: Path) -> bool:
    """Whether the working tree has uncommitted changes to tracked files."""
    try:
        return repo(root).is_dirty(untracked_files=False)
    except NotARepository:
        return False


# -- the history of one file (honest dates, "last updated") -----------------------

@dataclass(frozen=True)
class FileVersion:
    """One commit that touched a file: the commit, the file's path in it, the change."""

    commit: Commit
    path: str
    status: str  # A (added), M, R (renamed to path), C, D
    blob: str = ""  # the file's blob sha after the commit (hex; all zeros for D)


def _head(root: Path) -> str | None:
    """The head commit's sha, read from the ref files (called once per page, so kept
    cheap); None in a repository without commits."""
    r = repo(root)
    try:
        gitdir = Path(r.git_dir)
        text = (gitdir / "HEAD").read_text("utf-8").strip()
        if not text.startswith("ref: "):
            return text or None
        ref = text[5:].strip()
        for folder in (gitdir, Path(r.common_dir)):
            path = folder / ref
            if path.is_file():
                return path.read_text("utf-8").strip() or None
        packed = Path(r.common_dir) / "packed-refs"
        if packed.is_file():
            for line in packed.read_text("utf-8").splitlines():
                sha, _, name = line.partition(" ")
                if name.strip() == ref:
                    return sha
        return None  # an unborn branch: no commits yet
    except (OSError, UnicodeDecodeError):
        try:
            return r.head.commit.hexsha
        except ValueError:
            return None


@lru_cache(maxsize=4)
def _path_index(root: Path, head: str) -> tuple[list[Commit], dict[str, list[tuple[int, str, str | None, str]]]]:
    """One ``git log`` of the whole history: commits (newest first) and, per path, the
    (commit index, status, old path, blob sha) of each change. Built once per head
    commit, so a check of thousands of pages runs one git command, not one per page."""
    r = repo(root)
    out = r.git.log("--date-order", "-M", "--raw", "--no-abbrev", "--no-color",
                    "--format=%x1e%H%x1f%cI%x1f%aN%x1f%B%x1f", "--end-of-options", head, "--")
    commits: list[Commit] = []
    index: dict[str, list[tuple[int, str, str | None, str]]] = {}
    for record in out.split("\x1e")[1:]:
        fields = record.split("\x1f")
        if len(fields) < 5:
            continue
        sha, when, author, message, files = fields[0], fields[1], fields[2], fields[3], "\x1f".join(fields[4:])
        number = len(commits)
        commits.append(Commit(sha, dt.datetime.fromisoformat(when), author, message.strip()))
        for line in files.splitlines():
            if not line.startswith(":") or "\t" not in line:
                continue
            meta, _, names = line.partition("\t")
            parts, paths = meta.split(), names.split("\t")
            if len(parts) < 5 or not paths:
                continue
            status, blob = parts[4][0], parts[3]
            if status in "RC" and len(paths) == 2:
                index.setdefault(paths[1], []).append((number, status, paths[0], blob))
            else:
                index.setdefault(paths[0], []).append((number, status, None, blob))
    return commits, index


def file_versions(root: Path, rel: str) -> list[FileVersion]:
    """Commits that touched ``rel`` reachable from HEAD, newest first, following renames.

    Empty for a file never committed or a repository without commits; raises
    :class:`NotARepository` outside a repository.
    """
    head = _head(root)
    if head is None:
        return []
    commits, index = _path_index(root, head)
    out: list[FileVersion] = []
    path, after = rel, -1
    while True:
        entries = [e for e in index.get(path, ()) if e[0] > after]
        if not entries:
            break
        moved = False
        for number, status, old, blob in sorted(entries):
            if status == "D":
                return out  # an earlier file of the same name, not this one
            out.append(FileVersion(commits[number], path, status, blob))
            after = number
            if status == "R" and old:
                path, moved = old, True
                break
            if status in "AC":
                return out
        if not moved:
            break
    return out


def first_commit(root: Path, rel: str) -> FileVersion | None:
    """The commit that first added ``rel`` (through renames), or None if never committed."""
    versions = file_versions(root, rel)
    return versions[-1] if versions else None


def last_commit(root: Path, rel: str) -> FileVersion | None:
    """The newest commit that touched ``rel``, or None."""
    versions = file_versions(root, rel)
    return versions[0] if versions else None


def last_updated(root: Path, rel: str) -> dt.date | None:
    """Date of the last commit touching ``rel``; None outside git or when uncommitted."""
    try:
        version = last_commit(root, rel)
    except NotARepository:
        return None
    return version.commit.when.date() if version else None


def file_bytes_at(root: Path, version: FileVersion) -> bytes | None:
    """The file's bytes as that commit left them (None for a deletion)."""
    if version.status == "D":
        return None
    if version.blob and version.blob.strip("0"):
        import git

        return git.Blob(repo(root), bytes.fromhex(version.blob)).data_stream.read()
    return blob_at(root, version.commit.sha, version.path)


def blob_sha(data: bytes) -> str:
    """The sha git gives these bytes as a blob (``git hash-object``), without running git."""
    import hashlib

    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def trailer(message: str, key: str) -> str | None:
    """The value of a ``Key: value`` trailer in a commit message (last paragraph), or None."""
    paragraphs = [p for p in message.strip().split("\n\n") if p.strip()]
    if len(paragraphs) < 2:
        return None
    for line in paragraphs[-1].splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == key.lower() and value.strip():
            return value.strip()
    return None


def files_containing(root: Path, needles: list[str], under: str = "units") -> list[str]:
    """Files below ``under`` (tracked or not, ignored excluded) containing any of the
    fixed strings ``needles``: ``git grep``, so finding the referrers of a page does not
    read every page in Python."""
    if not needles:
        return []
    import git

    args = ["-l", "-F", "-I", "--untracked"]
    for needle in needles:
        args += ["-e", needle]
    try:
        out = repo(root).git.grep(*args, "--", under)
    except git.GitCommandError as err:
        if err.status == 1:  # no match
            return []
        raise GovsiteError(f"git grep 失败：{_git_error(err)}") from None
    return [line for line in out.splitlines() if line]


# -- review records and forge pull requests (govsite review) -----------------------

def commit_exists(root: Path, sha: str) -> bool:
    """Whether the commit ``sha`` is in the local repository."""
    import git

    if not re.fullmatch(r"[0-9a-f]{4,64}", sha or ""):
        return False  # a commit is named by its hash here, never by an option-like name
    try:
        return repo(root).git.cat_file("-t", "--end-of-options", sha).strip() == "commit"
    except git.GitCommandError:
        return False


def commit_or_none(root: Path, ref: str) -> str | None:
    """The full sha of the commit ``ref`` names, or None (see :func:`resolve_commit`)."""
    try:
        return resolve_commit(root, ref)
    except BadRef:
        return None


def remote_url(root: Path, name: str = "origin") -> str | None:
    """The fetch URL of a remote, or None."""
    import git

    try:
        return repo(root).git.remote("get-url", name).strip() or None
    except (git.GitCommandError, NotARepository):
        return None


def rewritten_files(root: Path, under: str) -> list[tuple[str, str, str]]:
    """(commit sha, M or D, path) for every commit reachable from HEAD that modified or
    deleted a file below ``under`` (renames count as deletions): evidence that an
    append-only folder was rewritten."""
    if _head(root) is None:
        return []
    out = repo(root).git.log("--no-renames", "--diff-filter=MD", "--name-status", "--format=%x1e%H", "--", under)
    result = []
    for record in out.split("\x1e")[1:]:
        lines = [line for line in record.splitlines() if line.strip()]
        if not lines:
            continue
        sha = lines[0].strip()
        for line in lines[1:]:
            status, _, path = line.partition("\t")
            if status and path:
                result.append((sha, status[0], path))
    return result


# -- the protected branch: trust and time from the base (pull requests) -------------

def resolve(root: Path, ref: str) -> str:
    """The commit sha a base ref names (``--base``, ``GOVSITE_BASE``): :func:`resolve_commit`."""
    try:
        return resolve_commit(root, ref)
    except BadRef as err:
        raise GovsiteError(f"基准分支（--base / GOVSITE_BASE）：{err}") from None


@lru_cache(maxsize=16)
def tree_blobs(root: Path, sha: str, under: str) -> dict[str, str]:
    """path -> blob sha of every file below ``under`` in commit ``sha``."""
    with _lock:
        out = repo(root).git.ls_tree("-r", "-z", "--full-tree", sha, "--", under)
    blobs: dict[str, str] = {}
    for entry in out.split("\0"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            blobs[path] = parts[2]
    return blobs


@lru_cache(maxsize=16)
def entry_times(root: Path, sha: str, under: str) -> dict[str, dt.datetime]:
    """path -> when the file's present content entered the branch at ``sha``: the
    committer time of the newest commit on the first-parent chain that touched it. On a
    protected branch that chain is made of merges, squashes and rebases the forge
    performed, so the time is the forge's, not the pull request author's (whose own
    commits sit on second parents)."""
    with _lock:
        out = repo(root).git.log("--first-parent", "--diff-merges=first-parent", "--name-only", "-z",
                                 "--format=%x1e%cI", sha, "--", under)
    times: dict[str, dt.datetime] = {}
    for record in out.split("\x1e")[1:]:
        stamp, _, names = record.partition("\0")
        when = dt.datetime.fromisoformat(stamp.strip())
        for name in names.lstrip("\n").split("\0"):
            if name and name not in times:
                times[name] = when
    return times


def tracked_under(root: Path, under: str) -> list[str]:
    """Files below ``under`` that git tracks (index), e.g. a committed cache folder."""
    import git

    try:
        out = repo(root).git.ls_files("-z", "--", under)
    except git.GitCommandError:
        return []
    return [p for p in out.split("\0") if p]


def head_sha(root: Path) -> str | None:
    """The head commit's full sha; None in a repository without commits. Raises
    :class:`NotARepository` outside a repository."""
    repo(root)
    return _head(root)
# -- tracing a text to its commit and pull request (govsite trace) -----------------

def commits_adding(root: Path, rel: str, text: str) -> list[Commit]:
    """Commits reachable from HEAD that changed the number of occurrences of ``text``
    in ``rel`` (``git log -S``, following renames), oldest first."""
    import git

    if _head(root) is None or not text:
        return []
    try:
        out = repo(root).git.log("--follow", "--format=%x1e%H%x1f%cI%x1f%aN <%aE>%x1f%B", f"-S{text}", "--", rel)
    except git.GitCommandError as err:
        raise GovsiteError(f"git log 失败：{_git_error(err)}") from None
    found = []
    for record in out.split("\x1e")[1:]:
        sha, when, author, message = (record.split("\x1f") + ["", "", ""])[:4]
        found.append(Commit(sha.strip(), dt.datetime.fromisoformat(when), author, message.strip()))
    return list(reversed(found))


def merge_bringing(root: Path, sha: str) -> Commit | None:
    """The first merge commit on the way from ``sha`` to HEAD (the pull request that
    brought it in), or None when it came in without a merge."""
    import git

    try:
        out = repo(root).git.log("--ancestry-path", "--merges", "--reverse", "--first-parent",
                                 "--format=%x1e%H%x1f%cI%x1f%aN <%aE>%x1f%B", f"{sha}..HEAD")
    except git.GitCommandError:
        return None
    records = out.split("\x1e")[1:]
    if not records:
        try:  # the merge may not be on the first-parent line of HEAD
            out = repo(root).git.log("--ancestry-path", "--merges", "--reverse",
                                     "--format=%x1e%H%x1f%cI%x1f%aN <%aE>%x1f%B", f"{sha}..HEAD")
        except git.GitCommandError:
            return None
        records = out.split("\x1e")[1:]
    if not records:
        return None
    sha2, when, author, message = (records[0].split("\x1f") + ["", "", ""])[:4]
    return Commit(sha2.strip(), dt.datetime.fromisoformat(when), author, message.strip())


def authors_touching(root: Path, under: str, since: str | None = None) -> list[tuple[Commit, list[str]]]:
    """(commit, changed paths below ``under``) for every non-merge commit reachable from
    HEAD (after ``since``, a ref, when given), newest first: who changed a unit's files."""
    import git

    if _head(root) is None:
        return []
    args = ["--no-merges", "--name-only", "--format=%x1e%H%x1f%aI%x1f%aN%x1f%aE%x1f"]
    if since:
        args.append(f"{since}..HEAD")
    try:
        out = repo(root).git.log(*args, "--", under)
    except git.GitCommandError as err:
        raise GovsiteError(f"git log 失败：{_git_error(err)}") from None
    result = []
    for record in out.split("\x1e")[1:]:
        fields = record.split("\x1f")
        if len(fields) < 5:
            continue
        sha, when, name, email, files = fields[:5]
        paths = [line.strip() for line in files.splitlines() if line.strip()]
        result.append((Commit(sha, dt.datetime.fromisoformat(when), f"{name} <{email}>", ""), paths))
    return result


# -- scanning the repository for credentials (govsite secrets) ---------------------

def listed_files(root: Path, pathspecs: tuple[str, ...] = ()) -> list[str]:
    """Files git sees in the working tree: tracked and untracked, ignored excluded (only
    those matching ``pathspecs`` when given)."""
    out = repo(root).git.ls_files("-z", "--cached", "--others", "--exclude-standard", "--", *pathspecs)
    return sorted({n for n in out.split("\0") if n})


def index_listing(root: Path, pathspecs: tuple[str, ...] = ()) -> bytes:
    """The index as ``git ls-files -s`` lists it (mode, blob, stage and path of each file;
    only those matching ``pathspecs`` when given)."""
    return repo(root).git.ls_files("-s", "-z", "--", *pathspecs).encode("utf-8", "surrogateescape")


def index_blobs(root: Path) -> set[str]:
    """Blob shas of the files in the index (the current tree as staged)."""
    out = repo(root).git.ls_files("-s", "-z")
    return {entry.split()[1] for entry in out.split("\0") if entry.strip() and len(entry.split()) >= 2}


def history_blobs(root: Path, all_refs: bool = False) -> dict[str, str]:
    """``{blob sha: a path it had}`` for every blob reachable from HEAD (or any ref)."""
    if _head(root) is None:
        return {}
    # one listing with names: rev-list prints "<sha> <path>" for blobs and trees
    out = repo(root).git.rev_list("--all" if all_refs else "HEAD", "--objects")
    blobs: dict[str, str] = {}
    types = _object_types(root, [line.split(" ", 1)[0] for line in out.splitlines() if " " in line])
    for line in out.splitlines():
        sha, _, path = line.partition(" ")
        if path and types.get(sha) == "blob":
            blobs.setdefault(sha, path)
    return blobs


def _object_types(root: Path, shas: list[str]) -> dict[str, str]:
    if not shas:
        return {}
    import subprocess

    proc = subprocess.run(["git", "cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)"],
                          cwd=root, input="\n".join(shas) + "\n", capture_output=True, text=True, check=True)
    out = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3:
            out[parts[0]] = parts[1] if int(parts[2]) <= 4 * 1024 * 1024 else "large"
    return out


def read_blobs(root: Path, shas: list[str]):
    """(sha, bytes) for each blob, read with one ``git cat-file --batch``."""
    if not shas:
        return
    import subprocess

    proc = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input=("\n".join(shas) + "\n").encode(),
                          capture_output=True, check=True)
    out, pos = proc.stdout, 0
    while pos < len(out):
        header_end = out.index(b"\n", pos)
        parts = out[pos:header_end].decode().split()
        if len(parts) < 3:  # "<sha> missing"
            pos = header_end + 1
            continue
        size = int(parts[2])
        yield parts[0], out[header_end + 1: header_end + 1 + size]
        pos = header_end + 1 + size + 1


def commit_adding_blob(root: Path, sha: str, all_refs: bool = False) -> Commit | None:
    """The oldest commit (reachable from HEAD, or any ref) that introduced the blob ``sha``."""
    import git

    try:
        out = repo(root).git.log("--all" if all_refs else "HEAD", "--reverse", f"--find-object={sha}",
                                 "--format=%x1e%H%x1f%cI%x1f%aN <%aE>%x1f%s")
    except git.GitCommandError:
        return None
    records = out.split("\x1e")[1:]
    if not records:
        return None
    c_sha, when, author, subject = (records[0].split("\x1f") + ["", "", ""])[:4]
    return Commit(c_sha.strip(), dt.datetime.fromisoformat(when), author, subject.strip())


# -- history over a period (govsite report, 第十七条) --------------------------------

@dataclass(frozen=True)
class LoggedChange:
    """One path a logged commit changed: ``status`` A, M, D, R or C; ``blob`` the file's
    blob sha after the commit (all zeros for D)."""

    status: str
    path: str
    old_path: str | None
    blob: str


@dataclass(frozen=True)
class LoggedCommit:
    sha: str
    authored: dt.datetime
    committed: dt.datetime
    author: str
    changes: tuple[LoggedChange, ...]


def branch_log(root: Path, under: str, first_parent: bool = True) -> list[LoggedCommit]:
    """Every commit reachable from HEAD that changed a file below ``under``, oldest first,
    with both dates and the blobs it left: one ``git log --raw`` for the whole history.

    ``first_parent``: the protected branch's own line (merges, squashes, rebases the
    forge performed: when a change entered the branch, so was published), each merge
    shown as its change against the branch before it; otherwise every commit of every
    merged branch, merges left out (when each change was first written)."""
    import git

    if _head(root) is None:
        return []
    if first_parent:
        mode = ["--first-parent", "--diff-merges=first-parent"]
    else:
        mode = ["--no-merges"]
    try:
        with _lock:
            out = repo(root).git.log(*mode, "--reverse", "-M", "--raw", "--no-abbrev", "--no-color", "-z",
                                     "--format=%x1e%H%x1f%aI%x1f%cI%x1f%aN%x1f", "HEAD", "--", under)
    except git.GitCommandError as err:
        raise GovsiteError(f"git log 失败：{_git_error(err)}") from None
    commits = []
    for record in out.split("\x1e")[1:]:
        head, _, raw = record.rpartition("\x1f")
        fields = head.split("\x1f")
        if len(fields) < 4:
            continue
        sha, authored, committed, author = fields[:4]
        commits.append(LoggedCommit(sha, dt.datetime.fromisoformat(authored), dt.datetime.fromisoformat(committed),
                                    author, tuple(_raw_changes(raw))))
    return commits


def _raw_changes(raw: str) -> list[LoggedChange]:
    """Parse ``--raw -z`` output: ``:meta\\0path\\0`` (``:meta\\0old\\0new\\0`` for R and C)."""
    fields = raw.lstrip("\n").split("\0")
    out, i = [], 0
    while i < len(fields):
        meta = fields[i].strip()
        if not meta.startswith(":"):
            i += 1
            continue
        parts = meta.split()
        if len(parts) < 5:
            i += 1
            continue
        status, blob = parts[4][0], parts[3]
        if status in "RC" and i + 2 < len(fields):
            out.append(LoggedChange(status, fields[i + 2], fields[i + 1], blob))
            i += 3
        elif i + 1 < len(fields):
            out.append(LoggedChange(status, fields[i + 1], None, blob))
            i += 2
        else:
            break
    return out


def first_commit_time(root: Path) -> dt.datetime | None:
    """Committer time of the first commit of HEAD's first-parent line; None without commits."""
    if _head(root) is None:
        return None
    with _lock:
        out = repo(root).git.log("--first-parent", "--reverse", "--format=%cI", "HEAD")
    first = out.split("\n", 1)[0].strip()
    return dt.datetime.fromisoformat(first) if first else None


def last_commit_before(root: Path, when: dt.datetime) -> str | None:
    """The newest commit of HEAD's first-parent line committed before ``when``, or None."""
    import git

    if _head(root) is None:
        return None
    try:
        with _lock:
            out = repo(root).git.log("--first-parent", "-1", "--format=%H", f"--before={when.isoformat()}", "HEAD")
    except git.GitCommandError as err:
        raise GovsiteError(f"git log 失败：{_git_error(err)}") from None
    return out.strip() or None


class Checkout:
    """A detached worktree of the repository at one commit (``git worktree add``), for
    reading the district as it stood then with the ordinary code; removed on exit."""

    def __init__(self, root: Path, sha: str, parent: Path) -> None:
        if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", sha):
            raise BadRef(f"{visible(sha)} 不是提交哈希")
        self.root, self.sha = root, sha
        self.path = parent / sha[:12]

    def __enter__(self) -> Path:
        with _lock:
            repo(self.root).git.worktree("prune")  # a checkout left by an interrupted run
            repo(self.root).git.worktree("add", "--detach", "--quiet", str(self.path), self.sha)
        return self.path

    def move(self, sha: str) -> Path:
        """Turn the checkout to another commit: only the files that differ are rewritten,
        far cheaper than a new worktree per commit."""
        if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", sha):
            raise BadRef(f"{visible(sha)} 不是提交哈希")
        with _lock:
            here = repo(self.path)
            here.git.checkout("--quiet", "--detach", "--force", sha)
            here.git.clean("-q", "-f", "-d", "-x")
        self.sha = sha
        tree_blobs.cache_clear()
        return self.path

    def __exit__(self, *exc: object) -> None:
        for opened in [r for r in _REPOS if r.working_tree_dir and Path(r.working_tree_dir) == self.path]:
            opened.close()  # its persistent git processes must not outlive the folder
            _REPOS.remove(opened)
        repo.cache_clear()
        with _lock:
            repo(self.root).git.worktree("remove", "--force", str(self.path))
