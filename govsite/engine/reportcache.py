"""A whole check's report, kept for the next check of exactly the same inputs.

A full check (every page, every rule) is a function of what it reads: the files of the
repository as the check sees them, the git history and index, the base branch of a pull
request, "today", the rule code and data, and the libraries that parse Markdown. The
report is stored under a digest of all of these in the per-user, machine-bound cache
(:mod:`govsite.core.diskcache`), so a build right after ``govsite check`` (CI: check,
then ``mkdocs build``; an editor: check, then ``mkdocs serve``) takes the check's
verdict instead of running every rule again, and a second check of an unchanged tree
answers at once. Any change of any input gives another digest, and the rules run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from govsite.core import gitio
from govsite.core.diskcache import DiskCache
from govsite.core.errors import ConfigError
from govsite.core.findings import Finding, Suppressed
from govsite.core.project import Project
from govsite.review import ALLOWED_SIGNERS, FORGE_IMPORTERS
from govsite.review.trust import parse_signers

VERSION = b"govsite-report/1"
# Libraries whose version can change what a rule sees in a page.
LIBRARIES = ("markdown", "pymdown-extensions", "pyyaml", "cryptography", "opencc", "html5lib",
             "gitpython", "jieba", "pypinyin")
ROOT_FILES = ("govsite.yml", "holidays.yml", "mkdocs.yml")


@lru_cache(maxsize=1)
def _environment() -> bytes:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}: none")
    return f"{sys.version}\n".encode() + "\n".join(versions).encode()


# Digests of regular files already read by this process, by path and status: a server
# that checks again after every edit (mkdocs serve, govsite serve --unit) reads only the
# files that changed. Any write changes a file's ctime, which no one can set back.
_READ: dict[str, tuple[tuple[int, int, int, int, int], bytes]] = {}


def _file_digest(path: str) -> bytes:
    """What a file is: a link's target, a regular file's bytes, or its absence."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return b"link:" + os.fsencode(os.readlink(path))
        if not stat.S_ISREG(info.st_mode):
            return b"other"
        status = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        known = _READ.get(path)
        if known is not None and known[0] == status:
            return known[1]
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        _READ[path] = (status, digest.digest())
        return digest.digest()
    except OSError:
        return b"absent"


def _clock(project: Project) -> bytes:
    """The time of the check, to the minute, when a verdict can expire with it: a record
    not yet on the protected branch is judged at the time of the check, and a key with a
    ``valid-before`` stops being valid then. Otherwise time only turns a refusal (a
    record dated in the future, a key not valid yet) into a pass, never the reverse, and
    is left out so that a build reuses the check made before it."""
    for rel in (ALLOWED_SIGNERS, FORGE_IMPORTERS):
        texts = [project.base_bytes(rel) or b""] if project.base_sha else []
        try:
            texts.append((project.root / rel).read_bytes())
        except OSError:
            pass
        try:
            expiring = any(s.valid_before is not None for text in texts
                           for s in parse_signers(text.decode("utf-8", "replace"), rel))
        except ConfigError:
            expiring = True  # the check reports the broken file; nothing to save here
        if expiring:
            return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M").encode()
    return b""


@dataclass(frozen=True)
class Inputs:
    """What a full check read: everything but the files (``common``), and each file."""

    common: str
    files: dict[str, bytes]

    @property
    def digest(self) -> str:
        digest = hashlib.sha256(self.common.encode())
        for rel in sorted(self.files):
            digest.update(rel.encode() + b"\0" + self.files[rel])
        return digest.hexdigest()


GLOB = ":(glob)"


def _in_scope(rel: str, scope: tuple[str, ...]) -> bool:
    """Whether git's pathspecs ``scope`` name ``rel``: a path and what is below it, or
    ``:(glob)DIR/*``, the files directly in DIR (the only two forms used here)."""
    for spec in scope:
        if spec.startswith(GLOB):
            folder = spec[len(GLOB):].removesuffix("/*")
            if rel.startswith(folder + "/") and "/" not in rel[len(folder) + 1:]:
                return True
        elif rel == spec or rel.startswith(spec + "/"):
            return True
    return False


def read_inputs(project: Project, tree: list[str], ruleset: str, scope: tuple[str, ...] = ()) -> Inputs | None:
    """Everything a full check reads; ``tree`` the entries of units/, content/ and
    review/ it selected. None when the inputs cannot be pinned down (outside git).

    ``scope`` (git pathspecs): only the files there, and what is not a file, are read, for
    a preview server that follows the folders it watches (``govsite serve --unit``: one
    unit of a district of hundreds of thousands of files)."""
    root = project.root
    digest = hashlib.sha256(VERSION)
    if scope:
        tree = [rel for rel in tree if _in_scope(rel, scope)]

    def part(label: str, value: bytes) -> None:
        digest.update(label.encode() + b"\0" + hashlib.sha256(value).digest())

    part("ruleset", ruleset.encode())
    part("environment", _environment())
    part("today", project.today.isoformat().encode())
    part("base", (project.base_sha or "").encode())
    part("clock", _clock(project))
    names = set(tree) | set(ROOT_FILES)
    try:
        # the history (dates, when a record entered the branch), the index (what is
        # tracked) and every file git lists (the credential scan reads them all)
        part("head", (gitio.head_sha(root) or "").encode())
        part("scope", "\0".join(scope).encode())
        part("index", gitio.index_listing(root, scope))
        names |= set(gitio.listed_files(root, scope))
    except gitio.NotARepository:
        return None  # outside git the credential scan walks every file: not worth pinning
    top = os.fspath(root) + os.sep  # strings, not Paths: a district lists hundreds of thousands
    return Inputs(digest.hexdigest(), {rel: _file_digest(top + rel) for rel in sorted(names)})


def inputs_digest(project: Project, tree: list[str], ruleset: str) -> str | None:
    """The digest of everything a full check reads (see :func:`read_inputs`)."""
    inputs = read_inputs(project, tree, ruleset)
    return inputs.digest if inputs else None


class ReportCache:
    """Full reports by :func:`inputs_digest`."""

    def __init__(self, project: Project, enabled: bool = True) -> None:
        self.store = DiskCache("reports", project.root, enabled)
        self.enabled = self.store.enabled

    def get(self, key: str) -> tuple[list[Finding], list[Suppressed], int] | None:
        value = self.store.get(key)
        if not isinstance(value, dict):
            return None
        try:
            findings = [Finding(**d) for d in value["findings"]]
            suppressed = [Suppressed(Finding(**s["finding"]), s["reason"], s["line"]) for s in value["suppressed"]]
            return findings, suppressed, int(value["pages"])
        except (TypeError, KeyError, ValueError):
            return None

    def put(self, key: str, findings: list[Finding], suppressed: list[Suppressed], pages: int) -> None:
        self.store.put(key, {"findings": [f.__dict__ for f in findings],
                             "suppressed": [{"finding": s.finding.__dict__, "reason": s.reason, "line": s.line}
                                            for s in suppressed],
                             "pages": pages})
