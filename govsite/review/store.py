"""The files under ``review/``: reading the trust files, listing and adding records.

Adding is append-only: a record and its signature are created with ``O_EXCL`` (the
signature first, so that a crash never leaves an unsigned record), and nothing in
govsite opens an existing record for writing.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from govsite.review import ALLOWED_SIGNERS, APPROVALS_DIR, FORGE_IMPORTERS, REVOKED_KEYS
from govsite.review.records import SIG_SUFFIX, SUFFIX, Record, page_dir
from govsite.review.trust import Signer, parse_revoked, parse_signers


class Store:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # -- trust files ----------------------------------------------------------
    def path(self, rel: str) -> Path:
        return self.root / rel

    def _bytes(self, rel: str) -> bytes:
        try:
            return (self.root / rel).read_bytes()
        except OSError:
            return b""

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
            folder = self.root / page_dir(page_rel)
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
        folder = self.root / page_dir(record.page)
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
