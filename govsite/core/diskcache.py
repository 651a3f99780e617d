"""Verdict caches on disk, outside the repository and bound to this machine.

A cached verdict (a page's findings, a signature's verification) must never come from
what a commit carries: a pull request could otherwise add "ok" entries for forged
signatures and ``[]`` for a page full of spam. So entries live in the user's cache
directory (``$GOVSITE_CACHE_DIR``, else ``$XDG_CACHE_HOME/govsite``, else
``~/.cache/govsite``), never in the work tree, and each entry carries an HMAC made with
a key created on this machine on first use (``<cache dir>/hmac.key``, mode 0600). An
entry without a valid MAC (copied from elsewhere, edited, truncated) is ignored and the
verdict computed again.

CI runners verify from scratch, or keep the cache directory in their own runner cache
(``GOVSITE_CACHE_DIR``); a cache directory inside the site repository is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from govsite.core.errors import ConfigError

ENV = "GOVSITE_CACHE_DIR"
KEY_FILE = "hmac.key"
REPO_CACHE = ".govsite-cache"  # where caches used to live: now refused if committed


def cache_root() -> Path:
    """The per-user cache directory (not created here)."""
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser().resolve()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return (Path(base) / "govsite").resolve()


def check_outside(folder: Path, repo_root: Path) -> None:
    """ConfigError when ``folder`` lies inside the repository: a verdict cache there
    could be committed, and a commit must never vouch for a page."""
    root = Path(repo_root).resolve()
    folder = Path(folder).resolve()
    if folder == root or root in folder.parents:
        raise ConfigError(ENV, None, f"缓存目录 {folder} 在站点仓库内，仓库中的内容不能为检查结论作证",
                          f"请把 {ENV} 设为仓库外的目录（如 CI 运行器的缓存目录），或不设（默认 ~/.cache/govsite）")


def _machine_key(root: Path) -> bytes | None:
    """The HMAC key of this cache directory, created 0600 on first use; None when it
    cannot be created or read, or is readable by others (then nothing is cached)."""
    path = root / KEY_FILE
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(32))
        if path.is_symlink() or path.stat().st_mode & 0o077:
            return None  # a key others can read (or swap) binds nothing
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) >= 32 else None


class DiskCache:
    """JSON values under ``<cache root>/<name>/``, each bound to this machine by a MAC.

    ``name`` separates the verdict kinds (``findings``, ``approvals``) and is part of
    the MAC, so an entry of one kind never answers for another.
    """

    def __init__(self, name: str, repo_root: Path, enabled: bool = True) -> None:
        self.name = name
        self.enabled = enabled
        root = cache_root()
        if enabled:
            check_outside(root, repo_root)
        self.dir = root / name
        self._key = _machine_key(root) if enabled else None
        if self._key is None:
            self.enabled = False

    def _mac(self, key: str, body: bytes) -> str:
        return hmac.new(self._key or b"", self.name.encode() + b"\0" + key.encode() + b"\0" + body,
                        hashlib.sha256).hexdigest()

    def _path(self, key: str) -> Path:
        if len(key) < 8 or not all(c in "0123456789abcdef" for c in key):
            raise ValueError("cache keys are hex digests")
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        """The value stored for ``key``, or None (absent, unreadable, or not made here)."""
        if not self.enabled:
            return None
        try:
            entry = json.loads(self._path(key).read_text("utf-8"))
            body = entry["value"].encode("utf-8")
            if not hmac.compare_digest(entry["mac"], self._mac(key, body)):
                return None
            return json.loads(body)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, value: Any) -> None:
        if not self.enabled:
            return
        body = json.dumps(value, ensure_ascii=False, sort_keys=True)
        entry = json.dumps({"mac": self._mac(key, body.encode("utf-8")), "value": body}, ensure_ascii=False)
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_text(entry, "utf-8")
            tmp.replace(path)
        except OSError:
            pass  # a read-only cache simply means verifying again next time
