"""The files under ``review/``: reading the trust files, listing and adding records.

Adding is append-only: a record and its signature are created with ``O_EXCL`` (the
signature first, so that a crash never leaves an unsigned record), and nothing in
govsite opens an existing record for writing.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import threading
from functools import cached_property
from pathlib import Path

from govsite.core import gitio
from govsite.review import ALLOWED_SIGNERS, APPROVALS_DIR, FORGE_IMPORTERS, REVOKED_KEYS
from govsite.review.records import SIG_SUFFIX, SUFFIX, Record, record_dir
from govsite.review.trust import Signer, parse_revoked, parse_signers


class Store:
    """``review/`` of one repository. With ``base_sha`` (a pull request's base commit)
    the trust files are the base branch's, never the pull request's own."""

    def __init__(self, root: Path, base_sha: str | None = None) -> None:
        self.root = Path(root)
        self.base_sha = base_sha
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._lock = threading.Lock()

    # -- trust files ----------------------------------------------------------
    def path(self, rel: str) -> Path:
        return self.root / rel

    def trust_path(self, rel: str) -> Path:
        """A file holding exactly the trusted bytes of ``rel``, for ssh-keygen."""
        if not self.base_sha:
            return self.root / rel
        with self._lock:
            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="govsite-trust-")
        path = Path(self._tmp.name) / rel.replace("/", "_")
        if not path.exists():  # verifier threads may race here: each writes whole, then renames
            fd, tmp = tempfile.mkstemp(dir=self._tmp.name)
            with os.fdopen(fd, "wb") as fh:
                fh.write(self._bytes(rel))
            os.replace(tmp, path)
        return path

    def _bytes(self, rel: str) -> bytes:
        if self.base_sha:
            return gitio.blob_at(self.root, self.base_sha, rel) or b""
        try:
            return (self.root / rel).read_bytes()
        except OSError:
            return b""

    # -- when a record entered the protected branch -----------------------------
    @cached_property
    def _protected(self) -> str | None:
        """The commit whose first-parent history is the protected branch: the base of a
        pull request, else HEAD (deploy and patrol run on main); None outside git."""
        if self.base_sha:
            return self.base_sha
        try:
            return gitio.head_sha(self.root)
        except gitio.NotARepository:
            return None

    def warm(self) -> None:
        """Read the trust files and the branch's record history once, before the
        verifier's threads ask for them."""
        _ = self.allowed, self.importers, self.revoked
        sha = self._protected
        if sha is not None:
            gitio.tree_blobs(self.root, sha, APPROVALS_DIR)
            gitio.entry_times(self.root, sha, APPROVALS_DIR)

    def entry_time(self, rel: str, data: bytes) -> dt.datetime | None:
        """When the record ``rel`` with exactly these bytes entered the protected
        branch; None for a record that is not there (new in the pull request, or not
        committed): its signature is then judged at the time of the check."""
        sha = self._protected
        if sha is None:
            return None
        if gitio.tree_blobs(self.root, sha, APPROVALS_DIR).get(rel) != gitio.blob_sha(data):
            return None
        return gitio.entry_times(self.root, sha, APPROVALS_DIR).get(rel)

    @cached_property
    def allowed_bytes(self) -> bytes:
        return self._bytes(ALLOWED_SIGNERS)

    @cached_property
    def importers_bytes(self) -> bytes:
        return self._bytes(FORGE_IMPORTERS)

    @cached_property
    def revoked_bytes(self) -> bytes:
        return self._bytes(REVOKED_KEYS)

    @cached_property
    def allowed(self) -> list[Signer]:
        return parse_signers(self.allowed_bytes.decode("utf-8", "replace"), ALLOWED_SIGNERS)

    @cached_property
    def importers(self) -> list[Signer]:
        return parse_signers(self.importers_bytes.decode("utf-8", "replace"), FORGE_IMPORTERS)

    @cached_property
    def revoked(self) -> set[bytes]:
        return parse_revoked(self.revoked_bytes.decode("utf-8", "replace"))

    def reset(self) -> None:
        """Forget cached trust files (after keygen or revoke wrote to them)."""
        for name in ("allowed_bytes", "importers_bytes", "revoked_bytes", "allowed", "importers", "revoked"):
            self.__dict__.pop(name, None)

    def signers_for(self, principal: str) -> list[Signer]:
        return [s for s in self.allowed if principal in s.principals]

    # -- records --------------------------------------------------------------
    def files_for(self, page_rel: str) -> list[Path]:
        """Record files of a page (its current path only), oldest first."""
        try:
            folder = self.root / record_dir(page_rel)
        except ValueError:
            return []
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX) and p.is_file())

    def all_files(self) -> list[Path]:
        base = self.root / APPROVALS_DIR
        if not base.is_dir():
            return []
        return sorted(p for p in base.rglob(f"*{SUFFIX}") if p.is_file())

    def orphan_signatures(self) -> list[Path]:
        base = self.root / APPROVALS_DIR
        if not base.is_dir():
            return []
        return sorted(p for p in base.rglob(f"*{SIG_SUFFIX}")
                      if not p.with_name(p.name[: -len(".sig")]).exists())

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def write(self, record: Record, signature: bytes) -> Path:
        """Add a record and its signature as new files; never overwrite."""
        folder = self.root / record_dir(record.page)
        folder.mkdir(parents=True, exist_ok=True)
        name = record.file_name()
        stem = name[: -len(SUFFIX)]
        for n in range(1, 1000):
            candidate = folder / (name if n == 1 else f"{stem}-{n}{SUFFIX}")
            sig = candidate.with_name(candidate.name + ".sig")
            if candidate.exists() or sig.exists():
                continue
            try:
                _create(sig, signature)
            except FileExistsError:
                continue
            _create(candidate, record.data())
            return candidate
        raise RuntimeError(f"too many records named {name}")


def _create(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
